"""Benchmark: the circular letter with enclosures for a 25-district province, and one
district's pre-filled return form; median over runs in one process.

    .venv/bin/python bench/documents.py [--runs 7]

Runs on a throw-away SQLite test database (pytest-django's machinery is not needed:
Django's test runner creates it). Targets (issue 6): letter < 1 s, form < 100 ms.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otop_site.test_settings")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import get_runner, setup_test_environment

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        run(args.runs)
    finally:
        runner.teardown_databases(old)


def run(runs: int):
    from django.db.models import Count

    from documents.forms import form_data, form_xlsx
    from documents.letters import letter_html
    from documents.pdf import render_pdf
    from nominations.models import Nomination
    from registry.models import District, Province
    from tests.base import make_producer, make_product
    from tests.documents.data import make_seed_round
    from tests.documents.pdfcheck import thai_round_trip

    province = (
        Province.objects.annotate(n=Count("districts")).filter(n__gte=25).order_by("n").first()
    )
    districts = list(District.objects.filter(province=province).order_by("code")[:25])
    round_ = make_seed_round(
        province, [(d, 1 + i % 4) for i, d in enumerate(districts)], slug="bench-letter"
    )
    district = districts[0]
    for i in range(12):
        producer = make_producer(f"B-{i}", district, name=f"กลุ่มวิสาหกิจชุมชนทดสอบ {i}")
        make_product(f"BP-{i}", producer, stars={2567: 1 + i % 3}, quadrant={2567: "D"})
        Nomination.objects.create(round=round_, district=district, producer=producer, position=i)

    render_pdf(letter_html(round_))  # warm-up: fonts, patches, templates
    letter_times, letter_cpu, pages = [], [], 0
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        result = render_pdf(letter_html(round_))
        letter_times.append(time.perf_counter() - started)
        letter_cpu.append(time.process_time() - cpu)
        pages = result.pages
    # The words a reader sees: tags and attributes (the emblem's alt text) are not drawn.
    shown = re.sub(r"<[^>]+>", " ", letter_html(round_, check=False).split("<body>", 1)[1])
    trip = thai_round_trip(shown, result.pdf)

    form_xlsx(form_data(round_, district))
    form_times, form_cpu = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        data = form_xlsx(form_data(round_, district))
        form_times.append(time.perf_counter() - started)
        form_cpu.append(time.process_time() - cpu)
    letter_ms, form_ms = (
        statistics.median(letter_times) * 1000,
        statistics.median(form_times) * 1000,
    )

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"province: {province.name_th} ({len(districts)} districts), runs: {runs}")
    print(f"machine load average (1, 5, 15 min): {load} on {os.cpu_count()} CPUs")
    print(
        f"letter + enclosures PDF: median {letter_ms:.0f} ms = {letter_ms / 1000:.2f}x the 1 s "
        f"target (min {min(letter_times) * 1000:.0f}, max {max(letter_times) * 1000:.0f}; "
        f"CPU median {statistics.median(letter_cpu) * 1000:.0f} ms), {pages} pages, "
        f"{len(result.pdf) // 1024} KiB"
    )
    print(
        f"Thai words round-tripping through pdftotext: {trip.found}/{trip.total} "
        f"({trip.share:.1%}); missing: {trip.missing}"
    )
    print(
        f"district form .xlsx (12 rows pre-filled): median {form_ms:.1f} ms = "
        f"{form_ms / 100:.2f}x the 100 ms target (CPU median "
        f"{statistics.median(form_cpu) * 1000:.1f} ms), {len(data) // 1024} KiB"
    )


if __name__ == "__main__":
    main()
