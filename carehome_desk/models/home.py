"""A children's home as Ofsted knows it: name, URN, people in charge and last full inspection."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import Enum

from carehome_desk.models.ids import HomeId


class Grade(str, Enum):
    """SCCIF grades, in Ofsted's own words ([SCCIF] 'Judgement structure and grades')."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires improvement to be good"
    INADEQUATE = "inadequate"

    @property
    def label(self) -> str:
        """The grade as a sentence-case label for screens."""
        return self.value[0].upper() + self.value[1:]


class Judgement(str, Enum):
    """The three SCCIF judgements of a full inspection of a children's home."""

    OVERALL = "overall"
    HELPED_PROTECTED = "helped_protected"
    LEADERSHIP = "leadership"

    @property
    def label(self) -> str:
        """Ofsted's wording of the judgement."""
        return _JUDGEMENT_LABELS[self]


_JUDGEMENT_LABELS = {
    Judgement.OVERALL: "Overall experiences and progress of children",
    Judgement.HELPED_PROTECTED: "How well children are helped and protected",
    Judgement.LEADERSHIP: "The effectiveness of leaders and managers",
}

URN_HELP = "An Ofsted URN is SC followed by 6 or 7 digits (SC123456), or 6 to 8 digits (2512345)."
_URN = re.compile(r"^(SC\d{6,7}|\d{6,8})$")


def normalise_urn(text: str) -> str:
    """The URN as Ofsted writes it: capitals, no spaces ('sc 123456' -> 'SC123456')."""
    return re.sub(r"\s+", "", text or "").upper()


def urn_problem(text: str) -> str | None:
    """Why this is not a children's-home URN, or None when it is one."""
    urn = normalise_urn(text)
    if not urn:
        return "Enter the home's Ofsted URN. " + URN_HELP
    if not _URN.match(urn):
        return f"“{text.strip()}” is not an Ofsted URN. " + URN_HELP
    return None


@dataclass(frozen=True)
class HomeDetails:
    """The editable details of a home (no id): what the Home settings form holds."""

    name: str
    urn: str
    address: str = ""
    registered_manager: str = ""
    responsible_individual: str = ""
    registration_date: date | None = None
    last_inspection_date: date | None = None
    last_inspection_grades: dict[Judgement, Grade] = field(default_factory=dict)
    # The local authority in whose area the home is (reg 40(1)(d), reg 41: the "host" authority).
    local_authority: str = ""
    # For a home registered before its records here begin: Reg 44 months are counted from this date.
    records_start: date | None = None
    # A secure children's home: reg 40(1) adds the Prisons and Probation Ombudsman after a death.
    secure: bool = False

    @property
    def reg44_from(self) -> date | None:
        """The first month Reg 44 visits are expected: the later of registration and the records' start."""
        known = [d for d in (self.registration_date, self.records_start) if d is not None]
        return max(known) if known else None

    def normalised(self) -> HomeDetails:
        """Trimmed text and a canonical URN, as the store keeps them."""
        return replace(
            self,
            name=self.name.strip(),
            urn=normalise_urn(self.urn),
            address="\n".join(line.strip() for line in self.address.strip().splitlines()),
            registered_manager=self.registered_manager.strip(),
            responsible_individual=self.responsible_individual.strip(),
            local_authority=" ".join(self.local_authority.split()),
        )


@dataclass(frozen=True)
class Home(HomeDetails):
    """A saved home: its details plus id, version (for conflict checks) and archive state."""

    id: HomeId = HomeId(0)
    version: int = 1
    archived_at: datetime | None = None
    archive_reason: str = ""

    @property
    def details(self) -> HomeDetails:
        """Just the editable details."""
        return HomeDetails(
            name=self.name,
            urn=self.urn,
            address=self.address,
            registered_manager=self.registered_manager,
            responsible_individual=self.responsible_individual,
            registration_date=self.registration_date,
            last_inspection_date=self.last_inspection_date,
            last_inspection_grades=dict(self.last_inspection_grades),
            local_authority=self.local_authority,
            records_start=self.records_start,
            secure=self.secure,
        )


def validate_home(details: HomeDetails, today: date) -> dict[str, str]:
    """Problems with a home's details, keyed by field name, in words fit for the form."""
    problems: dict[str, str] = {}
    if not details.name.strip():
        problems["name"] = "Enter the home's name."
    elif len(details.name.strip()) > 200:
        problems["name"] = "The name is longer than 200 characters."
    urn = urn_problem(details.urn)
    if urn:
        problems["urn"] = urn
    if details.registration_date and details.registration_date > today:
        problems["registration_date"] = "The registration date is in the future."
    if details.records_start and details.records_start > today:
        problems["records_start"] = "The date the records start is in the future."
    if len(details.local_authority.strip()) > 200:
        problems["local_authority"] = "The local authority's name is longer than 200 characters."
    inspected = details.last_inspection_date
    if inspected:
        if inspected > today:
            problems["last_inspection_date"] = "The last inspection date is in the future."
        elif details.registration_date and inspected < details.registration_date:
            problems["last_inspection_date"] = "The last inspection is before the home was registered."
    if details.last_inspection_grades and not inspected:
        problems["last_inspection_date"] = "Enter the date of the inspection these grades come from."
    return problems
