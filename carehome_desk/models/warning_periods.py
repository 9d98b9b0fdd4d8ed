"""How early each register warns that something falls due ('due soon'): one description for `due --help`,
`due`'s own closing line and the Home settings page, worked out from the provider's settings.

The periods themselves are applied where each rule lives (``models/workforce.py``, ``models/supervision.py``,
``services/due.py``); this module only names them, from the same values, so the words cannot drift from them.
"""

from __future__ import annotations

from carehome_desk.models.settings import POLICY_HELP, ProviderSettings
from carehome_desk.models.supervision import SUPERVISION_WARNING_CAP_DAYS, supervision_warning_days

#: What the due-soon warning covers (everything with a due date that has no period of its own).
DUE_SOON_COVERS = ("training, DBS rechecks, appraisal, induction, probation, actions, Reg 44 visits and reports, "
                   "Reg 45 reviews and reports")


def _days(days: int) -> str:
    return f"{days} day{'' if days == 1 else 's'}"


def warning_periods(settings: ProviderSettings) -> list[tuple[str, str]]:
    """(what, how early it is flagged due soon), one pair for each period the registers use."""
    due = POLICY_HELP["due_soon_days"]
    qual = POLICY_HELP["qualification_warning_days"]
    return [
        (DUE_SOON_COVERS, f"{_days(settings.due_soon_days)} ({due.label})"),
        ("supervision", f"{_days(supervision_warning_days(settings.due_soon_days))} (the {due.label.lower()}, "
                        f"but never more than {SUPERVISION_WARNING_CAP_DAYS} days)"),
        ("Level 3 and Level 5 diplomas", f"{_days(settings.qualification_warning_days)} ({qual.label})"),
        ("incident steps", "from the moment they are open"),
    ]


def warning_periods_text(settings: ProviderSettings) -> str:
    """'training, DBS rechecks, …: 30 days (Due-soon warning); supervision: 14 days (…); …'."""
    return "; ".join(f"{what}: {how}" for what, how in warning_periods(settings))


def within_text(days: int) -> str:
    """What ``due --within DAYS`` lists as due soon, in the same words."""
    return (f"everything falling due within {_days(days)} of the day judged (that day included), whatever "
            "each register's own warning period")
