"""Retention: when a record has been kept as long as the law (or the provider's policy) asks.

Nothing here deletes anything: the rules only say which records are past their period, for the
manager to review (Home settings). The periods (docs/rules.md, "Retention"):

- a child's case record (Schedule 3), which holds every missing episode, measure of control or
  restraint, accident, serious illness and medicine given (Sch 3 paras 14, 15, 22, 25): 75 years from
  the date of birth, or, if the child dies before 18, 15 years from the death (Reg 36(2)–(5); Guide
  14.3, 14.8). Law.
- the home's other records (Schedule 4), the register of children and the staff record among them:
  at least 15 years from the date of the last entry (Reg 37(2)(c)). Law.
- a staff member's personnel and recruitment file beyond the Schedule 4 staff record: no period in
  the regulations; UK GDPR storage limitation and employment practice, often 6 years after leaving
  (a sector convention, not a rule anyone sets), so it is the provider's policy value
  ``personnel_file_years``.
- restraint and complaints records, Reg 44/45/46 reports and policies: no period stated (Reg 38
  asks that they be kept accessible), so they are never listed.

Counting: a record is kept to the END of the anniversary (75 years from 12/03/1950 runs to
12/03/2025 inclusive) and is past retention from the next day. A 29/02 start reaches a non-leap year
on 01/03. Both readings keep a record a little longer rather than shorter: erring early here would
invite deleting something the law still requires.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

CASE_RECORD_YEARS = 75  # Reg 36(2): 75 years from the child's date of birth
CASE_RECORD_AFTER_DEATH_YEARS = 15  # Reg 36: a child who dies before 18, 15 years from the death
DEATH_BEFORE_AGE = 18
HOME_RECORD_YEARS = 15  # Reg 37(2)(c): Schedule 4 records, at least 15 years from the last entry
DEFAULT_PERSONNEL_FILE_YEARS = 6  # practice, not law (docs/rules.md): ProviderSettings.personnel_file_years

CASE_RECORD_SOURCE = "Reg 36(2)–(5); Guide 14.3"
HOME_RECORD_SOURCE = "Reg 37(2)(c), Schedule 4"
PERSONNEL_SOURCE = "provider policy, not law: UK GDPR storage limitation"


class Basis(str, Enum):
    """Whether a period is the law's or the provider's own choice."""

    LAW = "law"
    POLICY = "policy"

    @property
    def label(self) -> str:
        return "Law" if self is Basis.LAW else "Provider policy"


@dataclass(frozen=True)
class PastRetention:
    """One record past its retention period, for the manager's review."""

    register: str  # "Children", "Staff", "Incidents"
    record_id: int
    record: str  # how the manager recognises it: a reference and initials, a name, an incident
    reason: str  # which period, counted from what, and its source
    since: date  # the first day past the period
    basis: Basis


def keep_until(start: date, years: int) -> date:
    """The last day a record counted from ``start`` must be kept: the ``years``-th anniversary itself.

    A 29/02 start falls on 01/03 in a non-leap year (the later date: keep longer, never shorter).
    """
    year = start.year + years
    if start.month == 2 and start.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return start.replace(year=year)


def first_day_past(start: date, years: int) -> date:
    """The first day a record counted from ``start`` is past a period of ``years`` years."""
    return keep_until(start, years) + timedelta(days=1)


def died_under_18(date_of_birth: date, died_on: date | None) -> bool:
    """True when the child died before their 18th birthday."""
    return died_on is not None and died_on < keep_until(date_of_birth, DEATH_BEFORE_AGE)


def case_record_past(date_of_birth: date, died_on: date | None = None) -> tuple[date, str]:
    """(first day past retention, why) for a child's case record (Schedule 3)."""
    if died_on is not None and died_under_18(date_of_birth, died_on):
        return (first_day_past(died_on, CASE_RECORD_AFTER_DEATH_YEARS),
                f"case record: {CASE_RECORD_AFTER_DEATH_YEARS} years from the child's death before 18 "
                f"({CASE_RECORD_SOURCE})")
    return (first_day_past(date_of_birth, CASE_RECORD_YEARS),
            f"case record: {CASE_RECORD_YEARS} years from the date of birth ({CASE_RECORD_SOURCE})")


def home_record_past(last_entry: date) -> date:
    """The first day a Schedule 4 record whose last entry was ``last_entry`` is past retention."""
    return first_day_past(last_entry, HOME_RECORD_YEARS)


def child_past(date_of_birth: date, left_on: date | None, died_on: date | None, last_entry: date,
               today: date) -> tuple[date, str] | None:
    """(since, why) if both the child's case record and their register entry are past retention, else None.

    A child still living at the home (no leaving date, no death) is never past retention. The
    register of children (Schedule 4) runs 15 years from its last entry, usually the leaving date; the
    record is listed only once the later of the two periods has ended, and the reason names that one.
    """
    ended = died_on or left_on
    if ended is None:
        return None
    case_since, case_why = case_record_past(date_of_birth, died_on)
    register_since = home_record_past(max(last_entry, ended))
    if register_since > case_since:
        since, why = register_since, (f"register of children: {HOME_RECORD_YEARS} years from the last entry "
                                      f"({HOME_RECORD_SOURCE}), later than the case record's period")
    else:
        since, why = case_since, case_why
    return (since, why) if today >= since else None


def staff_past(left_on: date | None, last_entry: date, today: date,
               personnel_years: int = DEFAULT_PERSONNEL_FILE_YEARS) -> list[tuple[date, str, Basis]]:
    """What of a staff member's records is past retention: the personnel file (policy), the staff record (law).

    Someone still working (no leaving date) has nothing past retention. Each item is (since, why, basis).
    """
    if left_on is None:
        return []
    found: list[tuple[date, str, Basis]] = []
    personnel_since = first_day_past(left_on, personnel_years)
    record_since = home_record_past(max(last_entry, left_on))
    if today >= personnel_since and personnel_since < record_since:
        found.append((personnel_since, f"personnel and recruitment file: {personnel_years} years after leaving "
                      f"({PERSONNEL_SOURCE}); the Schedule 4 staff record itself is kept longer", Basis.POLICY))
    if today >= record_since:
        found.append((record_since, f"staff record: {HOME_RECORD_YEARS} years from the last entry "
                      f"({HOME_RECORD_SOURCE})", Basis.LAW))
    return found


def incident_past(children_since: list[date | None], today: date) -> date | None:
    """The first day past retention of an incident kept in these children's case records, or None.

    An incident lives in every linked child's case record (Sch 3 paras 14, 15, 22, 25), so it is past
    retention only when all of theirs are (``None`` for a child whose record is not). An incident with
    no child has no period in the regulations (Reg 38) and is never listed.
    """
    if not children_since or any(since is None for since in children_since):
        return None
    latest = max(since for since in children_since if since is not None)
    return latest if today >= latest else None
