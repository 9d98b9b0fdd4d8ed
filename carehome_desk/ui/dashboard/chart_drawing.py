"""Drawing the dashboard's series on a matplotlib ``Figure`` (never the global plotting interface).

Imported only once the window is on screen (matplotlib costs ~0.4 s to load). Every function
clears the figure, draws, and returns a one-paragraph summary in words, which the chart widget
gives screen readers. Colours: Okabe–Ito, without vermillion and orange, which the rest of the
program keeps for 'overdue' and 'due soon'.
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta
from typing import Protocol, cast

from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, MaxNLocator, PercentFormatter

from carehome_desk.models.counted import counted
from carehome_desk.models.dates import format_uk
from carehome_desk.models.percent import percent_text

BLUE, SKY_BLUE, GREEN, PURPLE, YELLOW, BLACK = "#0072B2", "#56B4E9", "#009E73", "#CC79A7", "#F0E442", "#000000"
OTHER_GREY = "#A6A6A6"
PALETTE = (BLUE, SKY_BLUE, GREEN, PURPLE, YELLOW, BLACK)
MARKERS = ("o", "s", "^", "D")
TITLE_PT, LABEL_PT, TICK_PT = 11.0, 9.5, 9.0
MAX_TYPES = 5  # more bands than this in one stack cannot be told apart at a glance


class Series(Protocol):
    """A month series as the core gives it (services.dashboard.Series, which the chart process never imports)."""

    @property
    def months(self) -> list[date]: ...

    @property
    def values(self) -> dict[str, list[float]]: ...

    @property
    def labels(self) -> list[str]: ...


def _wrap(text: str, width: int = 26) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _dates(days: list[date]) -> list[float]:
    """The days unchanged: matplotlib plots dates through its units registry, but its stubs take only numbers."""
    return cast("list[float]", days)


def _axes(fig: Figure, title: str) -> Axes:
    fig.clear()
    # A figure title (not the axes'), so a legend beside the axes never runs into it.
    fig.suptitle(title, fontsize=TITLE_PT, fontweight="bold", x=0.01, ha="left")
    ax = fig.add_subplot()
    ax.tick_params(labelsize=TICK_PT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#E0E0E0", linewidth=0.8)
    ax.set_axisbelow(True)
    return ax


def empty(fig: Figure, title: str, message: str) -> str:
    """A chart with nothing to draw: its title and what to do, in words."""
    ax = _axes(fig, title)
    ax.set_axis_off()
    ax.text(0.5, 0.5, _wrap(message, 48), ha="center", va="center", fontsize=LABEL_PT + 1, color="#333333",
            transform=ax.transAxes)
    return f"{title}: {message}"


def month_labels(months: list[date]) -> list[str]:
    """The month, with its year under each January and under the first month (unless a January
    follows within two months, where two years side by side would collide)."""
    def with_year(k: int, m: date) -> bool:
        return m.month == 1 or (k == 0 and m.month < 11)

    return [f"{m:%b}\n{m:%Y}" if with_year(k, m) else f"{m:%b}" for k, m in enumerate(months)]


def _month_axis(ax: Axes, series: Series) -> None:
    positions = list(range(len(series.months)))
    step = 1 if len(positions) <= 13 else 2 if len(positions) <= 26 else 3
    ax.xaxis.set_major_locator(FixedLocator(positions[::step]))
    ax.set_xticklabels(month_labels(series.months[::step]))
    ax.set_xlim(-0.6, len(positions) - 0.4)
    ax.set_xlabel("Month", fontsize=LABEL_PT)


NARROW_PX = 640  # below this width the legend goes under the chart, not beside it


def is_narrow(fig: Figure) -> bool:
    """True when the figure is too narrow for a legend beside the axes (in screen pixels)."""
    ratio = getattr(fig.canvas, "device_pixel_ratio", 1) or 1
    return fig.get_figwidth() * fig.dpi / ratio < NARROW_PX


def _legend(fig: Figure, ax: Axes, note: str | None = None) -> None:
    """The legend beside the axes (under them when narrow), with ``note`` as its title if given."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    if is_narrow(fig):
        fig.legend(handles, [_wrap(label, 36) for label in labels], loc="outside lower center", fontsize=TICK_PT,
                   frameon=False, ncols=2, columnspacing=1.2, handlelength=1.6,
                   title=_wrap(note, 60) if note else None, title_fontsize=TICK_PT - 0.5)
    else:
        fig.legend(handles, [_wrap(label) for label in labels], loc="outside right upper", fontsize=TICK_PT,
                   frameon=False, handlelength=2.6, title=_wrap(note) if note else None,
                   title_fontsize=TICK_PT - 0.5)


