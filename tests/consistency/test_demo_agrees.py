"""The demo home at scales 1 and 10, on several days and seeds: every screen, `due`, the dashboard and the pack agree."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest

from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.models.dates import UK
from carehome_desk.store import Store
from carehome_desk.store.copy import copy_into
from tests.consistency.checks import (
    Sheet,
    due_matches_pages,
    homes_summary_matches_own_lists,
    homes_summary_matches_tiles,
    export,
    matrices_match,
    pack_period,
    tiles_match_annex_a,
    training_trend_ends_at_the_figure,
    workforce_tile_matches_due,
)
from tests.pg_server import PgServer

CASES = [  # (scale, seed, today)
    (1, 1, date(2026, 11, 22)),
    (1, 5, date(2028, 2, 29)),
    (1, 9, date(2026, 12, 31)),
    (1, 13, date(2027, 3, 28)),  # the spring clock change
    (10, 2, date(2026, 11, 22)),
]


#: The same checks on PostgreSQL: the demo is built in a file and copied onto the throwaway server, as a
#: provider moving in would (carehome-desk copy), then every screen, due and the pack are read from there.
ON_SERVER = [CASES[3], CASES[4]]


class Built:
    """One demo database, its store at 10:00 on its day, and its pack read back."""

    def __init__(self, folder: Path, scale: int, seed: int, today: date, server: PgServer | None = None):
        self.today = today
        self.now = datetime.combine(today, time(10, 0), tzinfo=UK)
        path = build_demo(folder / "demo.sqlite3", DemoOptions(scale=scale, seed=seed, today=today))
        target: Path | str = path
        if server is not None:
            target = server.url(server.empty_database())
            with Store.open(path, create=False) as original:
                copy_into(original.engine, target)
        self.store = Store.open(target, create=False, clock=lambda: self.now)
        self.period = pack_period(today)
        self.sheets: dict[str, Sheet] = export(self.store, folder, self.period)


PARAMS = [(*case, "sqlite") for case in CASES] + [(*case, "postgresql") for case in ON_SERVER]


@pytest.fixture(scope="module", params=PARAMS, ids=[f"scale{s}-seed{n}-{d}-{b}" for s, n, d, b in PARAMS])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    from carehome_desk import paths

    folder = tmp_path_factory.mktemp("demo")
    paths.init(folder / "userdata")
    scale, seed, today, backend = request.param
    server = request.getfixturevalue("pg_server") if backend == "postgresql" else None
    demo = Built(folder, scale, seed, today, server)
    yield demo
    demo.store.close()


def test_every_tile_equals_its_annex_a_figure(built: Built) -> None:
    assert tiles_match_annex_a(built.store, built.sheets, built.period, built.today, built.now) > 0


def test_every_due_item_has_the_status_its_register_page_shows(built: Built) -> None:
    assert due_matches_pages(built.store, built.today) > 0


def test_the_workforce_tile_counts_what_due_lists(built: Built) -> None:
    assert workforce_tile_matches_due(built.store, built.today, built.now) > 0


def test_the_packs_training_matrix_is_the_screens(built: Built) -> None:
    assert matrices_match(built.store, built.sheets, built.today) > 0


def test_the_all_homes_table_shows_each_homes_tiles(built: Built) -> None:
    assert homes_summary_matches_tiles(built.store, built.today, built.now) > 0


def test_the_all_homes_table_counts_each_homes_own_needs_list(built: Built) -> None:
    assert homes_summary_matches_own_lists(built.store, built.today) > 0


def test_the_training_chart_ends_at_the_training_figure(built: Built) -> None:
    assert training_trend_ends_at_the_figure(built.store, built.today, built.now) > 0
