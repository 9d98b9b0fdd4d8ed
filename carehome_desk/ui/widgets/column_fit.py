"""Table columns sized to what they hold, within limits, so a 1366×768 laptop shows every column readably."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QTableView

#: No column is sized wider than this from its content: one long note must not push the rest out of view.
MAX_COLUMN = 320


class _Fitter(QObject):
    """Keeps one table's column rules, and fits again when the table is shown or resized.

    A table read while hidden has no real width yet, so squeezing then would cut text for no
    reason on a wide screen; the fit is redone once the table has its size. After the manager
    drags a column, their widths stand until the table is next read. Only a resize made while the
    manager holds the mouse on the header counts as theirs: a stretched last column is resized by
    Qt itself whenever the table's width changes, and that must not stop the fit.
    """

    def __init__(self, table: QTableView):
        super().__init__(table)
        self.table = table
        self.maximum = MAX_COLUMN
        self.limits: Mapping[int, int] = {}
        self.minimums: Mapping[int, int] = {}
        self.squeeze: Sequence[int] = ()
        self.until: int | None = None
        self.fitting = False
        self.user_sized = False
        self.pending = False
        self.pressed = False  # the manager's mouse button is down on the header
        header = table.horizontalHeader()
        header.sectionResized.connect(self._resized)
        self.header_area = header.viewport()
        self.header_area.installEventFilter(self)
        table.installEventFilter(self)

    def _resized(self, *_args: int) -> None:
        if self.pressed and not self.fitting:
            self.user_sized = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if watched is self.header_area:
            if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
                self.pressed = True  # a drag or a double-click on a column's edge resizes while pressed
            elif event.type() == QEvent.Type.MouseButtonRelease:
                self.pressed = False
            return False
        if (watched is self.table and event.type() in (QEvent.Type.Show, QEvent.Type.Resize)
                and not self.user_sized and not self.pending and self.squeeze):
            self.pending = True
            QTimer.singleShot(0, self, self._refit)
        return False

    def _refit(self) -> None:
        self.pending = False
        model = self.table.model()
        # A table a filter has emptied keeps its widths: sized to its headers alone, the columns would stay
        # narrow (and leave a gap on the right) when the rows come back.
        if not self.user_sized and (model is None or model.rowCount() > 0):
            self.fit()

    def fit(self) -> None:
        self.fitting = True
        try:
            self._fit()
        finally:
            self.fitting = False

    def _fit(self) -> None:
        table = self.table
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        # A stretched last column shows the width left over, not its content's: it is sized (and counted) by
        # its content, and Qt stretches it again into whatever room the others leave.
        last = header.count() - 1 if header.stretchLastSection() else -1
        sizes: dict[int, int] = {}
        for column in range(header.count()):
            width = header.sectionSize(column)
            content = (max(table.sizeHintForColumn(column), header.sectionSizeHint(column)) if column == last
                       else width)
            sizes[column] = max(min(content, self.limits.get(column, self.maximum)), self.minimums.get(column, 0))
            if sizes[column] != width:
                header.resizeSection(column, sizes[column])
        if not table.isVisible():
            return  # no real width yet: squeezed when shown
        # Squeeze until every column fits, or (with ``until``) until that column's right edge is in view.
        counted = sizes.values() if self.until is None else [sizes[c] for c in range(self.until + 1)]
        over = sum(counted) - table.viewport().width()
        for column in self.squeeze:
            if over <= 0:
                break
            width = sizes.get(column, 0)
            give = min(over, width - self.minimums.get(column, 120))
            if give > 0:
                header.resizeSection(column, width - give)
                over -= give


def fit_columns(table: QTableView, *, maximum: int = MAX_COLUMN, limits: Mapping[int, int] | None = None,
                minimums: Mapping[int, int] | None = None, squeeze: Sequence[int] = (),
                until: int | None = None) -> None:
    """Size each column to its header and content, then cap it (``limits`` per column, else ``maximum``).

    A capped cell is elided at its end ("…") and its full text stays in the tooltip; ``minimums``
    keep a column (a name) readable even when its content is short. When the columns are still
    wider than the table, the ``squeeze`` columns (long free text, in that order) give up width,
    down to their minimum (else 120 px), so the short columns after them (a regulation, a
    status) stay in view; this is redone when the table is shown or resized, until the manager
    drags a column. With ``until``, they give up only what brings that column whole into view (a
    status column that must not hide behind a side panel). A stretched last column still takes
    whatever width is left over.
    """
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    fitter = table.findChild(_Fitter) or _Fitter(table)
    fitter.maximum = maximum
    fitter.limits = dict(limits or {})
    fitter.minimums = dict(minimums or {})
    fitter.squeeze = tuple(squeeze)
    fitter.until = until
    fitter.user_sized = False
    fitter.fit()
