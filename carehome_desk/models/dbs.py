"""DBS certificates and Update Service status checks, with a policy recheck date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from carehome_desk.models.calendar_math import add_years
from carehome_desk.models.dates import format_uk
from carehome_desk.models.ids import DbsCheckId, DbsId, StaffId
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.status import Basis, Requirement, Status, classify


class DbsLevel(str, Enum):
    """Certificate levels."""

    ENHANCED = "enhanced"
    STANDARD = "standard"
    BASIC = "basic"

    @property
    def label(self) -> str:
        """In words."""
        return self.value.capitalize()


class Workforce(str, Enum):
    """The workforce the certificate was issued for."""

    CHILD = "child"
    CHILD_AND_ADULT = "child_and_adult"
    ADULT = "adult"
    OTHER = "other"

    @property
    def label(self) -> str:
        """In words."""
        return {"child": "Child workforce", "child_and_adult": "Child and adult workforce",
                "adult": "Adult workforce", "other": "Other workforce"}[self.value]

    @property
    def covers_children(self) -> bool:
        """True when the certificate covers work with children."""
        return self in (Workforce.CHILD, Workforce.CHILD_AND_ADULT)


class StatusResult(str, Enum):
    """What an Update Service status check said."""

    NO_CHANGE = "no_change"
    NEW_INFORMATION = "new_information"
    NOT_FOUND = "not_found"

    @property
    def label(self) -> str:
        """In words."""
        return {"no_change": "No new information", "new_information": "New information: request a new certificate",
                "not_found": "Not found / subscription lapsed"}[self.value]


@dataclass(frozen=True)
class DbsStatusCheck:
    """One online Update Service status check."""

    certificate_id: DbsId
    checked_on: date
    result: StatusResult
    checked_by: str
    note: str = ""
    id: DbsCheckId = DbsCheckId(0)


@dataclass(frozen=True)
class DbsCertificate:
    """A DBS certificate as recorded (the number and date, not the certificate's content)."""

    staff_id: StaffId
    certificate_number: str
    issue_date: date
    level: DbsLevel = DbsLevel.ENHANCED
    workforce: Workforce = Workforce.CHILD
    barred_list_children: bool = True
    update_service: bool = False
    note: str = ""
    id: DbsId = DbsId(0)


SOURCE = "Schedule 2 para 2 (certificate before starting); recheck interval is provider policy — the law sets none"
#: Where the law itself is not met (no satisfactory certificate), the rule said without the recheck's policy words.
LAW_SOURCE = ("Schedule 2 para 2: an enhanced certificate with the children's barred list check, satisfactory, "
              "before starting")


CERTIFICATE_DIGITS = 12


def certificate_number_digits(number: str) -> str:
    """A certificate number as stored: the spaces or hyphens typed between its groups taken out."""
    return re.sub(r"[\s\-]", "", number)


def certificate_number_problem(number: str) -> str | None:
    """Why a typed certificate number is not a DBS certificate number, or None when it is.

    The one test for the window, the store and the import: 12 digits (0 to 9), spaces or hyphens
    between groups allowed.
    """
    digits = certificate_number_digits(number)
    if not digits:
        return f"Enter the certificate number: a DBS certificate number is {CERTIFICATE_DIGITS} digits."
    if not re.fullmatch(r"[0-9]+", digits):
        return (f"A DBS certificate number is {CERTIFICATE_DIGITS} digits (0 to 9); "
                "this has letters or other characters.")
    if len(digits) != CERTIFICATE_DIGITS:
        return f"A DBS certificate number is {CERTIFICATE_DIGITS} digits; this has {len(digits)}."
    return None


def validate_certificate(c: DbsCertificate, today: date) -> dict[str, str]:
    """Problems with a certificate record, keyed by field."""
    problems: dict[str, str] = {}
    number_problem = certificate_number_problem(c.certificate_number)
    if number_problem is not None:
        problems["certificate_number"] = number_problem
    if c.issue_date > today:
        problems["issue_date"] = "The issue date is in the future."
    return problems


def validate_status_check(check: DbsStatusCheck, issued: date, today: date) -> dict[str, str]:
    """Problems with a status check record, keyed by field."""
    problems: dict[str, str] = {}
    if check.checked_on > today:
        problems["checked_on"] = "The check date is in the future."
    elif check.checked_on < issued:
        problems["checked_on"] = "The check is before the certificate was issued."
    if not check.checked_by.strip():
        problems["checked_by"] = "Record who ran the status check."
    return problems


def schedule_2_problem(certificate: DbsCertificate | None) -> str | None:
    """Why a certificate does not satisfy Schedule 2 para 2, or None when it does.

    The one test of "an enhanced certificate with the children's barred list": the DBS status,
    the vetting summary's DBS line and the reg 32(7) flag all ask it.
    """
    if certificate is None:
        return "no certificate recorded"
    if certificate.level is not DbsLevel.ENHANCED or not certificate.barred_list_children:
        return "needs an enhanced certificate with the children's barred list check"
    if not certificate.workforce.covers_children:
        return f"certificate is for the {certificate.workforce.label.lower()}"
    return None


def dbs_requirement(
    staff: StaffMember,
    certificate: DbsCertificate | None,
    checks: list[DbsStatusCheck],
    today: date,
    recheck_years: int,
    window_days: int,
) -> Requirement:
    """The DBS status for a person: missing, wrong level, new information, or the recheck due date."""

    def req(status: Status, due: date | None, detail: str, basis: Basis = Basis.PRACTICE) -> Requirement:
        return Requirement(subject_id=int(staff.id), subject=staff.full_name, area="DBS",
                           requirement="DBS check", status=status, due=due,
                           source=LAW_SOURCE if basis is Basis.LAW else SOURCE, basis=basis,
                           detail=detail, key="dbs")

    problem = schedule_2_problem(certificate)
    if certificate is None or problem is not None:
        return req(Status.MISSING, None, problem or "no certificate recorded", Basis.LAW)
    ours = sorted((c for c in checks if c.certificate_id == certificate.id), key=lambda c: c.checked_on)
    latest = ours[-1] if ours else None
    if certificate.update_service and latest is not None and latest.result is not StatusResult.NO_CHANGE:
        # The certificate may no longer be satisfactory (Schedule 2 para 2): the law's, not the recheck policy's.
        return req(Status.OVERDUE, latest.checked_on,
                   f"Update Service check {format_uk(latest.checked_on)}: {latest.result.label.lower()}", Basis.LAW)
    base = certificate.issue_date
    detail = f"certificate issued {format_uk(certificate.issue_date)}"
    if certificate.update_service and latest is not None:
        base = max(base, latest.checked_on)
        detail += f"; Update Service checked {format_uk(latest.checked_on)} by {latest.checked_by}"
    elif certificate.update_service:
        detail += "; on the Update Service, no status check recorded yet"
    due = add_years(base, recheck_years)
    return req(classify(due, today, window_days), due, detail)
