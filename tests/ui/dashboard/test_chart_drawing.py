"""The grades chart: three judgements with equal grades stay three visible lines, and the legend says why."""

from __future__ import annotations

from datetime import date

from matplotlib.figure import Figure

from carehome_desk.ui.dashboard import chart_drawing
from carehome_desk.ui.dashboard.dashboard_sections import GRADE_TICKS

DAYS = [date(2026, 1, 10), date(2026, 6, 10)]
EQUAL = {"Overall experiences": [3.0, 3.0], "How well children are helped and protected": [3.0, 3.0],
         "Effectiveness of leaders and managers": [3.0, 3.0]}


def test_equal_grades_are_drawn_apart_in_their_own_styles_and_the_legend_says_so() -> None:
    fig = Figure(figsize=(8, 3.3), dpi=96)
    summary = chart_drawing.grades(fig, DAYS, dict(EQUAL), date(2026, 1, 1), date(2026, 12, 31), "this year",
                                   GRADE_TICKS)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 3
    heights = {round(float(line.get_ydata()[0]), 2) for line in lines}  # type: ignore[index]
    assert len(heights) == 3 and all(abs(h - 3.0) < 0.5 for h in heights)  # apart, each nearest its grade
    assert len({line.get_linestyle() for line in lines}) == 3
    assert len({line.get_marker() for line in lines}) == 3
    legend = fig.legends[0]
    assert legend.get_title().get_text().replace("\n", " ") == "Equal grades are drawn a little apart"
    assert "Equal grades are drawn a little apart, so each line shows." in summary
    assert "Overall experiences: Good" in summary
