"""Incidents: the sortable, filterable log above, the selected incident's form, steps and reg 40 below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QHeaderView, QLineEdit, QPushButton, QSizePolicy, QSplitter, QStackedWidget, QTableView,
    QVBoxLayout, QWidget,
)

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.children import Child
from carehome_desk.models.counted import counted
from carehome_desk.models.home import Home
from carehome_desk.models.ids import ChildId, IncidentId
from carehome_desk.models.incidents import Incident, IncidentType
from carehome_desk.store import Store
from carehome_desk.ui.incidents.incident_editor import IncidentEditor
from carehome_desk.ui.incidents.incident_filters import IncidentFilterBar
from carehome_desk.ui.incidents.incident_table_model import (
    IncidentFilterProxy,
    IncidentRow,
    IncidentTableModel,
    build_row,
)
from carehome_desk.ui.incidents.incident_type_dialog import IncidentTypeDialog
from carehome_desk.ui.incidents.log_columns import SUMMARY, LogColumns
from carehome_desk.ui.incidents.tile_filters import TILE_FILTERS, tile_message, tile_period
from carehome_desk.ui.widgets.list_or_record import ListOrRecord
from carehome_desk.ui.widgets.register_page import RegisterPage, setup_table
from carehome_desk.ui.widgets.style import heading, role_label
from carehome_desk.ui.widgets.saving import reload_after_gone
from carehome_desk.ui.widgets.page import PageId

if TYPE_CHECKING:  # a type hint only: the core's figures are loaded when a tile asks
    from carehome_desk.services.evidence import Period

EMPTY_TEXT = "No incidents recorded yet — click New… (Ctrl+N) to record one."
PLACEHOLDER = "Select an incident to see it with its statutory steps, or click New… to record one."
MINUTE_MS = 60_000
LOG_ROWS = 3  # the fewest rows of the log in view where the page has the height (not while adding an incident)
#: Below the log's LOG_ROWS rows the record needs about this many lines of text to be worked in (its heading,
#: a few form rows and Save). With less (150% display scaling on a 1366×768 laptop, about 911×512 in Qt's
#: pixels) the log and the record take the whole page in turn, as Staff does when narrow: Enter, double-click
#: or a click opens an incident, "All incidents" (Alt+Left) goes back to the log.
RECORD_LINES = 16
#: With no incident on show, the height kept under the log for "Select an incident…".
HINT_LINES = 4
#: With one on show, the log's share of the height (the record below takes the rest).
LOG_SHARE = 35


class IncidentsPage(RegisterPage):
    """The log; the selected incident below it, its countdowns refreshed each minute while the page is on show."""

    page_id = PageId.INCIDENTS
    title = page_id.value
    makes_new_records = True
    noun = "incident"
    watches = (Register.INCIDENTS, Register.NOTIFICATIONS, Register.CHILDREN, Register.STAFF, Register.SETTINGS,
               Register.HOMES)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self._reloads = 0
        self.kids: dict[ChildId, Child] = {}
        self.home: Home | None = None  # its local authority and whether it is secure decide some reg 40 recipients
        self.review_days = 7
        self.dialog: QDialog | None = None
        self.model = IncidentTableModel(self)
        self.proxy = IncidentFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.timer = QTimer(self)
        self.timer.setInterval(MINUTE_MS)
        self.timer.timeout.connect(self.tick)

        self.new_button = QPushButton("&New…")
        self.new_button.setToolTip("Record an incident: choose its type first (Ctrl+N)")
        self.new_button.clicked.connect(self.new_record)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by child, type, summary or status (Ctrl+F)")
        self.filter.setAccessibleName("Filter incidents")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.count = role_label("", "hint")
        self.count.setWordWrap(False)
        self.filters = IncidentFilterBar(self.proxy, store.today())
        self.filters.applied.connect(self._update_count)

        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        setup_table(self.table, self.proxy, "Incident log", descending=True, stretch_last=False)
        self.table.horizontalHeader().setSectionResizeMode(SUMMARY, QHeaderView.ResizeMode.Stretch)  # the full text is in its tooltip
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.log_columns = LogColumns(self.table)
        self.editor: IncidentEditor = IncidentEditor(store)
        self.editor.changed.connect(self._emit)
        self.editor.saved.connect(self._saved)
        # The record on show was archived elsewhere: its typing cannot be saved, so offer the list as it is now.
        self.editor.reload_button.clicked.connect(lambda: reload_after_gone(self, self, self.unsaved_record(), self.reload))
        self.placeholder = role_label(PLACEHOLDER, "hint")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(self.placeholder)
        self.detail_stack.addWidget(self.editor)
        self.detail_stack.currentChanged.connect(self._share_height)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.in_turn = ListOrRecord(self, self.table, self.detail_stack, back="◀ All incidents", where="the incident log",
                                    focus_record=self._focus_record)
        self.in_turn.list_only.append(self.filters)  # the log's filters go with it: the record gets their rows
        self.back_button = self.in_turn.back_button
        self.record_side = self.in_turn.record_side
        self.splitter.addWidget(self.record_side)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height()
                                    + self.table.verticalHeader().defaultSectionSize() + 4)
        self.splitter.setChildrenCollapsible(False)
        self._user_split = False
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "_user_split", True))
        self._share_height(0)  # nobody on show yet
        self.table.installEventFilter(self)
        self.splitter.installEventFilter(self)
        self._empty_or(EMPTY_TEXT, self.splitter)

        first = QHBoxLayout()
        first.addWidget(self.new_button)
        first.addWidget(self.archive_button)
        first.addWidget(self.filter, 1)
        first.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title))
        layout.addLayout(first)
        layout.addWidget(self.filters)
        layout.addWidget(self.body, 1)

    # ---- loading -------------------------------------------------------------------------------

    def set_home(self, home_id) -> None:  # type: ignore[no-untyped-def]
        """Show another home's incidents (read now if on show, else when next shown)."""
        self.home_id = home_id
        self._shown = None
        if self.editor.is_new:  # a half-typed incident belongs to the home being left
            self.editor.clear()
        self.refresh()

    def reload(self) -> None:
        """Read the incidents again and work out their steps; keep the selected one."""
        self._reloads += 1
        now = self.store.now()
        self.review_days = self.store.settings.get().incident_review_days
        if self.home_id is None:
            incidents: list[Incident] = []
            children: list[Child] = []
            staff = []
            self.home = None
        else:
            incidents = self.store.incidents.list(self.home_id)
            # Archived entries too: an incident keeps naming every child it was about (marked archived).
            children = self.store.children.list(self.home_id, include_archived=True)
            staff = self.store.staff.list(self.home_id)
            self.home = self.store.homes.get(self.home_id)
        self.kids = {c.id: c for c in children}
        self.editor.set_context(self.home_id, children, staff, self.review_days, self.home)
        named = {c for i in incidents for c in i.child_ids}
        self.filters.fill_children([c for c in children if c.archived_at is None or c.id in named], self.store.today())
        rows = [build_row(i, self.kids, now, self.review_days, self.home) for i in incidents]
        keep = self._shown
        self._switching = True
        try:
            self.model.set_rows(rows)
        finally:
            self._switching = False
        self._size_columns()
        self._keep_log_rows()
        self._update_count()
        new_in_progress = self.editor.is_new
        self.body.setCurrentIndex(1 if rows or new_in_progress else 0)
        self.new_button.setEnabled(self.home_id is not None)
        if new_in_progress:
            return
        if keep is not None and self._select(keep):
            return
        self._shown = None
        self.detail_stack.setCurrentIndex(0)

    def _size_columns(self) -> None:
        self.log_columns.size()

    def _update_count(self) -> None:
        rows = [self.model.record(r) for r in range(self.model.rowCount())]
        action = sum(1 for r in rows if r.needs_action)
        unreviewed = sum(1 for r in rows if r.incident.reviewed_at is None)
        text = f"{counted(len(rows), 'incident')} · {action} need action · {unreviewed} not reviewed"
        if self.proxy.rowCount() != len(rows):
            text += f" · {self.proxy.rowCount()} shown"
        self.count.setText(text)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt naming
        stale = self._needs_reload
        super().showEvent(event)  # reads again if a change or another home was waiting
        if not stale:
            self.tick()  # the countdowns moved on while the page was hidden
        self.timer.start()

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt naming
        super().hideEvent(event)
        self.timer.stop()

    def tick(self) -> None:
        """Each minute: countdowns, statuses and the log's words worked out again at the store's 'now'."""
        self.model.retime(self.kids, self.store.now(), self.review_days, self.home)
        if self.detail_stack.currentIndex() == 1:
            self.editor.refresh()
        self._update_count()

    # ---- selection -----------------------------------------------------------------------------

    def record_id(self, row: IncidentRow) -> int:
        return int(row.incident.id)

    def record_editor(self) -> IncidentEditor:
        return self.editor

    def editing_new(self) -> bool:
        return self.editor.is_new

    def leave_question(self) -> str:
        return f"{self.editor.heading.text()} has changes that are not saved yet. Save them now?"

    def archive_record(self, record_id: int, reason: str) -> Changes:
        return self.store.incidents.archive(IncidentId(record_id), reason)

    def _show(self, row: IncidentRow | None) -> None:
        self._shown = row.incident.id if row else None
        if row is not None:
            same = self.editor.incident is not None and self.editor.incident.id == row.incident.id
            if not same or (self.editor.incident != row.incident and not self.editor.has_unsaved_changes()):
                self.editor.show_incident(row.incident)
        self.detail_stack.setCurrentIndex(1 if row else 0)
        if row is None:  # narrow, with nothing left to show (archived, say): back to the log
            self.in_turn.show_list()

    def show_incident(self, incident_id: IncidentId) -> bool:
        """Select an incident (clearing filters that hide it), asked for by another page through the window."""
        self.ensure_loaded()
        source = self.model.row_of(int(incident_id))
        if source < 0:
            return False
        if self._shown != incident_id and not self._confirm_leave():
            return False
        if not self.proxy.mapFromSource(self.model.index(source, 0)).isValid():
            self.clear_filters()
        self._select(incident_id)
        self.in_turn.open()
        return True

    # ---- filters -------------------------------------------------------------------------------

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def focus_filter(self) -> None:
        """Ctrl+F: the keyboard in the filter box; narrow, with a record across the page, the log comes back
        first (as "◀ All …" brings it), so what is typed there is seen filtering it."""
        self.in_turn.show_list()
        super().focus_filter()

    def clear_filters(self) -> None:
        """Show every incident again."""
        self.filter.clear()
        self.filters.clear()

    def apply_filter(self, key: str, period: Period | None = None) -> bool:
        """Arrange the log as a dashboard tile asks ('restraints', 'missing', 'rhi_offered', …): the incidents
        its figure counts, over the dashboard's ``period`` (its first to its last day) when it gives one."""
        if key not in TILE_FILTERS:
            return False
        _one, _several, kind, status, _counts = TILE_FILTERS[key]
        self.ensure_loaded()
        self.filter.clear()
        today = self.store.today()
        period, words = tile_period(key, period, today)
        self.filters.choose(kind, period.start, status, None if period.end == today else period.end)
        self.table.scrollToTop()
        self.status_message.emit(tile_message(key, self.proxy.rowCount(), words))
        return True

    def show_record(self, record_id: int, key: str = "") -> bool:
        """Open one incident (asked for by the dashboard's needs-action list); one kind, so no key."""
        return bool(record_id) and self.show_incident(IncidentId(record_id))

    # ---- editing -------------------------------------------------------------------------------

    def new_record(self) -> None:
        """Ctrl+N: choose the type, then an empty form for it."""
        if self.home_id is None or not self._confirm_leave():
            return
        dialog = IncidentTypeDialog(self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.start_new(dialog.chosen()))
        dialog.open()

    def start_new(self, kind: IncidentType | None) -> None:
        """An empty form for a new incident of ``kind``."""
        if kind is None or self.home_id is None:
            return
        self._clear_for_new()
        self.editor.start_new(kind)
        self.in_turn.open(focus=True)
        self.give_form_room()

    def _log_height(self, rows: int) -> int:
        header = self.table.horizontalHeader().sizeHint().height()
        return header + rows * self.table.verticalHeader().defaultSectionSize() + 2 * self.table.frameWidth() + 2

    def give_form_room(self) -> None:
        """Shrink the log to a few rows so the form being filled in gets the height (1366×768 laptops)."""
        wanted = self._log_height(min(max(self.proxy.rowCount(), 1), 4))
        total = sum(self.splitter.sizes())
        if total > wanted and not self.narrow:
            self.splitter.setSizes([wanted, total - wanted])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.splitter and event.type() == QEvent.Type.Resize:
            self._fit()
            if self.detail_stack.currentIndex() == 0:
                self._share_height(0)
        elif watched is self.table and event.type() == QEvent.Type.Resize:  # the splitter has shared out its height
            self._keep_log_rows()
            self.log_columns.fit()
        return False

    @property
    def narrow(self) -> bool:
        """Too short for the log and the record together: the log or the record, in turn."""
        return self.in_turn.narrow

    def _fit(self) -> None:
        """The log above the record while, under the log's LOG_ROWS rows, the record has RECORD_LINES lines of
        room; with less, each across the whole page in turn."""
        height = self.splitter.height()
        if height < 50:  # not laid out yet
            return
        room = height - self._log_wanted() - self.splitter.handleWidth()
        self.in_turn.arrange(room < RECORD_LINES * self.fontMetrics().lineSpacing())

    def _focus_record(self) -> None:
        self.editor.form.occurred.setFocus()

    def show_list(self) -> None:
        """Narrow: back from the incident to the log, on the same incident (its edits stay until it is left)."""
        self.in_turn.show_list()

    def _share_height(self, index: int) -> None:
        """Nobody on show: the log takes the height but for the lines saying what to do (the incident's form, hidden,
        does not hold it back); an incident opened takes its usual share back."""
        policy = self.editor.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Preferred if index else QSizePolicy.Policy.Ignored)
        self.editor.setSizePolicy(policy)
        total = sum(self.splitter.sizes())
        if self._user_split or self.narrow or self.editor.is_new or total < 50:
            return
        log = total * LOG_SHARE // 100 if index else total - HINT_LINES * self.fontMetrics().lineSpacing()
        self.splitter.setSizes([log, total - log])
        self._keep_log_rows()

    def _keep_log_rows(self) -> None:
        # A short page (150% text on a laptop) would leave the log a row or two at its usual share: it keeps
        # LOG_ROWS rows in view, up to half the height, unless the manager moved the divider or is adding one.
        if self._user_split or self.editor.is_new:
            return
        if self.narrow:  # the log or the record across the page, not shared
            return
        log, total = self.splitter.sizes()[0], sum(self.splitter.sizes())
        wanted = min(self._log_wanted(), total // 2)
        if log < wanted:
            self.splitter.setSizes([wanted, total - wanted])

    def _log_wanted(self) -> int:
        row = self.table.rowHeight(0) if self.proxy.rowCount() else self.table.verticalHeader().defaultSectionSize()
        around = (self.table.horizontalHeader().sizeHint().height() + 2 * self.table.frameWidth()
                  + self.table.horizontalScrollBar().sizeHint().height())  # room for a sideways scroll bar too
        return around + LOG_ROWS * row + 2

    def _saved(self, incident: Incident) -> None:
        self._shown = incident.id  # the reload that follows selects it
        self.status_message.emit(f"Saved: {incident.type.label}.")

    def _emit(self, changes: Changes) -> None:
        before = self._reloads
        self.changed.emit(changes)
        if self._reloads == before:  # not inside a window that broadcasts: read the change ourselves
            self.reload()

    def has_unsaved_changes(self) -> bool:
        """True when the incident on show holds edits."""
        return self.detail_stack.currentIndex() == 1 and self.editor.has_unsaved_changes()

    def unsaved_record(self) -> str:
        """The incident that holds the edits: its type and time, or the type of a new one."""
        kind = self.editor.kind
        if self.editor.is_new and kind is not None:
            return f"a new incident ({kind.label})"
        return self.editor.heading.text()

    def save(self) -> bool:
        """Ctrl+S: save the incident on show."""
        if self.detail_stack.currentIndex() == 0:
            return True
        return self.editor.save()

    def discard(self) -> None:
        """Throw away edits to the incident on show."""
        self.editor.discard()

    def revert(self) -> bool:
        """Edit › Revert: the incident's own Revert button (it asks before throwing typing away)."""
        if self.detail_stack.currentIndex() == 0:
            return True
        return self.editor.revert()
