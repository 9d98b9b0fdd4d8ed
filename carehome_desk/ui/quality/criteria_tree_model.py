"""The SCCIF as a two-level tree: judgement areas, each with its criteria, the manager's grade and the evidence held."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QFont

from carehome_desk.models.counted import counted
from carehome_desk.models.evaluation import CriterionEntry
from carehome_desk.models.framework import Criterion, Framework, JudgementArea
from carehome_desk.models.home import Grade, Judgement
from carehome_desk.models.status import Status
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE, ModelIndex, _colour
from carehome_desk.ui.widgets.status_style import STATUS_COLOURS

HEADERS = ("Criterion", "Your grade", "Evidence")
KIND_WORDS = {"limiting": "limiting judgement", "graded": "graded judgement", "headline": "headline judgement"}
NO_EVIDENCE = "None in 12 months"
NO_EVIDENCE_COLOUR = STATUS_COLOURS[Status.MISSING]
AREA = 0  # internal id of a judgement area's index; a criterion's is its area's row + 1


def evidence_text(entry: CriterionEntry, unevidenced: bool) -> str:
    """'2 links + notes', 'Notes only', or the flag for no recent evidence."""
    if unevidenced:
        return NO_EVIDENCE
    links = len(entry.links)
    parts = [counted(links, "link")] if links else []
    if entry.evidence.strip():
        parts.append("notes" if parts else "Notes only")
    return " + ".join(parts) or "None"


class CriteriaTreeModel(QAbstractItemModel):
    """Judgement areas at the top level; criteria beneath. RECORD_ROLE gives the Criterion or the JudgementArea."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.areas: tuple[JudgementArea, ...] = ()
        self.entries: dict[str, CriterionEntry] = {}
        self.judgements: dict[Judgement, Grade] = {}
        self.unevidenced: set[str] = set()

    def set_framework(self, framework: Framework | None) -> None:
        """Show a framework's areas and criteria."""
        self.beginResetModel()
        self.areas = framework.areas if framework else ()
        self.endResetModel()

    def set_state(self, entries: dict[str, CriterionEntry], judgements: dict[Judgement, Grade],
                  unevidenced: set[str]) -> None:
        """New grades and evidence: every shown value may have changed, the shape has not."""
        self.entries, self.judgements, self.unevidenced = entries, judgements, unevidenced
        if self.areas:
            last = self.index(len(self.areas) - 1, len(HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            for row, area in enumerate(self.areas):
                parent = self.index(row, 0)
                self.dataChanged.emit(self.index(0, 0, parent), self.index(len(area.criteria) - 1, len(HEADERS) - 1,
                                                                             parent))

    # ---- structure -----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, AREA)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == AREA:
            return QModelIndex()
        return self.createIndex(int(child.internalId()) - 1, 0, AREA)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        if not parent.isValid():
            return len(self.areas)
        if parent.internalId() == AREA and parent.column() == 0 and 0 <= parent.row() < len(self.areas):
            return len(self.areas[parent.row()].criteria)
        return 0

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return len(HEADERS)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == 2:
            return ("Links to records and figures, and your own notes. ‘None in 12 months’: nothing dated in the "
                    "last 12 months supports this criterion.")
        return None

    # ---- values --------------------------------------------------------------------------

    def item(self, index: ModelIndex) -> Criterion | JudgementArea | None:
        """The criterion or area on an index."""
        if not index.isValid():
            return None
        if index.internalId() == AREA:
            return self.areas[index.row()] if 0 <= index.row() < len(self.areas) else None
        area = self.areas[int(index.internalId()) - 1]
        return area.criteria[index.row()] if 0 <= index.row() < len(area.criteria) else None

    def index_of(self, criterion_id: str) -> QModelIndex:
        """The first-column index of a criterion."""
        for a, area in enumerate(self.areas):
            for c, criterion in enumerate(area.criteria):
                if criterion.id == criterion_id:
                    return self.index(c, 0, self.index(a, 0))
        return QModelIndex()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index)
        if item is None:
            return None
        if role == RECORD_ROLE:
            return item
        if isinstance(item, JudgementArea):
            return self._area_data(item, index.column(), role)
        entry = self.entries.get(item.id, CriterionEntry())
        flagged = item.id in self.unevidenced
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{item.id} {item.title}"
            if column == 1:
                return entry.grade.label if entry.grade else "Not graded"
            return evidence_text(entry, flagged)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 2 and flagged:
                return "No evidence dated in the last 12 months: link a record or a figure, or note what you saw."
            return f"{item.id} {item.title}\nWhat good looks like: {item.good}"
        if column == 2 and flagged and role == Qt.ItemDataRole.BackgroundRole:
            return _colour(NO_EVIDENCE_COLOUR)
        if column == 2 and flagged and role == Qt.ItemDataRole.ForegroundRole:
            return _colour("#000000")
        return None

    def _area_data(self, area: JudgementArea, column: int, role: int) -> Any:
        grade = self.judgements.get(area.judgement)
        if role == Qt.ItemDataRole.DisplayRole:
            # The view spans an area's row across every column: one line with its grade and progress.
            if column != 0:
                return None
            graded = sum(1 for c in area.criteria if self.entries.get(c.id, CriterionEntry()).grade is not None)
            return (f"{area.title} — {grade.label if grade else 'not graded'} · {graded} of {len(area.criteria)} "
                    "criteria graded")
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{area.title} ({KIND_WORDS.get(area.kind, area.kind)}). Its grade is set above the list."
        if role == Qt.ItemDataRole.FontRole and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        return None
