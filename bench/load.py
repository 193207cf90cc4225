"""Load test: district officers nominating and provincial staff watching, on national data.

    .venv/bin/python bench/load.py                 # starts bin/prod-local (SEED=national)
    .venv/bin/python bench/load.py --url http://127.0.0.1:8001   # a stack already running

One command: installs locust (bench/requirements.txt) when missing, starts the production
shape (`bin/prod-local`: PostgreSQL on 127.0.0.1, gunicorn, task worker, national data)
unless --url names a running one, clears the nominations of the districts under test,
runs locust headless, stops the stack it started, then prints and checks:

- throughput, and p50/p95/p99 latency and failures per page;
- the database: every nomination that got a success response exists; no candidate is
  nominated twice in a round; no exact quota is exceeded; every submitted district's
  history is complete (a NOMINATE event for each nomination, REMOVE for none left, one
  SUBMIT event counting the list, in order).

Who: `--officers` (200) district officers, 4 districts in each of 50 provinces, each logs
in once (correctly: django-axes never sees a failure), opens its round page, pages through
the candidates (the filters of the working page and the selection's candidates page),
nominates up to its quota (every first nomination is sent twice, as a double click, and
the second must be refused) and submits (a district with fewer candidates than its exact
quota must see its submission refused); `--staff` (50) provincial staff log in and reload
their round's fulfilment dashboard every 20–40 s.

When: users arrive on a fixed schedule, `--arrival-rate` per second (0.6: the 250 in about
7 minutes, one provincial staff after every 4 officers). That is the morning rush of every
office in the country at once (all 900 district offices signing in within 25 minutes),
far denser than a deadline week. Each officer then thinks `--think` seconds (2–6) between
clicks: a quick reader, not a script. The schedule is kept by the users themselves (locust
starts them all at once and each waits for its arrival time): locust's own spawn rate does
not apply to users with a fixed count, which let all 250 log in during the first seconds
in the runs before 2026-11-23 (a login stampede, not the scenario described here).

The run ends when every officer is done, or at `--run-time`, or after `--max-requests`.

Capacity: the report gives the CPU the stack used per request, and the CPU locust itself
used, so a run on a busy machine still tells what idle cores would serve. A login costs
about 0.3 CPU s (Argon2): logins are a large share of the run's CPU.

Targets (issue 8, 2-core machine): p95 < 300 ms for candidate pages and dashboards,
0 errors, 0 lost or duplicate nominations.

This file is also the locustfile: locust imports it (not as __main__) and finds the users.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(os.environ.get("LOAD_OUT", "/tmp/otop-load"))
PASSWORD = os.environ.get("LOAD_PASSWORD", "otop-national-2568")
ROUND_PREFIX = "national-kbo-2568-"
TARGET_P95_MS = 300
# Pages the p95 target applies to (the names the users below give their requests).
TARGETED = (
    "candidates: round page",
    "candidates: tier 1 only",
    "candidates: not yet nominated",
    "candidates: selection page",
    "dashboard",
)

# ---------------------------------------------------------------- locust side

if __name__ != "__main__":
    import itertools

    import gevent
    from locust import FastHttpUser, between, events, task
    from locust.exception import StopUser

    PLAN = json.loads(Path(os.environ.get("LOAD_PLAN", OUT / "plan.json")).read_text())
    MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "20000"))
    ARRIVAL_RATE = float(os.environ.get("LOAD_ARRIVAL_RATE", "0.6"))
    THINK = tuple(float(x) for x in os.environ.get("LOAD_THINK", "2-6").split("-"))
    STARTED = time.monotonic()
    _officers = itertools.count()
    _staff = itertools.count()
    _finished = {"officers": 0, "requests": 0}
    _log = open(OUT / "successes.jsonl", "a", encoding="utf-8", buffering=1)  # noqa: SIM115

    CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    NOMINATE = re.compile(r'action="(/nominations/rounds/[^"]+/candidates/(\d+)/nominate/)"')
    ERROR = re.compile(r'data-testid="error">([^<]*)<')

    def record(kind: str, **data) -> None:
        _log.write(json.dumps({"kind": kind, **data}) + "\n")
        _log.flush()

    _runner: list = []

    @events.init.add_listener
    def _keep_runner(environment, **kwargs):
        _runner.append(environment.runner)

    def _quit():
        if _runner and _runner[0] is not None:
            _runner[0].quit()

    _requests = open(OUT / "requests.jsonl", "a", encoding="utf-8", buffering=1)  # noqa: SIM115

    @events.request.add_listener
    def _count(request_type, name, response_time, exception=None, **kwargs):
        # Every request with its time: the report computes exact percentiles from these.
        failed = exception is not None
        # [page, ms, failed, finished at (s since the epoch)]: the end time lets a slow
        # request be matched with what else ran then (logins, say).
        _requests.write(json.dumps([name, round(response_time, 1), failed, time.time()]) + "\n")
        _finished["requests"] += 1
        if _finished["requests"] == MAX_REQUESTS:
            print(f"load: {MAX_REQUESTS} requests reached, stopping", flush=True)
            gevent.spawn(_quit)

    class _LoggedIn(FastHttpUser):
        abstract = True
        # One connection per user, kept open between clicks (a browser does the same).
        concurrency = 1

        def arrive(self, position: int) -> None:
            """Waits for this user's place in the arrival schedule (see the docstring)."""
            gevent.sleep(max(0.0, STARTED + position / ARRIVAL_RATE - time.monotonic()))

        def login(self, username: str) -> None:
            page = self.client.get("/accounts/login/", name="login page")
            token = CSRF.search(page.text)[1]
            with self.client.post(
                "/accounts/login/",
                data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
                headers={"Referer": self.host + "/accounts/login/"},
                allow_redirects=False,
                name="login",
                catch_response=True,
            ) as response:
                if response.status_code != 302:
                    response.failure(f"login of {username}: HTTP {response.status_code}")
                    raise StopUser()
            self.csrf = next(c.value for c in self.client.cookiejar if c.name == "csrftoken")

        def post_htmx(self, url: str, name: str, data=None):
            headers = {
                "HX-Request": "true",
                "X-CSRFToken": self.csrf,
                "Referer": self.host + url,
            }
            return self.client.post(
                url, data=data or {}, headers=headers, name=name, catch_response=True
            )

    class DistrictOfficer(_LoggedIn):
        """Logs in, opens the round, pages through candidates, nominates to quota, submits."""

        fixed_count = len(PLAN["officers"])
        wait_time = between(*THINK)

        def on_start(self):
            index = next(_officers)
            # locust may start a user again to keep the count: a spare one just waits.
            self.me = PLAN["officers"][index] if index < len(PLAN["officers"]) else None
            if self.me is None:
                return
            self.arrive(index + index // 4)  # one staff member after every 4 officers
            self.login(self.me["username"])
            self.work = f"/nominations/rounds/{self.me['round']}/districts/{self.me['district']}/"

        @task
        def nominate_and_submit(self):
            me = self.me
            if me is None:
                gevent.sleep(3600)
                return
            self.client.get("/", name="home")
            self.wait()
            page = self.client.get(self.work, name="candidates: round page").text
            self.wait()
            self.client.get(self.work + "?tier=1", name="candidates: tier 1 only")
            self.wait()
            self.client.get(
                f"/selection/rounds/{me['round']}/districts/{me['district']}/",
                name="candidates: selection page",
            )
            self.wait()
            page = self.client.get(
                self.work + "?show=open", name="candidates: not yet nominated"
            ).text
            done = 0
            for number in range(me["quota"]):
                found = NOMINATE.search(page)
                if not found:
                    break  # fewer candidates than the quota: the province sees a shortfall
                url, pk = found[1], int(found[2])
                self.wait()
                with self.post_htmx(url, "nominate") as response:
                    page = response.text
                    error = ERROR.search(page)
                    if response.status_code != 200 or error or "เสนอชื่อแล้ว" not in page:
                        response.failure(
                            f"nominate {pk}: {error[1] if error else response.status_code}"
                        )
                        continue
                    record("nominated", round=me["round"], district=me["district"], pk=pk)
                    done += 1
                if number == 0:
                    # A double click: the same nomination again must be refused in Thai.
                    with self.post_htmx(url, "nominate (double click)") as again:
                        if again.status_code != 200 or not ERROR.search(again.text):
                            again.failure(f"double nomination of {pk} was not refused")
                        else:
                            again.success()
            self.wait()
            submit = f"{self.work}submit/"
            with self.post_htmx(submit, "submit") as response:
                error = ERROR.search(response.text)
                if response.status_code != 200:
                    response.failure(f"submit {me['district']}: HTTP {response.status_code}")
                elif done < me["quota"]:
                    # Short of candidates: the exact quota cannot be met, so the submission
                    # must be refused (and is not an error of the run).
                    if error:
                        response.success()
                        record("shortfall", round=me["round"], district=me["district"])
                    else:
                        response.failure(
                            f"submit {me['district']} accepted {done} of {me['quota']}"
                        )
                elif error:
                    response.failure(f"submit {me['district']}: {error[1]}")
                else:
                    record("submitted", round=me["round"], district=me["district"])
            self.client.get(self.work, name="candidates: round page")
            _finished["officers"] += 1
            if _finished["officers"] == len(PLAN["officers"]):
                print("load: every officer has submitted, stopping", flush=True)
                gevent.spawn(_quit)
            raise StopUser()

    class ProvincialStaff(_LoggedIn):
        """Logs in once, then reloads the round's fulfilment dashboard."""

        fixed_count = len(PLAN["staff"])
        wait_time = between(20, 40)  # a person glancing at the table, not a script

        def on_start(self):
            index = next(_staff)
            self.me = PLAN["staff"][index] if index < len(PLAN["staff"]) else None
            if self.me is not None:
                self.arrive(index * 5 + 4)
                self.login(self.me["username"])

        @task
        def dashboard(self):
            if self.me is None:
                gevent.sleep(3600)
                return
            self.client.get(f"/nominations/rounds/{self.me['round']}/", name="dashboard")


# ---------------------------------------------------------------- orchestration


def _django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otop_site.settings")
    os.environ.setdefault("DEBUG", "true")  # reading only; no SECRET_KEY needed here
    import django

    django.setup()


def database_url() -> str:
    out = subprocess.run(
        ["bash", "bin/pg-local", "start"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return out.strip().split("=", 1)[1]


def ensure_locust():
    try:
        import locust  # noqa: F401
    except ImportError:
        print("Installing bench/requirements.txt (locust) …", flush=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "-q",
                "-r",
                str(ROOT / "bench/requirements.txt"),
            ],
            check=True,
        )


def wait_for(url: str, seconds: int, proc=None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(
                f"bin/prod-local stopped (exit {proc.returncode}); see {OUT}/stack.log"
            )
        try:
            with urllib.request.urlopen(url + "/accounts/login/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(2)
    raise SystemExit(f"{url} did not answer within {seconds} s; see {OUT}/stack.log")


def make_plan(officers: int, staff: int) -> dict:
    """4 districts in each of officers/4 provinces (the first provinces with 4 districts
    or more, by code), and staff of the first `staff` of those provinces."""
    from allocations.models import Quota

    per_province = 4
    quotas = {}
    for slug, district, amount in Quota.objects.filter(
        round__slug__startswith=ROUND_PREFIX
    ).values_list("round__slug", "district_id", "amount"):
        quotas.setdefault(slug, []).append((district, amount))
    plan = {"officers": [], "staff": []}
    provinces = [slug for slug in sorted(quotas) if len(quotas[slug]) >= per_province]
    needed = -(-officers // per_province)
    if len(provinces) < needed:
        raise SystemExit("national rounds missing: run manage.py seed_national first")
    for slug in provinces[:needed]:
        for district, amount in sorted(quotas[slug])[:per_province]:
            if len(plan["officers"]) < officers:
                plan["officers"].append(
                    {
                        "username": f"district-{district}",
                        "round": slug,
                        "district": district,
                        "quota": amount,
                    }
                )
    for slug in provinces[:staff]:
        plan["staff"].append(
            {"username": f"province-{slug.removeprefix(ROUND_PREFIX)}", "round": slug}
        )
    return plan


def clear_nominations(plan: dict) -> None:
    """Start from empty lists in the districts under test (a rerun measures the same)."""
    from nominations.models import Nomination, Submission
    from nominations.services import target_sync

    for officer in plan["officers"]:
        nominations = Nomination.objects.filter(
            round__slug=officer["round"], district_id=officer["district"]
        )
        keys = set(
            nominations.values_list(
                "round__program_id", "round__fiscal_year", "producer_id", "product_id"
            )
        )
        nominations.delete()
        for program, year, producer_id, product_id in keys:  # the registry's targets follow
            target_sync(
                program=program, fiscal_year=year, producer_id=producer_id, product_id=product_id
            )
        Submission.objects.filter(
            round__slug=officer["round"], district_id=officer["district"]
        ).delete()


def _cpu_seconds(pids) -> float:
    """CPU time of processes and of their children already reaped (utime+stime+cutime+cstime)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(x) for x in fields[11:15])
    return total / tick


def stack_pids(session: int | None) -> list[int]:
    """The stack's processes: bin/prod-local's session (gunicorn, worker) and the local
    PostgreSQL server of PGPORT with its backends (pg-local starts it in its own session)."""
    pids = []
    postmaster = None
    pid_file = Path(f"/tmp/otop-pg-{os.environ.get('PGPORT', '54329')}/postmaster.pid")
    if pid_file.exists():
        postmaster = int(pid_file.read_text().split()[0])
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ppid, sid = int(fields[1]), int(fields[3])
        pid = int(entry.name)
        if (session and sid == session) or pid == postmaster or ppid == postmaster:
            pids.append(pid)
    return pids


def run_locust(
    url: str, users: int, run_time: str, args, session=None
) -> tuple[float, float, float]:
    """Runs locust; returns (seconds, CPU seconds the stack used meanwhile, locust's CPU)."""
    env = {
        **os.environ,
        "LOAD_PLAN": str(OUT / "plan.json"),
        "LOAD_OUT": str(OUT),
        "LOAD_MAX_REQUESTS": str(args.max_requests),
        "LOAD_ARRIVAL_RATE": str(args.arrival_rate),
        "LOAD_THINK": args.think,
    }
    cpu_before = _cpu_seconds(stack_pids(session))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    # Every user starts within seconds (50 per second; locust warns above 100) and waits
    # for its own arrival time.
    subprocess.run(
        [
            sys.executable, "-m", "locust", "-f", __file__, "--headless", "--host", url,
            "-u", str(users), "-r", "50", "--run-time", run_time,
            "--csv", str(OUT / "locust"), "--only-summary", "--stop-timeout", "10",
            "--loglevel", "WARNING",
        ],
        cwd=ROOT, env=env, check=False,
    )  # fmt: skip
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    locust_cpu = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    return seconds, _cpu_seconds(stack_pids(session)) - cpu_before, locust_cpu


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of sorted values."""
    if not values:
        return 0.0
    rank = max(1, -(-len(values) * q // 100))
    return values[int(rank) - 1]


def report(seconds: float, cpu: float, locust_cpu: float) -> tuple[list[str], dict]:
    """Per page: requests, failures, p50/p95/p99 (from every request's own time)."""
    times: dict[str, list[float]] = {}
    fails: dict[str, int] = {}
    for line in (OUT / "requests.jsonl").read_text().splitlines():
        name, ms, failed, _finished_at = json.loads(line)
        times.setdefault(name, []).append(ms)
        fails[name] = fails.get(name, 0) + int(failed)
    times["all requests"] = [ms for name in list(times) for ms in times[name]]
    fails["all requests"] = sum(fails.values())
    print(f"\n{'page':<34}{'requests':>9}{'fails':>7}{'p50':>7}{'p95':>7}{'p99':>7}  ms")
    problems, figures = [], {}
    for name in sorted(times, key=lambda n: (n == "all requests", n)):
        values = sorted(times[name])
        p50, p95, p99 = (percentile(values, q) for q in (50, 95, 99))
        print(f"{name:<34}{len(values):>9}{fails[name]:>7}{p50:>7.0f}{p95:>7.0f}{p99:>7.0f}")
        figures[name] = {"requests": len(values), "failures": fails[name], "p95": p95}
        if name in TARGETED and p95 >= TARGET_P95_MS:
            problems.append(f"p95 of {name}: {p95:.0f} ms ≥ {TARGET_P95_MS} ms")
    total = figures["all requests"]
    if not total["requests"]:
        problems.append("no request was made")
    throughput = total["requests"] / seconds if seconds else 0
    print(f"\n{total['requests']} requests in {seconds:.0f} s: {throughput:.1f} requests/s")
    if cpu and total["requests"]:
        per = cpu / total["requests"]
        print(
            f"the stack (gunicorn, worker, PostgreSQL) used {cpu:.0f} CPU s: {per * 1000:.0f} ms "
            f"of CPU per request, so {os.cpu_count()} idle cores would serve about "
            f"{os.cpu_count() / per:.0f} requests/s of this mix; it got "
            f"{cpu / seconds / os.cpu_count():.0%} of the {os.cpu_count()} cores during the run"
        )
        print(
            f"locust itself used {locust_cpu:.0f} CPU s "
            f"({locust_cpu / seconds / os.cpu_count():.0%} of the {os.cpu_count()} cores)"
        )
    if total["failures"]:
        problems.append(f"{total['failures']} failed requests")
        failures = OUT / "locust_failures.csv"
        if failures.exists():
            print("failures:\n" + failures.read_text(encoding="utf-8")[:3000])
    worst = max((figures[n]["p95"] for n in TARGETED if n in figures), default=0)
    print(
        f"ratios to targets: worst p95 of candidate pages/dashboards {worst:.0f} ms = "
        f"{worst / TARGET_P95_MS:.2f} × the {TARGET_P95_MS} ms target; "
        f"errors {total['failures']} (target 0); load average during the run "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    return problems, figures


def check_database(plan: dict, figures: dict) -> list[str]:
    """The checks of the issue, on what the database holds after the run."""
    from django.db.models import Count

    from allocations.models import Quota, QuotaKind
    from changelog.selectors import change_list
    from nominations.models import Action, Nomination, Submission, SubmissionStatus

    lines = [json.loads(x) for x in (OUT / "successes.jsonl").read_text().splitlines() if x]
    nominated = [x for x in lines if x["kind"] == "nominated"]
    submitted = [x for x in lines if x["kind"] == "submitted"]
    rounds = {o["round"] for o in plan["officers"]}
    districts = {(o["round"], o["district"]) for o in plan["officers"]}
    problems = []

    ours = Nomination.objects.filter(round__slug__in=rounds)
    have = set(ours.values_list("round__slug", "district_id", "producer_id"))
    lost = [x for x in nominated if (x["round"], x["district"], x["pk"]) not in have]
    if lost:
        problems.append(f"{len(lost)} nominations answered with success are missing: {lost[:5]}")
    answered = {(x["round"], x["district"], x["pk"]) for x in nominated}
    unanswered = [h for h in have if (h[0], h[1]) in districts and h not in answered]
    # A nomination saved whose answer never arrived (the client gave up or was stopped at
    # the end of the run) is not lost; more of them than failed requests would be a bug.
    failed = figures.get("nominate", {}).get("failures", 0)
    ended = sum(1 for x in lines if x["kind"] in ("submitted", "shortfall"))
    cut_off = len(plan["officers"]) - ended
    if len(unanswered) > failed + cut_off:
        problems.append(f"{len(unanswered)} nominations exist without a success response")
    twice = (
        ours.values("round_id", "producer_id", "product_id").annotate(n=Count("id")).filter(n__gt=1)
    )
    if twice.exists():
        problems.append(f"{twice.count()} candidates nominated twice in a round")
    counts = dict(
        ((r, d), n)
        for r, d, n in ours.values_list("round__slug", "district_id").annotate(n=Count("id"))
    )
    exceeded = [
        (q.round.slug, q.district_id, counts.get((q.round.slug, q.district_id), 0), q.amount)
        for q in Quota.objects.filter(round__slug__in=rounds, kind=QuotaKind.EXACT).select_related(
            "round"
        )
        if counts.get((q.round.slug, q.district_id), 0) > q.amount
    ]
    if exceeded:
        problems.append(f"exact quota exceeded in {len(exceeded)} districts: {exceeded[:5]}")
    incomplete = []
    for sub in Submission.objects.filter(round__slug__in=rounds).select_related("round"):
        events = list(change_list(obj=sub).order_by("created_at", "pk"))
        noms = list(
            ours.filter(round=sub.round, district_id=sub.district_id).select_related(
                "producer", "product"
            )
        )
        codes = {(n.product or n.producer).code for n in noms}
        added = [e.after.get("code") for e in events if e.action == Action.NOMINATE]
        removed = [e.before.get("code") for e in events if e.action == Action.REMOVE]
        submits = [e for e in events if e.action == Action.SUBMIT]
        if sub.status == SubmissionStatus.SUBMITTED:
            ok = (
                len(submits) == 1
                and submits[0].after.get("count") == len(noms)
                and events[-1].action == Action.SUBMIT
                and set(added) - set(removed) == codes
                and len(added) == len(set(added))
                and all(e.user_id for e in events)
            )
            if not ok:
                incomplete.append(f"{sub.round.slug}/{sub.district_id}")
    if incomplete:
        problems.append(
            f"{len(incomplete)} submissions with an incomplete history: {incomplete[:5]}"
        )
    status = dict(
        ((r, d), s)
        for r, d, s in Submission.objects.filter(round__slug__in=rounds).values_list(
            "round__slug", "district_id", "status"
        )
    )
    not_saved = [
        x
        for x in submitted
        if status.get((x["round"], x["district"])) != SubmissionStatus.SUBMITTED
    ]
    if not_saved:
        problems.append(f"{len(not_saved)} submissions answered with success are not submitted")
    print(
        f"\ndatabase: {len(nominated)} nominations answered with success, {len(lost)} missing, "
        f"{len(unanswered)} without a response, {twice.count()} duplicates; "
        f"{len(exceeded)} exact quotas exceeded; {len(submitted)} submissions "
        f"({len(not_saved)} not saved, {len(incomplete)} with incomplete history); "
        f"{sum(1 for x in lines if x['kind'] == 'shortfall')} districts short of candidates "
        f"(submission refused as it must be); {cut_off} officers not finished at the stop"
    )
    return problems


def start_stack(args) -> subprocess.Popen:
    env = {
        **os.environ,
        "SEED": "national",
        "BIND": args.bind,
        "WEB_CONCURRENCY": str(args.workers),
    }
    env.pop("DATABASE_URL", None)
    log = (OUT / "stack.log").open("w")
    print(f"Starting bin/prod-local (SEED=national, log {OUT}/stack.log) …", flush=True)
    return subprocess.Popen(
        ["bash", "bin/prod-local"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def stop_stack(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a running stack (default: start bin/prod-local)")
    parser.add_argument("--bind", default="127.0.0.1:8001")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn processes")
    parser.add_argument("--officers", type=int, default=200)
    parser.add_argument("--staff", type=int, default=50)
    parser.add_argument(
        "--arrival-rate", type=float, default=0.6, help="users arriving per second (0.6)"
    )
    parser.add_argument("--think", default="2-6", help="seconds between an officer's clicks")
    parser.add_argument("--run-time", default="10m", help="upper bound of the run")
    parser.add_argument("--max-requests", type=int, default=20000, help="upper bound of requests")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "successes.jsonl").write_text("")
    (OUT / "requests.jsonl").write_text("")
    ensure_locust()
    proc = None
    url = args.url
    if not url:
        url = f"http://{args.bind}"
        proc = start_stack(args)
    try:
        wait_for(url, 1800, proc)  # the first national seed takes minutes
        os.environ["DATABASE_URL"] = os.environ.get("DATABASE_URL") or database_url()
        _django()
        plan = make_plan(args.officers, args.staff)
        (OUT / "plan.json").write_text(json.dumps(plan))
        clear_nominations(plan)
        print(
            f"load: {len(plan['officers'])} district officers in "
            f"{len({o['round'] for o in plan['officers']})} provinces (quota total "
            f"{sum(o['quota'] for o in plan['officers'])}), {len(plan['staff'])} provincial staff; "
            f"bounded by {args.run_time} and {args.max_requests} requests",
            flush=True,
        )
        users = len(plan["officers"]) + len(plan["staff"])
        print(
            f"load: users arrive at {args.arrival_rate}/s (the last after "
            f"{(users - 1) / args.arrival_rate:.0f} s), "
            f"officers think {args.think} s between clicks",
            flush=True,
        )
        seconds, cpu, locust_cpu = run_locust(url, users, args.run_time, args, proc and proc.pid)
    finally:
        if proc is not None:
            stop_stack(proc)
    problems, figures = report(seconds, cpu, locust_cpu)
    problems += check_database(plan, figures)
    if problems:
        print("\nFAILED:\n- " + "\n- ".join(problems))
        raise SystemExit(1)
    print("\nOK: targets met, nothing lost, nothing twice, no quota exceeded, histories complete")


if __name__ == "__main__":
    main()
