"""A chart on the dashboard: a matplotlib ``Figure`` rendered by Agg into a picture (no global figure state).

matplotlib loads only after the window is on screen: until ``load_matplotlib`` has run, each
chart shows 'Charts loading…' and keeps the last drawing asked of it, which is drawn as soon
as its canvas exists. Drawing and rendering (a tenth of a second a chart) run on the dashboard's
worker thread when it gives one (``render_off``): the GUI thread only puts the finished picture
on show, so typing is answered while charts are drawn. The figure is used by one thread at a
time (``_lock``). Right-click offers 'Save chart as PNG…'.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QImage, QPixmap
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu, QMessageBox, QSizePolicy, QStackedLayout, QWidget

#: Draws on a Figure and returns the chart's summary in words.
Drawing = Callable[[Any], str]
#: Runs a function off the GUI thread and calls back on it: (function, on done, on error).
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[str], None]], object]
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
        self._lock = threading.Lock()
        self._rendering = False
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
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(5, 3.3), layout="constrained", dpi=max(72, self.logicalDpiX()))
        self.figure.set_facecolor("white")
        self.canvas = FigureCanvasAgg(self.figure)
        self.picture = QLabel()
        self.picture.setAccessibleName(self.name)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The picture follows the widget's size, never the other way round.
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.stack.addWidget(self.picture)
        self.stack.setCurrentWidget(self.picture)
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
        """Run the pending drawing and render it here, on the GUI thread."""
        job = self._take()
        if job is not None:
            self._show(job())

    def render_off(self, run: Runner, then: Callable[[], None]) -> None:
        """Run the pending drawing on the worker ``run`` gives; show it, then call ``then``, on the GUI thread."""
        job = self._take()
        if job is None:
            then()
            return

        def shown(result: object) -> None:
            self._show(result)
            then()

        def failed(_trace: str) -> None:
            self._rendering = False
            then()

        run(job, shown, failed)

    def _take(self) -> Callable[[], tuple[str, QImage, float]] | None:
        """The pending drawing as a job that draws and renders it (for any one thread) into a picture."""
        if self.canvas is None or self._pending is None:
            return None
        drawing, self._pending = self._pending, None
        self._drawing = drawing
        self._narrow = self.width() < NARROW_PX
        ratio = self.devicePixelRatioF() or 1.0
        width, height = max(self.width(), 50), max(self.height(), 50)
        figure, canvas = self.figure, self.canvas
        self._rendering = True

        def job() -> tuple[str, QImage, float]:
            with self._lock:
                canvas._set_device_pixel_ratio(ratio)  # figure dpi = screen dpi × ratio, as Qt's canvas does
                figure.set_size_inches(width * ratio / figure.dpi, height * ratio / figure.dpi)
                summary = drawing(figure)
                canvas.draw()
                buffer = canvas.buffer_rgba()
                image = QImage(bytes(buffer), buffer.shape[1], buffer.shape[0],
                               QImage.Format.Format_RGBA8888).copy()  # owns its pixels
            return summary, image, ratio

        return job

    def _show(self, result: object) -> None:
        summary, image, ratio = cast("tuple[str, QImage, float]", result)
        self._rendering = False
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        self.picture.setPixmap(pixmap)
        self.summary = summary
        self.setAccessibleDescription(self.summary)
        self.setToolTip(self.summary + "\n\nRight-click to save the chart as a picture.")
        self.draws += 1
        self.drawn.emit()
        if self._pending is None and self._drawing is not None and self._size_moved():
            self.draw(self._drawing)  # resized while it was drawn: once more at the new size

    def _size_moved(self) -> bool:
        pixmap = self.picture.pixmap()
        if pixmap.isNull():
            return False
        size = pixmap.deviceIndependentSize()
        return abs(size.width() - max(self.width(), 50)) > 1 or abs(size.height() - max(self.height(), 50)) > 1

    def busy(self) -> bool:
        """True while a drawing waits or is being rendered."""
        return self._pending is not None or self._rendering

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        # The picture is drawn for one size: draw again at the new one (the legend may move under the chart).
        if self._drawing is not None and self._pending is None and not self._rendering and self._size_moved():
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
            with self._lock:  # not while the worker draws on it
                self.figure.savefig(path, dpi=150, format="png", facecolor="white")
        except OSError as exc:
            QMessageBox.warning(self, "Chart not saved", f"The chart could not be saved to {path}: "
                                f"{exc.strerror or exc}.")
            return None
        return path
