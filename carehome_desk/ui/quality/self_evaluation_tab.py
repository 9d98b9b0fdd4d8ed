"""Self-evaluation against the SCCIF: judgements with the grading rules, criteria with grades and linked evidence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter, QStackedWidget, QStyle, QTreeView,
    QVBoxLayout, QWidget,
)

from carehome_desk.services.evidence import Metric, Period, home_metrics, proposed_links
from carehome_desk.reference.framework import CURRENT_SCCIF, sccif
from carehome_desk.models.calendar_math import add_months
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.evaluation import CriterionEntry, Evaluation, unevidenced
from carehome_desk.models.framework import Criterion, Framework
from carehome_desk.models.quality import ActionSource
from carehome_desk.store import Store, StoreError, ValidationError
from carehome_desk.ui.quality.action_dialog import ActionDialog, new_action
from carehome_desk.ui.quality.criteria_tree_model import CriteriaTreeModel
from carehome_desk.ui.quality.criterion_editor import CriterionEditor
from carehome_desk.ui.quality.evaluation_compare_dialog import CompareDialog, evaluation_name
from carehome_desk.ui.quality.evidence_link_dialog import EvidenceLinkDialog
from carehome_desk.ui.quality.judgement_box import JudgementBox
from carehome_desk.ui.quality.quality_common import QualityTab, manager_level5
from carehome_desk.ui.quality.wrapping_delegate import WrappingDelegate
from carehome_desk.ui.widgets.saving import ask_to_save, revert_asking
from carehome_desk.ui.widgets.screen_fit import NarrowingCombo
from carehome_desk.ui.widgets.style import role_label

EVIDENCE_MONTHS = 12  # criteria with nothing dated in this many months are flagged
NEW = 0  # the chooser's data for an evaluation not saved yet
#: The width the criteria and the criterion's editor need side by side (the names readable, the fields whole);
#: narrower (150% display scaling on a laptop), the editor goes under the criteria, each across the tab.
TREE_BESIDE, EDITOR_BESIDE = 420, 460
MARGINS = 40  # the tab's own and the divider
#: Under each other, the criteria keep at least this many rows in view and the editor this many lines; the
#: page scrolls for them rather than squeeze the list to a row.
TREE_ROWS, EDITOR_LINES = 6, 16


def _kept(entries: dict[str, CriterionEntry]) -> dict[str, CriterionEntry]:
    """Entries with anything in them (an untouched criterion and an emptied one are the same)."""
    return {k: v for k, v in entries.items() if v != CriterionEntry()}



class SelfEvaluationTab(QualityTab):
    """Choose or start an evaluation; grade each criterion with evidence; Save (Ctrl+S), Revert, Compare."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.evaluations: list[Evaluation] = []
        self.baseline: Evaluation | None = None  # as saved, or as first proposed for a new one
        self.framework: Framework | None = None
        self.entries: dict[str, CriterionEntry] = {}
        self.flagged: set[str] = set()
        self._metrics: dict[date, dict[str, Metric]] = {}
        self._switching = False
        self.dialog: QDialog | None = None

        self.chooser = NarrowingCombo(34, 16)  # down to 16 characters at 150% on a laptop: Save stays in view
        self.chooser.setAccessibleName("Self-evaluation shown")
        self.chooser.currentIndexChanged.connect(self._chosen)
        chooser_label = QLabel("Sho&wing:")
        chooser_label.setBuddy(self.chooser)
        self.new_button = QPushButton("&New evaluation")
        self.new_button.setToolTip("Start one dated today, with the evidence the records already hold (Ctrl+N)")
        self.new_button.clicked.connect(self.new_record)
        self.compare_button = QPushButton("C&ompare…")
        self.compare_button.setToolTip("Two evaluations side by side: what moved, and why")
        self.compare_button.clicked.connect(self.compare)
        self.save_button = QPushButton("&Save")
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Throw away unsaved edits")
        self.revert_button.clicked.connect(lambda: revert_asking(self, self.revert_button, "Throw away your unsaved grades and evidence on this self-evaluation and show the saved version?"))
        self.state = role_label("", "hint")
        self.state.setAccessibleName("Save state")
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(200)
        self.title_edit.setAccessibleName("Title")
        self.title_edit.textEdited.connect(lambda _t: self._refresh())
        title_label = QLabel("T&itle:")
        title_label.setBuddy(self.title_edit)
        self.about = role_label("", "hint")
        self.judgements = JudgementBox()
        self.judgements.edited.connect(self._refresh)

        self.tree_model = CriteriaTreeModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setAccessibleName("Judgement areas and criteria")
        self.tree.setAlternatingRowColors(True)
        # The criterion's name has the room: it stretches and wraps, and the grade column is only as wide
        # as "Requires improvement", the longest grade wrapping onto a second line, not the whole phrase.
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        header.sectionResized.connect(self._column_resized)
        self._size_grade_column()
        self.tree.selectionModel().currentChanged.connect(self._criterion_chosen)
        self.tree.activated.connect(lambda _i: self.editor.grade.setFocus())
        self.editor: CriterionEditor = CriterionEditor(store.today())
        self.editor.edited.connect(self._entry_edited)
        self.editor.add_link_requested.connect(self.add_link)
        self.editor.raise_action_requested.connect(self.raise_action)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self._user_split = False  # once the manager drags the divider, leave it where they put it
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "_user_split", True))
        self.splitter.installEventFilter(self)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(title_label)
        title_row.addWidget(self.title_edit, 2)
        title_row.addWidget(self.about, 3)
        content_layout.addLayout(title_row)
        content_layout.addWidget(self.judgements)
        content_layout.addWidget(self.splitter, 1)
        self.empty = role_label("", "hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QStackedWidget()
        self.body.addWidget(self.empty)
        self.body.addWidget(content)
        self.toolbar = toolbar = QHBoxLayout()
        toolbar.addWidget(chooser_label)
        toolbar.addWidget(self.chooser)
        toolbar.addWidget(self.new_button)
        toolbar.addWidget(self.compare_button)
        toolbar.addStretch(1)
        toolbar.addWidget(self.state)
        toolbar.addWidget(self.save_button)
        toolbar.addWidget(self.revert_button)
        self.state_row = QHBoxLayout()  # narrow: "Unsaved changes" under Save, so the toolbar fits the page
        self.state_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addLayout(self.state_row)
        layout.addWidget(self.body, 1)
        self._refresh()

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if column == 0:  # the stretching name column: its wrapped rows take new heights
            self.tree.doItemsLayout()

    def _size_grade_column(self) -> None:
        """The grade column as wide as its widest word: 'Requires improvement to be good' takes two lines."""
        metrics = self.tree.fontMetrics()
        words = ("Requires improvement", "Outstanding", "Not graded", "Inadequate", "Your grade")
        padding = 2 * self.tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 12
        self.tree.header().resizeSection(1, max(metrics.horizontalAdvance(w) for w in words) + padding)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt naming
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._size_grade_column()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._arrange(event.size().width() < TREE_BESIDE + EDITOR_BESIDE + MARGINS)

    @property
    def stacked(self) -> bool:
        """True while the criterion's editor is under the criteria (the tab too narrow for both side by side)."""
        return self.splitter.orientation() == Qt.Orientation.Vertical

    def tree_rows_height(self, rows: int) -> int:
        """The criteria list's height for its header and ``rows`` one-line rows."""
        row = max(self.tree.fontMetrics().lineSpacing() + 4, self.tree.sizeHintForRow(0))
        return self.tree.header().sizeHint().height() + rows * row + 2 * self.tree.frameWidth()

    def _arrange(self, stacked: bool) -> None:
        """Criteria beside the editor, or (``stacked``) above it, each with a usable height."""
        if stacked == self.stacked:
            return
        self.splitter.setOrientation(Qt.Orientation.Vertical if stacked else Qt.Orientation.Horizontal)
        (self.toolbar if stacked else self.state_row).removeWidget(self.state)
        if stacked:
            self.state_row.addWidget(self.state)
        else:
            self.toolbar.insertWidget(self.toolbar.indexOf(self.save_button), self.state)
        tree_min = self.tree_rows_height(TREE_ROWS) if stacked else 0
        editor_min = self.editor.fontMetrics().lineSpacing() * EDITOR_LINES if stacked else 0
        self.tree.setMinimumHeight(tree_min)
        self.editor.setMinimumHeight(editor_min)
        if stacked:
            self.splitter.setSizes([tree_min, editor_min])
        self._user_split = False  # the divider the manager dragged was for the other arrangement

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.splitter and event.type() == QEvent.Type.Resize and not self._user_split \
                and not self.stacked:
            total = self.splitter.width()
            if total > 200:
                # The criteria keep their titles readable; the editor has the rest (its fields wrap).
                left = min(max(total // 2, 640), total - 460)
                self.splitter.setSizes([left, total - left])
        return False

    # ---- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the evaluations and the manager's Level 5 again; an evaluation being edited is left as it is."""
        self._metrics.clear()
        self.evaluations = self.store.quality.evaluations(self.home.id) if self.home else []
        if self.home is not None:
            snap = self.store.workforce.snapshot(self.home.id)
            self.judgements.set_level5(*manager_level5(snap, self.store.settings.get(), self.store.today()))
        if self.has_unsaved_changes():
            self._fill_chooser()
            return
        keep = self.baseline.id if self.baseline is not None else None
        shown = next((e for e in self.evaluations if e.id == keep), None)
        if shown is None and self.evaluations:
            shown = max(self.evaluations, key=lambda e: (e.evaluated_on, e.id))
        self.show_evaluation(shown)

    def _fill_chooser(self) -> None:
        self._switching = True
        try:
            self.chooser.clear()
            if self.baseline is not None and not self.baseline.id:
                self.chooser.addItem(f"New evaluation, {format_uk(self.baseline.evaluated_on)} (not saved)", NEW)
            for e in sorted(self.evaluations, key=lambda e: (e.evaluated_on, e.id), reverse=True):
                self.chooser.addItem(evaluation_name(e), int(e.id))
            if self.baseline is not None:
                self.chooser.setCurrentIndex(max(0, self.chooser.findData(int(self.baseline.id))))
        finally:
            self._switching = False

    def metrics(self, day: date) -> dict[str, Metric]:
        """The records' figures over the six months to ``day`` (read once per reload)."""
        if day not in self._metrics and self.home is not None:
            self._metrics[day] = home_metrics(self.store, self.home, Period(add_months(day, -6), day))
        return self._metrics.get(day, {})

    def show_evaluation(self, evaluation: Evaluation | None) -> None:
        """Show an evaluation (or the empty state), keeping the criterion that was selected."""
        was = self.editor.criterion.id if self.editor.criterion else None
        self.baseline = evaluation
        self.framework = sccif(evaluation.framework_id) if evaluation else None
        self.entries = dict(evaluation.entries) if evaluation else {}
        self.title_edit.setText(evaluation.title if evaluation else "")
        self.judgements.set_grades(evaluation.judgements if evaluation else {})
        if evaluation is not None and self.framework is not None:
            self.about.setText(f"Dated {format_uk(evaluation.evaluated_on)} · SCCIF version of "
                               f"{format_uk(date.fromisoformat(self.framework.version_date))}")
            self.about.setToolTip(f"{self.framework.title}, version of {self.framework.version_date}: "
                                  f"{self.framework.source_url}")
        self.tree_model.set_framework(self.framework)
        for row in range(self.tree_model.rowCount()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        self.tree.expandAll()
        self._fill_chooser()
        self.empty.setText("No self-evaluation yet. Click New evaluation: it starts dated today, with the "
                           "evidence the records already hold linked to each criterion." if self.home
                           else "No home selected.")
        self.body.setCurrentIndex(1 if evaluation else 0)
        self._refresh()
        target = self.tree_model.index_of(was) if was else QModelIndex()
        if not target.isValid() and self.framework is not None:
            target = self.tree_model.index_of(self.framework.criteria[0].id)
        if target.isValid():
            self.tree.selectionModel().setCurrentIndex(
                target, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self._show_criterion()

    # ---- the evaluation on screen ----------------------------------------------------------

    def on_screen(self) -> Evaluation | None:
        """The evaluation as edited."""
        if self.baseline is None:
            return None
        return replace(self.baseline, title=self.title_edit.text().strip(), judgements=self.judgements.grades(),
                       entries=_kept(self.entries))

    def has_unsaved_changes(self) -> bool:
        """True for a new evaluation, or one edited since it was saved."""
        shown = self.on_screen()
        if shown is None or self.baseline is None:
            return False
        return not self.baseline.id or replace(shown, entries=_kept(shown.entries)) != replace(
            self.baseline, entries=_kept(self.baseline.entries))

    def _refresh(self) -> None:
        """Flags, tree and buttons after any edit."""
        shown = self.on_screen()
        if shown is not None and self.framework is not None:
            ids = [c.id for c in self.framework.criteria]
            self.flagged = set(unevidenced(shown, ids, self.store.today(), EVIDENCE_MONTHS))
            self.tree_model.set_state(self.entries, shown.judgements, self.flagged)
            current = self.editor.criterion
            self.editor.set_flag(current is not None and current.id in self.flagged)
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.compare_button.setEnabled(len(self.evaluations) >= 2)
        self.new_button.setEnabled(self.home is not None)
        if dirty:
            self.state.setText("Unsaved changes")
        elif self.state.text() == "Unsaved changes":
            self.state.setText("")

    def _criterion_chosen(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_criterion()

    def _show_criterion(self) -> None:
        item = self.tree_model.item(self.tree.currentIndex())
        criterion = item if isinstance(item, Criterion) else None
        day = self.baseline.evaluated_on if self.baseline else self.store.today()
        hows = {k: m.how for k, m in self.metrics(day).items()} if criterion else {}
        self.editor.show_criterion(criterion, self.entries.get(criterion.id, CriterionEntry()) if criterion
                                   else CriterionEntry(), criterion is not None and criterion.id in self.flagged,
                                   hows, self.store.today())

    def _entry_edited(self, criterion_id: str) -> None:
        self.entries[criterion_id] = self.editor.entry()
        self._refresh()

    # ---- choosing and starting -------------------------------------------------------------

    def _chosen(self, _index: int) -> None:
        if self._switching:
            return
        wanted = self.chooser.currentData()
        if self.baseline is not None and wanted == int(self.baseline.id):
            return
        if not self._confirm_leave():
            self._fill_chooser()  # put the chooser back on the evaluation being edited
            return
        self.show_evaluation(next((e for e in self.evaluations if int(e.id) == wanted), None))

    def _confirm_leave(self) -> bool:
        return ask_to_save(self, "This self-evaluation has changes that are not saved yet. Save them now?", self, discard=False)

    def new_record(self) -> None:
        """Ctrl+N: a new evaluation dated today against the current framework, with the evidence already held."""
        if self.home is None or not self._confirm_leave():
            return
        today = self.store.today()
        links = proposed_links(self.metrics(today), CURRENT_SCCIF, today)
        entries = {cid: CriterionEntry(links=found) for cid, found in links.items() if found}
        self.show_evaluation(Evaluation(self.home.id, today, CURRENT_SCCIF, f"Self-evaluation {today:%B %Y}",
                                        {}, entries))
        self.state.setText("Unsaved changes")
        self.status_message.emit("New self-evaluation: the figures the records hold are linked to their criteria. "
                                 "Grade each criterion, then save (Ctrl+S).")
        self.tree.setFocus()

    def compare(self) -> None:
        """Open the side-by-side comparison of two saved evaluations."""
        dialog = CompareDialog(self.evaluations, self)
        self.dialog = dialog
        dialog.open()

    # ---- saving --------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the evaluation; grading conflicts are explained, not refused (it is the manager's judgement)."""
        if not self.has_unsaved_changes():
            return True
        shown = self.on_screen()
        assert shown is not None
        try:
            saved, changes = self.store.quality.save_evaluation(shown)
        except ValidationError as exc:
            self.state.setText("Not saved: " + " ".join(exc.problems.values()))
            return False
        except StoreError as exc:
            self.state.setText(f"Not saved: {exc}")
            return False
        self.baseline = saved
        self.entries = dict(saved.entries)
        self.evaluations = [e for e in self.evaluations if e.id != saved.id] + [saved]
        self._fill_chooser()
        self._refresh()
        conflicts = " The grades break a grading rule: see beside them." if self.judgements.conflicts() else ""
        self.state.setText(f"Saved at {self.store.now().astimezone(UK):%H:%M}.{conflicts}")
        self.changed.emit(changes)
        self.status_message.emit(f"Saved the self-evaluation ‘{saved.title}’.")
        return True

    def discard(self) -> None:
        """Show the saved evaluation again (a new one not yet saved is dropped)."""
        if self.baseline is not None and not self.baseline.id:
            self.baseline = None
            self.reload()
        else:
            self.show_evaluation(self.baseline)
        self.state.setText("")

    # ---- evidence and actions ------------------------------------------------------------

    def add_link(self, criterion_id: str) -> None:
        """Choose a record or figure to link to the criterion."""
        if self.home is None or self.baseline is None or self.framework is None:
            return
        day = self.baseline.evaluated_on
        criterion = self.framework.criterion(criterion_id)
        dialog = EvidenceLinkDialog(self.store, self.home, self.metrics(day), day,
                                    f"{criterion.id} {criterion.title}", self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.editor.add(dialog.chosen) if dialog.chosen else None)
        dialog.open()

    def raise_action(self, criterion_id: str) -> None:
        """Open a new action from the criterion, owned by the registered manager."""
        if self.home is None or self.framework is None:
            return
        criterion = self.framework.criterion(criterion_id)
        entry = self.entries.get(criterion_id, CriterionEntry())
        title = entry.areas_to_develop.splitlines()[0] if entry.areas_to_develop.strip() else \
            f"Improve: {criterion.title}"
        action = new_action(self.home, self.owner(), self.store.today(), title=title[:500],
                            source=ActionSource.SELF_EVALUATION, source_ref=criterion.id)
        dialog = ActionDialog(self.store, action, self, intro=f"An action from the self-evaluation, criterion "
                              f"{criterion.id} {criterion.title}. It joins the action plan.")
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._action_raised(dialog))
        dialog.open()

    def _action_raised(self, dialog: ActionDialog) -> None:
        self.changed.emit(dialog.changes)
        if dialog.saved is not None:
            self.status_message.emit(f"Added to the action plan: {dialog.saved.title}")
