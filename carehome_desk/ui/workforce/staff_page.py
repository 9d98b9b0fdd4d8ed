"""Staff: the list of everyone working at the home, and the selected person's record beside it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QStackedWidget,
    QVBoxLayout, QWidget,
)

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.ids import StaffId
from carehome_desk.models.qualifications import CONFIRM_KEY
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.staff import StaffMember, StaffRole
from carehome_desk.models.workforce import WorkforceSnapshot
from carehome_desk.store import Store
from carehome_desk.ui.workforce.clock_date_fields import to_confirm_html
from carehome_desk.ui.widgets.column_fit import MAX_COLUMN, fit_columns
from carehome_desk.ui.widgets.frozen_table_view import FrozenColumnTableView
from carehome_desk.ui.widgets.list_or_record import ListOrRecord
from carehome_desk.ui.widgets.register_page import NOT_SHOWN, RegisterPage, hold_width, leavers_words, setup_table
from carehome_desk.ui.workforce.staff_detail_panel import TABS, StaffDetailPanel
from carehome_desk.ui.workforce.staff_table_model import (
    COLUMNS,
    LEVEL_HEADING,
    NEEDS_ACTION_HEADING,
    StaffFilterProxy,
    StaffRow,
    StaffTableModel,
    build_staff_rows,
    column_index,
)
from carehome_desk.ui.widgets.style import heading, role_label
from carehome_desk.ui.widgets.saving import reload_after_gone
from carehome_desk.ui.widgets.page import IMPORT_MENU, PageId

if TYPE_CHECKING:  # a type hint only: the core's figures are not loaded for it
    from carehome_desk.services.evidence import Period

NAME, ROLE = 0, 1
LEVEL = [c.header for c in COLUMNS].index("Level 3/5")
ACTS_ON = max(column_index(NEEDS_ACTION_HEADING), column_index("Reg 32(7)"))  # the last column a manager acts on
#: The list may take up to this share of the page to keep what is overdue whole in view (150% text on a laptop).
MOST_FOR_LIST = 55
#: When even that share cannot show Name, Role and "Overdue / missing" whole (150% display scaling on a
#: 1366×768 laptop), the list and the record take the whole width in turn: Enter or double-click opens a
#: person, "All staff" (Alt+Left) goes back to the list.
#: The widest a column is sized from what it holds (the rest is elided, in full in the tooltip).
LIMITS = {ROLE: 220, LEVEL: 230}
#: With nobody on show, the room kept beside the list for "Select a person…" (wrapped onto a few lines).
HINT_WIDTH = 160
EMPTY_TEXT = ("No staff yet. Click New… (Ctrl+N) to add a member of staff, or bring in the staff list you "
              f"already keep in Excel with {IMPORT_MENU} (Ctrl+I): it is checked before anything is saved.")


class StaffPage(RegisterPage):
    """Sortable, filterable staff list (leavers hidden unless asked for) and the selected person's tabs."""

    page_id = PageId.STAFF
    title = page_id.value
    makes_new_records = True
    watches = (*Register.workforce(), Register.INCIDENTS)  # the Incidents tab lists the person's incidents
    noun = "person's record"
    archive_hint = "Someone who has left keeps their record: give them a leaving date instead."

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self._reloads = 0
        self._snap: WorkforceSnapshot | None = None
        self._settings = ProviderSettings()
        self._today = store.today()
        self._user_split = False  # once the manager drags the divider, leave it where they put it
        self._minimums: dict[int, int] = {}  # the list's narrowest columns, as last fitted

        self.model = StaffTableModel(self)
        self.proxy: StaffFilterProxy = StaffFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.new_button = QPushButton("&New…")
        self.new_button.setToolTip("Add a member of staff (Ctrl+N)")
        self.new_button.clicked.connect(self.new_record)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name, role or status (Ctrl+F)")
        self.filter.setAccessibleName("Filter staff")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.role_filter = QComboBox()
        self.role_filter.setAccessibleName("Show role")
        self.role_filter.addItem("All roles", None)
        for role in StaffRole:
            self.role_filter.addItem(role.label, role.value)
        self.role_filter.currentIndexChanged.connect(self._role_chosen)
        self.show_leavers = QCheckBox("Show &leavers")
        self.show_leavers.setToolTip("Leavers stay in the record; they are hidden from the list unless shown")
        self.show_leavers.toggled.connect(self._leavers_toggled)
        self.count = role_label("", "hint")
        self.count.setWordWrap(False)
        # Guessed Level 3/5 start dates (upgrade 0006 or an import), named until the manager confirms each one.
        self.to_confirm = role_label("", "banner")
        self.to_confirm.setAccessibleName("Dates to confirm")
        self.to_confirm.setTextFormat(Qt.TextFormat.RichText)
        self.to_confirm.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.to_confirm.linkActivated.connect(self._confirm_link)
        self.to_confirm.hide()

        self.table = FrozenColumnTableView()
        setup_table(self.table, self.proxy, "Staff")
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.panel = StaffDetailPanel(store)
        self.panel.changed.connect(self._emit)
        self.panel.member_saved.connect(self._member_saved)
        # The record on show was archived elsewhere: its typing cannot be saved, so offer the list as it is now.
        self.panel.details.reload_button.clicked.connect(lambda: reload_after_gone(self, self, self.unsaved_record(), self.reload))
        self.panel.saved_message.connect(self.status_message.emit)
        self.incident_requested = self.panel.incident_requested  # the window opens it on the Incidents page
        self.placeholder = role_label("Select a person to see their record, or click New… to add one.", "hint")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(self.placeholder)
        self.detail_stack.addWidget(self.panel)
        self.detail_stack.currentChanged.connect(self._record_shown_changed)
        hold_width(self.panel, False)
        # Enter, double-click (or, narrow, a click) opens the person; "All staff" (Alt+Left) goes back.
        self.in_turn = ListOrRecord(self, self.table, self.detail_stack, back="◀ All staff", where="the staff list",
                                    focus_record=lambda: self.panel.tabs.currentWidget().setFocus())
        self.in_turn.narrowed.connect(self._move_filters)
        self.back_button = self.in_turn.back_button
        self.record_side = self.in_turn.record_side
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.record_side)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "_user_split", True))
        self._empty_or(EMPTY_TEXT, self.splitter)
        self.empty.setAccessibleName("No staff yet")

        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.new_button)
        self.toolbar.addWidget(self.archive_button)
        self.toolbar.addWidget(self.filter, 1)
        role_label_ = QLabel("Role:")
        role_label_.setBuddy(self.role_filter)
        self._filters = (role_label_, self.role_filter, self.show_leavers, self.count)
        for widget in self._filters:
            self.toolbar.addWidget(widget)
        self.narrow_row = QHBoxLayout()  # narrow: the filters and the count below, so the filter box keeps its width
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title))
        layout.addLayout(self.toolbar)
        layout.addLayout(self.narrow_row)
        layout.addWidget(self.to_confirm)
        layout.addWidget(self.body, 1)

    # ---- loading -------------------------------------------------------------------------

    def set_home(self, home_id) -> None:  # type: ignore[no-untyped-def]
        """Show another home's staff (read now if on show, else when next shown)."""
        self.home_id = home_id
        self._shown = None
        if self.panel.details.is_new:  # a half-typed person belongs to the home being left
            self.panel.details.show_member(None, None)
        self.refresh()

    def reload(self) -> None:
        """Read the workforce again, keep the selected person, and refresh their tabs."""
        self._reloads += 1
        self._today = self.store.today()
        self._settings = self.store.settings.get()
        if self.home_id is None:
            self._snap = None
            rows: list[StaffRow] = []
        else:
            self._snap = self.store.workforce.snapshot(self.home_id)
            rows = build_staff_rows(self._snap, self._settings, self._today)
        keep = self._shown
        self._switching = True
        try:
            self.model.set_rows(rows)
        finally:
            self._switching = False
        # Name and role readable first; the status cells are short, their detail in the tooltip.
        # If the list is still too narrow for what is overdue (150% text on a laptop, the record's forms
        # needing their width), the role gives up width first, then a long "1 overdue · 3 missing" down to
        # its heading's width: each elided, with the full words (and every item) in the tooltip.
        needs = column_index(NEEDS_ACTION_HEADING)
        self._minimums = {NAME: 140, ROLE: 160, needs: self.table.horizontalHeader().sectionSizeHint(needs)}
        fit_columns(self.table, limits=LIMITS, squeeze=(ROLE, needs), until=needs, minimums=self._minimums)
        self._update_count()
        self._show_to_confirm(rows)
        self._split()
        new_in_progress = self.panel.details.is_new
        self.body.setCurrentIndex(1 if rows or new_in_progress else 0)
        if new_in_progress:
            return
        if keep is not None and self._select(keep):
            return
        self._shown = None
        self.detail_stack.setCurrentIndex(0)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt naming
        super().showEvent(event)
        self._split()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._split()

    def _split(self) -> None:
        """Give the list the width its columns need, up to 45% of the page; the record gets the rest.

        Too narrow for the list to show what is overdue whole in its share (MOST_FOR_LIST%): the list and
        the record each take the whole width in turn (``narrow``)."""
        if self.model.rowCount() == 0 or self.splitter.width() < 100:
            return
        header = self.table.horizontalHeader()
        total = self.splitter.width()
        needs = sum(header.sectionSize(c) for c in range(column_index(NEEDS_ACTION_HEADING) + 1))
        self._arrange(needs + self.table.verticalScrollBar().sizeHint().width() + 4 > total * MOST_FOR_LIST // 100)
        if self._user_split or self.narrow:
            return
        wanted = sum(header.sectionSize(c) for c in range(header.count())) + self.table.verticalScrollBar().sizeHint().width() + 4
        # On a laptop the record takes a little more than half (its forms, hints and rule columns need
        # it) while the list still shows Name, Role and what is overdue; on a wide screen the list may
        # take more, the record keeping about 760 px (its forms are capped near there anyway).
        left = min(wanted, max(total * 45 // 100, total - 760))
        if self.detail_stack.currentIndex() == 0:  # nobody on show: every column whole and in view, the hint beside
            whole = sum(max(min(max(self.table.sizeHintForColumn(c), header.sectionSizeHint(c)),
                                LIMITS.get(c, MAX_COLUMN)), self._minimums.get(c, 0))
                        for c in range(header.count()))  # as wide as the fit makes them once there is room
            edges = self.table.verticalScrollBar().sizeHint().width() + 2 * self.table.frameWidth() + 4
            left = max(left, min(whole + edges, total - HINT_WIDTH))
        # Never less than the width through what a manager acts on ("Overdue / missing", then Reg 32(7)), up to
        # MOST_FOR_LIST% of the page: with 150% text on a laptop it was otherwise hidden behind the record.
        through = sum(header.sectionSize(c) for c in range(ACTS_ON + 1)) + self.table.verticalScrollBar().sizeHint().width() + 4
        left = max(left, min(through, total * MOST_FOR_LIST // 100))
        self.splitter.setSizes([left, total - left])

    def _record_shown_changed(self, index: int) -> None:
        hold_width(self.panel, index == 1)
        self._split()


    @property
    def narrow(self) -> bool:
        """Too narrow for both side by side: the list or the record, in turn."""
        return self.in_turn.narrow

    def _arrange(self, narrow: bool) -> None:
        self.in_turn.arrange(narrow)

    def _move_filters(self, narrow: bool) -> None:
        """Narrow: the filters and the count on a row of their own, so the filter box keeps its width."""
        into = self.narrow_row if narrow else self.toolbar
        for widget in self._filters:
            (self.toolbar if narrow else self.narrow_row).removeWidget(widget)
            into.addWidget(widget)
        if narrow:
            self.narrow_row.addStretch(1)
        else:
            self.narrow_row.takeAt(0)  # the stretch

    def _open_record(self, *, focus: bool = False) -> None:
        self.in_turn.open(focus=focus)

    def show_list(self) -> None:
        """Narrow: back from the record to the list, on the person shown (their edits stay until they leave)."""
        self.in_turn.show_list()

    def _update_count(self) -> None:
        rows = [self.model.record(r) for r in range(self.model.rowCount())]
        current = sum(1 for r in rows if r.current)
        leavers = len(rows) - current
        shown = self.proxy.rowCount()
        text = f"{current} current"
        if leavers:
            text += f" · {leavers_words(leavers)}" + ("" if self.show_leavers.isChecked() else NOT_SHOWN)
        if shown != len(rows) and (self.filter.text() or self.proxy.role is not None):
            text += f" · {shown} shown"
        self.count.setText(text)

    def _show_to_confirm(self, rows: list[StaffRow]) -> None:
        # The same items `due` lists: none for someone whose diploma is already met.
        people = [r.member for r in rows if r.current and any(q.key == CONFIRM_KEY for q in r.requirements)]
        self.to_confirm.setText(to_confirm_html(people) if people else "")
        self.to_confirm.setVisible(bool(people))

    def _confirm_link(self, link: str) -> None:
        if link.startswith("staff:"):
            self.show_person(StaffId(int(link.removeprefix("staff:"))), "details")

    # ---- selection -----------------------------------------------------------------------

    def record_id(self, row: StaffRow) -> int:
        return int(row.member.id)

    def record_editor(self) -> StaffDetailPanel:
        return self.panel

    def editing_new(self) -> bool:
        return self.panel.details.is_new

    def leave_question(self) -> str:
        who = self.panel.heading.text() or "this person"
        return f"The record of {who} has changes that are not saved yet. Save them now?"

    def archive_record(self, record_id: int, reason: str) -> Changes:
        return self.store.staff.archive(StaffId(record_id), reason)

    def _show(self, row: StaffRow | None) -> None:
        self._shown = row.member.id if row else None
        self.panel.show_row(row, self._snap, self._settings, self._today)
        self.detail_stack.setCurrentIndex(1 if row else 0)

    def show_person(self, staff_id: StaffId, tab: str = "details") -> bool:
        """Select a person (showing leavers or clearing filters if they hide them) and bring a tab forward."""
        self.ensure_loaded()
        source = self.model.row_of(int(staff_id))
        if source < 0:
            return False
        if not self.proxy.mapFromSource(self.model.index(source, 0)).isValid():
            self.filter.clear()
            self.role_filter.setCurrentIndex(0)
            if not self.model.record(source).current:
                self.show_leavers.setChecked(True)
        if self._shown != staff_id and not self._confirm_leave():
            return False
        self._select(staff_id)
        self.panel.show_tab(tab)
        self._open_record()
        return True

    # ---- filters -------------------------------------------------------------------------

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def focus_filter(self) -> None:
        """Ctrl+F: the keyboard in the filter box; narrow, with a record across the page, the list comes back
        first (as "◀ All …" brings it), so what is typed there is seen filtering it."""
        self.in_turn.show_list()
        super().focus_filter()

    def _role_chosen(self, _index: int) -> None:
        value = self.role_filter.currentData()
        self.proxy.set_role(StaffRole(value) if value else None)
        self._update_count()

    def _leavers_toggled(self, show: bool) -> None:
        self.proxy.set_show_leavers(show)
        self._update_count()

    def apply_filter(self, key: str, period: Period | None = None) -> bool:
        """Arrange the list as a dashboard tile asks: who needs action first, or Level 3/5 progress.

        'setup:manager' (Getting started's "Add the manager…") opens a new record with the role set to
        Registered manager.
        """
        if key == "setup:manager":
            self.ensure_loaded()
            self.new_in_role(StaffRole.REGISTERED_MANAGER)
            return True
        heading = {"needs_action": NEEDS_ACTION_HEADING, "level3": LEVEL_HEADING, "level5": LEVEL_HEADING}.get(key)
        if heading is None:
            return False
        column = column_index(heading)
        self.ensure_loaded()
        self.filter.clear()
        self.role_filter.setCurrentIndex(self.role_filter.findData(
            StaffRole.REGISTERED_MANAGER.value) if key == "level5" else 0)
        # Most overdue or missing items first; for the diploma, the most urgent status first.
        order = Qt.SortOrder.DescendingOrder if key == "needs_action" else Qt.SortOrder.AscendingOrder
        self.table.sortByColumn(column, order)
        self.table.scrollToTop()
        what = {"needs_action": "people with the most overdue or missing items first",
                "level3": "sorted by Level 3/5 progress, overdue first",
                "level5": "the registered manager's Level 5"}[key]
        self.status_message.emit(f"Staff: {what}.")
        return True

    # ---- editing -------------------------------------------------------------------------

    def new_record(self) -> None:
        """Ctrl+N: an empty staff record form."""
        self.new_in_role(StaffRole.RESIDENTIAL_WORKER)

    def new_in_role(self, role: StaffRole) -> None:
        """An empty staff record form with its role preset (Getting started's "Add the manager…")."""
        if self.home_id is None or not self._confirm_leave():
            return
        self._clear_for_new()
        self.panel.start_new(self.home_id, role)
        self._open_record()

    def _member_saved(self, member: StaffMember) -> None:
        self._shown = member.id  # the reload that follows selects them
        self.status_message.emit(f"Saved the staff record of {member.full_name}.")

    def _emit(self, changes: Changes) -> None:
        before = self._reloads
        self.changed.emit(changes)
        if self._reloads == before:  # not inside a window that broadcasts: read the change ourselves
            self.reload()
        if self._shown is not None and self.model.row_of(int(self._shown)) >= 0:
            self.show_person(self._shown, self._tab_name())

    def _tab_name(self) -> str:
        return TABS[self.panel.tabs.currentIndex()]

    def has_unsaved_changes(self) -> bool:
        """True when any form on the selected record holds edits."""
        return self.panel.has_unsaved_changes()

    def unsaved_record(self) -> str:
        """The person whose record holds the edits."""
        return "a new member of staff" if self.panel.details.is_new else self.panel.heading.text()

    def save(self) -> bool:
        """Ctrl+S: save the forms of the selected record."""
        if self.detail_stack.currentIndex() == 0:
            return True
        return self.panel.save()

    def discard(self) -> None:
        """Throw away edits on the selected record."""
        self.panel.discard()