def incidents(fig: Figure, series: Series, words: str) -> str:
    """Stacked bars of incidents per month by type; the rarest types share one grey band. Drawn again
    with the same bands over the same months at the same width, the bars kept on ``fig`` are restacked
    (a save's usual redraw: the same picture as a fresh drawing, at a fraction of its cost)."""
    title = "Incidents per month, by type"
    totals = [sum(v) for v in zip(*series.values.values(), strict=True)] if series.values else []
    if not any(totals):
        setattr(fig, _KEPT_BARS, None)
        return empty(fig, title, f"No incidents in this period ({words}). Record incidents on the Incidents page.")
    kinds = list(series.values.items())  # the core lists the commonest types first
    shown, rest = kinds[:MAX_TYPES], kinds[MAX_TYPES:]
    if len(rest) == 1:
        shown, rest = kinds, []
    if rest:
        other = [sum(v) for v in zip(*(values for _, values in rest), strict=True)]
        shown.append((f"Other types ({len(rest)})", other))
    busiest = max(range(len(totals)), key=lambda k: totals[k])
    summary = (f"{title}, {words}: {counted(int(sum(totals)), 'incident')}; the most in {series.labels[busiest]} "
               f"({int(totals[busiest])}). Commonest: " + ", ".join(f"{k} {int(sum(v))}" for k, v in kinds[:3]) + ".")
    key = (tuple(label for label, _ in shown), bool(rest), tuple(series.months), is_narrow(fig))
    kept: tuple[tuple[object, ...], Axes, list[BarContainer]] | None = getattr(fig, _KEPT_BARS, None)
    if kept is not None and kept[0] == key and kept[1] in fig.axes:
        _restack(fig, title, kept[1], kept[2], [values for _, values in shown])
        return summary
    ax = _axes(fig, title)
    bottom = [0.0] * len(series.months)
    bars = []
    for index, (label, values) in enumerate(shown):
        colour = OTHER_GREY if rest and index == len(shown) - 1 else PALETTE[index % len(PALETTE)]
        bars.append(ax.bar(range(len(values)), values, bottom=bottom, label=label, color=colour, edgecolor="white",
                           linewidth=0.6, width=0.75))
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    _month_axis(ax, series)
    ax.set_ylabel("Incidents", fontsize=LABEL_PT)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _legend(fig, ax)
    setattr(fig, _KEPT_BARS, (key, ax, bars))
    return summary


#: The attribute of a figure that keeps the incidents chart's bands and months, its axes and its bars
#: (they live and go with the figure), so the next drawing with the same bands only moves the bars.
_KEPT_BARS = "_carehome_incident_bars"


def _restack(fig: Figure, title: str, ax: Axes, bars: list[BarContainer], bands: list[list[float]]) -> None:
    """Give each kept bar its new height and base, and the y axis the range a fresh drawing works out;
    the axes and the title go back to where a fresh drawing starts them, so a layout worked out again
    comes out the same to the pixel."""
    subplot = ax.get_subplotspec()
    assert subplot is not None
    ax._set_position(subplot.get_position(fig))  # type: ignore[attr-defined]  # set_position leaves the layout
    ax.set_in_layout(True)  # a kept layout put it where the last one did, out of the layout
    fig.suptitle(title, fontsize=TITLE_PT, fontweight="bold", x=0.01, ha="left")
    bottom = [0.0] * len(bands[0])
    for container, values in zip(bars, bands, strict=True):
        for rect, base, value in zip(container.patches, bottom, values, strict=True):
            rect.set_y(base)
            rect.set_height(value)
            rect.sticky_edges.y[:] = [base]  # as ``bar`` sets it: the axis never starts below a bar's base
        container.datavalues = values
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    # The bars' data limits (``relim`` would measure every bar again): the months are the same, so only
    # the height moves: from the axis (every first band stands on 0) to the tallest stack.
    ax.dataLim.intervaly = (0.0, max(bottom))
    ax.autoscale_view(scalex=False)


