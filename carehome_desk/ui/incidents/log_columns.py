"""The incident log's columns: each sized to what it holds, the summary taking the room left over; where the
page is narrow (a laptop at 150%), the type gives up width (elided, whole in its tooltip) so that Steps, Reg 40
and Reviewed, what needs doing, stay in view."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView

TYPE, SUMMARY = 1, 3
#: The type is never cut narrower than this ("Restraint / measure…" still reads).
TYPE_NARROWEST = 150
#: The summary's share before the type gives any up.
SUMMARY_NARROWEST = 120
#: The least the summary keeps once the type is as narrow as it goes (its first word or so; whole in its tooltip).
SUMMARY_LEAST = 60


class LogColumns:
    """Sizes one log table's columns when it is read, and the type's width again whenever the table is resized."""

    def __init__(self, table: QTableView):
        self.table = table
        self.type_width = 0  # what the longest type on the list needs

    def size(self) -> None:
        """Every column to its content, the summary stretched, then the type fitted to the width."""
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SUMMARY, QHeaderView.ResizeMode.Stretch)  # the full text is in its tooltip
        self.type_width = header.sectionSize(TYPE)
        self.fit()

    def fit(self) -> None:
        """The type as wide as it needs where the width allows, narrower (down to TYPE_NARROWEST) where not."""
        header = self.table.horizontalHeader()
        if not self.type_width or header.count() <= SUMMARY:
            return
        others = sum(header.sectionSize(c) for c in range(header.count()) if c not in (TYPE, SUMMARY))
        room = self.table.viewport().width() - others - SUMMARY_NARROWEST
        width = max(TYPE_NARROWEST, min(self.type_width, room))
        if header.sectionSize(TYPE) != width:
            header.resizeSection(TYPE, width)
        # The summary stretches into what is left; with less than SUMMARY_LEAST left it keeps that much (a stretched
        # column given no room would keep its old, wide size) and the log scrolls sideways by as little as it can.
        stretch = self.table.viewport().width() - others - width >= SUMMARY_LEAST
        mode = QHeaderView.ResizeMode.Stretch if stretch else QHeaderView.ResizeMode.Interactive
        if header.sectionResizeMode(SUMMARY) != mode:
            header.setSectionResizeMode(SUMMARY, mode)
        if not stretch:
            header.resizeSection(SUMMARY, SUMMARY_LEAST)
