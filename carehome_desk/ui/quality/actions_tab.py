"""The action plan: every action from self-evaluation, Reg 44, Reg 45 and Ofsted, filterable, with New, Edit and Done."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from carehome_desk.models.quality import Action
from carehome_desk.store import Store
from carehome_desk.ui.quality.action_dialog import ActionDialog, MarkDoneDialog, new_action
from carehome_desk.ui.quality.action_table_model import (
    SOURCE,
    ActionFilterProxy,
    ActionRow,
    ActionShow,
    ActionTableModel,
    build_action_rows,
)
from carehome_desk.ui.widgets.column_fit import fit_columns
from carehome_desk.ui.widgets.field_form import RecordDialog
from carehome_desk.ui.quality.quality_common import QualityTab, register_table
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE
from carehome_desk.ui.widgets.style import role_label
from carehome_desk.ui.widgets.two_rows import TwoRows


class ActionsTab(QualityTab):
    """Sortable action plan with open / overdue / all and a text filter; double-click or Enter edits."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.dialog: RecordDialog | None = None
        self.model = ActionTableModel(self)
        self.proxy = ActionFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.new_button = QPushButton("&New action…")
        self.new_button.setToolTip("Add an action (Ctrl+N)")
        self.new_button.clicked.connect(self.new_record)
        self.edit_button = QPushButton("Ed&it…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.done_button = QPushButton("Mark &done…")
        self.done_button.setToolTip("Record the date the selected action was done")
        self.done_button.clicked.connect(self.mark_done)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by action, owner, status or source (Ctrl+F)")
        self.filter.setAccessibleName("Filter actions")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.show_box = QComboBox()
        self.show_box.setAccessibleName("Show actions")
        for show in ActionShow:
            self.show_box.addItem(show.label, show.value)
        self.show_box.currentIndexChanged.connect(self._show_changed)
        self.count = role_label("", "hint")
        self.count.setWordWrap(False)
        self.table = register_table(self.proxy, "Action plan")
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.empty = role_label("", "hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QStackedWidget()
        self.body.addWidget(self.empty)
        self.body.addWidget(self.table)

        show_label = QLabel("Sho&w:")
        show_label.setBuddy(self.show_box)
        # Too narrow for one row (150% text on a laptop): which actions to show and the count go below, so the
        # filter box keeps its width and the Quality page never scrolls sideways (whichever tab is on show).
        self.toolbar = TwoRows([self.new_button, self.edit_button, self.done_button, self.filter],
                               [show_label, self.show_box, self.count], stretch=self.filter)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(
            "Actions from self-evaluation, Reg 44 recommendations, Reg 45 reviews and Ofsted's requirements "
            "(which cite a regulation and have a compliance date) and recommendations (a Guide paragraph). "
            "Overdue actions also appear in the dashboard's Needs action list. Double-click an action (or press Enter) to edit it.",
            "hint"))
        layout.addWidget(self.toolbar)
        layout.addWidget(self.body, 1)
        self._update_buttons()

    # ---- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the action plan again, keeping the selected action."""
        keep = self.selected()
        actions = self.store.quality.actions(self.home.id) if self.home else []
        window = self.store.settings.get().due_soon_days
        self.model.set_rows(build_action_rows(actions, self.store.today(), window))
        # The title gives way first when the table is narrow (whole in its tooltip), so the source and its
        # regulation stay in view; on a wide screen both are shown in full.
        fit_columns(self.table, limits={0: 560, SOURCE: 420}, minimums={0: 200}, squeeze=[0])
        self.empty.setText("No actions yet. Click New action… to add one, or raise one from a self-evaluation "
                           "criterion, a Reg 44 visit or an inspection." if self.home else "No home selected.")
        self.body.setCurrentIndex(1 if actions else 0)
        if keep is not None:
            self.select(int(keep.id))
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        rows = [self.model.record(r) for r in range(self.model.rowCount())]
        open_ = sum(not r.action.status.closed for r in rows)
        overdue = sum(r.state.overdue for r in rows)
        shown = self.proxy.rowCount()
        self.count.setText(f"{shown} shown · {open_} open · {overdue} overdue")

    def _update_buttons(self) -> None:
        action = self.selected()
        self.edit_button.setEnabled(action is not None)
        self.done_button.setEnabled(action is not None and not action.status.closed)

    # ---- filters -------------------------------------------------------------------------

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _show_changed(self, _index: int) -> None:
        self.proxy.set_show(ActionShow(self.show_box.currentData()))
        self._update_count()

    def focus_filter(self) -> None:
        """Ctrl+F lands in the filter box."""
        self.filter.setFocus()
        self.filter.selectAll()

    # ---- selection and editing -----------------------------------------------------------

    def selected(self) -> Action | None:
        """The action selected in the table."""
        index = self.table.currentIndex()
        row: ActionRow | None = index.data(RECORD_ROLE) if index.isValid() else None
        return row.action if row else None

    def select(self, action_id: int) -> bool:
        """Select an action (if the filters show it)."""
        source = self.model.row_of(action_id)
        index = self.proxy.mapFromSource(self.model.index(source, 0)) if source >= 0 else QModelIndex()
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def show_open_most_urgent_first(self) -> None:
        """Open actions, overdue first, no text filter (as the dashboard's Open actions tile asks)."""
        self.filter.clear()
        self.show_box.setCurrentIndex(self.show_box.findData(ActionShow.OPEN.value))
        self.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.table.scrollToTop()

    def show_action(self, action_id: int) -> bool:
        """Select an action, clearing the filters if they hide it."""
        if self.select(action_id):
            return True
        self.filter.clear()
        self.show_box.setCurrentIndex(self.show_box.findData(ActionShow.ALL.value))
        return self.select(action_id)

    def new_record(self) -> None:
        """Ctrl+N: a new action owned by the registered manager."""
        if self.home is None:
            return
        self._open(ActionDialog(self.store, new_action(self.home, self.owner(), self.store.today()), self))

    def edit_selected(self) -> None:
        """Edit the selected action."""
        action = self.selected()
        if action is not None:
            self._open(ActionDialog(self.store, action, self))

    def mark_done(self) -> None:
        """Record that the selected action is done."""
        action = self.selected()
        if action is not None and not action.status.closed:
            self._open(MarkDoneDialog(self.store, action, self))

    def _open(self, dialog: RecordDialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.open()

    def _saved(self, dialog: RecordDialog) -> None:
        self.changed.emit(dialog.changes)
        if isinstance(dialog, MarkDoneDialog):
            self.status_message.emit(f"Marked done: {dialog.action.title}")
            return
        assert isinstance(dialog, ActionDialog)
        saved = dialog.saved
        if saved is None:
            return
        self.status_message.emit(f"Saved the action: {saved.title}")
        if not self.select(int(saved.id)) and not dialog.action.id:
            # A new action the filter hides (already done, say): show all, so the manager sees it saved.
            self.show_box.setCurrentIndex(self.show_box.findData(ActionShow.ALL.value))
            self.select(int(saved.id))
