"""Children: the register (reference and initials only) over the selected child's chronology; their entry beside."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox, QGroupBox, QLineEdit, QPushButton, QSplitter, QStackedWidget, QTableView,
    QVBoxLayout, QWidget,
)

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.children import Child
from carehome_desk.models.dates import format_uk
from carehome_desk.models.ids import ChildId
from carehome_desk.models.incidents import Incident
from carehome_desk.services.child_archive import archive_warning, named_in
from carehome_desk.store import Store
from carehome_desk.ui.children.child_form import ChildForm
from carehome_desk.ui.children.children_table_model import (
    AUTHORITY,
    LEGAL,
    ChildrenFilterProxy,
    ChildrenTableModel,
    ChildRow,
    build_child_rows,
)
from carehome_desk.ui.children.chronology_view import ChronologyView
from carehome_desk.ui.widgets.column_fit import fit_columns
from carehome_desk.ui.widgets.register_page import NOT_SHOWN, RegisterPage, hold_width, leavers_words, setup_table
from carehome_desk.ui.widgets.style import heading, role_label
from carehome_desk.ui.widgets.saving import reload_after_gone
from carehome_desk.ui.widgets.page import PageId
from carehome_desk.ui.widgets.two_rows import TwoRows

EMPTY_TEXT = "No children in the register yet — click New… (Ctrl+N) to admit one."
#: With no child open, the room kept beside the register for "Select a child…" (wrapped onto a few lines).
HINT_WIDTH = 120


def describe(row: ChildRow) -> str:
    """'Age 15 · admitted 10/07/2025 (planned) · Section 20 (accommodated) · Ashby Fields Borough Council'."""
    c = row.child
    admitted = "arriving" if row.arriving else "admitted"
    parts = [f"Age {row.age}", f"{admitted} {format_uk(c.admission_date)} "
                               f"({'planned' if c.admission_planned else 'emergency'})", c.legal_status.label]
    if c.placing_authority:
        parts.append(c.placing_authority)
    if c.leaving_date:
        parts.append(f"left {format_uk(c.leaving_date)}")
    return " · ".join(parts)


class ChildrenPage(RegisterPage):
    """Sortable register (children who have left hidden unless asked for); details and chronology beside it."""

    proxy: ChildrenFilterProxy
    form: ChildForm

    page_id = PageId.CHILDREN
    title = page_id.value
    makes_new_records = True
    noun = "child's entry"
    archive_hint = "A child who has left keeps their entry: give a leaving date instead."
    watches = (Register.CHILDREN, Register.INCIDENTS)
    #: Asks the window to open an incident on the Incidents page (its id).
    incident_requested = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self._reloads = 0
        self._incidents: list[Incident] = []
        self.model = ChildrenTableModel(self)
        self.proxy = ChildrenFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.new_button = QPushButton("&New…")
        self.new_button.setToolTip("Admit a child to the register (Ctrl+N)")
        self.new_button.clicked.connect(self.new_record)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by reference, initials or authority (Ctrl+F)")
        self.filter.setAccessibleName("Filter children")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.show_leavers = QCheckBox("Show children &who have left")
        self.show_leavers.setToolTip("Children who have left stay in the record; they are hidden unless shown")
        self.show_leavers.toggled.connect(self._leavers_toggled)
        self.count = role_label("", "hint")
        self.count.setWordWrap(False)

        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        setup_table(self.table, self.proxy, "Children", default_width=80)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(lambda _index: self.form.reference.setFocus())

        self.heading = heading("", size_delta=3)
        self.subheading = role_label("", "hint")
        self.form = ChildForm(store)
        self.form.saved.connect(self._child_saved)
        # The record on show was archived elsewhere: its typing cannot be saved, so offer the list as it is now.
        self.form.reload_button.clicked.connect(lambda: reload_after_gone(self, self, self.unsaved_record(), self.reload))
        self.chronology = ChronologyView()
        self.chronology.incident_requested.connect(self.incident_requested.emit)
        self.chronology_box = QGroupBox("Chronology")
        box_layout = QVBoxLayout(self.chronology_box)
        box_layout.setContentsMargins(4, 4, 4, 4)
        box_layout.addWidget(self.chronology)
        self.chronology_stack = QStackedWidget()
        pick_a_child = role_label("Select a child to see their chronology: admission, every "
                                  "incident and leaving, in date order.", "hint")
        pick_a_child.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chronology_stack.addWidget(pick_a_child)
        self.chronology_stack.addWidget(self.chronology_box)
        # The register is short (a handful of children), so the child's chronology shares its column.
        self.left = QSplitter(Qt.Orientation.Vertical)
        self.left.addWidget(self.table)
        self.left.addWidget(self.chronology_stack)
        self.left.setStretchFactor(0, 2)
        self.left.setStretchFactor(1, 3)
        self.left.setChildrenCollapsible(False)
        self.entry = panel = QWidget()
        panel_layout = QVBoxLayout(panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        panel_layout.addWidget(self.heading)
        panel_layout.addWidget(self.subheading)
        panel_layout.addWidget(self.form, 1)
        self.placeholder = role_label("Select a child to see their register entry, or click New… to admit one.",
                                      "hint")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(self.placeholder)
        self.detail_stack.addWidget(panel)
        self.detail_stack.currentChanged.connect(self._entry_shown_changed)
        hold_width(self.entry, False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.detail_stack)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "_user_split", True))
        self.splitter.installEventFilter(self)  # re-split whenever the splitter itself changes size
        self._user_split = False  # once the manager drags the divider, leave it where they put it
        self._empty_or(EMPTY_TEXT, self.splitter)

        # Too narrow for one row (150% text on a laptop): who to show and the count go below, so the filter
        # box keeps its width.
        self.toolbar = TwoRows([self.new_button, self.archive_button, self.filter], [self.show_leavers, self.count],
                               stretch=self.filter)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title))
        layout.addWidget(self.toolbar)
        layout.addWidget(self.body, 1)

    # ---- loading -------------------------------------------------------------------------------

    def set_home(self, home_id) -> None:  # type: ignore[no-untyped-def]
        """Show another home's children (read now if on show, else when next shown)."""
        self.home_id = home_id
        self._shown = None
        if self.form.is_new:
            self.form.show_child(None, None)
        self.refresh()

    def reload(self) -> None:
        """Read the register and the home's incidents again; keep the selected child."""
        self._reloads += 1
        today = self.store.today()
        children: list[Child] = self.store.children.list(self.home_id) if self.home_id is not None else []
        self._incidents = self.store.incidents.list(self.home_id) if self.home_id is not None else []
        rows = build_child_rows(children, today)
        keep = self._shown
        self._switching = True
        try:
            self.model.set_rows(rows)
        finally:
            self._switching = False
        # Narrow, the placing authority gives way first, then the legal status down to its short words (each
        # elided, whole in its tooltip), so the columns after them stay in view. The stretched last column is
        # never narrower than its default width.
        header = self.table.horizontalHeader()
        fit_columns(self.table, squeeze=(AUTHORITY, LEGAL), minimums={
            AUTHORITY: 72, LEGAL: self.table.sizeHintForColumn(LEGAL), header.count() - 1: header.defaultSectionSize()})
        self._update_count()
        self._split()
        self.new_button.setEnabled(self.home_id is not None)
        new_in_progress = self.form.is_new
        self.body.setCurrentIndex(1 if rows or new_in_progress else 0)
        if new_in_progress:
            return
        if keep is not None and self._select(keep):
            return
        self._shown = None
        self.detail_stack.setCurrentIndex(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.splitter and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            # After the event: a splitter being shown for the first time lays itself out again.
            QTimer.singleShot(0, self, self._split)
        return False

    def _split(self) -> None:
        """The register and chronology get the width the register's columns need; the form what it needs."""
        if self._user_split or self.model.rowCount() == 0 or self.splitter.width() < 100:
            return
        header = self.table.horizontalHeader()
        # Every column as its content needs it (not as squeezed to fit the room it has now; the last section
        # stretches to whatever it is given).
        last = header.count() - 1
        wanted = sum(max(self.table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(last)) + \
            max(self.table.sizeHintForColumn(last), header.sectionSizeHint(last), header.defaultSectionSize()) + \
            self.table.verticalScrollBar().sizeHint().width() + 2 * self.table.frameWidth() + 4
        total = self.splitter.width() - self.splitter.handleWidth()  # what the two sides share
        if self.detail_stack.currentIndex() == 0:  # no child open: every column whole and in view, the hint beside
            left = max(min(wanted, total - HINT_WIDTH), total // 2)
        else:
            left = min(max(wanted, total // 2), total - self.form.needed_width())
        self.splitter.setSizes([left, total - left])

    def _entry_shown_changed(self, index: int) -> None:
        hold_width(self.entry, index == 1)
        self._split()


    def _update_count(self) -> None:
        rows = [self.model.record(r) for r in range(self.model.rowCount())]
        current = sum(1 for r in rows if r.current)
        arriving = sorted(r.child.admission_date for r in rows if r.arriving)
        left = len(rows) - current - len(arriving)
        text = f"{current} living here"
        if len(arriving) == 1:
            text += f" · 1 arriving {format_uk(arriving[0])}"
        elif arriving:
            text += f" · {len(arriving)} arriving (first {format_uk(arriving[0])})"
        if left:
            text += f" · {leavers_words(left)}" + ("" if self.show_leavers.isChecked() else NOT_SHOWN)
        if self.filter.text() and self.proxy.rowCount() != len(rows):
            text += f" · {self.proxy.rowCount()} shown"
        self.count.setText(text)

    # ---- selection -----------------------------------------------------------------------------

    def record_id(self, row: ChildRow) -> int:
        return int(row.child.id)

    def record_editor(self) -> ChildForm:
        return self.form

    def editing_new(self) -> bool:
        return self.form.is_new

    def leave_question(self) -> str:
        who = self.heading.text() if not self.form.is_new else "The new child's entry"
        return f"{who} has changes that are not saved yet. Save them now?"

    def archive_record(self, record_id: int, reason: str) -> Changes:
        return self.store.children.archive(ChildId(record_id), reason)

    def archive_warning(self, record_id: int) -> str:
        """The incidents naming the child, and those with steps still open, before their entry is archived."""
        return archive_warning(named_in(self.store, ChildId(record_id)))

    def _show(self, row: ChildRow | None) -> None:
        self._shown = row.child.id if row else None
        if row is not None:
            self.heading.setText(row.child.label())
            self.subheading.setText(describe(row))
            if not (self.form.child is not None and self.form.child.id == row.child.id
                    and self.form.has_unsaved_changes()):
                self.form.show_child(row.child, row.child.home_id)
            self.chronology.show_child(row.child, self._incidents)
            self.chronology_box.setTitle(f"Chronology — {row.child.label()}")
        self.chronology_stack.setCurrentIndex(1 if row else 0)
        self.detail_stack.setCurrentIndex(1 if row else 0)

    # ---- filters -------------------------------------------------------------------------------

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _leavers_toggled(self, show: bool) -> None:
        self.proxy.set_show_leavers(show)
        self._update_count()

    # ---- editing -------------------------------------------------------------------------------

    def new_record(self) -> None:
        """Ctrl+N: an empty register entry."""
        if self.home_id is None or not self._confirm_leave():
            return
        self._clear_for_new()
        self.heading.setText("New child")
        self.subheading.setText("Admit a child to the register; their chronology starts once the entry is saved.")
        self.form.show_child(None, self.home_id)
        self.chronology.show_child(None, [])
        self.chronology_stack.setCurrentIndex(0)
        self.form.reference.setFocus()

    def _child_saved(self, child: Child, changes: Changes) -> None:
        self._shown = child.id  # the reload that follows selects them
        self.status_message.emit(f"Saved the register entry for {child.label()}.")
        before = self._reloads
        self.changed.emit(changes)
        if self._reloads == before:  # not inside a window that broadcasts: read the change ourselves
            self.reload()

    def has_unsaved_changes(self) -> bool:
        """True when the entry on show holds edits."""
        return self.form.has_unsaved_changes()

    def unsaved_record(self) -> str:
        """The child whose entry holds the edits."""
        return "a new child's entry" if self.form.is_new else self.heading.text()

    def save(self) -> bool:
        """Ctrl+S: save the entry on show."""
        if self.detail_stack.currentIndex() == 0:
            return True
        return self.form.save()

    def discard(self) -> None:
        """Throw away edits to the entry on show."""
        self.form.discard()
