"""The incidents chart redrawn after a save moves its kept bars instead of drawing them all again:
the picture must be the one a fresh drawing gives, pixel for pixel, whatever the new counts do to
the axis and the layout, and a change of bands, months or width draws afresh."""

from __future__ import annotations

from datetime import date

from carehome_desk.ui.dashboard.chart_render import ChartSpec, Renderer, Size

MONTHS = [date(2026, m, 1) for m in range(1, 13)]
LABELS = [f"{m:%b %y}" for m in MONTHS]
WIDE = Size(640, 330, 1.0, 96.0)
NARROW = Size(480, 330, 1.0, 96.0)
TYPES = ["Complaint", "Restraint", "Missing from care", "Injury", "Allegation", "Self-harm", "Police"]


def spec(counts: dict[str, list[float]], months: list[date] = MONTHS) -> ChartSpec:
    return ChartSpec("incidents", "last 12 months", months=months, labels=[f"{m:%b %y}" for m in months],
                     values=counts)


def counts(seed: int, types: int = 7) -> dict[str, list[float]]:
    return {t: [float((m * (k + 3) + seed * (k + 1)) % (4 + k)) for m in range(12)] for k, t in
            enumerate(TYPES[:types])}


def test_redrawn_incident_counts_give_the_picture_a_fresh_drawing_gives() -> None:
    kept = Renderer()
    steps = [
        (counts(1), WIDE),
        (counts(2), WIDE),  # new counts, the same bands: the bars are moved
        ({**counts(2), "Complaint": [*counts(2)["Complaint"][:11], 40.0]}, WIDE),  # the y axis counts higher
        (counts(3), WIDE),  # and back down
        (counts(3, types=5), WIDE),  # fewer types: no 'Other types' band, drawn afresh
        (counts(4, types=5), NARROW),  # narrower: the legend goes under the chart
        ({t: [0.0] * 12 for t in TYPES}, WIDE),  # nothing to draw: the words say so
        (counts(5), WIDE),
        (counts(6), WIDE),
    ]
    for values, size in steps:
        picture = kept.render("Incidents", spec(values), size)
        fresh = Renderer().render("Incidents", spec(values), size)
        assert picture.summary == fresh.summary
        assert picture.rgba == fresh.rgba, f"{sum(map(sum, values.values()))} incidents at {size.width} px"


def test_a_save_that_changes_only_the_counts_keeps_the_charts_bars() -> None:
    renderer = Renderer()
    renderer.render("Incidents", spec(counts(1)), WIDE)
    figure = renderer._figures["Incidents"][0]
    axes, bars = figure.axes[0], list(figure.axes[0].patches)
    moved = renderer.render("Incidents", spec(counts(2)), WIDE)
    assert figure.axes == [axes] and list(axes.patches) == bars  # the same bars, restacked
    assert [round(b.get_height()) for b in bars[:12]] == [round(v) for v in counts(2)["Complaint"]]
    assert str(int(sum(map(sum, counts(2).values())))) + " incidents" in moved.summary
    other_months = [date(2025, m, 1) for m in range(1, 13)]
    renderer.render("Incidents", spec(counts(2), other_months), WIDE)  # other months: drawn afresh
    assert figure.axes[0] is not axes
