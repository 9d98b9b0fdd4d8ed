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
from tests.pg_server import PgServer, start_server

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


# -- the two back ends ---------------------------------------------------------------------------
#: Test folders whose tests run on both back ends: once on an SQLite file, once on PostgreSQL.
BOTH_BACKENDS = frozenset({"store", "services", "importing", "export", "consistency"})
BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--backend", choices=("both", *BACKENDS), default="both",
                     help="run the tests that use both back ends on both (default), or on one of them")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: a test of the SQLite file itself (backups, keys, "
                                       "integrity), run once on SQLite only")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run each test that opens ``store`` (and not the file behind it) on both back ends, in BOTH_BACKENDS."""
    if "backend" not in metafunc.fixturenames or "db_path" in metafunc.fixturenames:
        return  # a test that uses the file itself (db_path) is about SQLite
    if metafunc.definition.get_closest_marker("sqlite_only") is not None:
        return
    folder = Path(str(metafunc.definition.path)).relative_to(Path(__file__).parent).parts[0]
    if folder not in BOTH_BACKENDS:
        return
    chosen = metafunc.config.getoption("--backend")
    metafunc.parametrize("backend", BACKENDS if chosen == "both" else (chosen,), indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The back end this test's store is on: "sqlite" unless the test runs on both (see above)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A throwaway PostgreSQL server for the whole session (tests/pg_server.py)."""
    server = start_server()
    yield server
    server.stop()


@pytest.fixture
def store_target(backend: str, request: pytest.FixtureRequest) -> Path | str:
    """Where ``store`` lives: the test's SQLite file, or a database of its own on the throwaway server."""
    if backend == "sqlite":
        return Path(request.getfixturevalue("db_path"))
    server: PgServer = request.getfixturevalue("pg_server")
    name = server.new_database()
    request.addfinalizer(lambda: server.drop(name))
    return server.url(name)


@pytest.fixture
def store(store_target: Path | str, clock: Clock) -> Iterator[Store]:
    s = Store.open(store_target, user="tester", clock=clock)
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
