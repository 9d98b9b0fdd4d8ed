"""A chart on the dashboard: a picture drawn by matplotlib, in the chart process or on a worker thread.

Until the dashboard's tiles are filled each chart shows 'Charts loading…' and keeps the last
drawing asked of it (a ``ChartSpec``: plain figures), which is drawn once ``show_pictures``
has run. The drawing is done by the ``ChartDrawer`` (a chart process when there is one, so
matplotlib never holds this process's interpreter lock; else matplotlib here) on the
dashboard's drawing thread when it gives one (``render_off``): the GUI thread only puts the
finished picture on show, so typing is answered while charts are drawn. Right-click offers
'Save chart as PNG…'.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QImage, QPixmap
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox, QSizePolicy, QStackedLayout, QWidget

from carehome_desk.ui.dashboard.chart_process import ChartDrawer
from carehome_desk.ui.dashboard.chart_render import ChartSpec, Size

#: Runs a function off the GUI thread and calls back on it: (function, on done, on error).
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[str], None]], object]
LOADING = "Charts loading…"
CHART_HEIGHT = 330  # px: readable, and two rows of charts fit a 1080-line screen with the list


def matplotlib_loaded() -> bool:
    """True once matplotlib has been imported in this process."""
    return "matplotlib" in sys.modules


class ChartWidget(QWidget):
    """One chart: a placeholder until the charts are wanted, then a picture. ``drawn`` after each draw."""

    drawn = Signal()

    def __init__(self, name: str, drawer: ChartDrawer, parent: QWidget | None = None):
        super().__init__(parent)
        self.name = name
        self.drawer = drawer
        self.setAccessibleName(name)
        self.setFixedHeight(CHART_HEIGHT)
        self.placeholder = QLabel(LOADING)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setProperty("role", "hint")
        self.placeholder.setStyleSheet("QLabel { border: 1px dashed #C8C8C8; border-radius: 4px; }")
        self.stack = QStackedLayout(self)
        self.stack.setContentsMargins(0, 0, 0, 0)
        self.stack.addWidget(self.placeholder)
        self.picture: QLabel | None = None
        self.summary = ""
        self.draws = 0
        self._pending: ChartSpec | None = None
        self._drawing: ChartSpec | None = None
        self._rendering = 0  # drawings sent and not yet back
        #: Called with this chart when it has something to render; None renders at once.
        self.scheduler: Callable[[ChartWidget], None] | None = None

    @property
    def ready(self) -> bool:
        """True once the chart shows pictures (not the placeholder)."""
        return self.picture is not None

    def show_pictures(self) -> None:
        """Swap the placeholder for the picture (on the GUI thread, once the window has its figures)."""
        if self.picture is not None:
            return
        self.picture = QLabel()
        self.picture.setAccessibleName(self.name)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The picture follows the widget's size, never the other way round.
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.stack.addWidget(self.picture)
        self.stack.setCurrentWidget(self.picture)
        if self._pending is not None:
            self._ask_to_render()

    def draw(self, spec: ChartSpec) -> None:
        """Keep this drawing (only the latest); render it when the chart is ready and its turn comes. The same
        figures as the drawing on show (or being drawn) are not drawn again."""
        if self._pending is None and spec == self._drawing and (self.draws or self._rendering):
            return
        self._pending = spec
        if self.picture is not None:
            self._ask_to_render()

    def _again(self) -> None:
        """Draw the same figures once more (at the widget's new size)."""
        self._pending = self._drawing
        if self.picture is not None:
            self._ask_to_render()

    @property
    def drawn_spec(self) -> ChartSpec | None:
        """The figures of the picture on show; None before the first drawing and while another waits or is drawn."""
        return self._drawing if self.draws and not self.busy() else None

    def _ask_to_render(self) -> None:
        if self.scheduler is not None:
            self.scheduler(self)  # the owner renders its charts one at a time
        else:
            self.render_now()

    def render_now(self) -> None:
        """Run the pending drawing and show it, waiting for it here on the GUI thread."""
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
            self._rendering -= 1
            then()

        run(job, shown, failed)

    def size_now(self) -> Size:
        """The size to draw at: this widget's, in device pixels at its screen's dpi."""
        return Size(max(self.width(), 50), max(self.height(), 50), self.devicePixelRatioF() or 1.0,
                    float(max(72, self.logicalDpiX())))

    def _take(self) -> Callable[[], tuple[str, QImage, float]] | None:
        """The pending drawing as a job (for any one thread) that has it drawn into a picture."""
        if self.picture is None or self._pending is None:
            return None
        spec, self._pending = self._pending, None
        self._drawing = spec
        size, drawer, name = self.size_now(), self.drawer, self.name
        self._rendering += 1

        def job() -> tuple[str, QImage, float]:
            picture = drawer.render(name, spec, size)
            image = QImage(picture.rgba, picture.width, picture.height,
                           QImage.Format.Format_RGBA8888).copy()  # owns its pixels
            return picture.summary, image, size.ratio

        return job

    def _show(self, result: object) -> None:
        summary, image, ratio = cast("tuple[str, QImage, float]", result)
        self._rendering = max(0, self._rendering - 1)
        assert self.picture is not None
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        self.picture.setPixmap(pixmap)
        self.summary = summary
        self.setAccessibleDescription(self.summary)
        self.setToolTip(self.summary + "\n\nRight-click to save the chart as a picture.")
        self.draws += 1
        self.drawn.emit()
        if self._pending is None and not self._rendering and self._drawing is not None and self._size_moved():
            self._again()  # resized while it was drawn: once more at the new size

    def _size_moved(self) -> bool:
        if self.picture is None:
            return False
        pixmap = self.picture.pixmap()
        if pixmap.isNull():
            return False
        size = pixmap.deviceIndependentSize()
        return abs(size.width() - max(self.width(), 50)) > 1 or abs(size.height() - max(self.height(), 50)) > 1

    def busy(self) -> bool:
        """True while a drawing waits or is being rendered."""
        return self._pending is not None or self._rendering > 0

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        # The picture is drawn for one size: draw again at the new one (the legend may move under the chart).
        if self._drawing is not None and self._pending is None and not self._rendering and self._size_moved():
            self._again()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt naming
        menu = QMenu(self)
        save = menu.addAction("Save chart as PNG…")
        save.setEnabled(self._drawing is not None)
        save.triggered.connect(self.save_png)
        menu.exec(event.globalPos())

    def save_png(self) -> Path | None:
        """Ask where, and save the chart there as a PNG (what a manager pastes into a Reg 45 report)."""
        spec = self._drawing
        if spec is None:
            return None
        suggested = str(Path.home() / f"{self.name.lower().replace(',', '').replace(' ', '-')}.png")
        from carehome_desk.ui.widgets.save_name import ask_save_path

        path = ask_save_path(self, "Save chart as PNG", suggested, "PNG pictures (*.png)", ".png")
        if path is None:
            return None
        from carehome_desk.export.atomic import replace_atomically
        from carehome_desk.out_files import OutFileRefused, check_out_file

        try:  # never over a database given a .png name; through a temporary file, so never half a picture
            check_out_file(path, None, "chart", suffix=".png", kind="a PNG picture")
            data = self.drawer.png(self.name, spec, self.size_now())
            replace_atomically(path, lambda part: part.write_bytes(data), suffix=".png.part")
        except OutFileRefused as exc:
            QMessageBox.warning(self, "Chart not saved", f"{str(exc)[:1].upper()}{str(exc)[1:]}")
            return None
        except OSError as exc:  # out_files.WriteFailed: why, in plain words
            QMessageBox.warning(self, "Chart not saved", f"The chart could not be saved to {path}: "
                                f"{exc.strerror or exc}. Nothing was changed.")
            return None
        return path
