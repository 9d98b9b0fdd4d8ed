"""A chart on the dashboard: a matplotlib ``Figure`` on a ``FigureCanvasQTAgg`` (no global figure state).

matplotlib loads only after the window is on screen: until ``load_matplotlib`` has run, each
chart shows 'Charts loading…' and keeps the last drawing asked of it, which is drawn as soon
as its canvas exists. Right-click offers 'Save chart as PNG…'.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu, QMessageBox, QStackedLayout, QWidget

#: Draws on a Figure and returns the chart's summary in words.
Drawing = Callable[[Any], str]
LOADING = "Charts loading…"
NARROW_PX = 640  # as chart_drawing.NARROW_PX, which cannot be imported before matplotlib is wanted
CHART_HEIGHT = 330  # px: readable, and two rows of charts fit a 1080-line screen with the list


def warm_up_matplotlib() -> None:
    """Import matplotlib's heavy parts and read its font list (safe on a worker thread: no Qt)."""
    from matplotlib import font_manager
    from matplotlib.backend_bases import FigureCanvasBase
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    import carehome_desk.ui.dashboard.chart_drawing  # noqa: F401

    font_manager.findfont("DejaVu Sans")
    fig = Figure(figsize=(2, 1), dpi=50)
    fig.text(0.5, 0.5, "warm")
    canvas: FigureCanvasBase = FigureCanvasAgg(fig)  # typed as the base: backend_agg has no annotations
    canvas.draw()  # builds the text and font caches once, off the GUI thread


def matplotlib_loaded() -> bool:
    """True once matplotlib has been imported in this process."""
    return "matplotlib" in sys.modules


class ChartWidget(QWidget):
    """One chart: a placeholder until matplotlib is loaded, then a canvas. ``drawn`` after each draw."""

    drawn = Signal()

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.name = name
        self.setAccessibleName(name)
        self.setFixedHeight(CHART_HEIGHT)
        self.placeholder = QLabel(LOADING)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setProperty("role", "hint")
        self.placeholder.setStyleSheet("QLabel { border: 1px dashed #C8C8C8; border-radius: 4px; }")
        self.stack = QStackedLayout(self)
        self.stack.setContentsMargins(0, 0, 0, 0)
        self.stack.addWidget(self.placeholder)
        self.figure: Any = None
        self.canvas: Any = None
        self.summary = ""
        self.draws = 0
        self._pending: Drawing | None = None
        self._drawing: Drawing | None = None
        self._narrow = False
        #: Called with this chart when it has something to render; None renders at once.
        self.scheduler: Callable[[ChartWidget], None] | None = None

    @property
    def ready(self) -> bool:
        """True once the canvas exists."""
        return self.canvas is not None

    def load_matplotlib(self) -> None:
        """Make the figure and canvas (call on the GUI thread, after the window has shown)."""
        if self.canvas is not None:
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(5, 3.3), layout="constrained", dpi=max(72, self.logicalDpiX()))
        self.figure.set_facecolor("white")
        # matplotlib's Qt backend has no annotations, so its constructor counts as untyped.
        self.canvas = FigureCanvasQTAgg(self.figure)  # type: ignore[no-untyped-call]
        self.canvas.setParent(self)
        self.canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.canvas.setAccessibleName(self.name)
        self.canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)  # ours, on the widget, below
        self.stack.addWidget(self.canvas)
        self.stack.setCurrentWidget(self.canvas)
        if self._pending is not None:
            self._ask_to_render()

    def draw(self, drawing: Drawing) -> None:
        """Keep this drawing (only the latest); render it when the canvas exists and its turn comes."""
        self._pending = drawing
        if self.canvas is not None:
            self._ask_to_render()

    def _ask_to_render(self) -> None:
        if self.scheduler is not None:
            self.scheduler(self)  # the owner renders its charts one per event-loop turn
        else:
            self.render_now()

    def render_now(self) -> None:
        """Run the pending drawing and render it (on the GUI thread; this is the costly part)."""
        if self.canvas is None or self._pending is None:
            return
        drawing, self._pending = self._pending, None
        self._drawing = drawing
        self._narrow = self.width() < NARROW_PX
        self.summary = drawing(self.figure)
        self.setAccessibleDescription(self.summary)
        self.setToolTip(self.summary + "\n\nRight-click to save the chart as a picture.")
        self.canvas.draw()
        self.draws += 1
        self.drawn.emit()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        # Crossing the narrow/wide line moves the legend (under or beside the chart): draw again.
        if self._drawing is not None and self._pending is None and (self.width() < NARROW_PX) != self._narrow:
            self.draw(self._drawing)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt naming
        menu = QMenu(self)
        save = menu.addAction("Save chart as PNG…")
        save.setEnabled(self.canvas is not None)
        save.triggered.connect(self.save_png)
        menu.exec(event.globalPos())

    def save_png(self) -> Path | None:
        """Ask where, and save the chart there as a PNG (what a manager pastes into a Reg 45 report)."""
        if self.figure is None:
            return None
        suggested = str(Path.home() / f"{self.name.lower().replace(',', '').replace(' ', '-')}.png")
        name, _ = QFileDialog.getSaveFileName(self, "Save chart as PNG", suggested, "PNG pictures (*.png)")
        if not name:
            return None
        path = Path(name) if name.lower().endswith(".png") else Path(name + ".png")
        try:
            self.figure.savefig(path, dpi=150, format="png", facecolor="white")
        except OSError as exc:
            QMessageBox.warning(self, "Chart not saved", f"The chart could not be saved to {path}: "
                                f"{exc.strerror or exc}.")
            return None
        return path
