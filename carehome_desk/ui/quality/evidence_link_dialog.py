"""Choose a record or a figure to link to a criterion as evidence: incidents, staff, Reg 44/45, inspections, actions."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carehome_desk.services.evidence import Metric
from carehome_desk.models.counted import counted
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.evaluation import EvidenceLink, LinkKind
from carehome_desk.models.home import Home
from carehome_desk.store import Store
from carehome_desk.ui.widgets.style import role_label

KIND_LABELS = {
    LinkKind.METRIC: "A figure from the records",
    LinkKind.INCIDENT: "An incident",
    LinkKind.STAFF: "A member of staff's record",
    LinkKind.REG44: "A Reg 44 visit report",
    LinkKind.REG45: "A Reg 45 review",
    LinkKind.INSPECTION: "An Ofsted inspection",
    LinkKind.ACTION: "An action",
}


def link_tooltip(link: EvidenceLink, hows: dict[str, str]) -> str:
    """How a figure was counted (for a figure), or what the link points at, with its date."""
    when = f"Dated {format_uk(link.dated)}" if link.dated else "Undated"
    if link.kind is LinkKind.METRIC:
        how = hows.get(link.ref, "")
        return f"{link.label}\nHow it is counted: {how}\n{when} (the day the figure was taken)" if how else \
            f"{link.label}\n{when}"
    return f"{link.label}\n{KIND_LABELS[link.kind]}; {when.lower()}"


def candidates(store: Store, home: Home, kind: LinkKind, metrics: dict[str, Metric],
               as_of: date) -> list[tuple[EvidenceLink, str]]:
    """Everything of one kind that can be linked, newest first, each with its tooltip."""
    out: list[tuple[EvidenceLink, str]] = []
    if kind is LinkKind.METRIC:
        for key, m in metrics.items():
            out.append((EvidenceLink(kind, key, f"{m.label}: {m.text}", as_of), m.how))
    elif kind is LinkKind.INCIDENT:
        kids = {c.id: c for c in store.children.list(home.id, include_archived=True)}
        for i in sorted(store.incidents.list(home.id), key=lambda i: i.occurred_at, reverse=True):
            local = i.occurred_at.astimezone(UK)
            who = ", ".join(kids[c].named() for c in i.child_ids if c in kids)
            label = f"{i.type.label}, {format_uk(local.date())} {local:%H:%M}" + (f" ({who})" if who else "")
            out.append((EvidenceLink(kind, str(int(i.id)), label, local.date()), i.summary))
    elif kind is LinkKind.STAFF:
        snap = store.workforce.snapshot(home.id)
        for s in sorted(snap.current_staff(as_of), key=lambda s: s.full_name):
            out.append((EvidenceLink(kind, str(int(s.id)), f"{s.full_name}, {s.role_name}", as_of),
                        "Their staff record as it stands: qualifications, checks, DBS, training, supervision."))
    elif kind is LinkKind.REG44:
        for v in reversed(store.quality.visits(home.id)):
            out.append((EvidenceLink(kind, str(int(v.id)), f"Reg 44 visit {format_uk(v.visited_on)} by {v.visitor}",
                                     v.visited_on), v.safeguarded_opinion or "; ".join(v.recommendations)))
    elif kind is LinkKind.REG45:
        for r in reversed(store.quality.reviews(home.id)):
            out.append((EvidenceLink(kind, str(int(r.id)), f"Reg 45 review {format_uk(r.period_start)} to "
                                     f"{format_uk(r.period_end)}", r.completed_on or r.period_end),
                        "Completed " + (format_uk(r.completed_on) if r.completed_on else "not yet")))
    elif kind is LinkKind.INSPECTION:
        for inspection in reversed(store.quality.inspections(home.id)):
            out.append((EvidenceLink(kind, str(int(inspection.id)),
                                     f"{inspection.kind.label} {format_uk(inspection.inspected_on)}",
                                     inspection.inspected_on), counted(len(inspection.findings), "finding")))
    elif kind is LinkKind.ACTION:
        for a in sorted(store.quality.actions(home.id), key=lambda a: a.due, reverse=True):
            state = f"done {format_uk(a.completed_on)}" if a.completed_on else a.status.label.lower()
            out.append((EvidenceLink(kind, str(int(a.id)), f"Action: {a.title} ({state})", a.completed_on or as_of),
                        f"{a.source.label}; due {format_uk(a.due)}; owner {a.owner}"))
    return out


class EvidenceLinkDialog(QDialog):
    """Pick one record or figure; ``chosen`` holds the link after OK."""

    def __init__(self, store: Store, home: Home, metrics: dict[str, Metric], as_of: date, criterion: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Link evidence")
        self.store, self.home, self.metrics, self.as_of = store, home, metrics, as_of
        self.chosen: EvidenceLink | None = None
        self.kind = QComboBox()
        self.kind.setAccessibleName("What to link")
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind.value)
        self.kind.currentIndexChanged.connect(self._fill)
        self.filter = QLineEdit()
        self.filter.setAccessibleName("Filter the list")
        self.filter.setPlaceholderText("Type to narrow the list")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._narrow)
        self.list = QListWidget()
        self.list.setAccessibleName("Records you can link")
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Link")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&What to link", self.kind)
        form.addRow("&Filter", self.filter)
        layout = QVBoxLayout(self)
        layout.addWidget(role_label(f"Link evidence to {criterion}. Figures are counted over the six months to "
                                    f"{format_uk(as_of)}; hover over one to see how.", "hint"))
        layout.addLayout(form)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(680, 520)
        self._fill()

    def _fill(self, _index: int = 0) -> None:
        self.list.clear()
        kind = LinkKind(self.kind.currentData())
        for link, tip in candidates(self.store, self.home, kind, self.metrics, self.as_of):
            item = QListWidgetItem(link.label)
            item.setData(Qt.ItemDataRole.UserRole, link)
            item.setToolTip(f"{link.label}\n{tip}" if tip else link.label)
            self.list.addItem(item)
        if self.list.count() == 0:
            item = QListWidgetItem("Nothing of this kind is recorded yet.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
        self._narrow(self.filter.text())

    def _narrow(self, text: str) -> None:
        words = text.casefold().split()
        first = -1
        for row in range(self.list.count()):
            item = self.list.item(row)
            hide = bool(words) and not all(w in item.text().casefold() for w in words)
            item.setHidden(hide)
            if not hide and first < 0 and item.data(Qt.ItemDataRole.UserRole) is not None:
                first = row
        self.list.setCurrentRow(first)
        self._enable()

    def _enable(self) -> None:
        item = self.list.currentItem()
        ok = item is not None and not item.isHidden() and item.data(Qt.ItemDataRole.UserRole) is not None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def choose(self, kind: LinkKind, ref: str) -> bool:
        """Select a record by kind and reference (for keyboard-free use and tests)."""
        self.kind.setCurrentIndex(self.kind.findData(kind.value))
        for row in range(self.list.count()):
            link = self.list.item(row).data(Qt.ItemDataRole.UserRole)
            if link is not None and link.ref == ref:
                self.list.setCurrentRow(row)
                return True
        return False

    def accept(self) -> None:
        item = self.list.currentItem()
        link = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if link is None:
            return
        self.chosen = link
        super().accept()
