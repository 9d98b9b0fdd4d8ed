"""The dashboard's Next Reg 45 review tile gives the date and status `due` gives for the same review.

Found while unifying issue 16's results: the tile counted a home with no review from its
registration date itself (and warned 30 days ahead whatever the provider's window), while `due`
counted 6 months from registration with the provider's window.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from carehome_desk.services import dashboard
from carehome_desk.services.due import requirements_for_home
from carehome_desk.models.dates import format_uk
from carehome_desk.store import Store
from tests.conftest import oak_lodge

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("registered", [date(2026, 8, 1), date(2026, 3, 1), date(2019, 11, 22)])
@pytest.mark.parametrize("window", [30, 60])
def test_the_reg45_tile_is_dues_reg45_review(store: Store, registered: date, window: int) -> None:
    store.settings.save(replace(store.settings.get(), due_soon_days=window))
    home, _ = store.homes.add(oak_lodge(registration_date=registered, last_inspection_date=date(2026, 11, 1)))
    tile = next(t for t in dashboard.tiles(store, home, TODAY) if t.key == "reg45")
    review = next(r for r in requirements_for_home(store, home, TODAY) if r.key == "reg45:review")
    assert review.due is not None
    assert (tile.value, tile.status) == (f"due {format_uk(review.due)}", review.status)
