"""The workforce compliance figure on the demo home: the dashboard tile, the figure the Link evidence
dialog offers and a self-evaluation's stored figure either agree or say in words how they differ."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.models.calendar_math import add_months
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.percent import share_text
from carehome_desk.models.status import Status
from carehome_desk.services import dashboard
from carehome_desk.services.evidence import Period, home_metrics
from carehome_desk.store import Store

TODAY = date(2026, 11, 22)


def test_tile_evidence_and_self_evaluation_agree_or_say_why_not(tmp_path: Path) -> None:
    from carehome_desk import paths

    paths.init(tmp_path / "userdata")
    now = datetime.combine(TODAY, time(10, 0), tzinfo=UK)
    path = build_demo(tmp_path / "demo.sqlite3", DemoOptions(scale=1, seed=1, today=TODAY))
    with Store.open(path, create=False, clock=lambda: now) as store:
        home = store.homes.list()[0]
        tile = next(t for t in dashboard.tiles(store, home, TODAY, now) if t.key == "workforce")
        # What Link evidence offers for an evaluation dated today (the six months to today).
        figure = home_metrics(store, home, Period(add_months(TODAY, -6), TODAY))["staff_compliance"]
        evaluations = store.quality.evaluations(home.id)

    # Tile and evidence: the same requirements, the same definition, so the same percentage and total.
    counts = {s: int(n) for n, s in ((m.group(1), Status(m.group(2).replace(" ", "_")))
                                     for m in re.finditer(r"(\d+) (in date|due soon|overdue|missing)", tile.detail))}
    ok, total = counts[Status.IN_DATE] + counts[Status.DUE_SOON], sum(counts.values())
    assert figure.text == share_text(ok, total)
    assert tile.value == f"{figure.text.split(' ')[0]} in date or due soon"
    # Each says that due soon counts with in date, so '423 in date' beside 434 of 441 is not a contradiction.
    assert figure.label.endswith("in date or due soon") and tile.value.endswith("in date or due soon")

    # A self-evaluation keeps its figure as it read on its own day, and says which day.
    stored = [(e.evaluated_on, link) for e in evaluations for entry in e.entries.values() for link in entry.links
              if link.ref == "staff_compliance"]
    assert stored
    for day, link in stored:
        assert day < TODAY and link.dated == day
        assert link.shown == f"{link.label} (as on {format_uk(day)})"
        assert link.label.startswith(figure.label + ": ")
