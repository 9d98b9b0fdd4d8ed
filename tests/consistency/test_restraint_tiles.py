"""The restraint count and the restraint steps' timeliness come from one count of the same incidents.

Issue 16: the Dashboard showed "Restraints: 1 in 30 days" beside "Restraint steps on time: — No
restraints in the period": a restraint whose steps were not yet due was counted by one tile and
read as "no restraints" by the other.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from carehome_desk.services import dashboard
from carehome_desk.services.evidence import Period
from carehome_desk.models.children import ChildDetails, LegalStatus
from carehome_desk.models.incidents import IncidentDetails, IncidentType, RestraintDetails
from carehome_desk.models.home import Home
from carehome_desk.store import Store
from tests.conftest import FIXED_NOW, oak_lodge

TODAY = date(2026, 11, 22)


def shown(tile: dashboard.Tile) -> str:
    """The words the dashboard page puts under a tile's figure (its hint when there is nothing to count)."""
    from carehome_desk.ui.dashboard.dashboard_page import DashboardPage  # the page's own rule, not a copy of it

    return DashboardPage._with_hint(None, tile).detail  # type: ignore[arg-type]


@pytest.fixture
def home(store: Store) -> Home:
    home, _ = store.homes.add(oak_lodge())
    return home


def _restraint(store: Store, home: Home, at: datetime, **details: object) -> None:
    child, _ = store.children.add(home.id, ChildDetails("C01", "AB", date(2011, 3, 4), date(2025, 1, 10),
                                                        "Northmoor County Council", LegalStatus.SECTION_31))
    store.incidents.add(home.id, IncidentDetails(
        IncidentType.RESTRAINT, at, (child.id,), "Tried to hit a peer; staff intervened.", "Lounge",
        details=RestraintDetails(behaviour="Tried to hit a peer", measure="Standing hold", duration_minutes=3,
                                 **details),  # type: ignore[arg-type]
        notifiable=False, reg40_rationale="Not serious: brief hold, no injury."))


@pytest.mark.parametrize("details", [{}, {"ehc_plan_planned": True}], ids=["steps-not-yet-due", "ehc-exempt"])
def test_a_restraint_is_never_read_as_no_restraints(store: Store, home: Home, details: dict[str, object]) -> None:
    _restraint(store, home, FIXED_NOW - timedelta(hours=3), **details)
    tiles = {t.key: t for t in dashboard.tiles(store, home, TODAY)}
    assert tiles["restraints"].value == "1 in 30 days"
    words = shown(tiles["restraint_steps_on_time"])
    assert "No restraints" not in words
    assert "1 restraint" in words


def test_with_a_period_both_tiles_count_the_same_restraints(store: Store, home: Home) -> None:
    _restraint(store, home, FIXED_NOW - timedelta(hours=3))
    period = Period(date(2026, 4, 1), date(2026, 6, 30))  # the restraint is outside it
    tiles = {t.key: t for t in dashboard.tiles(store, home, TODAY, period=period)}
    assert tiles["restraints"].detail.startswith("0 from 01/04/2026 to 30/06/2026")
    assert shown(tiles["restraint_steps_on_time"]).startswith("No restraints from 01/04/2026 to 30/06/2026")
