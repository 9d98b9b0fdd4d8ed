"""Safer-recruitment checks: Schedule 2 of the 2015 Regulations, plus two practice checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from carehome_desk.models.dates import format_uk
from carehome_desk.models.dbs import DbsCertificate, schedule_2_problem
from carehome_desk.models.ids import CheckId, StaffId
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.status import Basis, Requirement, Status


class CheckKind(str, Enum):
    """The checks in the vetting summary, in Schedule 2's order."""

    IDENTITY = "identity"
    DBS = "dbs"
    REFERENCE_RECENT = "reference_recent"
    REFERENCE_SECOND = "reference_second"
    REASON_FOR_LEAVING = "reason_for_leaving"
    QUALIFICATIONS = "qualifications"
    EMPLOYMENT_HISTORY = "employment_history"
    RIGHT_TO_WORK = "right_to_work"
    HEALTH = "health"

    @property
    def spec(self) -> CheckSpec:
        """Its label, source and basis."""
        return CHECKS[self]


@dataclass(frozen=True)
class CheckSpec:
    """How a check is named and where it comes from."""

    label: str
    short: str
    source: str
    basis: Basis
    may_not_apply: bool = False


CHECKS: dict[CheckKind, CheckSpec] = {
    CheckKind.IDENTITY: CheckSpec("Proof of identity with a recent photograph", "ID", "Schedule 2 para 1", Basis.LAW),
    CheckKind.DBS: CheckSpec("Enhanced DBS certificate with children's barred list", "DBS",
                             "Schedule 2 para 2", Basis.LAW),
    CheckKind.REFERENCE_RECENT: CheckSpec("Written reference from the most recent employer", "Ref 1",
                                          "Schedule 2 para 3", Basis.LAW, may_not_apply=True),
    CheckKind.REFERENCE_SECOND: CheckSpec("Second written reference", "Ref 2", "Schedule 2 para 3", Basis.LAW),
    CheckKind.REASON_FOR_LEAVING: CheckSpec("Verified reason for leaving earlier work with children or vulnerable adults",
                                            "Leaving", "Schedule 2 para 4", Basis.LAW, may_not_apply=True),
    CheckKind.QUALIFICATIONS: CheckSpec("Evidence of relevant qualifications", "Quals", "Schedule 2 para 5",
                                        Basis.LAW, may_not_apply=True),
    CheckKind.EMPLOYMENT_HISTORY: CheckSpec("Full employment history, gaps explained in writing", "History",
                                            "Schedule 2 para 6", Basis.LAW),
    CheckKind.RIGHT_TO_WORK: CheckSpec("Right to work in the UK", "RTW", "Employment and immigration law; practice",
                                       Basis.PRACTICE),
    CheckKind.HEALTH: CheckSpec("Health declaration (mental and physical fitness)", "Health",
                                "Reg 32(3)(c) fitness; the declaration itself is practice", Basis.PRACTICE),
}
STATUTORY = tuple(k for k, s in CHECKS.items() if s.basis is Basis.LAW)
BEFORE_START = (CheckKind.IDENTITY, CheckKind.DBS)  # reg 32(7)(a): needed even under the exception


@dataclass(frozen=True)
class RecruitmentCheck:
    """One check for one person: done or not, when, who verified it, a note."""

    staff_id: StaffId
    kind: CheckKind
    done: bool = False
    done_date: date | None = None
    verified_by: str = ""
    not_applicable: bool = False
    note: str = ""
    id: CheckId = CheckId(0)


def validate_check(check: RecruitmentCheck, today: date) -> dict[str, str]:
    """Problems with a check record, keyed by field."""
    problems: dict[str, str] = {}
    if check.done and not check.done_date:
        problems["done_date"] = "Enter the date the check was completed."
    if check.done_date and check.done_date > today:
        problems["done_date"] = "The check date is in the future."
    if check.done and not check.verified_by.strip():
        problems["verified_by"] = "Record who verified it."
    if check.not_applicable and not check.kind.spec.may_not_apply:
        problems["not_applicable"] = "This check applies to everyone."
    if check.not_applicable and not check.note.strip():
        problems["note"] = "Say why it does not apply (for example ‘no previous work with children’)."
    return problems


