"""Reg 44 visits: the monthly log with missed months, each report's journey to Ofsted, and recommendations → actions."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget

from carehome_desk.models.counted import counted
from carehome_desk.models.dates import format_uk
from carehome_desk.models.quality import REG44_REPORT, REG44_VISIT, Action, Reg44Visit, no_visit_text, reg44_start
from carehome_desk.models.recommendations import recommendation_actions, unlinked_visit_actions
from carehome_desk.store import Store
from carehome_desk.ui.quality.quality_common import QualityTab, action_state, register_table
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE
from carehome_desk.ui.quality.reg44_dialog import Reg44Dialog
from carehome_desk.ui.quality.reg44_table_model import Reg44Row, Reg44TableModel, build_reg44_rows
from carehome_desk.ui.widgets.sort_proxy import RecordSortProxy
from carehome_desk.ui.widgets.style import role_label


class Reg44Tab(QualityTab):
    """The log, newest month first; the selected visit's opinion and recommendations (with their actions) below."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.dialog: Reg44Dialog | None = None
        self.home_actions: list[Action] = []
        self.model = Reg44TableModel(self)
        self.proxy = RecordSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.new_button = QPushButton("&New visit…")
        self.new_button.setToolTip("Record a Reg 44 visit (Ctrl+N)")
        self.new_button.clicked.connect(self.new_record)
        self.edit_button = QPushButton("Ed&it visit…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.summary = role_label("", "hint")
        self.summary.setAccessibleName("Reg 44 summary")
        self.table = register_table(self.proxy, "Reg 44 visits, newest first")
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setAccessibleName("Selected visit")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMargin(6)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        details_area = QScrollArea()  # a visit with many recommendations and actions scrolls, never clips
        details_area.setWidgetResizable(True)
        details_area.setFrameShape(QFrame.Shape.NoFrame)
        details_area.setAccessibleName("Selected visit's details")
        details_area.setWidget(self.details)
        details_area.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        splitter.addWidget(details_area)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        toolbar = QHBoxLayout()
        toolbar.addWidget(self.new_button)
        toolbar.addWidget(self.edit_button)
        toolbar.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(f"{REG44_VISIT} (law). {REG44_REPORT}. A past month with no visit shows as "
                                    "Overdue. Double-click a visit (or press Enter) to edit it.", "hint"))
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)
        self._show_details(None)

    def reload(self) -> None:
        """Read the visits again; missed months are counted from registration."""
        keep = self.selected()
        visits = self.store.quality.visits(self.home.id) if self.home else []
        self.home_actions = self.store.quality.actions(self.home.id) if self.home else []
        today = self.store.today()
        window = self.store.settings.get().due_soon_days
        rows = build_reg44_rows(visits, today, window, self.home.name if self.home else "",
                                self.home.reg44_from if self.home else None)
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), 260))
        missed = [r for r in rows if r.missed]
        unsent = [r for r in rows if r.visit is not None and r.word in ("Overdue", "Due soon")]
        parts = [f"{counted(len(visits), 'visit')} recorded"]
        if missed:  # the status word first, then the months in the dashboard tile's words
            gaps = no_visit_text([r.month for r in missed])
            parts.append(f"Overdue: {gaps[0].lower()}{gaps[1:]}")
        elif visits and self.home is not None:
            parts.append(f"a visit every month since {reg44_start(self.home.reg44_from, visits, today):%B %Y}")
        if not visits:  # an empty log says what to do next
            parts[0] = "No visits recorded yet: click New visit… (Ctrl+N) to record one"
        if unsent:
            parts.append(f"{counted(len(unsent), 'report')} still to reach Ofsted")
        self.summary.setText(" · ".join(parts) if self.home else "No home selected.")
        self.edit_button.setEnabled(False)
        if keep is not None:
            self.select_visit(int(keep.id))
        else:
            self._show_details(None)

    def selected_row(self) -> Reg44Row | None:
        """The row selected in the log."""
        index = self.table.currentIndex()
        return index.data(RECORD_ROLE) if index.isValid() else None

    def selected(self) -> Reg44Visit | None:
        """The visit selected (None for a month with no visit)."""
        row = self.selected_row()
        return row.visit if row else None

    def select_visit(self, visit_id: int) -> bool:
        """Select a visit in the log (False if it is not there)."""
        for r in range(self.proxy.rowCount()):
            row = self.proxy.index(r, 0).data(RECORD_ROLE)
            if row.visit is not None and int(row.visit.id) == visit_id:
                self.table.selectRow(r)
                self.table.scrollTo(self.proxy.index(r, 0))
                return True
        self._show_details(None)
        return False

    def _selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = self.selected_row()
        self.edit_button.setEnabled(row is not None and row.visit is not None)
        self._show_details(row)

    def _show_details(self, row: Reg44Row | None) -> None:
        if row is None:
            self.details.setText("Select a visit to see the visitor's opinion and what became of their "
                                 "recommendations.")
            return
        if row.visit is None:
            self.details.setText(f"<b>{row.when}</b><br>{row.sentence} Rule: {REG44_VISIT} (law). If a visit "
                                 "happened, record it with New visit…")
            return
        v = row.visit
        lines = [f"<b>Visit by {_html(v.visitor)} on {format_uk(v.visited_on)}</b> "
                 f"({'announced' if v.announced else 'unannounced'}). {row.word}: {_html(row.sentence)}"]
        if v.safeguarded_opinion:
            lines.append(f"Opinion: {_html(v.safeguarded_opinion)}")
        pairs = recommendation_actions(v, self.home_actions)
        if pairs:
            lines.append("Recommendations and their actions:")
            window = self.store.settings.get().due_soon_days
            for text, action in pairs:
                state = (action_state(action, self.store.today(), window).sentence if action
                         else "no action raised")
                if action is not None and action.title != text:  # reworded in the plan: still this line's action
                    state = f"action \u201c{action.title}\u201d: {state}"
                lines.append(f"• {_html(text)} — {_html(state)}")
        else:
            lines.append("No recommendations.")
        removed = unlinked_visit_actions(v, self.home_actions)
        if removed:  # raised from a line since taken off the visit: still in the plan, so still shown here
            lines.append("Actions whose recommendation was later removed from this visit:")
            window = self.store.settings.get().due_soon_days
            lines.extend(f"• {_html(a.title)} — {_html(action_state(a, self.store.today(), window).sentence)}"
                         for a in removed)
        self.details.setText("<br>".join(lines))

    def new_record(self) -> None:
        """Ctrl+N: record a visit."""
        if self.home is not None:
            self._open(Reg44Dialog(self.store, self.home.id, self.owner(), None, self))

    def edit_selected(self) -> None:
        """Edit the selected visit."""
        visit = self.selected()
        if visit is not None and self.home is not None:
            self._open(Reg44Dialog(self.store, self.home.id, self.owner(), visit, self))

    def _open(self, dialog: Reg44Dialog) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.open()

    def _saved(self, dialog: Reg44Dialog) -> None:
        self.changed.emit(dialog.changes)
        if dialog.saved is not None:
            self.select_visit(int(dialog.saved.id))
            raised = f"; {counted(dialog.new_actions, 'recommendation')} added to the " \
                     "action plan" if dialog.new_actions else ""
            if dialog.corrected:
                raised += (f"; {counted(dialog.corrected, 'corrected recommendation')} "
                           f"kept {'its' if dialog.corrected == 1 else 'their'} action")
            removed, dropped = dialog.removed_open
            if removed:
                what = "the removed recommendation's action was" if removed == 1 else \
                    f"the removed recommendations' {removed} actions were"
                raised += f"; {what} {'dropped' if dropped else 'kept open'}"
            self.status_message.emit(f"Saved the Reg 44 visit of {format_uk(dialog.saved.visited_on)}{raised}.")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
