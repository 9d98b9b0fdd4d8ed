"""A child in the home's register (Schedule 4): pseudonymous by default, kept after leaving."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from enum import Enum

from carehome_desk.models.ids import ChildId, HomeId


class LegalStatus(str, Enum):
    """The child's legal status while placed."""

    SECTION_20 = "s20"
    SECTION_31 = "s31"
    SECTION_38 = "s38"
    REMAND = "remand"
    OTHER = "other"

    @property
    def label(self) -> str:
        """In words."""
        return {"s20": "Section 20 (accommodated)", "s31": "Section 31 (care order)",
                "s38": "Section 38 (interim care order)", "remand": "Remanded to local authority accommodation",
                "other": "Other"}[self.value]


@dataclass(frozen=True)
class ChildDetails:
    """The editable register entry (no id). The full name is optional and never exported unless asked."""

    reference: str
    initials: str
    date_of_birth: date
    admission_date: date
    placing_authority: str = ""
    legal_status: LegalStatus = LegalStatus.SECTION_31
    admission_planned: bool = True
    leaving_date: date | None = None
    ending_planned: bool | None = None
    full_name: str = ""

    def normalised(self) -> ChildDetails:
        """Trimmed text; initials in capitals without dots or spaces."""
        return replace(self, reference=self.reference.strip(), initials=re.sub(r"[\s.]", "", self.initials).upper(),
                       placing_authority=self.placing_authority.strip(), full_name=" ".join(self.full_name.split()))

    def label(self, include_names: bool = False) -> str:
        """'AB (C-031)' by default; the full name only when asked for."""
        if include_names and self.full_name:
            return f"{self.full_name} ({self.reference})"
        return f"{self.initials} ({self.reference})"

    def arriving(self, day: date) -> bool:
        """A planned admission still to come on that day: on the register, not yet living here."""
        return self.admission_date > day

    def age_on(self, day: date) -> int:
        """Age in whole years on a day."""
        years = day.year - self.date_of_birth.year
        return years - ((day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day))


@dataclass(frozen=True)
class Child(ChildDetails):
    """A saved register entry."""

    id: ChildId = ChildId(0)
    home_id: HomeId = HomeId(0)
    version: int = 1
    archived_at: datetime | None = None
    archive_reason: str = ""

    @property
    def details(self) -> ChildDetails:
        """Just the editable details."""
        return ChildDetails(**{f.name: getattr(self, f.name) for f in fields(ChildDetails)})

    def is_resident(self, day: date) -> bool:
        """Living at the home on that day (admitted, and not yet left)."""
        return self.admission_date <= day and (self.leaving_date is None or self.leaving_date > day)

    def named(self, include_names: bool = False) -> str:
        """The label on the records about the child; an entry archived since says so: 'BX (C06, archived)'."""
        label = self.label(include_names)
        return label if self.archived_at is None else f"{label[:-1]}, archived)"


def on_register(children: list[Child]) -> list[Child]:
    """The children the register lists and counts: entries archived as made in error left out.

    Lists read for the incidents keep them, so an incident still names every child it was about.
    """
    return [c for c in children if c.archived_at is None]


def reference_key(reference: str) -> str:
    """A child's reference as the register compares it: capitals and surrounding or doubled spaces ignored."""
    return " ".join(reference.split()).casefold()


def validate_child(child: ChildDetails, today: date) -> dict[str, str]:
    """Problems with a register entry, keyed by field, in words for the form."""
    problems: dict[str, str] = {}
    if not child.reference.strip():
        problems["reference"] = "Give the child a reference (for example C-031); it is used instead of the name."
    initials = re.sub(r"[\s.]", "", child.initials)
    if not re.fullmatch(r"[A-Za-z'\-]{1,4}", initials or ""):
        problems["initials"] = "Enter the child's initials: one to four letters."
    if child.date_of_birth > today:
        problems["date_of_birth"] = "The date of birth is in the future."
    elif child.age_on(today) > 25:
        problems["date_of_birth"] = "That date of birth makes the child over 25: check the year."
    if child.admission_date < child.date_of_birth:
        problems["admission_date"] = "The admission date is before the date of birth."
    elif child.admission_date > today and not child.admission_planned:
        # A planned admission may be recorded ahead (a referral accepted for next week); an emergency
        # one is recorded once the child has arrived, so a future date there is a slip.
        problems["admission_date"] = ("The admission date is in the future: an emergency admission is recorded "
                                      "once the child has arrived (a planned one may be entered ahead).")
    if child.leaving_date and child.leaving_date < child.admission_date:
        problems["leaving_date"] = "The leaving date is before the admission date."
    if child.leaving_date and child.leaving_date > today:
        problems["leaving_date"] = "The leaving date is in the future: record it when they leave."
    if child.ending_planned is not None and not child.leaving_date:
        problems["ending_planned"] = "Say whether the ending was planned once there is a leaving date."
    return problems
