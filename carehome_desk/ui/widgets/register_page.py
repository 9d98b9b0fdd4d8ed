"""What the register pages (Staff, Children, Incidents) share: a list on the left, the selected record beside it.

The list selects by record id through a filter proxy; moving away from a record with unsaved edits
asks Save / Discard / Cancel, and Cancel puts the selection back. Each page says how to show a row
and which editor holds the edits; the selecting and guarding is written once, here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QInputDialog, QLabel, QLineEdit, QMessageBox, QPushButton, QSizePolicy,
    QStackedWidget, QTableView, QWidget,
)

from carehome_desk.models.changes import Changes
from carehome_desk.store import StoreError, ValidationError

from carehome_desk.ui.widgets.page import Page
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE
from carehome_desk.ui.widgets.saving import Editor, ask_to_save


#: After the count of people who have left, while "Show … who have left" is not ticked (Staff and Children alike).
NOT_SHOWN = ", not shown"


def shown_words(shown: int, total: int, figures: list[str], none: str) -> str:
    """After a register's whole-home figures, what the filters show, when they hide anyone: ' · 2 shown: 1 overdue'.

    ``figures`` are the shown rows' own counts, each with its words ('1 overdue'); those at nought are left out,
    and ``none`` says so when all are ('nothing overdue or missing'). '' when every row is shown."""
    if shown == total:
        return ""
    counts = [f for f in figures if not f.startswith("0 ")]
    return f" · {shown:,} shown: " + (", ".join(counts) if counts else none)


def leavers_words(count: int) -> str:
    """'1 has left', '6 have left': the one way the Staff and Children counts speak of people who have left."""
    return f"{count} {'has' if count == 1 else 'have'} left"


def setup_table(table: QTableView, proxy: QSortFilterProxyModel, name: str, *, rows: bool = True,
                wrap: bool = False, stretch_last: bool = True, descending: bool = False,
                alternate: bool | None = None, default_width: int | None = None) -> None:
    """A read-only, sortable list: one selection (rows, or cells with ``rows=False``), no row numbers.

    ``default_width`` is set before stretching: a stretched last column never goes below the
    default size it had then.
    """
    table.setModel(proxy)
    table.setAccessibleName(name)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows if rows
                               else QAbstractItemView.SelectionBehavior.SelectItems)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(rows if alternate is None else alternate)
    table.setWordWrap(wrap)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if default_width is not None:
        header.setDefaultSectionSize(default_width)
    header.setStretchLastSection(stretch_last)


class RegisterPage(Page):
    """A page with a record list (``table`` over ``proxy`` over ``model``) and one record shown beside it.

    Subclasses set ``table``, ``proxy`` and ``model`` (with ``row_of(id)`` and ``record(row)``), connect
    the table's ``currentRowChanged`` to ``_current_changed``, and implement the hooks below.
    """

    table: QTableView
    proxy: QSortFilterProxyModel
    model: Any
    filter: QLineEdit
    detail_stack: QStackedWidget  # page 0: "select a record", page 1: the record

    #: What one record is called in messages: "record", "child's entry", "incident".
    noun = "record"
    #: What to do instead when the record is right but finished (a leaver, a child who left).
    archive_hint = ""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # No mnemonic: every letter of "Archive" is taken on some page or by the menu bar (Alt+H is Help);
        # the keyboard way is Edit → Archive this record…
        self.archive_button = QPushButton("Archive…")
        self.archive_button.setToolTip(f"Take a {self.noun} entered in error out of the lists: it is kept, "
                                       "marked with your reason, and shown in Change history")
        self.archive_button.clicked.connect(self.archive_shown)
        self._shown = None  # id of the record on show (the property keeps Archive… in step)
        self._switching = False  # selection being moved by code, not by the manager

    @property
    def _shown(self) -> Any:
        return self._shown_id

    @_shown.setter
    def _shown(self, record_id: Any) -> None:
        self._shown_id = record_id
        self.archive_button.setEnabled(record_id is not None)

    # ---- hooks -----------------------------------------------------------------------------

    def record_id(self, row: Any) -> int:
        """The id of the record behind a list row."""
        raise NotImplementedError

    def record_editor(self) -> Editor:
        """What holds the shown record's edits."""
        raise NotImplementedError

    def editing_new(self) -> bool:
        """True while a new record is being typed (it has no row in the list yet)."""
        raise NotImplementedError

    def leave_question(self) -> str:
        """'… has changes that are not saved yet. Save them now?', naming the record."""
        raise NotImplementedError

    def _show(self, row: Any | None) -> None:
        """Show a row's record beside the list (None: the placeholder)."""
        raise NotImplementedError

    def archive_record(self, record_id: int, reason: str) -> Changes:
        """Archive one record through the store (a ValidationError when the reason is empty)."""
        raise NotImplementedError

    def archive_warning(self, record_id: int) -> str:
        """What archiving the record would leave behind, asked about before going ahead; empty: nothing."""
        return ""

    # ---- shared --------------------------------------------------------------------------

    def _empty_or(self, text: str, content: QWidget) -> None:
        """Make ``self.body``: what to do next while the register is empty (page 0), else ``content``."""
        self.empty = QLabel(text)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QStackedWidget()
        self.body.addWidget(self.empty)
        self.body.addWidget(content)

    def focus_filter(self) -> None:
        """Ctrl+F lands in the filter box."""
        self.filter.setFocus()
        self.filter.selectAll()

    def _clear_for_new(self) -> None:
        """No row selected and the record pane on show, for a record being typed in."""
        self._switching = True
        try:
            self.table.selectionModel().clearCurrentIndex()
            self.table.clearSelection()
        finally:
            self._switching = False
        self._shown = None
        self.body.setCurrentIndex(1)
        self.detail_stack.setCurrentIndex(1)

    def selected_row(self) -> Any | None:
        """The row selected in the list."""
        index = self.table.currentIndex()
        return index.data(RECORD_ROLE) if index.isValid() else None

    def _select(self, record_id: int) -> bool:
        """Select a record's row (if the filters show it) and show it; False if it is not in the list."""
        source = self.model.row_of(int(record_id))
        if source < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source, 0))
        if not index.isValid():
            return False
        self._switching = True
        try:
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._switching = False
        self.table.scrollTo(index)
        self._show(self.model.record(source))
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._switching:
            return
        row = current.data(RECORD_ROLE) if current.isValid() else None
        if row is not None and self.record_id(row) == self._shown and not self.editing_new():
            return
        if not self._confirm_leave():
            self._switching = True
            try:
                if self._shown is not None:
                    self._select(self._shown)
                else:
                    self.table.selectionModel().clearCurrentIndex()
                    self.table.clearSelection()
            finally:
                self._switching = False
            return
        # Saving may have reloaded the list meanwhile: select the wanted row again.
        if row is None or not self._select(self.record_id(row)):
            self._show(row)

    def archive_shown(self) -> bool:
        """Archive the record on show after asking why; False if nothing was archived."""
        record_id = self._shown
        if record_id is None:
            return False
        try:
            warning = self.archive_warning(int(record_id))
        except StoreError as exc:
            QMessageBox.warning(self, "Not archived", str(exc))
            return False
        if warning and QMessageBox.question(
                self, f"Archive this {self.noun}?", warning,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return False
        hint = f" {self.archive_hint}" if self.archive_hint else ""
        reason, ok = QInputDialog.getText(
            self, f"Archive this {self.noun}",
            f"Why is this {self.noun} being archived? For example: entered twice, or entered in error.{hint}\n"
            "It is kept in the database and in Change history, marked with your reason, and leaves the lists "
            "and the evidence pack.")
        if not ok:
            return False
        try:
            changes = self.archive_record(int(record_id), reason)
        except ValidationError as exc:
            QMessageBox.warning(self, "Not archived", " ".join(exc.problems.values()))
            return False
        except StoreError as exc:
            QMessageBox.warning(self, "Not archived", str(exc))
            return False
        self.record_editor().discard()  # edits to an archived record have nowhere to go
        self._shown = None
        self._show(None)
        self.changed.emit(changes)
        self.status_message.emit(f"Archived the {self.noun}: {reason.strip()}")
        return True

    def _confirm_leave(self) -> bool:
        """Ask before leaving a record with unsaved edits; False means stay on it."""
        editor = self.record_editor()
        return not editor.has_unsaved_changes() or ask_to_save(self, self.leave_question(), editor)  # names it only when asking


def hold_width(side: QWidget, shown: bool) -> None:
    """A record side that is hidden (nothing open) does not hold the list back to leave room for it; on show it
    asks for its width again (the Staff and Children pages, whose lists then use the room)."""
    policy = side.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred if shown else QSizePolicy.Policy.Ignored)
    side.setSizePolicy(policy)
