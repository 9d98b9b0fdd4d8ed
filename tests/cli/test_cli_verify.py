"""`carehome-desk verify`: one line per finding and a summary, exit 0 only when intact; `--pack` against the trail."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from carehome_desk.cli import main
from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.export.evidence_pack import PackOptions, export_pack
from carehome_desk.export.pack_check import read_pack_head
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from carehome_desk.store.protection import protect, unlock
from tests.conftest import FIXED_NOW, Clock
from tests.export.protected_data import protected_home
from tests.secret_files import write_secret
from tests.store.tamper import copy_db, raw, rechain
from tests.store.test_protection import CHEAP

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("verify") / "demo.sqlite3", DemoOptions(today=FIXED_NOW.date()))


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    return copy_db(demo_db, tmp_path / "copy")


def verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["verify", *args])
    out = capsys.readouterr()
    assert out.err == ""
    return code, out.out.splitlines()


def test_an_untouched_database_verifies_with_exit_0(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (count,) = raw(db, "SELECT count(*) FROM audit_log")[0]
    code, lines = verify(capsys, "--db", str(db))
    assert code == 0
    assert len(lines) == 1
    assert lines[0].startswith("Audit trail verified on ") and lines[0].endswith(f": {count:,} changes, all intact.")


def test_each_finding_is_one_line_then_a_summary_and_exit_1(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw(db, "UPDATE audit_log SET user_label = 'Someone Else' WHERE id = 12")
    raw(db, "DELETE FROM audit_log WHERE id = 300")
    raw(db, "UPDATE incidents SET summary = 'Nothing happened' WHERE id = 1")
    raw(db, "INSERT INTO staff (id, home_id, full_name, role, start_date, contract, lives_at_home, staff_ref, "
        "dates_to_confirm, version, archive_reason, role_title) VALUES (777, 1, 'Ghost', 'residential_worker', "
        "'2026-01-05', 'permanent', 0, '', 0, 1, '', '')")
    code, lines = verify(capsys, "--db", str(db))
    assert code == 1
    assert lines[0] == "Audit row 12 was changed after it was written: its content does not match its hash."
    assert lines[1] == "Audit row 300 is missing: the trail jumps from row 299 to row 301."
    assert "Staff record 777 (Ghost) has no audit row: it was added outside the app." in lines
    assert any(line.startswith("Incident record 1 (Restraint / measure of control ")
               and "differs from its audited state" in line for line in lines)
    assert lines[-1].startswith("Audit trail checked on ") and "problems found" in lines[-1]


def pack(store: Store, out: Path) -> Path:
    export_pack(store, PackOptions(out, writer="inline"))
    return out


def test_a_pack_matches_then_counts_changes_since_then_fails_after_a_rewrite(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db, create=False, clock=Clock()) as store:
        out = pack(store, tmp_path / "pack.xlsx")
        head = store.audit.head()
    assert read_pack_head(out) == head
    code, lines = verify(capsys, "--db", str(db), "--pack", str(out))
    assert code == 0 and lines[0] == f"The pack matches the database: {head[0]:,} changes, none since."

    with Store.open(db, create=False, clock=Clock(), user="Sam") as store:
        (home, *_) = store.homes.list()
        store.staff.add(home.id, StaffDetails("New Starter", StaffRole.RESIDENTIAL_WORKER, date(2026, 11, 2)))
    code, lines = verify(capsys, "--db", str(db), "--pack", str(out))
    assert code == 0
    assert lines[0] == f"The pack matches the database as it was at change {head[0]:,}; 1 change since."

    # Someone with the file rewrites an early row and rebuilds the whole chain: the database alone looks
    # intact, but the pack (made before) no longer matches.
    raw(db, "UPDATE audit_log SET user_label = 'Someone Else' WHERE id = 5")
    rechain(db)
    assert verify(capsys, "--db", str(db))[0] == 0  # what a chain alone cannot prove
    code, lines = verify(capsys, "--db", str(db), "--pack", str(out))
    assert code == 1
    assert lines[0].startswith("The pack does not match the database: the trail it was made from")


def test_a_pack_without_an_audit_row_is_refused_in_one_sentence(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Manifest"
    book.save(tmp_path / "old.xlsx")
    assert main(["verify", "--db", str(db), "--pack", str(tmp_path / "old.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "has no audit trail row" in err


def test_a_protected_database_and_pack_verify_and_tampering_is_found(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = protected_home(tmp_path / "home" / "carehome.sqlite3")
    protect(db, PASSWORD, kdf=CHEAP)
    secret = tmp_path / "password.txt"
    write_secret(secret, PASSWORD + "\n")
    code, lines = verify(capsys, "--db", str(db), "--password-file", str(secret))
    assert code == 0 and lines[-1].endswith("all intact."), lines
    with Store.open(db, create=False, clock=Clock(), password=PASSWORD) as store:
        out = tmp_path / "pack.xlsx"
        export_pack(store, PackOptions(out, writer="inline", password=PASSWORD))
    code, lines = verify(capsys, "--db", str(db), "--password-file", str(secret), "--pack", str(out))
    assert code == 0 and lines[0].startswith("The pack matches the database")
    key = unlock(db, password=PASSWORD)
    raw(db, "UPDATE staff SET full_name = 'Someone Else' WHERE id = 1", key=key)
    code, lines = verify(capsys, "--db", str(db), "--password-file", str(secret))
    assert code == 1 and lines[0].startswith("Staff record 1 (Someone Else) differs from its audited state")
    assert "full_name" in lines[0]


def test_a_protected_pack_without_its_password_is_refused(db: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db, create=False, clock=Clock()) as store:
        out = tmp_path / "locked.xlsx"
        export_pack(store, PackOptions(out, writer="inline", password=PASSWORD))
    assert main(["verify", "--db", str(db), "--pack", str(out)]) == 1
    assert "is protected with a password: give --pack-password-file FILE." in capsys.readouterr().err
    secret = tmp_path / "pack-password.txt"
    write_secret(secret, PASSWORD + "\n")
    assert main(["verify", "--db", str(db), "--pack", str(out), "--pack-password-file", str(secret)]) == 0


def test_an_earlier_backup_is_an_anchor_read_without_changing_it(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.damaged_files import digest

    with Store.open(db, create=False, clock=Clock()) as store:
        backup = store.backup(tmp_path / "backups" / "copy-20261122-090000.sqlite3")
        head = store.audit.head()
    before = digest(backup)
    code, lines = verify(capsys, "--db", str(db), "--backup", str(backup))
    assert code == 0, lines
    assert lines[0] == f"Backup {backup.name}: its own audit trail: {head[0]:,} changes, all intact."
    assert lines[1] == f"Backup {backup.name} matches the database: {head[0]:,} changes, none since."
    with Store.open(db, create=False, clock=Clock(), user="Sam") as store:
        (home, *_) = store.homes.list()
        store.staff.add(home.id, StaffDetails("New Starter", StaffRole.RESIDENTIAL_WORKER, date(2026, 11, 2)))
    code, lines = verify(capsys, "--db", str(db), "--backup", str(backup))
    assert code == 0 and lines[1].endswith(f"as it was at change {head[0]:,}; 1 change since.")
    # The whole chain rebuilt after an early row was forged: the database alone verifies, the backup catches it.
    raw(db, "UPDATE audit_log SET user_label = 'Someone Else' WHERE id = 5")
    rechain(db)
    code, lines = verify(capsys, "--db", str(db), "--backup", str(backup))
    assert code == 1 and lines[1].startswith(f"Backup {backup.name} does not match the database")
    assert digest(backup) == before and not Path(f"{backup}-wal").exists()  # checking it changed nothing


def test_a_backup_does_not_match_when_the_databases_copy_of_one_of_its_rows_was_changed(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db, create=False, clock=Clock()) as store:
        backup = store.backup(tmp_path / "backups" / "copy-20261122-090000.sqlite3")
    # The newest audit row of one member of staff, changed in the database only: the count and the newest
    # hash still agree with the backup's, but this row no longer does.
    (row_id, record_id, after), *_ = raw(
        db, "SELECT id, record_id, after_json FROM audit_log WHERE id IN (SELECT max(id) FROM audit_log WHERE "
        "table_name = 'staff' GROUP BY record_id) ORDER BY id")
    name = json.loads(after)["full_name"]
    raw(db, "UPDATE audit_log SET after_json = ? WHERE id = ?",
        (json.dumps(json.loads(after) | {"full_name": "Someone Else"}), row_id))

    code, lines = verify(capsys, "--db", str(db), "--backup", str(backup))

    assert code == 1
    assert not any("matches the database" in line for line in lines), lines
    (verdict,) = [line for line in lines if line.startswith(f"Backup {backup.name} does not match")]
    assert verdict.startswith(f"Backup {backup.name} does not match the database from audit row {row_id} (")
    assert f"Staff: {name}): this database's copy of it is not the same" in verdict  # named as the backup holds it
    # The record is named, and the row it is measured against is said to be changed itself.
    assert (f"Staff record {record_id} ({name}) differs from its audited state (audit row {row_id}) in full_name: "
            f"audit row {row_id} was itself changed after it was written, so the row or the record was changed "
            "outside the app.") in lines


def test_a_backup_newer_than_the_database_names_the_first_row_the_database_lacks(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    older = copy_db(db, tmp_path / "older")
    with Store.open(db, create=False, clock=Clock(), user="Sam") as store:
        (home, *_) = store.homes.list()
        store.staff.add(home.id, StaffDetails("New Starter", StaffRole.RESIDENTIAL_WORKER, date(2026, 11, 2)))
        count, _ = store.audit.head()
        backup = store.backup(tmp_path / "backups" / "copy-20261122-100000.sqlite3")

    code, lines = verify(capsys, "--db", str(older), "--backup", str(backup))

    assert code == 1
    assert lines[1] == (f"Backup {backup.name} does not match the database from audit row {count} (22/11/2026 10:00, "
                        "Added Staff: New Starter): this database has no such row, so the database's trail was "
                        "changed or rewritten after the backup was taken, or the backup comes from another database.")
