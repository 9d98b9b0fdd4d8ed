"""A member of staff: the Schedule 4 para 2 staff record plus role and dates the rules need."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from enum import Enum

from carehome_desk.models.dates import format_uk
from carehome_desk.models.ids import HomeId, StaffId


class StaffRole(str, Enum):
    """Roles in a children's home; OTHER carries a provider-defined title."""

    REGISTERED_MANAGER = "registered_manager"
    DEPUTY = "deputy"
    TEAM_LEADER = "team_leader"
    RESIDENTIAL_WORKER = "residential_worker"
    BANK = "bank"
    AGENCY = "agency"
    ANCILLARY = "ancillary"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The role as a manager would name it."""
        return ROLE_LABELS[self]

    @property
    def default_care_role(self) -> bool:
        """Whether the role is normally a care role (reg 32(4)); the record can say otherwise."""
        return self not in (StaffRole.ANCILLARY, StaffRole.OTHER)


ROLE_LABELS = {
    StaffRole.REGISTERED_MANAGER: "Registered manager",
    StaffRole.DEPUTY: "Deputy manager",
    StaffRole.TEAM_LEADER: "Team leader / senior",
    StaffRole.RESIDENTIAL_WORKER: "Residential childcare worker",
    StaffRole.BANK: "Bank worker",
    StaffRole.AGENCY: "Agency worker",
    StaffRole.ANCILLARY: "Ancillary (non-care)",
    StaffRole.OTHER: "Other (provider-defined)",
}


class Contract(str, Enum):
    """Contract types; Schedule 4 para 2 asks whether full-time or part-time, with hours."""

    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"
    BANK = "bank"
    AGENCY = "agency"
    SESSIONAL = "sessional"

    @property
    def label(self) -> str:
        """The contract type in words."""
        return self.value.replace("_", "-").capitalize()


@dataclass(frozen=True)
class StaffDetails:
    """The editable staff record (no id)."""

    full_name: str
    role: StaffRole
    start_date: date
    care_role: bool | None = None  # None: the role's default
    role_title: str = ""
    role_start_date: date | None = None
    leaving_date: date | None = None
    contract: Contract = Contract.PERMANENT
    hours_per_week: float | None = None
    lives_at_home: bool = False
    staff_ref: str = ""
    induction_completed: date | None = None
    probation_completed: date | None = None
    # Reg 32(4): Level 3 is due 2 years after first starting in a care role in *a* children's home
    # (possibly before this one); promotions between care roles do not restart the clock.
    care_started_on: date | None = None
    # Reg 28(4): Level 5 is due 3 years after first starting to manage *a* children's home.
    managing_started_on: date | None = None
    # Set when the upgrade or an import had to guess one of those dates; cleared when the manager saves them.
    dates_to_confirm: bool = False

    @property
    def is_care_role(self) -> bool:
        """Care role as recorded, or the role's default when not said."""
        return self.role.default_care_role if self.care_role is None else self.care_role

    @property
    def role_name(self) -> str:
        """The provider's title where given, else the standard role name."""
        return self.role_title.strip() or self.role.label

    @property
    def role_started(self) -> date:
        """When they started in their current role (the start date if not recorded)."""
        return self.role_start_date or self.start_date

    @property
    def care_clock_start(self) -> date:
        """Reg 32(4)'s start: first in a care role in a children's home; the start here if not recorded."""
        return self.care_started_on or self.start_date

    @property
    def managing_clock_start(self) -> date:
        """Reg 28(4)'s start: first managing a children's home; the current role's start if not recorded."""
        return self.managing_started_on or self.role_started

    def with_care_role_written(self, written: bool, stored: StaffDetails) -> StaffDetails:
        """These details with a care role an import read for a stored record (``stored``): a record that follows
        its role's usual answer (None) keeps following it when the value written is that answer, so importing a
        pack's or a copy's resolved Yes/No changes nothing and a later change of role still moves it; any other
        value is kept as written."""
        keep = stored.care_role is None and written == self.role.default_care_role
        return replace(self, care_role=None if keep else written)

    def normalised(self) -> StaffDetails:
        """Trimmed text."""
        return replace(self, full_name=" ".join(self.full_name.split()), role_title=self.role_title.strip(),
                       staff_ref=self.staff_ref.strip())


