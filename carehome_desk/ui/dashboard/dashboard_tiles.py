"""Dashboard tiles: a headline figure with its words, a status colour strip, and a page it opens.

Each tile is focusable (Tab reaches it, Enter or Space opens it), has an accessible name that
reads the whole tile, and a tooltip saying exactly what it counts.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from carehome_desk.services.dashboard_tile import Tile
from carehome_desk.models.settings import FAR_BELOW_PERCENT, POLICY_HELP, ProviderSettings
from carehome_desk.models.status import Status
from carehome_desk.ui.widgets.first_paint import STRONG_FOCUS, set_qt_properties
from carehome_desk.ui.widgets.style import (BLUE, BLUISH_GREEN, ORANGE, REDDISH_PURPLE, ROLE_STYLE, STATUS_TINTS,
                                            VERMILLION, restyle)

#: The strip down a tile's left edge: vermillion only for overdue, orange only for due soon.
STRIP: dict[Status | None, str] = {Status.OVERDUE: VERMILLION, Status.DUE_SOON: ORANGE,
                                   Status.MISSING: REDDISH_PURPLE, Status.IN_DATE: BLUISH_GREEN, None: "#8C8C8C"}
#: Rate tiles carry a status for their colour only; 'Due soon' would be the wrong word on a rate.
RATE_TILES = frozenset({"notifications_on_time", "restraint_steps_on_time", "rhi_offered"})
TARGET_SETTING = POLICY_HELP["on_time_target_percent"].label


def rate_word(status: Status, target: int) -> str:
    """A rate tile's badge, naming the provider's own target: 'Below your 95% target'."""
    if status is Status.IN_DATE:
        return f"Meets your {target}% target"
    if status is Status.OVERDUE:
        return f"Below {min(FAR_BELOW_PERCENT, target)}%: your target is {target}%"
    return f"Below your {target}% target"


def target_tip(target: int) -> str:
    """Where the target comes from, for the badge's tooltip."""
    return (f"Your target is {target}% on time: Home settings → Provider policy → “{TARGET_SETTING}”. "
            "It is your own policy, not law: the regulations ask for every one on time.")
DEFAULT_TARGET = ProviderSettings().on_time_target_percent


def _status_name(status: Status | None) -> str:
    return status.name if status is not None else "NONE"


#: Every tile's look, set once on the grid (a style sheet per tile cost each tile a parse and a polish of its
#: own): the strip's colour and the badge's tint follow the tile's ``status`` property.
TILE_STYLE = "".join([
    "QFrame#tile { background: palette(base); border: 1px solid #C8C8C8; border-radius: 4px; }",
    "QFrame#tile:hover { background: #F4F8FC; }",
    "QLabel#tileWord { background: #F0F0F0; color: black; border-radius: 3px; padding: 1px 6px; }",
    *(f'QFrame#tile[status="{_status_name(status)}"] {{ border-left: 6px solid {colour}; }}'
      f'QFrame#tile[status="{_status_name(status)}"]:focus {{ border: 2px solid {BLUE}; '
      f'border-left: 6px solid {colour}; }}' for status, colour in STRIP.items()),
    *(f'QLabel#tileWord[status="{status.name}"] {{ background: {tint}; }}' for status, tint in STATUS_TINTS.items()),
    ROLE_STYLE,  # the details' grey, in the first frame too (shown before the application's style sheet is set)
])
MIN_TILE_WIDTH = 230
MAX_COLUMNS = 6


def status_word(tile: Tile) -> str:
    """The word beside the colour ('' for a tile that only counts, like restraints)."""
    if tile.status is None:
        return ""
    if tile.key in RATE_TILES:
        return rate_word(tile.status, tile.target if tile.target is not None else DEFAULT_TARGET)
    return tile.status.label


