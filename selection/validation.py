"""Selection's checks of a round before it opens: gathers values and runs the pure rules.

The letter (its date, the deadline it gives, its texts), quota and OPC settings checks
belong to their apps (`documents.validation`, allocations, opc); `lifecycle.checks` calls them
all by name for the round page and for opening.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import Participation
from registry.thai import be_year, thai_digits
from selection import rules
from selection.models import Program, Round
from selection.rules import WARNING, Issue


def round_issues(round_: Round) -> list[Issue]:
    """Every problem of the round's rules and settings (selection's part of
    `lifecycle.checks.round_issues`; the letter and its dates are documents')."""
    from selection.engine import compile_round

    compiled = compile_round(round_)
    all_rules = [(rule, tier.order) for tier in compiled.tiers for rule in tier.rules]
    issues = rules.check_tiers(
        [t.order for t in compiled.tiers], [len(t.rules) for t in compiled.tiers]
    )
    issues += rules.check_rule_years(
        fiscal_year_be=round_.fiscal_year,
        current_year_be=be_year(timezone.localdate().year),
        rule_years=[(rule.explanation, y) for rule, _order in all_rules for y in rule.years()],
    )
    issues += _referenced_programs(round_, [rule for rule, _order in all_rules])
    return issues


def _referenced_programs(round_: Round, all_rules) -> list[Issue]:
    """Programs named by the rules exist; "not a target" rounds exist in the province;
    "not a participant" years have participation records at all."""
    issues = []
    programs = set(Program.objects.values_list("code", flat=True))
    for rule in all_rules:
        for program, year in rule.programs():
            what = _("%(program)s ปีงบประมาณ %(year)s") % {
                "program": program,
                "year": thai_digits(year),
            }
            if program not in programs:
                issues.append(
                    Issue(
                        "program_missing",
                        _("ไม่พบโครงการ %(program)s ในระบบ") % {"program": program},
                    )
                )
                continue
            if rule.kind == "not_target":
                exists = Round.objects.filter(
                    program_id=program, fiscal_year=year, province=round_.province
                ).exists()
                if not exists:
                    issues.append(
                        Issue(
                            "referenced_round_missing",
                            _(
                                "ไม่พบรอบ %(what)s ของจังหวัด%(province)s ในระบบ: "
                                "จะตรวจกลุ่มเป้าหมายจากประวัติการเข้าร่วมที่นำเข้าเท่านั้น"
                            )
                            % {"what": what, "province": round_.province.name_th},
                            WARNING,
                        )
                    )
            elif not Participation.objects.filter(program=program, fiscal_year=year).exists():
                issues.append(
                    Issue(
                        "participation_missing",
                        _("ยังไม่มีประวัติการเข้าร่วม %(what)s ในทะเบียน: เกณฑ์นี้จะไม่ตัดผู้ใดออก")
                        % {"what": what},
                        WARNING,
                    )
                )
    return issues


def round_errors(round_: Round) -> list[Issue]:
    return [issue for issue in round_issues(round_) if issue.is_error]