@dataclass(frozen=True)
class StaffMember(StaffDetails):
    """A saved staff record."""

    id: StaffId = StaffId(0)
    home_id: HomeId = HomeId(0)
    version: int = 1
    archived_at: datetime | None = None
    archive_reason: str = ""

    @property
    def details(self) -> StaffDetails:
        """Just the editable details."""
        return StaffDetails(**{f.name: getattr(self, f.name) for f in fields(StaffDetails)})

    def is_current(self, today: date) -> bool:
        """Working at the home today: a leaver drops out the day after their leaving date."""
        return self.archived_at is None and (self.leaving_date is None or self.leaving_date >= today)


def validate_staff(details: StaffDetails, today: date) -> dict[str, str]:
    """Problems with a staff record, keyed by field, in words for the form."""
    problems: dict[str, str] = {}
    if not details.full_name.strip():
        problems["full_name"] = "Enter the person's full name."
    elif len(details.full_name) > 200:
        problems["full_name"] = "The name is longer than 200 characters."
    if details.role is StaffRole.OTHER and not details.role_title.strip():
        problems["role_title"] = "Name the role (for example ‘Education lead’)."
    if (details.role_start_date and details.role_start_date > today
            and not _starts_here_on(details, details.role_start_date, today)):
        problems["role_start_date"] = "The date they started in this role is in the future."
    for key, value in (("care_started_on", details.care_started_on),
                       ("managing_started_on", details.managing_started_on)):
        problem = _first_date_problem(key, value, details, today) if value else None
        if problem:
            problems[key] = problem
    if details.leaving_date and details.leaving_date < details.start_date:
        problems["leaving_date"] = "The leaving date is before the start date."
    if details.hours_per_week is not None and not 0 < details.hours_per_week <= 100:
        problems["hours_per_week"] = "Hours per week must be more than 0 and at most 100."
    for key, value in (("induction_completed", details.induction_completed),
                       ("probation_completed", details.probation_completed)):
        if value and value > today:
            problems[key] = "This date is in the future: record it once it has happened."
        elif value and value < details.start_date:
            problems[key] = "This date is before they started."
    return problems


#: Per date the diplomas count from: what it records, what the person has done here since (and will do, for a
#: planned starter) from the start of their current role, and the words for "this is their first".
_FIRST_DATES = {
    "care_started_on": ("first started in a care role", "they have been in a care role here since then",
                        "they start here in a care role that day", "first care role"),
    "managing_started_on": ("first started managing a home", "they have been managing this home since then",
                            "they start managing this home that day", "first home to manage"),
}


def _starts_here_on(details: StaffDetails, value: date, today: date) -> bool:
    """A planned starter's own start date: in the future, and allowed (checks are done before day one)."""
    return value == details.start_date > today


def _latest_first_date(details: StaffDetails, today: date) -> date | None:
    """The latest a first-care-role or first-managing date can be, when the record shows when the current role began.

    That is the start of the current role when recorded (their start here if later), or, for a planned
    starter, their first day here: their role cannot start on any other future day. When the role's own
    start is left blank for someone already working here, they may have moved into the role after
    joining (a deputy who became the manager, a cook who became a care worker), so there is no limit.
    """
    if details.role_start_date:
        return max(details.start_date, details.role_start_date)
    return details.start_date if details.start_date > today else None


def _first_date_problem(key: str, value: date, details: StaffDetails, today: date) -> str | None:
    """The first-care-role or first-managing date's problem, if any.

    Someone in a care role here (or the registered manager) has been doing it since their current
    role started, so the first time cannot be later than that (see ``_latest_first_date``): a later
    date would put the Level 3 or Level 5 due date off. A date in the future is right only
    for a planned starter whose first care role (or first home to manage) is this one: their start
    date here.
    """
    doing, since_then, from_then, first = _FIRST_DATES[key]
    applies = details.is_care_role if key == "care_started_on" else details.role is StaffRole.REGISTERED_MANAGER
    if value > today >= details.start_date:
        return f"The date they {doing} is in the future."
    bound = _latest_first_date(details, today)
    if applies and bound and value > bound:
        which = "their start date here" if bound == details.start_date else "the start of their current role"
        return (f"The date they {doing} cannot be after {format_uk(bound)}, {which}: "
                f"{from_then if bound > today else since_then}.")
    if value > today and not _starts_here_on(details, value, today):
        return (f"The date they {doing} is in the future. If this is their {first}, enter their start date "
                f"here ({format_uk(details.start_date)}).")
    return None