def restraint_missing(fig: Figure, series: Series, words: str) -> str:
    """Monthly restraints and missing/away episodes, each with its 3-month rolling average."""
    title = "Restraints and missing episodes per month"
    values = series.values
    if not any(values["Restraints"]) and not any(values["Missing and away"]):
        return empty(fig, title, f"No restraints or missing episodes in this period ({words}).")
    ax = _axes(fig, title)
    x = list(range(len(series.months)))
    # Each month as a pale bar, the rolling average as a bold line: the trend reads first.
    for offset, (name, colour) in ((-0.2, ("Restraints", BLUE)), (0.2, ("Missing and away", PURPLE))):
        ax.bar([k + offset for k in x], values[name], width=0.38, color=colour, alpha=0.35,
               label=f"{name} (each month)")
    for name, colour, marker in (("Restraints", BLUE, "o"), ("Missing and away", PURPLE, "s")):
        ax.plot(x, values[f"{name} (3-month average)"], color=colour, marker=marker, linewidth=2.4, markersize=4,
                label=f"{name} (3-month average)")
    _month_axis(ax, series)
    ax.set_ylabel("Episodes", fontsize=LABEL_PT)
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _legend(fig, ax)
    return (f"{title}, {words}: {counted(int(sum(values['Restraints'])), 'restraint')} and "
            f"{counted(int(sum(values['Missing and away'])), 'missing or away episode')}; in {series.labels[-1]} "
            f"{int(values['Restraints'][-1])} and {int(values['Missing and away'][-1])}.")


def training(fig: Figure, series: Series, words: str) -> str:
    """The share of required training in date at each month end, on a 0–100% axis."""
    title = "Required training in date, at each month end"
    values = series.values["Training in date (%)"]
    if not any(values):
        return empty(fig, title, "No training recorded yet — open the Training matrix to record courses.")
    ax = _axes(fig, title)
    x = list(range(len(values)))
    ax.plot(x, values, color=GREEN, marker="o", linewidth=2, markersize=5, label="Training in date")
    ax.fill_between(x, values, color=GREEN, alpha=0.12)
    ax.annotate(percent_text(values[-1]), (x[-1], values[-1]), textcoords="offset points", xytext=(0, 8),
                ha="center", fontsize=LABEL_PT, fontweight="bold")
    _month_axis(ax, series)
    ax.set_ylim(0, 105)
    ax.yaxis.set_major_locator(FixedLocator([0, 20, 40, 60, 80, 100]))
    ax.yaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    ax.set_ylabel("In date", fontsize=LABEL_PT)
    return (f"{title}, {words}: {percent_text(values[0])} at the end of {series.labels[0]}, {percent_text(values[-1])} "
            f"in {series.labels[-1]} (worked out from today's records).")


#: A vertical offset per judgement, so three equal grades show as three lines a little apart, not one:
#: about a marker's height on a dashboard chart, and well inside the gap to the next grade.
DODGE = (0.15, 0.0, -0.15)
#: Each judgement's line style too, so where lines still touch each can be followed.
LINE_STYLES = ("-", "--", ":")
SET_APART = "Equal grades are drawn a little apart"


def grades(fig: Figure, days: list[date], values: dict[str, list[float | None]], first: date, last: date,
           words: str, ticks: dict[float, str]) -> str:
    """Self-evaluation grades by judgement area over time, the y axis in Ofsted's words (``ticks``:
    each grade's score and its words)."""
    title = "Self-evaluation grades by judgement area"
    keep = [k for k, day in enumerate(days) if first <= day <= last]
    if not keep:
        before = [day for day in days if day < first]
        message = (f"No self-evaluation in this period ({words}); the last was on {format_uk(max(before))}."
                   if before else "No self-evaluation recorded yet — record one on the Quality page.")
        return empty(fig, title, message)
    ax = _axes(fig, title)
    shown_days = [days[k] for k in keep]
    for index, (judgement, scores) in enumerate(values.items()):
        points = [(days[k], score) for k in keep if (score := scores[k]) is not None]
        if not points:
            continue
        ax.plot(_dates([d for d, _ in points]), [s + DODGE[index % 3] for _, s in points],
                color=PALETTE[index], marker=MARKERS[index], linestyle=LINE_STYLES[index % 3], linewidth=1.8,
                markersize=7, markeredgecolor="white", markeredgewidth=0.8, label=judgement)
    ax.set_ylim(0.5, 4.5)
    ax.yaxis.set_major_locator(FixedLocator(list(ticks)))
    ax.set_yticklabels([_wrap(ticks[s], 20) for s in ticks])
    ax.set_xticks(_dates(shown_days))
    ax.set_xticklabels([format_uk(d) for d in shown_days], rotation=0)
    if len(shown_days) == 1:
        ax.set_xlim(*_dates([shown_days[0] - timedelta(days=45), shown_days[0] + timedelta(days=45)]))
    ax.set_xlabel("Self-evaluation date", fontsize=LABEL_PT)
    _legend(fig, ax, SET_APART)
    latest = {j: s[keep[-1]] for j, s in values.items()}
    said = "; ".join(f"{j}: {ticks[s] if s else 'not graded'}" for j, s in latest.items())
    return (f"{title}, {words}: {len(keep)} self-evaluations; the latest ({format_uk(shown_days[-1])}) — {said}. "
            f"{SET_APART}, so each line shows.")
