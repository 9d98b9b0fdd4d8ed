"""A restraint record holding every reg 35(3)(a) particular, for tests whose subject is not the particulars."""

from __future__ import annotations

from typing import Any

from carehome_desk.models.incidents import RestraintDetails

#: Every particular filled ("None" is a filled answer for injuries, treatment and others present).
PARTICULARS: dict[str, Any] = dict(
    behaviour="Threw a chair at a window", measure="Single-person escort to the lounge", duration_minutes=4,
    alternatives_tried="Talked calmly; offered space", used_by="A. Staff", others_present="None",
    effect="Calmed within minutes; no further damage", injuries="None", medical_treatment="None")


def complete(**kw: Any) -> RestraintDetails:
    """A restraint's details with every particular filled; ``kw`` overrides (the step times, say)."""
    return RestraintDetails(**{**PARTICULARS, **kw})
