"""Which incidents a dashboard tile's figure counts: the log's filters, the period and the status bar's words."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from carehome_desk.models.incidents import IncidentType
from carehome_desk.ui.incidents.incident_filters import MISSING_OR_AWAY

if TYPE_CHECKING:  # a type hint only: the core's figures are loaded when a tile asks
    from carehome_desk.services.evidence import Period

#: Dashboard tile → (one, several of what the log then shows; type; status filter; what the tile's figure counts
#: of them). Over the dashboard's period when it gives one; without, the restraint and missing tiles' 90 days
#: and the rates' last 12 months (``last_months``), as the tiles count them then.
TILE_FILTERS: dict[str, tuple[str, str, IncidentType | str | None, str, str]] = {
    "restraints": ("restraint", "restraints", IncidentType.RESTRAINT, "all",
                   "as the Restraints tile's second figure counts them (its headline counts the last 30 days)"),
    "restraint_steps_on_time": ("restraint", "restraints", IncidentType.RESTRAINT, "all",
                                "whose Reg 35 steps done or overdue the Restraint steps on time rate counts"),
    "missing": ("missing or away episode", "missing and away episodes", MISSING_OR_AWAY, "all",
                "as the Missing and away tile's second figure counts them (its headline counts the last 30 days)"),
    "rhi_offered": ("return from missing or away", "returns from missing or away", MISSING_OR_AWAY, "returned",
                    "the returns the Return interviews offered rate counts, offered or not"),
    "notifications_on_time": ("notifiable incident", "notifiable incidents", None, "notifiable",
                              "whose recipients the Reg 40 notifications on time rate counts"),
}
#: The tiles whose log covers their second figure's 90 days when no period is given.
NINETY_DAYS = ("restraints", "missing")


def tile_period(key: str, period: Period | None, today: date) -> tuple[Period, str]:
    """The days a tile's figure covers and how the status bar says them: the dashboard's ``period`` when it
    gives one, else the tile's own 90 days or last 12 months."""
    from carehome_desk.services import evidence
    from carehome_desk.services.dashboard import period_words

    if period is not None:
        return period, period_words(period, today)
    if key in NINETY_DAYS:
        return evidence.Period(today - timedelta(days=89), today), "in the last 90 days"
    return evidence.last_months(today), "in the last 12 months"


def tile_message(key: str, shown: int, words: str) -> str:
    """'Incidents: 3 restraints in the last 90 days, as the Restraints tile's second figure counts them …'."""
    one, several, _kind, _status, counts = TILE_FILTERS[key]
    return f"Incidents: {shown} {one if shown == 1 else several} {words}, {counts}."
