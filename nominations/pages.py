"""What the nomination pages show, gathered for the templates (no decisions in them).

The views stay short by asking here for their context: the candidates of a district with
the reasons from the engine, filtered; the nominations with their candidate's verdicts;
what the user may do now (`can_edit`, `can_approve` …) from the workflow rules.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allocations.models import Quota
from nominations import rules, selectors, services
from nominations.forms import CandidateFilterForm, KeepForm, ReopenForm, ReturnForm
from nominations.models import KeptNomination, Nomination
from registry.thai import be_date_short, thai_digits
from selection.engine import CandidateResult, district_candidates
from selection.models import RoundStatus

FILTER_FIELDS = ("q", "tier", "show")

DASHBOARD_COLUMNS = [
    ("district", gettext_lazy("อำเภอ")),
    ("quota", gettext_lazy("จำนวนจัดสรร")),
    ("nominated", gettext_lazy("เสนอแล้ว")),
    ("missing", gettext_lazy("ยังขาด")),
    ("status", gettext_lazy("สถานะ")),
    ("stale", gettext_lazy("ต้องทบทวน")),
    ("fallback", gettext_lazy("ใช้ชั้นสำรอง")),
    ("eligible", gettext_lazy("ผ่านเกณฑ์หลัก")),
    ("changed", gettext_lazy("แก้ไขล่าสุด")),
]


def filter_query(data) -> str:
    """The candidate filter of a request as "?q=…", to come back to the same view."""
    kept = {k: data.get(k) for k in FILTER_FIELDS if data.get(k)}
    return "?" + urlencode(kept) if kept else ""


@dataclass
class CandidateRow:
    result: CandidateResult
    nomination: Nomination | None
    can_nominate: bool
    refusal_text: str = ""  # why not, where the page says it nowhere else (Thai)

    @property
    def is_fallback(self) -> bool:
        return (self.result.tier or 1) > 1


@dataclass
class NominationRow:
    nomination: Nomination
    result: CandidateResult | None  # None: no longer eligible
    first: bool
    last: bool
    stale: rules.Stale | None = None  # the registry no longer supports it, and why
    kept: KeptNomination | None = None  # the province decided to keep it anyway

    @property
    def is_fallback(self) -> bool:
        return self.nomination.tier > 1

    @property
    def flagged(self) -> bool:
        """Stale and not yet decided on by the province: approval waits for it."""
        return self.stale is not None and self.kept is None

    @property
    def advice(self) -> str:
        return services.advice(self.stale) if self.stale else ""

    @property
    def target(self):
        return self.nomination.product or self.nomination.producer


def hidden_filters(values: dict) -> str:
    """The filter as hidden inputs, kept by every form of the working area (built once
    per page rather than by an include in each candidate's form)."""
    return format_html_join(
        "", '<input type="hidden" name="{}" value="{}">', ((k, v) for k, v in values.items() if v)
    )


def _matches(result: CandidateResult, q: str, tier: str) -> bool:
    if tier == "1" and result.tier != 1:
        return False
    if tier == "fallback" and (result.tier or 1) <= 1:
        return False
    if not q:
        return True
    facts = result.facts
    haystack = " ".join([facts.code, facts.name, facts.producer_code, facts.producer_name])
    return q.casefold() in haystack.casefold()


def _nomination_rows(nominations, check: services.StaleCheck) -> list[NominationRow]:
    unit = check.result.compiled.unit
    by_pk = {c.facts.pk: c for c in check.result.candidates}
    stale = {s.pk: s for s in check.stale}
    rows = []
    for i, n in enumerate(nominations):
        flag = stale.get(n.pk)
        rows.append(
            NominationRow(
                n,
                by_pk.get(services.candidate_key(n, unit)),
                i == 0,
                i == len(nominations) - 1,
                flag,
                check.kept_for(flag) if flag else None,
            )
        )
    return rows


def round_line(round_) -> str:
    """The round under a page's heading: its title, and the fiscal year only when the
    title does not already say it (the seed rounds' titles do)."""
    year = str(round_.fiscal_year)
    if year in round_.title or thai_digits(year) in round_.title:
        return round_.title
    return _("%(title)s · ปีงบประมาณ %(year)s") % {
        "title": round_.title,
        "year": thai_digits(year),
    }


def read_only_text(submission, problems: list[str]) -> str:
    """Why the officer cannot edit the list now, said the way the status means it."""
    if submission.status == rules.SUBMITTED:
        when = submission.submitted_at
        return _("ส่งรายชื่อให้จังหวัดแล้ว%(when)s รอจังหวัดตรวจ แก้ไขได้อีกเมื่อจังหวัดส่งกลับให้แก้ไข") % {
            "when": f" เมื่อ {be_date_short(timezone.localtime(when), digits='thai')}" if when else ""
        }
    if submission.status == rules.APPROVED:
        return _("จังหวัดอนุมัติรายชื่อของอำเภอแล้ว")
    return _("แก้ไขรายชื่อไม่ได้ในขณะนี้: %(reasons)s") % {"reasons": " ".join(problems)}


def no_action_text(round_, status: str) -> str:
    """What the review page says when the province has nothing to do on a list."""
    if round_.status != RoundStatus.OPEN:
        return _("รอบนี้ไม่ได้เปิดรับการเสนอชื่อ จึงไม่มีสิ่งที่ต้องดำเนินการ")
    return {
        rules.DRAFT: _("อำเภอยังไม่ได้ส่งรายชื่อ เมื่ออำเภอส่งแล้วจึงตรวจ อนุมัติ หรือส่งกลับได้"),
        rules.RETURNED: _("ส่งกลับให้อำเภอแก้ไขแล้ว รออำเภอส่งรายชื่อใหม่"),
        rules.APPROVED: _("อนุมัติรายชื่อของอำเภอนี้แล้ว"),
    }.get(status, _("ยังไม่มีสิ่งที่จังหวัดต้องดำเนินการ"))


# Refusals the working area already explains in one place (the candidate's badge, the
# quota line, the fallback tier's note), not repeated on every candidate.
_EXPLAINED = {rules.NOMINATED, rules.NO_QUOTA, rules.QUOTA_FULL, rules.FALLBACK_FULL}


def _candidate_row(candidate, nomination, can_edit, round_, result, nominations, quota):
    """A candidate with its "nominate" button when the service would accept it: the
    same `rules.nomination_refusal` on the same facts (the justification, unknown yet,
    is the form's required field)."""
    if not can_edit:
        return CandidateRow(candidate, nomination, False)
    facts = services.candidate_facts(
        round_, result, candidate, nominations, quota, justification=None
    )
    refusal = rules.nomination_refusal(facts)
    if refusal is None:
        return CandidateRow(candidate, nomination, True)
    text = "" if refusal.kind in _EXPLAINED else refusal.text
    return CandidateRow(candidate, nomination, False, text)


def work_context(request, round_, district, *, error=None, notice=None) -> dict:
    """The working area of an officer's round page (also the htmx partial)."""
    submission = selectors.submission_find(round_=round_, district_code=district.code)
    nominations = list(selectors.nomination_list(round_=round_, district_code=district.code))
    result = district_candidates(round_, district.code)
    unit = result.compiled.unit
    quota = Quota.objects.filter(round=round_, district=district).first()
    check = services.stale_check(
        round_=round_,
        district_code=district.code,
        nominations=nominations,
        quota=quota,
        result=result,
    )
    facts = services.submission_facts(submission, request.user, count=len(nominations), quota=quota)
    can_edit = rules.allowed(rules.EDIT, facts)
    amount = quota.amount if quota else None
    kind = quota.kind if quota else rules.EXACT
    fallback_room = rules.fallback_room(
        amount=amount,
        tier1_eligible=result.count(1),
        fallback_nominated=sum(1 for n in nominations if n.tier > 1),
    )
    nominated = {services.candidate_key(n, unit): n for n in nominations}
    data = request.GET if request.method == "GET" else request.POST
    filter_values = {k: data.get(k, "") for k in FILTER_FIELDS}
    filters = CandidateFilterForm(data)
    filters.is_valid()
    q = (filters.cleaned_data.get("q") or "").strip()
    tier = filters.cleaned_data.get("tier") or ""
    only_open = filters.cleaned_data.get("show") == "open"
    candidates = [
        _candidate_row(c, nominated.get(c.facts.pk), can_edit, round_, result, nominations, quota)
        for c in result.candidates
        if _matches(c, q, tier) and not (only_open and c.facts.pk in nominated)
    ]
    return {
        "round": round_,
        "district": district,
        "submission": submission,
        "status_label": rules.STATUS_TH[submission.status],
        "quota": quota,
        "count": len(nominations),
        "quota_problem": rules.quota_problem(kind, amount, len(nominations)),
        "candidates": candidates,
        "candidates_total": len(result.candidates),
        "tier1_count": result.count(1),
        "fallback_open": fallback_room > 0 and result.compiled.has_fallback,
        "nominations": _nomination_rows(nominations, check),
        "stale_count": len(check.undecided),
        "needs_justification": result.compiled.requires_justification,
        "can_edit": can_edit,
        "can_load_form": rules.allowed(rules.LOAD_FORM, facts),
        "read_only_text": ""
        if can_edit
        else read_only_text(submission, rules.problems(rules.EDIT, facts)),
        "round_line": round_line(round_),
        "filters": filters,
        "filter_query": filter_query(data),
        "filter_values": filter_values,
        "hidden_filters": hidden_filters(filter_values),
        "events": selectors.event_list(submission=submission)[:20],
        "deadline": submission.deadline,
        "error": error,
        "notice": notice,
    }


def review_context(request, round_, district) -> dict:
    """A district's submission as the province reviews it."""
    submission = selectors.submission_find(round_=round_, district_code=district.code)
    nominations = list(selectors.nomination_list(round_=round_, district_code=district.code))
    quota = Quota.objects.filter(round=round_, district=district).first()
    check = services.stale_check(
        round_=round_, district_code=district.code, nominations=nominations, quota=quota
    )
    undecided = check.undecided
    facts = services.submission_facts(
        submission,
        request.user,
        count=len(nominations),
        quota=quota,
        stale=[s.text for s in undecided],
    )
    return {
        "round": round_,
        "district": district,
        "submission": submission,
        "status_label": rules.STATUS_TH[submission.status],
        "quota": quota,
        "count": len(nominations),
        "nominations": _nomination_rows(nominations, check),
        "stale_count": len(undecided),
        "events": selectors.event_list(submission=submission),
        "deadline": submission.deadline,
        "past_deadline": rules.past_deadline(submission.deadline, timezone.localdate()),
        "round_line": round_line(round_),
        "no_action_text": no_action_text(round_, submission.status),
        "can_approve": rules.allowed(rules.APPROVE, facts),
        "can_keep": rules.allowed(rules.KEEP, _with(facts, reason="-")),
        "can_load_form": rules.allowed(rules.LOAD_FORM, facts),
        "can_return": rules.allowed(rules.RETURN, _with(facts, comment="-")),
        "can_reopen": rules.allowed(rules.REOPEN, _with(facts, reopen_until=timezone.localdate())),
        "return_form": ReturnForm(),
        "reopen_form": ReopenForm(),
        "keep_form": KeepForm(),
    }


def _with(facts: rules.Facts, **changes) -> rules.Facts:
    """The same facts with what a form would add (a comment, a date), to ask whether the
    action's button should be shown."""
    return dataclasses.replace(facts, **changes)


_PLACEHOLDER = "__district__"


def dashboard_links(round_, rows) -> None:
    """Each dashboard row's review and form links. Reversed once with a placeholder for
    the district rather than twice per row: 100 reverses cost a dashboard ~8 ms of CPU.
    A district code is four digits, which a URL keeps as they are; anything else is
    reversed the ordinary way."""
    review = reverse("nominations:submission_review", args=[round_.slug, _PLACEHOLDER])
    form = reverse("documents:form_xlsx", args=[round_.slug, _PLACEHOLDER])
    for row in rows:
        code = row.district.code
        if code.isascii() and code.isdigit():
            row.review_url = review.replace(_PLACEHOLDER, code)
            row.form_url = form.replace(_PLACEHOLDER, code)
        else:
            row.review_url = reverse("nominations:submission_review", args=[round_.slug, code])
            row.form_url = reverse("documents:form_xlsx", args=[round_.slug, code])


def totals(rows) -> dict:
    return {
        "quota": sum(r.quota_amount for r in rows),
        "nominated": sum(r.nominated for r in rows),
        "missing": sum(r.missing for r in rows),
        "fallback": sum(r.fallback for r in rows),
        "stale": sum(r.stale for r in rows),
        "eligible": sum(r.shortfall.tier1 for r in rows),
        "approved": sum(1 for r in rows if r.status == rules.APPROVED),
        "submitted": sum(1 for r in rows if r.status == rules.SUBMITTED),
        "districts": len(rows),
    }