class TileWidget(QFrame):
    """One tile. Click, Enter or Space emits ``activated`` with the tile."""

    activated = Signal(object)

    def __init__(self, tile: Tile, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tile")
        set_qt_properties(self, focusPolicy=STRONG_FOCUS)  # the pointing hand is TileGrid's, after the first paint
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.title = QLabel()
        self.title.setWordWrap(True)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.word = QLabel()
        self.word.setObjectName("tileWord")
        self.value = QLabel()
        big = QFont(self.value.font())
        big.setPointSizeF(max(big.pointSizeF(), 9) + 5)
        big.setBold(True)
        self.value.setFont(big)
        self.value.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setProperty("role", "hint")
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.title, 1)
        badge = QVBoxLayout()  # the badge at the top, its own height, however many lines the title takes
        badge.addWidget(self.word)
        badge.addStretch(1)
        top.addLayout(badge)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 10, 6)
        layout.setSpacing(1)
        layout.addLayout(top)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        self.tile = tile
        self.show_tile(tile)

    def show_tile(self, tile: Tile) -> None:
        """Show new figures for the tile (keeping focus where it is)."""
        self.tile = tile
        word = status_word(tile)
        status, before = _status_name(tile.status), self.property("status")
        if before is None:  # a new tile: styled as it is first polished (setVisible polishes)
            self.word.setProperty("status", status)
            self.setProperty("status", status)
        elif before != status:
            restyle(self.word, "status", status)
            restyle(self, "status", status)
        self.title.setText(tile.title)
        self.value.setText(tile.value)
        self.detail.setText(tile.detail)
        self.word.setText(word)
        self.word.setVisible(bool(word))
        rate_target = tile.target if tile.key in RATE_TILES and tile.target is not None else None
        self.word.setToolTip(target_tip(rate_target) if rate_target is not None else "")
        where = f"the {tile.opens} page" if tile.opens else ""
        counts = tile.counts + (f"\n{target_tip(rate_target)}" if rate_target is not None else "")
        self.setToolTip(f"{counts}\n\nClick, or press Enter, to open {where}." if where else counts)
        self.setAccessibleName(f"{tile.title}: {tile.value}" + (f", {word}" if word else ""))
        self.setAccessibleDescription(f"{tile.detail}. {tile.counts}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt naming
        from PySide6.QtCore import Qt  # not before the first paint (first_paint.py)

        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.activated.emit(self.tile)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.tile)
            event.accept()
            return
        super().keyPressEvent(event)


class TileGrid(QWidget):
    """Tiles in as many columns as the width allows (at least MIN_TILE_WIDTH each, at most six)."""

    tile_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Figures at a glance")
        self.setStyleSheet(TILE_STYLE)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(8)
        self.widgets: list[TileWidget] = []
        self._columns = 0
        self._hands = False

    def set_tiles(self, tiles: list[Tile]) -> None:
        """Show these tiles; tiles with the same keys are updated in place (focus stays put), and only
        those whose figures changed are filled again."""
        if [w.tile.key for w in self.widgets] == [t.key for t in tiles]:
            for widget, tile in zip(self.widgets, tiles, strict=True):
                if widget.tile != tile:
                    widget.show_tile(tile)
            return
        for widget in self.widgets:
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.widgets = []
        for tile in tiles:
            widget = TileWidget(tile, self)
            widget.activated.connect(self.tile_activated)  # signal to signal: no Python callable per emit
            self.widgets.append(widget)
        self._columns = 0
        self._reflow()
        if self._hands:
            self.pointing_hands()

    def pointing_hands(self) -> None:
        """The pointing hand over every tile, from now on: called once the first frame is painted (a cursor is
        made with one of Qt's enums, first_paint.py), and at once for a page made whole."""
        from PySide6.QtCore import Qt

        self._hands = True
        for widget in self.widgets:
            widget.setCursor(Qt.CursorShape.PointingHandCursor)

    def tile(self, key: str) -> TileWidget | None:
        """The tile widget with this key."""
        return next((w for w in self.widgets if w.tile.key == key), None)

    def columns_for(self, width: int) -> int:
        """How many tiles fit side by side."""
        spacing = self.grid.horizontalSpacing()
        return max(1, min(MAX_COLUMNS, (width + spacing) // (MIN_TILE_WIDTH + spacing)))

    def _reflow(self) -> None:
        columns = self.columns_for(self.width())
        if columns == self._columns:
            return
        self._columns = columns
        for widget in self.widgets:
            self.grid.removeWidget(widget)
        for c in range(MAX_COLUMNS):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)
        for index, widget in enumerate(self.widgets):
            self.grid.addWidget(widget, index // columns, index % columns)
        # Tab order follows reading order: along each row, then down.
        for before, after in zip(self.widgets, self.widgets[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._reflow()
