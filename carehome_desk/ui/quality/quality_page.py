"""Quality: self-evaluation against the SCCIF, the action plan, Reg 44 visits, Reg 45 reviews and inspections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QSizePolicy, QTabWidget, QWidget

from carehome_desk.models.changes import Changes, Register
from carehome_desk.store import NotFoundError, Store
from carehome_desk.ui.quality.actions_tab import ActionsTab
from carehome_desk.ui.quality.inspections_tab import InspectionsTab
from carehome_desk.ui.widgets.page import Page, PageId
from carehome_desk.ui.widgets.screen_fit import scroll_body
from carehome_desk.ui.quality.quality_common import QualityTab
from carehome_desk.ui.quality.reg44_tab import Reg44Tab
from carehome_desk.ui.quality.reg45_tab import Reg45Tab
from carehome_desk.ui.quality.self_evaluation_tab import SelfEvaluationTab
from carehome_desk.ui.widgets.style import heading

if TYPE_CHECKING:  # a type hint only: the core's figures are not loaded for it
    from carehome_desk.services.evidence import Period

#: Registers whose changes the tabs show: the quality records, and what the evidence figures, the
#: Reg 45 draft and the Level 5 check read.
WATCHED = (Register.QUALITY, Register.HOMES, Register.INCIDENTS, Register.CHILDREN, Register.NOTIFICATIONS,
           *Register.workforce())


class QualityPage(Page):
    """Five tabs over one home's improvement cycle; Ctrl+N, Ctrl+F and Ctrl+S act on the tab on show."""

    page_id = PageId.QUALITY
    title = page_id.value
    makes_new_records = True
    watches = WATCHED

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self._reloads = 0
        self.self_evaluation = SelfEvaluationTab(store)
        self.actions_tab = ActionsTab(store)
        self.reg44 = Reg44Tab(store)
        self.reg45 = Reg45Tab(store)
        self.inspections = InspectionsTab(store)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Parts of quality assurance")
        for tab, text in ((self.self_evaluation, "Self-eval&uation"), (self.actions_tab, "Action p&lan"),
                          (self.reg44, "Reg &44 visits"), (self.reg45, "Reg 4&5 reviews"),
                          (self.inspections, "Ins&pections")):
            self.tabs.addTab(tab, text)
            tab.changed.connect(self._emit)
            tab.status_message.connect(self.status_message.emit)
        # A laptop at 150% has less height than the self-evaluation needs: the page scrolls, Save stays reachable.
        self.scroll_area, layout = scroll_body(self)
        layout.addWidget(heading(self.title))
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._size_to_tab)
        self._size_to_tab()

    def _size_to_tab(self, _index: int = 0) -> None:
        """The page as large as the tab on show needs, not the largest of the five: a short tab does not scroll
        because the self-evaluation is tall, nor a narrow one sideways because another's toolbar is wide."""
        shown = self.tabs.currentWidget()
        for tab in self.all_tabs():
            policy = QSizePolicy.Policy.Preferred if tab is shown else QSizePolicy.Policy.Ignored
            tab.setSizePolicy(policy, policy)

    def all_tabs(self) -> list[QualityTab]:
        """Every tab, in order."""
        return [self.self_evaluation, self.actions_tab, self.reg44, self.reg45, self.inspections]

    def current_tab(self) -> QualityTab:
        """The tab on show."""
        tab = self.tabs.currentWidget()
        assert isinstance(tab, QualityTab)
        return tab

    def show_tab(self, tab: QualityTab) -> None:
        """Bring a tab forward."""
        self.tabs.setCurrentWidget(tab)

    # ---- loading -------------------------------------------------------------------------

    def set_home(self, home_id) -> None:  # type: ignore[no-untyped-def]
        """Show another home (read now if on show, else when next shown)."""
        if self.home_id != home_id:
            for tab in self.all_tabs():  # half-made records belong to the home being left
                tab.discard()
        self.home_id = home_id
        self.refresh()

    def reload(self) -> None:
        """Read every tab again (each keeps its unsaved edits)."""
        self._reloads += 1
        try:
            home = self.store.homes.get(self.home_id) if self.home_id is not None else None
        except NotFoundError:
            home = None
        for tab in self.all_tabs():
            tab.set_home(home)

    def _emit(self, changes: Changes) -> None:
        before = self._reloads
        self.changed.emit(changes)
        if self._reloads == before:  # not inside a window that broadcasts: read the change ourselves
            self.reload()

    # ---- links from the dashboard -------------------------------------------------------

    def apply_filter(self, key: str, period: Period | None = None) -> bool:
        """Bring forward the tab a dashboard link is about: 'actions' (most urgent first), 'reg44', 'reg45', or
        Getting started's 'setup:reg44' and 'setup:inspection'."""
        tabs: dict[str, QualityTab] = {"actions": self.actions_tab, "reg44": self.reg44, "reg45": self.reg45,
                                       "setup:reg44": self.reg44, "setup:inspection": self.inspections}
        tab = tabs.get(key)
        if tab is None:
            return False
        self.ensure_loaded()
        self.show_tab(tab)
        if tab is self.actions_tab:
            self.actions_tab.show_open_most_urgent_first()
        return True

    def show_record(self, record_id: int, key: str = "") -> bool:
        """Open the record behind a due item: its key says which ('action:5', 'reg44:report:3', 'reg45:report:2')."""
        self.ensure_loaded()
        kind = key.split(":", 1)[0]
        if kind == "action":
            self.show_tab(self.actions_tab)
            return self.actions_tab.show_action(record_id)
        if kind == "reg44":
            self.show_tab(self.reg44)
            return key.startswith("reg44:report:") and self.reg44.select_visit(record_id)
        if kind == "reg45":
            self.show_tab(self.reg45)
            return key.startswith("reg45:report:") and self.reg45.select_review(record_id)
        return False

    # ---- the shell's keys ----------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        """True when the self-evaluation or a Reg 45 review holds edits."""
        return any(tab.has_unsaved_changes() for tab in self.all_tabs())

    def unsaved_record(self) -> str:
        """The tabs that hold edits, as their tabs are titled."""
        return ", ".join(self.tabs.tabText(self.tabs.indexOf(tab)).replace("&", "")
                         for tab in self.all_tabs() if tab.has_unsaved_changes())

    def save(self) -> bool:
        """Ctrl+S: save the tab on show, then any other tab with edits; stop at the first that cannot be saved."""
        ordered = [self.current_tab()] + [t for t in self.all_tabs() if t is not self.current_tab()]
        for tab in ordered:
            if tab.has_unsaved_changes() and not tab.save():
                self.show_tab(tab)
                return False
        return True

    def discard(self) -> None:
        """Throw away every tab's edits."""
        for tab in self.all_tabs():
            tab.discard()

    def new_record(self) -> None:
        """Ctrl+N: a new record of the tab on show."""
        self.current_tab().new_record()

    def focus_filter(self) -> None:
        """Ctrl+F: the filter of the tab on show (the action plan has one; the other tabs are short lists)."""
        self.current_tab().focus_filter()
