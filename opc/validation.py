"""OPC and PSO settings checks, called by the round check before opening (lifecycle.checks)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from opc import rules
from opc.round_settings import settings_of
from registry.models import ProgramCode
from selection.models import Round
from selection.rules import WARNING, Issue


def round_settings_problems(settings: rules.Settings) -> list[str]:
    """Thai messages for bad bands, parts or stage dates in a round's settings."""
    problems = []
    for check in (
        lambda: rules.validate_bands(settings.bands),
        lambda: rules.validate_parts(settings.parts),
    ):
        try:
            check()
        except ValidationError as error:
            problems += error.messages
    return problems + rules.check_stages(settings.stages)


def round_opc_issues(round_: Round) -> list[Issue]:
    """The OPC checks before a round opens: valid settings, the letter's deadline (the
    last day of applications; selection already requires one) inside the dated
    applications stage, and a warning when that stage has no dates (nothing gates)."""
    if round_.program_id != ProgramCode.OPC:
        return []
    settings = settings_of(round_)
    problems = round_settings_problems(settings)
    issues = [Issue("opc_settings", message) for message in problems]
    stages = settings.stages
    issues += [
        Issue("opc_deadline_outside_applications", message)
        for message in rules.check_deadline_in_stage(stages, round_.deadline)
    ]
    if rules.parts_are_default(settings):
        message = f"{rules.parts_default_note()} (หน้า “ช่วงคะแนนและกำหนดการ”)"
        issues.append(Issue("opc_parts_default", message, WARNING))
    applications = rules.stage_of(stages, "applications")
    if applications.starts_on is None and applications.ends_on is None:
        issues.append(
            Issue(
                "opc_applications_undated",
                f"ยังไม่กำหนดวันของขั้นตอน{applications.label}: ระบบรับใบสมัครตลอดเวลาที่รอบเปิด",
                WARNING,
            )
        )
    return issues
