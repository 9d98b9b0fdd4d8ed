"""Provider policy values: practice, not law, so each is a setting with a default and a label."""

from __future__ import annotations

from dataclasses import dataclass, fields

from carehome_desk.models.status import Status


@dataclass(frozen=True)
class PolicySetting:
    """How a policy value is described to the manager."""

    label: str
    unit: str
    source: str
    #: What 0 means, for a value that may be 0 (the window's spin box shows it instead of the number).
    zero: str = ""

    def amount(self, value: object) -> str:
        """A value as the Home settings page shows it: '6 weeks', '95%', 'Never' (a lock after 0 minutes)."""
        if value == 0 and self.zero:
            return self.zero
        return f"{value}{'' if self.unit == '%' else ' '}{self.unit}"


POLICY_HELP: dict[str, PolicySetting] = {
    "due_soon_days": PolicySetting(
        "Due-soon warning", "days", "Provider policy (practice, not law)"
    ),
    "supervision_weeks": PolicySetting(
        "Supervision every", "weeks", "Provider policy (practice, not law); Reg 33(4)(b) asks for 'regular' supervision"
    ),
    "dbs_recheck_years": PolicySetting(
        "Recheck DBS every", "years", "Provider policy (practice, not law): the law sets no DBS renewal interval"
    ),
    "qualification_warning_days": PolicySetting(
        "Level 3 / Level 5 warning", "days",
        "Provider policy (practice); SCCIF looks for a prospect of qualifying within 6 months",
    ),
    "induction_weeks": PolicySetting(
        "Induction within", "weeks", "Provider policy (workforce plan, Guide 10.8); reg 33(2)(a) asks for induction"
    ),
    "incident_review_days": PolicySetting(
        "Manager reviews incidents within", "days", "Provider policy; Guide 9.36 and 9.59 ask for regular scrutiny"
    ),
    "probation_months": PolicySetting(
        "Probation period", "months", "Provider policy; reg 33(2)(b) asks for probation on permanent appointments"
    ),
    "lock_after_minutes": PolicySetting(
        "Lock the window after", "minutes",
        "Provider policy (data protection): a protected database's window locks when no one has used it for "
        "this long; 0 means never. Reg 36/37 ask for records to be kept securely", zero="Never",
    ),
    "backups_daily": PolicySetting(
        "Keep daily backups", "days",
        "Provider policy (practice, not law): automatic backups, the newest of each of this many days",
    ),
    "backups_weekly": PolicySetting(
        "Keep weekly backups", "weeks", "Provider policy (practice, not law): the newest backup of each week",
    ),
    "backups_monthly": PolicySetting(
        "Keep monthly backups", "months", "Provider policy (practice, not law): the newest backup of each month",
    ),
    "on_time_target_percent": PolicySetting(
        "On-time target", "%",
        "Provider policy (practice, not law): the share of Reg 40 notifications, restraint steps and return "
        "interviews you aim to have done on time; the dashboard's rate tiles are judged against it (the law asks "
        "for each one on time)",
    ),
    "personnel_file_years": PolicySetting(
        "Review a leaver's personnel file after", "years",
        "Provider policy (practice, not law): the regulations set no period for recruitment evidence beyond the "
        "Schedule 4 staff record (15 years, Reg 37); UK GDPR storage limitation; often 6 years after leaving",
    ),
}

#: Values for which 0 is meaningful (here: never lock); every other value must be positive.
ZERO_ALLOWED = frozenset({"lock_after_minutes"})


@dataclass(frozen=True)
class ProviderSettings:
    """Typed provider settings with their defaults: practice values, not law (docs/rules.md lists each)."""

    due_soon_days: int = 30
    supervision_weeks: int = 6
    dbs_recheck_years: int = 3
    qualification_warning_days: int = 182
    induction_weeks: int = 12
    probation_months: int = 6
    incident_review_days: int = 7
    lock_after_minutes: int = 5
    backups_daily: int = 7
    backups_weekly: int = 4
    backups_monthly: int = 12
    personnel_file_years: int = 6  # models/retention.py: listed for review, never deleted
    on_time_target_percent: int = 95  # the dashboard's on-time rate tiles: at or above it is on target

    @classmethod
    def from_mapping(cls, values: dict[str, object]) -> ProviderSettings:
        """Settings from stored values; unknown keys are ignored and bad values fall back."""
        kwargs: dict[str, int] = {}
        for f in fields(cls):
            raw = values.get(f.name)
            if isinstance(raw, int) and not isinstance(raw, bool) and (raw > 0 or (raw == 0 and f.name in ZERO_ALLOWED)):
                kwargs[f.name] = raw
        return cls(**kwargs)

    def to_mapping(self) -> dict[str, int]:
        """The values to store."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


#: The range each policy value may take (the policy box's spin boxes use the same).
POLICY_LIMITS: dict[str, tuple[int, int]] = {
    "due_soon_days": (1, 365), "supervision_weeks": (1, 26), "dbs_recheck_years": (1, 10),
    "qualification_warning_days": (1, 730), "induction_weeks": (1, 52), "probation_months": (1, 24),
    "incident_review_days": (1, 60), "lock_after_minutes": (0, 240),
    "backups_daily": (1, 60), "backups_weekly": (1, 52), "backups_monthly": (1, 120),
    "personnel_file_years": (1, 15), "on_time_target_percent": (50, 100)}


def validate_settings(values: ProviderSettings) -> dict[str, str]:
    """Problems with policy values, keyed by field name."""
    limits = POLICY_LIMITS
    problems: dict[str, str] = {}
    for name, (low, high) in limits.items():
        value = getattr(values, name)
        if not low <= value <= high:
            unit = POLICY_HELP[name].unit
            problems[name] = f"Choose a value from {low} to {high}{'' if unit == '%' else ' '}{unit}."
    return problems


#: Below this an on-time rate is far off, whatever the target (or below the target, when that is lower).
FAR_BELOW_PERCENT = 80


def rate_status(value: float, target: int) -> Status:
    """An on-time rate against the provider's target: in date at or above it, due soon below it, overdue far below.

    The status drives the tile's colour only; its words say 'your 95% target' (ui/dashboard/dashboard_tiles.py).
    """
    if value >= target:
        return Status.IN_DATE
    return Status.OVERDUE if value < min(FAR_BELOW_PERCENT, target) else Status.DUE_SOON
