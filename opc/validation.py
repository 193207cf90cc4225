"""OPC and PSO settings joined to the round validation (registered in OpcConfig.ready)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from opc import rules
from selection.models import Round
from selection.rules import Issue

OPC = "OPC"


def round_settings_problems(settings: dict) -> list[str]:
    """Thai messages for bad bands, parts or timeline dates in a round's settings."""
    problems = []
    for check in (
        lambda: rules.validate_bands(rules.bands_from_settings(settings)),
        lambda: rules.validate_parts(rules.parts_from_settings(settings)),
    ):
        try:
            check()
        except ValidationError as error:
            problems += error.messages
    try:
        problems += rules.check_stages(rules.stages_from_settings(settings))
    except ValidationError as error:
        problems += error.messages
    return problems


def round_opc_issues(round_: Round) -> list[Issue]:
    if round_.program_id != OPC:
        return []
    return [Issue("opc_settings", message) for message in round_settings_problems(round_.settings)]
