"""The main window's pages, each imported and built the first time it is wanted.

The window opens with the dashboard alone built: the navigation list and the View menu need only
the pages' titles, which are their ``PageId`` values. A page's module is imported and the page
built when it is first shown, asked for by name (a tile, a needs-action item, a chronology link),
or when ``all()`` is called; until then the stack holds an empty stand-in. A page not yet built
has nothing unsaved and nothing to catch up on: it reads its records when it is built and shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import importlib
from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QWidget


if TYPE_CHECKING:  # a type hint only: SQLAlchemy is not loaded for it
    from carehome_desk.store import Store
from carehome_desk.ui.widgets.page import Page, PageId

#: Navigation order after the dashboard: each page's id and where its class lives.
LATER_PAGES: tuple[tuple[PageId, str, str], ...] = (
    (PageId.STAFF, "carehome_desk.ui.workforce.staff_page", "StaffPage"),
    (PageId.TRAINING, "carehome_desk.ui.workforce.training_matrix_page", "TrainingMatrixPage"),
    (PageId.CHECKS, "carehome_desk.ui.workforce.checks_page", "ChecksPage"),
    (PageId.CHILDREN, "carehome_desk.ui.children.children_page", "ChildrenPage"),
    (PageId.INCIDENTS, "carehome_desk.ui.incidents.incidents_page", "IncidentsPage"),
    (PageId.QUALITY, "carehome_desk.ui.quality.quality_page", "QualityPage"),
    (PageId.EVIDENCE_PACK, "carehome_desk.ui.exports.evidence_pack_page", "EvidencePackPage"),
    (PageId.HOME_SETTINGS, "carehome_desk.ui.settings.home_page", "HomePage"),
    (PageId.HISTORY, "carehome_desk.ui.history.history_page", "HistoryPage"),
)


def import_later_pages() -> None:
    """Import every page's module (no widget is made: safe on a worker thread once the window is up)."""
    for _, module, _ in LATER_PAGES:
        importlib.import_module(module)


class PageSet:
    """The pages in navigation order, the first built at once, the rest when first wanted."""

    def __init__(self, store: Store, stack: QStackedWidget, first: Page, adopt: Callable[[Page], None]):
        self.store, self.stack, self._adopt = store, stack, adopt
        self.ids: list[PageId] = [PageId(first.title), *(page_id for page_id, _, _ in LATER_PAGES)]
        self._built: list[Page | None] = [first] + [None] * len(LATER_PAGES)
        stack.addWidget(first)
        adopt(first)

    @property
    def titles(self) -> list[str]:
        """The navigation titles, without building anything."""
        return [page_id.value for page_id in self.ids]

    def row(self, page_id: PageId) -> int:
        """Where a page sits in the navigation list."""
        return self.ids.index(page_id)

    def at(self, row: int) -> Page:
        """The page at ``row``, built now if it was not yet."""
        page = self._built[row]
        if page is None:
            while self.stack.count() < len(self.ids):  # first asked: a stand-in for every page not built yet
                self.stack.addWidget(QWidget())  # (not with the window: the first frame needs only the dashboard)
            _, module, name = LATER_PAGES[row - 1]
            cls = getattr(importlib.import_module(module), name)
            page = self._built[row] = cls(self.store)
            assert isinstance(page, Page)
            stand_in = self.stack.widget(row)
            assert stand_in is not None
            showing = self.stack.currentIndex() == row
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
            if showing:
                self.stack.setCurrentIndex(row)
            self._adopt(page)
        return page

    def get(self, page_id: PageId) -> Page:
        """The page with this id, built now if it was not yet."""
        return self.at(self.row(page_id))

    def built(self) -> list[Page]:
        """The pages made so far, in navigation order."""
        return [page for page in self._built if page is not None]

    def all(self) -> list[Page]:
        """Every page, building those not made yet."""
        return [self.at(row) for row in range(len(self.ids))]


#: Where a needs-action item's record lives: the Staff page's tab for each workforce area…
STAFF_TABS = {"Qualification": "qualifications", "Recruitment check": "checks", "DBS": "dbs",
              "Training": "training", "Supervision": "supervision"}
#: …and the page for every other area (which may offer ``show_record(id)``).
RECORD_PAGES = {"Incident": PageId.INCIDENTS, "Action": PageId.QUALITY, "Reg 44": PageId.QUALITY, "Reg 45": PageId.QUALITY}
