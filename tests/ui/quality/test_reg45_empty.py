"""The Reg 45 tab with no review yet: it says when the first is due, by the rule the dashboard's tile uses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from carehome_desk.services.dashboard import tiles as home_tiles
from carehome_desk.store import Store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.quality.quality_page import QualityPage

TODAY = date(2026, 11, 22)  # the fixed clock's day (tests/conftest.py)


def reg45_empty_text(window: MainWindow, store: Store, registered: date | None) -> tuple[str, str]:
    """The empty tab's words and the dashboard tile's figure, for a home registered on ``registered``."""
    home = store.homes.list()[0]
    store.homes.update(home.id, replace(home.details, registration_date=registered, last_inspection_date=None,
                                        last_inspection_grades={}), expect_version=home.version)
    page = next(p for p in window.pages if isinstance(p, QualityPage))
    window.nav.setCurrentRow(window.pages.index(page))
    page.show_tab(page.reg45)
    assert page.reg45.body.currentWidget() is page.reg45.empty and page.reg45.empty.isVisible()
    tile = next(t for t in home_tiles(store, store.homes.get(home.id), TODAY) if t.key == "reg45")
    return page.reg45.empty.text(), tile.value


def test_no_review_yet_says_by_when_the_first_is_due(window: MainWindow, home_store: Store) -> None:
    text, tile = reg45_empty_text(window, home_store, date(2026, 7, 1))
    assert tile == "due 01/01/2027"  # six months from registration: the dashboard's figure
    assert text == ("No Reg 45 reviews recorded yet. The first is due by 01/01/2027, six months after "
                    "registration on 01/07/2026. Click New review (Ctrl+N) to start it.")


def test_a_first_review_past_its_date_is_overdue_first(window: MainWindow, home_store: Store) -> None:
    text, tile = reg45_empty_text(window, home_store, date(2026, 3, 1))
    assert tile == "due 01/09/2026"
    assert text.startswith("No Reg 45 reviews recorded yet. Overdue: the first was due by 01/09/2026, six months "
                           "after registration on 01/03/2026.")


def test_no_registration_date_says_where_to_add_it(window: MainWindow, home_store: Store) -> None:
    text, _tile = reg45_empty_text(window, home_store, None)
    assert "add the registration date in Home settings" in text and "Click New review (Ctrl+N)" in text
