"""Opening databases: create, upgrade with a backup, refuse newer and foreign files untouched."""

from __future__ import annotations

import hashlib
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from carehome_desk.models.home import Grade, Judgement
from carehome_desk.store import DatabaseTooNewError, NotADatabaseError, Store
from carehome_desk.store import migrations
from carehome_desk.store.connect import open_connection
from carehome_desk.store.engine import HEAD, SCHEMA_REVISIONS
from carehome_desk.store.errors import EmptyDatabaseError
from carehome_desk.store.schema import metadata

FIXTURE_0001 = Path(__file__).parent.parent / "data" / "schema_0001.sqlite3"
FIXTURE_0005 = Path(__file__).parent.parent / "data" / "schema_0005.sqlite3"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def revision_of(path: Path) -> str:
    con = open_connection(path)
    try:
        return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        con.close()


def test_known_revisions_match_the_alembic_scripts() -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(migrations.__file__).parent))
    scripts = ScriptDirectory.from_config(cfg)
    chain = [rev.revision for rev in scripts.walk_revisions()][::-1]
    assert tuple(chain) == SCHEMA_REVISIONS
    assert scripts.get_current_head() == HEAD


def test_new_file_is_created_at_head_and_matches_the_tables_in_code(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.open_report.created
        assert store.open_report.backup is None
        with store.engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diffs == []
    assert revision_of(db_path) == HEAD


def test_empty_zero_byte_file_is_refused_not_set_up(db_path: Path) -> None:
    # A failed copy or a cloud-sync placeholder is not a new database: only a missing file is created.
    db_path.touch()
    for create in (True, False):
        with pytest.raises(EmptyDatabaseError, match="is empty \\(0 bytes\\): it holds no records"):
            Store.open(db_path, create=create)
    assert db_path.stat().st_size == 0


@pytest.mark.sqlite_only  # reads SQLite PRAGMAs
def test_sqlite_runs_with_wal_and_foreign_keys(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_first_schema_fixture_upgrades_keeping_data_and_a_backup(tmp_path: Path) -> None:
    db = tmp_path / "carehome.sqlite3"
    shutil.copy(FIXTURE_0001, db)
    original = digest(db)
    with Store.open(db) as store:
        report = store.open_report
        (home,) = store.homes.list()
        assert (home.name, home.urn, home.version) == ("Fixture House", "SC000111", 3)
        assert home.last_inspection_grades[Judgement.LEADERSHIP] is Grade.OUTSTANDING
        assert store.settings.get().due_soon_days == 30  # the table 0002 added works
        # The fixture's one audit row, then 0007's baseline: upgrades 0006 added columns the row never saw.
        assert [(e.user, e.action.value) for e in store.audit.entries(table="homes")] == [
            ("carehome-desk upgrade", "baseline"), ("fixture", "insert")]
        assert store.audit.verify().intact
        # 0003 created the course catalogue, so its defaults were added (and audited).
        assert len(store.workforce.courses()) == len(store.audit.entries(table="courses")) >= 15
    assert report.found_revision == "0001"
    assert revision_of(db) == HEAD
    backup = report.backup
    assert backup is not None and backup.parent == tmp_path
    assert backup.name.startswith("carehome.schema-0001.before-" + HEAD)
    assert revision_of(backup) == "0001"
    con = open_connection(backup)
    assert con.execute("SELECT name FROM homes").fetchall() == [("Fixture House",)]
    con.close()
    assert digest(db) != original


def test_schema_0005_fills_the_level3_and_level5_dates_and_marks_the_guesses(tmp_path: Path) -> None:
    """Upgrade 0006: first care role and first managing a home, from what the records know (reg 32(4), reg 28)."""
    from datetime import date

    from carehome_desk.models.settings import ProviderSettings
    from carehome_desk.models.workforce import workforce_requirements

    db = tmp_path / "carehome.sqlite3"
    shutil.copy(FIXTURE_0005, db)
    with Store.open(db, clock=lambda: datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)) as store:
        report = store.open_report
        (home,) = store.homes.list()
        assert home.urn == "SC000555"
        # Registered 01/01/2025 but added here on 30/11/2026 with no visit recorded: Reg 44 months count from
        # when its records here began, not 23 months back (the manager can clear it on Home settings).
        assert (home.registration_date, home.records_start) == (date(2025, 1, 1), date(2026, 11, 1))
        people = {m.id: m for m in store.staff.list(home.id)}
        filled = {i: (m.full_name, m.care_started_on, m.managing_started_on, m.dates_to_confirm)
                  for i, m in sorted(people.items())}
        snap = store.workforce.snapshot(home.id)
    assert filled == {
        # Team leader since 06/01/2025, here since 01/03/2022: may have joined in a non-care role, so a guess.
        1: ("Alex Promoted", date(2022, 3, 1), None, True),
        # Joined 01/05/2024 in the role they hold: they may have been in care at another home first.
        2: ("Bea Joined", date(2024, 5, 1), None, True),
        # Ancillary cook: not a care role, no clock.
        3: ("Cal Cook", None, None, False),
        # Registered managers: may have managed another home first, so always a guess.
        4: ("Sam Patel", date(2023, 2, 1), date(2023, 2, 1), True),
        5: ("Dee Moved", date(2021, 1, 1), None, True),
        6: ("Eve Deputy", date(2019, 4, 1), date(2024, 3, 1), True),
    }
    reqs = workforce_requirements(snap, ProviderSettings(), date(2026, 12, 3))
    to_confirm = sorted((r.subject, r.requirement) for r in reqs if r.key == "qualification:confirm_dates")
    assert to_confirm == [("Alex Promoted", "Confirm first care-role date"),
                          ("Bea Joined", "Confirm first care-role date"),
                          ("Dee Moved", "Confirm first care-role date"),
                          ("Eve Deputy", "Confirm first managing date"),
                          ("Sam Patel", "Confirm first managing date")]
    level3 = next(r for r in reqs if r.subject == "Alex Promoted" and r.key == "qualification:level3")
    assert level3.due == date(2024, 3, 1)  # from the first care role, not the promotion on 06/01/2025
    assert report.found_revision == "0005"
    assert revision_of(db) == HEAD
    backup = report.backup
    assert backup is not None and backup.parent == tmp_path
    assert backup.name.startswith("carehome.schema-0005.before-" + HEAD)
    assert revision_of(backup) == "0005"
    con = open_connection(backup)
    assert con.execute("SELECT count(*) FROM staff").fetchone() == (6,)
    assert "care_started_on" not in [c[1] for c in con.execute("PRAGMA table_info(staff)")]
    con.close()


def test_opening_at_head_takes_no_backup(tmp_path: Path, db_path: Path) -> None:
    Store.open(db_path).close()
    with Store.open(db_path) as store:
        assert store.open_report.backup is None
        assert not store.open_report.created
    assert sorted(p.name for p in tmp_path.iterdir() if ".before-" in p.name) == []


def test_newer_database_is_refused_and_left_untouched(db_path: Path) -> None:
    Store.open(db_path).close()
    con = open_connection(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9001'")
    con.commit()
    con.close()
    before = digest(db_path)
    with pytest.raises(DatabaseTooNewError, match="newer version of carehome-desk.*has not been touched"):
        Store.open(db_path)
    assert digest(db_path) == before
    assert not any(".before-" in p.name for p in db_path.parent.iterdir())


def test_a_file_that_is_not_a_database_is_refused_untouched(db_path: Path) -> None:
    db_path.write_bytes(b"PK\x03\x04 this is really a spreadsheet" * 50)
    before = digest(db_path)
    with pytest.raises(NotADatabaseError, match="Nothing was changed"):
        Store.open(db_path)
    assert digest(db_path) == before


def test_another_programs_sqlite_file_is_refused_untouched(db_path: Path) -> None:
    con = open_connection(db_path)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    before = digest(db_path)
    with pytest.raises(NotADatabaseError, match="did not create"):
        Store.open(db_path)
    assert digest(db_path) == before


def test_missing_file_is_not_created_when_create_is_false(db_path: Path) -> None:
    from carehome_desk.store import StoreError

    with pytest.raises(StoreError, match="There is no database"):
        Store.open(db_path, create=False)
    assert not db_path.exists()


@pytest.mark.parametrize("folder", ["with space", "hash#tag", "what?", "100%", "café ünïcode"])
def test_awkward_folder_names_keep_one_file_and_its_backup(tmp_path: Path, folder: str) -> None:
    where = tmp_path / folder
    where.mkdir()
    db = where / "carehome.sqlite3"
    shutil.copy(FIXTURE_0001, db)
    with Store.open(db) as store:
        assert [h.name for h in store.homes.list()] == ["Fixture House"]
        backup = store.open_report.backup
    assert backup is not None and backup.parent == where and revision_of(backup) == "0001"
    assert revision_of(db) == HEAD
    # Nothing was created beside the folder or under a truncated name.
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]


def test_foreign_keys_are_off_while_migrating_and_on_afterwards(db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from alembic.runtime import migration

    seen: list[int] = []
    original = migration.MigrationContext.run_migrations

    def spy(self, **kw):  # type: ignore[no-untyped-def]
        seen.append(self.connection.exec_driver_sql("PRAGMA foreign_keys").scalar())
        return original(self, **kw)

    monkeypatch.setattr(migration.MigrationContext, "run_migrations", spy)
    with Store.open(db_path) as store:
        with store.engine.connect() as conn:
            after = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
    assert seen == [0]  # batch table rebuilds cannot cascade-delete child rows
    assert after == 1


def test_read_only_database_is_reported_plainly(tmp_path: Path) -> None:
    import os
    import stat

    from carehome_desk.store import StoreError

    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "carehome.sqlite3"
    shutil.copy(FIXTURE_0001, db)
    os.chmod(db, stat.S_IRUSR)
    os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(db, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        with pytest.raises(StoreError):
            Store.open(db)
    finally:
        os.chmod(folder, stat.S_IRWXU)
        os.chmod(db, stat.S_IRUSR | stat.S_IWUSR)
