"""A dashboard chart drawn into pixels, without Qt: the same code in the chart process and in the app.

What a chart shows travels as a ``ChartSpec`` (plain data, so it can be pickled to the chart
process without that process importing the store), with the size to draw at (``Size``). The
``Renderer`` keeps one matplotlib figure per chart and returns a ``Picture`` (the summary in
words and the RGBA pixels), or PNG bytes for 'Save chart as PNG…'. matplotlib is imported only
when a ``Renderer`` first draws, so importing this module costs nothing.
"""

from __future__ import annotations

import dataclasses
import json
import math
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

#: The file in the data folder that keeps the charts' layouts between sessions.
LAYOUTS_FILE = "chart-layouts.json"
#: The charts a spec can name (the dashboard's Part values for its four charts).
KINDS = ("incidents", "restraint", "training", "grades")


@dataclass(frozen=True)
class ChartSpec:
    """One chart's figures: a month series (``months``, ``labels``, ``values``) or, for the grades,
    the self-evaluation days and each judgement's scores, with the period's first and last day."""

    kind: str
    words: str
    months: list[date] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    values: dict[str, list[Any]] = field(default_factory=dict)
    days: list[date] = field(default_factory=list)
    first: date | None = None
    last: date | None = None
    grade_ticks: dict[float, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Size:
    """Where the picture goes: the widget's size in screen pixels, its device pixel ratio and dpi."""

    width: int
    height: int
    ratio: float
    dpi: float


@dataclass(frozen=True)
class Picture:
    """A drawn chart: its summary in words and ``width`` × ``height`` RGBA pixels."""

    summary: str
    width: int
    height: int
    rgba: bytes


@dataclass(frozen=True)
class MonthSeries:
    """What the drawing functions read of a month series (the core's Series has the same fields)."""

    months: list[date]
    values: dict[str, list[float]]
    labels: list[str]


def paint(fig: Any, spec: ChartSpec) -> str:
    """Draw ``spec`` on the matplotlib figure ``fig``; the chart's summary in words."""
    from carehome_desk.ui.dashboard import chart_drawing as draw

    if spec.kind == "grades":
        assert spec.first is not None and spec.last is not None
        return draw.grades(fig, spec.days, spec.values, spec.first, spec.last, spec.words, spec.grade_ticks)
    series = MonthSeries(spec.months, spec.values, spec.labels)
    painter = {"incidents": draw.incidents, "restraint": draw.restraint_missing, "training": draw.training}[spec.kind]
    return painter(fig, series, spec.words)


def _where(value: float, low: float, high: float) -> float:
    """``value``'s place along a view from ``low`` (0) to ``high`` (1)."""
    return round((value - low) / (high - low), 4) if high != low else 0.0


#: Text in the axes below this fraction of the height cannot reach the margin above (its own height
#: is about a tenth of the axes'), so where it is does not change the layout.
TEXT_CLEAR_OF_TOP = 0.75


def layout_key(figure: Any, size: Size) -> tuple[Any, ...]:
    """Everything the chart's margins depend on: its size and every word on it, with the tick labels
    that will show and where (worked out as matplotlib will when it draws)."""
    words: list[Any] = [size, figure._suptitle.get_text() if figure._suptitle is not None else None]
    for legend in figure.legends:
        words.append(("legend", legend._loc, legend.get_title().get_text(), *(t.get_text() for t in legend.texts)))
    for ax in figure.axes:
        words.append(("axes", ax.axison, ax.get_xlabel(), ax.get_ylabel()))
        (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
        for text in ax.texts:  # a digit's width is the same as any other's in the chart font
            x, y = text.get_position()
            in_data = bool(text.get_transform() == ax.transData)
            at_top = _where(y, y0, y1) if in_data else -1.0
            words.append(("text", "".join("0" if c.isdigit() else c for c in text.get_text()), in_data,
                          _where(x, x0, x1),
                          at_top if at_top >= TEXT_CLEAR_OF_TOP else "clear"))
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            shown = [loc for loc in axis.get_majorticklocs() if low - 1e-9 <= loc <= high + 1e-9]
            labels = axis.get_major_formatter().format_ticks(shown)
            words.append(tuple((label, _where(loc, low, high)) for label, loc in zip(labels, shown, strict=True)))
    return tuple(words)


def _plain(value: Any) -> Any:
    """A key's parts as JSON (dates and sizes)."""
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if hasattr(value, "item"):  # a numpy number or truth value
        return value.item()
    raise TypeError(f"not part of a layout key: {value!r}")


def _setup() -> str:
    """What a kept layout depends on besides its key: matplotlib's version and the font it draws with."""
    import matplotlib
    from matplotlib import font_manager

    return f"{matplotlib.__version__} {font_manager.findfont(font_manager.FontProperties())}"


#: The layouts of four charts are a few kilobytes; a bigger file is not ours and is not read.
MAX_LAYOUTS_BYTES = 1_000_000
#: Where a title can sit (matplotlib's vertical alignments).
ALIGNMENTS = ("top", "bottom", "center", "baseline", "center_baseline")


def _numbers(value: Any, count: int) -> bool:
    return (isinstance(value, list) and len(value) == count
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value))


def _kept_layout(raw: Any) -> tuple[str, list[list[float]], list[Any] | None] | None:
    """One chart's kept layout as ``Renderer`` keeps it, or None when it is not one (a spoilt file: the chart
    is then laid out afresh, never drawn with parts nowhere or not drawn at all)."""
    if not isinstance(raw, list) or len(raw) != 3 or not isinstance(raw[0], str):
        return None
    key, positions, title = raw
    if not isinstance(positions, list) or not all(_numbers(p, 4) for p in positions):
        return None
    if title is not None and not (isinstance(title, list) and len(title) == 2 and _numbers(title[0], 2)
                                  and title[1] in ALIGNMENTS):
        return None
    return key, positions, title


class Renderer:
    """Draws charts on figures of its own, one per chart name; one drawing at a time (any thread).
    ``layouts``: a file to keep the layouts in between sessions (read at the first drawing)."""

    def __init__(self, layouts: Path | None = None) -> None:
        self._figures: dict[str, tuple[Any, Any]] = {}
        #: Per chart: the last layout's key (as JSON), where it put each axes ([x0, y0, width, height])
        #: and the title's position and vertical alignment.
        self._layouts: dict[str, tuple[str, list[list[float]], list[Any] | None]] = {}
        self._file = layouts
        self._read = False
        self._lock = threading.Lock()
        #: Drawings that reused the last layout (for the tests: the picture must be the same).
        self.reused = 0

    def _figure(self, name: str, size: Size) -> tuple[Any, Any]:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        made: tuple[Any, Any] | None = self._figures.get(name)
        if made is None or made[0].dpi != size.dpi:
            figure = Figure(figsize=(5, 3.3), layout="constrained", dpi=size.dpi)
            figure.set_facecolor("white")
            made = self._figures[name] = (figure, FigureCanvasAgg(figure))
        figure = made[0]
        canvas: Any = made[1]  # matplotlib's backends have no annotations
        canvas._set_device_pixel_ratio(size.ratio)  # figure dpi = screen dpi × ratio, as Qt's canvas does
        figure.set_size_inches(size.width * size.ratio / figure.dpi, size.height * size.ratio / figure.dpi)
        return figure, canvas

    def render(self, name: str, spec: ChartSpec, size: Size) -> Picture:
        """Draw the chart at ``size`` and return its pixels."""
        with self._lock:
            figure, canvas = self._figure(name, size)
            summary = paint(figure, spec)
            self._lay_out(name, figure, size, canvas)
            buffer = canvas.buffer_rgba()
            return Picture(summary, int(buffer.shape[1]), int(buffer.shape[0]), bytes(buffer))

    def _lay_out(self, name: str, figure: Any, size: Size, canvas: Any) -> None:
        """Draw on the canvas: laid out afresh, or where the last layout with the same words put things."""
        self._read_layouts()
        key = json.dumps(layout_key(figure, size), default=_plain)
        last = self._layouts.get(name)
        title = figure._suptitle
        if last is not None and last[0] == key and len(last[1]) == len(figure.axes):
            positions, title_at = last[1], last[2]
            figure.set_layout_engine("none")
            for ax, position in zip(figure.axes, positions, strict=True):
                ax.set_position(position)
            if title is not None and title_at is not None:
                title.set_position(tuple(title_at[0]))  # the layout moves the title too
                title.set_verticalalignment(title_at[1])
            self.reused += 1
            canvas.draw()
            figure.set_layout_engine("constrained")
            return
        canvas.draw()
        title_at = [list(title.get_position()), title.get_verticalalignment()] if title is not None else None
        self._layouts[name] = (key, [list(ax.get_position().bounds) for ax in figure.axes], title_at)
        if name != "warm-up":
            self._write_layouts()

    def _read_layouts(self) -> None:
        if self._read or self._file is None:
            return
        self._read = True
        from carehome_desk.kept_files import settle

        settle(self._file)  # layouts this process is still writing are read whole
        try:
            kept_at = self._file.stat()
            if not stat.S_ISREG(kept_at.st_mode) or kept_at.st_size > MAX_LAYOUTS_BYTES:
                return  # not ours (a pipe would be read for ever): laid out afresh, and replaced by ours
            kept = json.loads(self._file.read_text(encoding="utf-8"))
            if kept.get("setup") == _setup():
                self._layouts.update({name: layout for name, raw in kept["layouts"].items()
                                      if name != "warm-up" and (layout := _kept_layout(raw)) is not None})
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            pass  # none kept yet, or unreadable: laid out afresh and kept again

    def _write_layouts(self) -> None:
        if self._file is None:
            return
        from carehome_desk.kept_files import write_soon

        layouts = {name: list(layout) for name, layout in self._layouts.items() if name != "warm-up"}
        # Whole or not at all, private, and not in the way of the picture: a full disk or a read-only folder
        # keeps the layouts for this session only.
        write_soon(self._file, json.dumps({"setup": _setup(), "layouts": layouts}), "chart layouts")

    def png(self, name: str, spec: ChartSpec, size: Size, dpi: float = 150) -> bytes:
        """The chart drawn at ``size`` as a PNG file's bytes at ``dpi``."""
        import io

        with self._lock:
            figure, _ = self._figure(name, size)
            paint(figure, spec)
            out = io.BytesIO()
            figure.savefig(out, dpi=dpi, format="png", facecolor="white")
            return out.getvalue()

    def warm_up(self, idle: Callable[[], bool] = lambda: True) -> None:
        """Import matplotlib's heavy parts and build its font and text caches with a small drawing (left out
        when ``idle`` says a real one is already waiting: it builds them as well)."""
        from matplotlib import font_manager

        import carehome_desk.ui.dashboard.chart_drawing  # noqa: F401

        font_manager.findfont("DejaVu Sans")
        if not idle():
            return
        spec = ChartSpec("training", "warm-up", [date(2026, 1, 1)], ["Jan 26"], {"Training in date (%)": [50.0]})
        self.render("warm-up", spec, Size(200, 120, 1.0, 72))
        self._figures.pop("warm-up", None)
        self._layouts.pop("warm-up", None)
