"""`carehome-desk copy --from FILE --to postgresql://…`: moving a home's records onto a server, checked."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select

from carehome_desk.cli import main
from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from carehome_desk.store.copy import table_counts
from carehome_desk.store.schema import audit_log
from tests.conftest import FIXED_NOW, Clock, oak_lodge
from tests.pg_server import PgServer
from tests.store.tamper import copy_db, raw


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("copy") / "demo.sqlite3", DemoOptions(today=FIXED_NOW.date()))


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    return copy_db(demo_db, tmp_path / "copy")


@pytest.fixture
def server_db(pg_server: PgServer) -> str:
    """A new, empty database on the throwaway server, as a plain postgresql:// address."""
    return pg_server.url(pg_server.empty_database()).replace("+psycopg", "")


def _everything(target: Path | str) -> tuple[dict[str, int], tuple[int, str], list[tuple[str, str]], list[object]]:
    with Store.open(target, create=False, clock=Clock()) as store:
        with store.read() as conn:
            counts = table_counts(conn)
            trail = [tuple(r) for r in conn.execute(select(audit_log).order_by(audit_log.c.id))]
        homes = [(h.urn, h.name) for h in store.homes.list(include_archived=True)]
        return counts, store.audit.head(), homes, trail


def test_a_copy_holds_every_row_and_the_same_audit_trail_and_takes_new_records(
        db: Path, server_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = _everything(db)
    assert main(["copy", "--from", str(db), "--to", server_db]) == 0
    out = capsys.readouterr().out
    assert "Audit trail verified on the server" in out and "all intact" in out
    copied = _everything(server_db)
    assert copied == before  # counts, trail head, homes, and every audit row as stored
    assert _everything(db) == before  # the file itself is not changed
    with Store.open(server_db, create=False, user="manager", clock=Clock()) as store:
        home = store.homes.list()[0]
        member, _ = store.staff.add(home.id, StaffDetails("New Starter", StaffRole.RESIDENTIAL_WORKER,
                                                          FIXED_NOW.date()))
        assert member.id > max(s.id for s in store.staff.list(home.id) if s.id != member.id)
        report = store.audit.verify()
    assert report.intact and report.count == before[1][0] + 1


def test_a_server_database_that_holds_records_is_refused_and_left_alone(
        db: Path, server_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["copy", "--from", str(db), "--to", server_db]) == 0
    held = _everything(server_db)
    capsys.readouterr()
    assert main(["copy", "--from", str(db), "--to", server_db]) == 1
    err = capsys.readouterr().err
    assert "already holds records" in err and "nothing was copied" in err
    assert _everything(server_db) == held


def test_a_file_whose_audit_trail_was_tampered_with_is_not_copied(
        db: Path, server_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    raw(db, "UPDATE homes SET name = 'Changed outside the app' WHERE id = 1")
    assert main(["copy", "--from", str(db), "--to", server_db]) == 1
    assert "nothing was copied" in capsys.readouterr().err
    with Store.open(server_db, create=False, clock=Clock()) as store:  # left empty: the copy was one transaction
        assert store.homes.list(include_archived=True) == []


def test_copy_wants_a_server_address(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["copy", "--from", str(db), "--to", str(tmp_path / "other.sqlite3")]) == 2
    assert "PostgreSQL server's address" in capsys.readouterr().err
    assert not (tmp_path / "other.sqlite3").exists()


def test_a_text_longer_than_the_server_holds_is_named_and_nothing_is_copied(
        tmp_path: Path, server_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    # A database file does not enforce a text column's length; the server does.
    small = tmp_path / "long.sqlite3"
    with Store.open(small, clock=Clock()) as store:
        home, _ = store.homes.add(oak_lodge())
        member, _ = store.staff.add(home.id, StaffDetails("Sam Oakley", StaffRole.RESIDENTIAL_WORKER,
                                                          FIXED_NOW.date(), role_title="x" * 250))
    assert main(["copy", "--from", str(small), "--to", server_db]) == 1
    err = capsys.readouterr().err
    assert f"In the staff table, record {member.id}'s role title is 250 characters" in err
    assert "holds at most 200 there, so nothing was copied" in err
    with psycopg.connect(server_db) as conn:  # refused before the server database was touched
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)
