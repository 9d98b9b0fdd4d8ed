"""Two self-evaluations side by side: what moved, which way (word and colour), and the later evaluation's reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.reference.framework import sccif
from carehome_desk.models.dates import format_uk
from carehome_desk.models.evaluation import Evaluation, Movement, compare
from carehome_desk.models.status import Status
from carehome_desk.ui.quality.quality_common import register_table
from carehome_desk.ui.widgets.record_table_model import Column, RecordTableModel
from carehome_desk.ui.widgets.sort_proxy import RecordSortProxy
from carehome_desk.ui.widgets.status_style import STATUS_COLOURS
from carehome_desk.ui.widgets.style import REDDISH_PURPLE, role_label

#: Improved in the pale green of good news; declined in reddish purple (vermillion is kept for overdue).
MOVED = {
    "improved": ("▲ Improved", STATUS_COLOURS[Status.IN_DATE]),
    "declined": ("▼ Declined", REDDISH_PURPLE),
    "unchanged": ("Unchanged", None),
    "new": ("Newly graded", "#DCEEFB"),
    "dropped": ("No longer graded", "#E6E6E6"),
}


@dataclass(frozen=True)
class MovementRow:
    """A movement and its place in the framework's order."""

    order: int
    movement: Movement


def _grade(g: object) -> str:
    return getattr(g, "label", "") or "Not graded"


MOVEMENT_COLUMNS: list[Column[MovementRow]] = [
    Column("Judgement or criterion", lambda r: r.movement.title, sort_key=lambda r: r.order),
    Column("Earlier grade", lambda r: _grade(r.movement.before)),
    Column("Later grade", lambda r: _grade(r.movement.after)),
    Column("Moved", lambda r: MOVED[r.movement.direction][0], background=lambda r: MOVED[r.movement.direction][1],
           sort_key=lambda r: list(MOVED).index(r.movement.direction)),
    Column("Why (from the later evaluation)", lambda r: r.movement.note, tooltip=lambda r: r.movement.note,
           header_tooltip="The later evaluation's strengths where a grade improved, else its areas to develop."),
]


class MovementTableModel(RecordTableModel[MovementRow]):
    """What moved between two evaluations."""

    def __init__(self, parent: Any = None):
        super().__init__(MOVEMENT_COLUMNS, parent)


class MovedProxy(RecordSortProxy):
    """Optionally hides what did not move."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.only_moved = False

    def set_only_moved(self, only: bool) -> None:
        """Hide unchanged rows, or show them again."""
        self.refilter(lambda: setattr(self, "only_moved", only))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        if self.only_moved and isinstance(model, MovementTableModel) and 0 <= source_row < model.rowCount():
            if model.record(source_row).movement.direction == "unchanged":
                return False
        return super().filterAcceptsRow(source_row, source_parent)


def movement_rows(earlier: Evaluation, later: Evaluation) -> list[MovementRow]:
    """compare() in the later evaluation's framework order, criteria titled 'HP3 Restraint and …'."""
    framework = sccif(later.framework_id)
    titles = {c.id: f"{c.id} {c.title}" for c in framework.criteria}
    return [MovementRow(n, m) for n, m in enumerate(compare(earlier, later, titles))]


def evaluation_name(e: Evaluation) -> str:
    """'Self-evaluation July 2026 (22/07/2026)'."""
    return f"{e.title or 'Self-evaluation'} ({format_uk(e.evaluated_on)})"


class CompareDialog(QDialog):
    """Choose an earlier and a later evaluation; the table says what moved and why."""

    def __init__(self, evaluations: list[Evaluation], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Compare self-evaluations")
        self.evaluations = sorted(evaluations, key=lambda e: (e.evaluated_on, e.id))
        self.earlier = QComboBox()
        self.later = QComboBox()
        for combo, name in ((self.earlier, "Earlier evaluation"), (self.later, "Later evaluation")):
            combo.setAccessibleName(name)
            for index, e in enumerate(self.evaluations):
                combo.addItem(evaluation_name(e), index)
        self.earlier.setCurrentIndex(max(0, len(self.evaluations) - 2))
        self.later.setCurrentIndex(len(self.evaluations) - 1)
        self.only_moved = QCheckBox("Only what &moved")
        self.model = MovementTableModel(self)
        self.proxy = MovedProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = register_table(self.proxy, "What moved between the two evaluations")
        self.table.setWordWrap(True)  # the reasons are sentences: show them whole
        self.summary = role_label("", "hint")
        self.summary.setAccessibleName("Summary of movements")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        for text, combo in (("&Earlier:", self.earlier), ("&Later:", self.later)):
            label = QLabel(text)
            label.setBuddy(combo)
            top.addWidget(label)
            top.addWidget(combo)
        top.addWidget(self.only_moved)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.earlier.currentIndexChanged.connect(self.refresh)
        self.later.currentIndexChanged.connect(self.refresh)
        self.only_moved.toggled.connect(self.proxy.set_only_moved)
        self.resize(1100, 640)
        self.refresh()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        # Once the last column has stretched to its width, fit each row to its wrapped reason.
        QTimer.singleShot(0, self, self.table.resizeRowsToContents)

    def refresh(self, _index: int = 0) -> None:
        """Compare the two chosen evaluations."""
        if len(self.evaluations) < 2:
            self.model.set_rows([])
            self.summary.setText("Two saved self-evaluations are needed to compare.")
            return
        earlier = self.evaluations[self.earlier.currentIndex()]
        later = self.evaluations[self.later.currentIndex()]
        rows = movement_rows(earlier, later)
        self.model.set_rows(rows)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 340))
        self.table.resizeRowsToContents()
        counts = {d: sum(1 for r in rows if r.movement.direction == d) for d in MOVED}
        words = [f"{counts['improved']} improved", f"{counts['declined']} declined", f"{counts['unchanged']} unchanged"]
        words += [f"{counts[d]} {MOVED[d][0].lower()}" for d in ("new", "dropped") if counts[d]]
        order = "" if earlier.evaluated_on <= later.evaluated_on else " (the ‘earlier’ one is the more recent)"
        self.summary.setText(f"From {evaluation_name(earlier)} to {evaluation_name(later)}{order}: "
                             + ", ".join(words) + ". Judgements first, then each criterion.")
