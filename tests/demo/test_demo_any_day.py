"""The demo builds on any day: month and year ends, 29 February, both clock-change Sundays, today.

Each demo must be what a manager could have entered on that day: every record passes the models'
own validate_* checks as of that day, and the audit trail verifies clean (``carehome-desk verify``).
"""

from __future__ import annotations

import ast
from datetime import date, datetime, time
from pathlib import Path

import pytest

from carehome_desk.cli import main
from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.models.dates import UK
from carehome_desk.store import Store
from tests.demo.validity import invalid_records

DAYS = [
    date(2028, 2, 29),  # a leap day: a year back or three years back has no 29 February
    date(2026, 12, 31),
    date(2027, 1, 1),  # the first of a month: last month's Reg 44 report may not have arrived
    date(2026, 3, 29), date(2026, 10, 25),  # the 2026 clock changes (Sundays)
    date(2027, 3, 28), date(2027, 10, 31),  # the 2027 clock changes
]


def _problems(path: Path, now: datetime, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """What is wrong with a built demo, as the app itself judges it: invalid records, audit findings, an empty
    home, or `carehome-desk verify` not saying all is intact. An empty list means a sound demo."""
    with Store.open(path, create=False) as store:
        problems = invalid_records(store, now)
        problems += [f.text for f in store.audit.verify().findings]
        if not store.homes.list() or not store.incidents.list():
            problems.append("the demo holds no home or no incidents")
    code = main(["verify", "--db", str(path)])
    if code != 0 or "all intact" not in capsys.readouterr().out:
        problems.append(f"carehome-desk verify exited {code}")
    return problems


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_demo_is_valid_on_any_day(tmp_path: Path, today: date, capsys: pytest.CaptureFixture[str]) -> None:
    path = build_demo(tmp_path / "demo.sqlite3", DemoOptions(today=today))
    assert _problems(path, datetime.combine(today, time(9, 0), tzinfo=UK), capsys) == []


def test_the_demo_is_valid_today(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = build_demo(tmp_path / "demo.sqlite3", DemoOptions())  # the real clock, as 'carehome-desk demo' runs
    assert _problems(path, datetime.now(UK), capsys) == []


@pytest.mark.parametrize("today", [date(2027, 1, 1), date(2028, 2, 29), None], ids=str)
def test_ten_homes_are_valid(tmp_path: Path, today: date | None, capsys: pytest.CaptureFixture[str]) -> None:
    path = build_demo(tmp_path / "demo.sqlite3", DemoOptions(scale=10, today=today, seed=11))
    now = datetime.combine(today, time(9, 0), tzinfo=UK) if today else datetime.now(UK)
    assert _problems(path, now, capsys) == []
    with Store.open(path, create=False) as store:
        assert len(store.homes.list()) == 10


def test_a_demo_record_the_app_would_refuse_stops_the_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from carehome_desk.demo import incidents as demo_incidents
    from carehome_desk.store.errors import ValidationError

    # Every incident's summary blanked: the form refuses that, so the demo must too, and leave no file.
    monkeypatch.setattr(demo_incidents, "SUMMARIES", {kind: " " for kind in demo_incidents.SUMMARIES})
    with pytest.raises(ValidationError, match="Say briefly what happened"):
        build_demo(tmp_path / "demo.sqlite3", DemoOptions(today=date(2026, 11, 22)))
    assert list(tmp_path.iterdir()) == []


def test_the_demo_writes_through_the_repositories_not_raw_tables() -> None:
    package = Path(__file__).resolve().parents[2] / "carehome_desk" / "demo"
    modules = sorted(package.glob("*.py"))
    assert len(modules) > 1
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {f"{node.module}.{alias.name}" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    for alias in node.names if node.module}
        raw = sorted(name for name in imported
                     if name.startswith(("carehome_desk.store.schema.", "carehome_desk.store.writer.")))
        assert raw == [], f"{module.name} writes raw rows: {raw}"


def test_built_just_after_midnight_nothing_is_later_than_the_clock(tmp_path: Path) -> None:
    from carehome_desk.demo import populate

    # 'carehome-desk demo' without --today at 00:30: the demo's 09:00 has not come yet.
    moment = datetime(2026, 12, 7, 0, 30, tzinfo=UK)
    with Store.open(tmp_path / "demo.sqlite3", user="demo", clock=lambda: moment) as store:
        populate(store, DemoOptions(scale=3))
        assert invalid_records(store, moment) == []
        assert store.incidents.list()[0].occurred_at < moment
