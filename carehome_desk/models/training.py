"""The course catalogue and training records, with each course's renewal status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from carehome_desk.models.calendar_math import add_months
from carehome_desk.models.dates import format_uk
from carehome_desk.models.ids import CourseId, StaffId, TrainingId
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.status import Basis, Requirement, Status, classify


class RequiredFor(str, Enum):
    """Who must do a course."""

    ALL = "all"
    CARE_ROLES = "care_roles"
    OPTIONAL = "optional"

    @property
    def label(self) -> str:
        """In words."""
        return {"all": "All staff", "care_roles": "Care roles", "optional": "Optional"}[self.value]


@dataclass(frozen=True)
class Course:
    """A course in the provider's catalogue, with its renewal interval (practice unless it says law)."""

    name: str
    renewal_months: int | None = 12  # None: done once, never renewed
    required_for: RequiredFor = RequiredFor.ALL
    basis: Basis = Basis.PRACTICE
    source: str = "Provider policy"
    first_aid: bool = False
    position: int = 0
    id: CourseId = CourseId(0)
    archived: bool = False

    def applies_to(self, staff: StaffMember) -> bool:
        """Whether this person must hold the course."""
        if self.archived or self.required_for is RequiredFor.OPTIONAL:
            return False
        return self.required_for is RequiredFor.ALL or staff.is_care_role

    @property
    def interval_text(self) -> str:
        """'every 12 months', 'every 3 years' or 'once'."""
        if self.renewal_months is None:
            return "once"
        if self.renewal_months % 12 == 0:
            years = self.renewal_months // 12
            return "every year" if years == 1 else f"every {years} years"
        return f"every {self.renewal_months} months"


@dataclass(frozen=True)
class TrainingRecord:
    """One completed course for one person."""

    staff_id: StaffId
    course_id: CourseId
    completed: date
    expiry_override: date | None = None
    provider: str = ""
    certificate_ref: str = ""
    id: TrainingId = TrainingId(0)

    def expiry(self, course: Course) -> date | None:
        """When it runs out: the override if set, else completion plus the course interval."""
        if self.expiry_override is not None:
            return self.expiry_override
        if course.renewal_months is None:
            return None
        return add_months(self.completed, course.renewal_months)


def validate_course(course: Course) -> dict[str, str]:
    """Problems with a catalogue entry, keyed by field."""
    problems: dict[str, str] = {}
    if not course.name.strip():
        problems["name"] = "Name the course."
    if course.renewal_months is not None and not 1 <= course.renewal_months <= 120:
        problems["renewal_months"] = "Renewal must be from 1 to 120 months, or ‘never’."
    return problems


def course_key(name: str) -> str:
    """A course's name as the catalogue compares names: capitals and spacing ignored ("first aid " is "First aid")."""
    return " ".join(name.split()).casefold()


def name_clash(name: str, catalogue: Iterable[Course], own: Course | None = None) -> Course | None:
    """The catalogue course a new or renamed course called ``name`` would share its name with (capitals and
    spacing ignored), else None. ``own`` is the stored course being edited: keeping its name is no new clash,
    even beside a pair the catalogue held before names were compared this way."""
    key = course_key(name)
    if own is not None and course_key(own.name) == key:
        return None
    own_id = own.id if own is not None else None
    return next((c for c in catalogue if c.id != own_id and course_key(c.name) == key), None)


def clash_message(clash: Course) -> str:
    """What the name field says when a course name is taken."""
    archived = " (archived: restore it in the catalogue instead)" if clash.archived else ""
    return (f"There is already a course called {clash.name}{archived}. Course names must differ by more than "
            "capitals and spaces.")


def validate_training(record: TrainingRecord, course: Course, today: date) -> dict[str, str]:
    """Problems with a training record, keyed by field."""
    problems: dict[str, str] = {}
    if record.completed > today:
        problems["completed"] = "The completion date is in the future: record training once it is done."
    if record.expiry_override is not None and record.expiry_override <= record.completed:
        problems["expiry_override"] = "The expiry date must be after the completion date."
    return problems


def latest_record(records: list[TrainingRecord]) -> TrainingRecord | None:
    """The most recent completion (records may be entered out of order)."""
    return max(records, key=lambda r: (r.completed, r.id)) if records else None


def training_requirement(
    staff: StaffMember, course: Course, records: list[TrainingRecord], today: date, window_days: int,
    induction_ends: date | None = None,
) -> Requirement | None:
    """Status of one course for one person; None when the course does not apply and was never done.

    A new starter's missing training is due by ``induction_ends`` (the provider's induction
    period) rather than missing from their first day.
    """
    latest = latest_record(records)
    if not course.applies_to(staff) and latest is None:
        return None

    def req(status: Status, due: date | None, detail: str) -> Requirement:
        return Requirement(subject_id=int(staff.id), subject=staff.full_name, area="Training",
                           requirement=course.name, status=status, due=due,
                           source=f"{course.source} ({course.interval_text})", basis=course.basis, detail=detail,
                           key=f"course:{int(course.id)}")

    if latest is None:
        if induction_ends is not None and today <= induction_ends:
            return req(classify(induction_ends, today, window_days), induction_ends,
                       "new starter: due by the end of induction")
        return req(Status.MISSING, None, "never recorded")
    expiry = latest.expiry(course)
    detail = f"completed {format_uk(latest.completed)}"
    if latest.expiry_override is not None:
        detail += f"; expiry set by hand to {format_uk(expiry)}"
    if expiry is None:
        return req(Status.IN_DATE, None, detail + "; does not need renewing")
    status = classify(expiry, today, window_days)
    if not course.applies_to(staff) and status.needs_action:
        return None  # optional training running out is not a compliance gap
    return req(status, expiry, detail)
