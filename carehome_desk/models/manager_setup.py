"""The registered manager named when a home is set up, made a staff record so their rules apply at once."""

from __future__ import annotations

from datetime import date

from carehome_desk.models.qualifications import fill_clock_dates
from carehome_desk.models.staff import StaffDetails, StaffRole

#: The problem key for the "Started as registered manager on" date, in the window and the command line.
MANAGER_START = "manager_start"


def manager_staff(name: str, started: date) -> StaffDetails | None:
    """The staff record for the manager named at set-up, or None when no name was given.

    Role Registered manager from ``started``, so Reg 28's Level 5 (3 years from first managing
    a home) and the Schedule 2 recruitment checks are counted from the first day. The first
    managing date is taken as ``started`` and marked to confirm: they may have managed another
    home before, which brings the Level 5 date forward.
    """
    name = " ".join(name.split())
    if not name:
        return None
    return fill_clock_dates(StaffDetails(full_name=name, role=StaffRole.REGISTERED_MANAGER, start_date=started,
                                         role_start_date=started))


def validate_manager_start(name: str, started: date | None, today: date) -> dict[str, str]:
    """Problems with the date the named manager started, keyed MANAGER_START (none when no manager is named)."""
    if not name.strip():
        return {}
    if started is None:
        return {MANAGER_START: "Enter the date they started as registered manager here."}
    if started > today:
        return {MANAGER_START: "The date they started as registered manager is in the future."}
    return {}
