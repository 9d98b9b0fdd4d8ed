"""Recruitment checks: the vetting summary Ofsted accepts in spreadsheet form, one row per person."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from carehome_desk.models.changes import Register
from carehome_desk.models.counted import counted, noun_for
from carehome_desk.store import Store
from carehome_desk.ui.workforce.checks_table_model import VettingFilterProxy, VettingRow, VettingTableModel, build_vetting_rows
from carehome_desk.ui.widgets.frozen_table_view import FrozenColumnTableView
from carehome_desk.ui.widgets.page import IMPORT_MENU, Page, PageId
from carehome_desk.ui.widgets.record_table_model import RECORD_ROLE
from carehome_desk.ui.widgets.register_page import setup_table, shown_words
from carehome_desk.ui.widgets.style import heading, role_label
from carehome_desk.ui.widgets.two_rows import TwoRows


class ChecksPage(Page):
    """Current staff × Schedule 2 checks; double-click (or Enter) opens that person's Checks tab."""

    page_id = PageId.CHECKS
    title = page_id.value
    watches = (Register.STAFF, Register.CHECKS)
    #: Asks the window to open a person on the Staff page: (staff id, tab name).
    person_requested = Signal(int, str)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(store, parent)
        self.model = VettingTableModel(self)
        self.proxy = VettingFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name or role (Ctrl+F)")
        self.filter.setAccessibleName("Filter people")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.only_gaps = QCheckBox("Only people with something &missing")
        self.only_gaps.toggled.connect(self._gaps_toggled)
        self.count = role_label("", "hint")
        self.count.setWordWrap(False)
        self.count.setToolTip("The whole home's figures; after “shown”, those of the people the filter lists")
        self.flags = role_label("", "banner")
        self.flags.setAccessibleName("Reg 32(7) flags")
        self.flags.hide()

        self.table = FrozenColumnTableView()
        setup_table(self.table, self.proxy, "Vetting summary: people by check", alternate=False, stretch_last=False)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.activated.connect(self._activated)
        self.table.frozen.activated.connect(self._activated)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QStackedWidget()
        self.body.addWidget(self.empty)
        self.body.addWidget(self.table)

        # Narrow (a laptop at 150%), the count goes on a row of its own rather than squeeze the filter box.
        self.toolbar = TwoRows([self.filter, self.only_gaps], [self.count], stretch=self.filter)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.title))
        layout.addWidget(role_label(
            "The vetting summary for current staff: Schedule 2 of the Children's Homes (England) Regulations 2015. "
            "✓ date checked · N/A recorded with a reason · Missing. Right to work and the health declaration are "
            "practice, not Schedule 2. Double-click a person (or press Enter) to open their checks.", "hint"))
        layout.addWidget(self.flags)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.body, 1)

    def set_home(self, home_id) -> None:  # type: ignore[no-untyped-def]
        """Show another home (read now if on show, else when next shown)."""
        self.home_id = home_id
        self.refresh()

    def reload(self) -> None:
        """Read every current person's checks."""
        rows: list[VettingRow] = []
        if self.home_id is not None:
            rows = build_vetting_rows(self.store.workforce.snapshot(self.home_id), self.store.today())
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        flagged = [r for r in rows if r.flag]
        if flagged:
            names = ", ".join(r.member.full_name for r in flagged)
            verb = noun_for(len(flagged), "is", "are")
            self.flags.setText(f"⚠ Reg 32(7): {names} {verb} working before every Schedule 2 check is complete; "
                               "they must be supervised until it is. Hover over Flagged for what is outstanding.")
        self.flags.setVisible(bool(flagged))
        self.empty.setText(f"No staff yet — add people on the Staff page (New…), or bring in your staff list "
                           f"with {IMPORT_MENU}; their checks show here."
                           if self.home_id is not None else "No home selected.")
        self.body.setCurrentIndex(1 if rows else 0)
        self._update_count()

    def _update_count(self) -> None:
        # The whole home's figures first, as on every register; then those of the people the filters show.
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        gaps = sum(1 for r in range(total) if self.model.record(r).missing)
        shown_gaps = sum(1 for r in range(shown) if self.proxy.index(r, 0).data(RECORD_ROLE).missing)
        self.count.setText(f"{counted(total, 'person')} · {gaps:,} with a check missing"
                           + shown_words(shown, total, [f"{shown_gaps:,} with a check missing"],
                                         "none with a check missing"))

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _gaps_toggled(self, on: bool) -> None:
        self.proxy.set_only_gaps(on)
        self._update_count()

    def focus_filter(self) -> None:
        """Ctrl+F lands in the filter box."""
        self.filter.setFocus()
        self.filter.selectAll()

    def _activated(self, index: QModelIndex) -> None:
        row = index.data(RECORD_ROLE)
        if row is not None:
            self.person_requested.emit(int(row.member.id), "checks")