def certificate_check(staff: StaffMember, certificate: DbsCertificate | None) -> RecruitmentCheck | None:
    """The Schedule 2 para 2 check as the recorded certificate shows it: done on its issue date, or None.

    A certificate recorded on the DBS tab that satisfies para 2 is the check: the vetting
    summary does not also need its box ticked (issue 16: the two used to disagree).
    """
    if certificate is None or schedule_2_problem(certificate) is not None:
        return None
    return RecruitmentCheck(staff.id, CheckKind.DBS, done=True, done_date=certificate.issue_date,
                            verified_by=f"certificate {certificate.certificate_number} (DBS tab)")


def vetting(staff: StaffMember, checks: dict[CheckKind, RecruitmentCheck],
            certificate: DbsCertificate | None) -> dict[CheckKind, RecruitmentCheck]:
    """The checks that count: the recorded ones, with the DBS line met by a satisfying certificate.

    Every reader of the vetting summary (requirements, the reg 32(7) flag, the pack's sheet,
    the Checks tab's flag) goes through here, so they give one answer.
    """
    mine = checks.get(CheckKind.DBS)
    if check_state(mine) != "missing":
        return checks
    derived = certificate_check(staff, certificate)
    return checks if derived is None else {**checks, CheckKind.DBS: derived}


def check_requirements(staff: StaffMember, checks: dict[CheckKind, RecruitmentCheck],
                       certificate: DbsCertificate | None = None) -> list[Requirement]:
    """A status for every check: done (in date), not applicable (in date), or missing."""
    out = []
    checks = vetting(staff, checks, certificate)
    for kind, spec in CHECKS.items():
        check = checks.get(kind)
        state = check_state(check)
        if check is not None and state == "n/a":
            status, detail = Status.IN_DATE, f"not applicable: {check.note.strip()}"
        elif check is not None and state == "done":
            status = Status.IN_DATE
            detail = f"done {format_uk(check.done_date)}, verified by {check.verified_by.strip()}"
            if check.done_date and check.done_date > staff.start_date:
                detail += " (after they started)"
        else:
            status, detail = Status.MISSING, "not done"
        out.append(Requirement(
            subject_id=int(staff.id), subject=staff.full_name, area="Recruitment check", requirement=spec.label,
            status=status, due=None, source=spec.source, basis=spec.basis, detail=detail, key=f"check:{kind.value}",
        ))
    return out


def check_state(check: RecruitmentCheck | None) -> str:
    """'n/a', 'done' or 'missing': the one reading of a check (requirements, the Checks page, the pack)."""
    if check is not None and check.not_applicable:
        return "n/a"
    if check is not None and check.done:
        return "done"
    return "missing"


def check_mark(check: RecruitmentCheck | None) -> str:
    """The vetting summary's cell for one check: 'N/A', 'Done 03/03/2025' or 'Missing'."""
    state = check_state(check)
    if check is not None and state == "done":
        return f"Done {check.done_date:%d/%m/%Y}" if check.done_date else "Done"
    return "N/A" if state == "n/a" else "Missing"


def started_before_checks(staff: StaffMember, checks: dict[CheckKind, RecruitmentCheck], today: date,
                          certificate: DbsCertificate | None = None) -> str | None:
    """The reg 32(7) flag: working before every Schedule 2 check is complete; None when not flagged.

    The flag stays until every statutory check is done (or recorded as not applicable); a
    certificate that satisfies Schedule 2 para 2 counts as the DBS check.
    """
    if staff.start_date > today:
        return None
    checks = vetting(staff, checks, certificate)
    outstanding = [k for k in STATUTORY if check_state(checks.get(k)) == "missing"]
    if not outstanding:
        return None
    names = ", ".join(CHECKS[k].short for k in outstanding)
    if any(k in outstanding for k in BEFORE_START):
        return (f"Working without {names}: reg 32(7) allows an early start only once identity and the DBS "
                "certificate are satisfactory.")
    return (f"Started before all checks were complete (reg 32(7)); still outstanding: {names}. "
            "Must be supervised until they are.")
