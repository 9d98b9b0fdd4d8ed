"""The registered manager named when a home is set up, made a staff record so their rules apply at once."""

from __future__ import annotations

from datetime import date

from carehome_desk.models.qualifications import fill_clock_dates
from carehome_desk.models.staff import StaffDetails, StaffRole, validate_staff

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
    """Problems with the manager named at set-up, none when no manager is named.

    The date they started is keyed MANAGER_START; the staff record it makes (``manager_staff``) is
    checked as the staff register checks any record, its name's problems keyed "registered_manager"
    and the rest MANAGER_START, so the window, the command line and the store refuse the same things.
    """
    if not name.strip():
        return {}
    if started is None:
        return {MANAGER_START: "Enter the date they started as registered manager here."}
    if started > today:
        return {MANAGER_START: "The date they started as registered manager is in the future."}
    manager = manager_staff(name, started)
    problems: dict[str, str] = {}
    if manager is not None:
        for key, problem in validate_staff(manager, today).items():
            problems.setdefault("registered_manager" if key == "full_name" else MANAGER_START, problem)
    return problems
