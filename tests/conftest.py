"""Shared fixtures: every test gets its own data folder, database and fixed clock."""

from __future__ import annotations

import os
from pathlib import Path

# Headless Qt, before anything loads it. The offscreen platform's own screen is 800×800; give
# it a 1920×1080 desktop at 96 dpi so window sizes behave as on an office PC.
_SCREEN = Path(__file__).parent / "data" / "offscreen-screen.json"
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest

from carehome_desk import paths
from carehome_desk.models.home import Grade, HomeDetails, Judgement
from carehome_desk.store import Store

# 22/11/2026 10:00 UK time (GMT in November, so the same as UTC).
FIXED_NOW = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)


class Clock:
    """A settable clock for the store: tests move time explicitly."""

    def __init__(self, now: datetime = FIXED_NOW):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every per-user folder at a temporary one; no test touches the real profile."""
    for name in (paths.DB_ENV, paths.HOME_ENV, "CAREHOME_DESK_USER"):
        monkeypatch.delenv(name, raising=False)
    base = tmp_path / "userdata"
    paths.init(base)
    yield base
    paths.init(None)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "home.sqlite3"


@pytest.fixture
def store(db_path: Path, clock: Clock) -> Iterator[Store]:
    s = Store.open(db_path, user="tester", clock=clock)
    yield s
    s.close()


def oak_lodge(**overrides: object) -> HomeDetails:
    """A valid home's details for tests."""
    values: dict[str, object] = dict(
        name="Oak Lodge",
        urn="SC123456",
        address="1 Church Lane\nAshby Fields",
        registered_manager="Priya Fairbairn",
        responsible_individual="Helen Lowther",
        registration_date=FIXED_NOW.date().replace(year=2019),
        last_inspection_date=FIXED_NOW.date().replace(month=4),
        last_inspection_grades={
            Judgement.OVERALL: Grade.GOOD,
            Judgement.HELPED_PROTECTED: Grade.GOOD,
            Judgement.LEADERSHIP: Grade.OUTSTANDING,
        },
    )
    values.update(overrides)
    return HomeDetails(**values)  # type: ignore[arg-type]
