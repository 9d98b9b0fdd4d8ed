"""The audit trail's hash chain: each kind of edit made outside the app is found, and an honest database is clean."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest
from sqlalchemy import event

from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.models.audit import AuditAction
from carehome_desk.models.audit_chain import GENESIS, row_hash
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import SaveError, Store
from carehome_desk.store.schema import staff
from carehome_desk.store.verify import FindingKind
from tests.conftest import FIXED_NOW, Clock, oak_lodge
from tests.store.tamper import copy_db, kinds, raw, verify

FIXTURE_0005 = Path(__file__).parent.parent / "data" / "schema_0005.sqlite3"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("chain") / "demo.sqlite3", DemoOptions(today=FIXED_NOW.date()))


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    return copy_db(demo_db, tmp_path / "copy")


def test_an_untouched_demo_database_verifies_clean(db: Path) -> None:
    report = verify(db)
    (count,) = raw(db, "SELECT count(*) FROM audit_log")[0]
    (last,) = raw(db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert report.intact and report.findings == ()
    assert (report.count, report.head) == (count, last) and count > 1000
    assert report.summary() == f"{count:,} changes, all intact"


def test_a_forged_user_and_time_on_an_audit_row_is_reported_as_that_row(db: Path) -> None:
    raw(db, "UPDATE audit_log SET user_label = 'Someone Else', at = '2025-01-01 09:00:00.000000' WHERE id = 40")
    report = verify(db)
    assert kinds(report) == [(FindingKind.ROW_ALTERED, 40, None, None)]
    assert report.findings[0].text == "Audit row 40 was changed after it was written: its content does not match its hash."


def test_a_forged_row_given_a_fresh_hash_breaks_the_link_to_the_next_row(db: Path) -> None:
    ((prev, rid, at, table, record, action, before, after),) = raw(
        db, "SELECT prev_hash, id, at, table_name, record_id, action, before_json, after_json FROM audit_log "
        "WHERE id = 40")
    from datetime import datetime, timezone

    when = datetime.fromisoformat(at).replace(tzinfo=timezone.utc)
    forged = row_hash(prev, rid, when, "Someone Else", table, record, action, before, after)
    raw(db, "UPDATE audit_log SET user_label = 'Someone Else', hash = ? WHERE id = 40", (forged,))
    report = verify(db)
    assert kinds(report) == [(FindingKind.ROW_MISSING, 41, None, None)]
    assert "Audit row 41 does not follow row 40" in report.findings[0].text


def test_a_deleted_audit_row_in_the_middle_is_reported_missing(db: Path) -> None:
    raw(db, "DELETE FROM audit_log WHERE id = 500")
    report = verify(db)
    chain = [f for f in report.findings if f.kind is FindingKind.ROW_MISSING]
    assert [(f.audit_id, f.text) for f in chain] == [
        (501, "Audit row 500 is missing: the trail jumps from row 499 to row 501.")]
    assert not any(f.kind is FindingKind.ROW_ALTERED for f in report.findings)


def test_the_first_rows_deleted_are_reported(db: Path) -> None:
    raw(db, "DELETE FROM audit_log WHERE id <= 3")
    report = verify(db)
    assert (FindingKind.ROW_MISSING, 4) in [(f.kind, f.audit_id) for f in report.findings]


def test_the_last_audit_row_deleted_shows_as_its_record_out_of_step(db: Path) -> None:
    ((last_id, table, record, action),) = raw(
        db, "SELECT id, table_name, record_id, action FROM audit_log ORDER BY id DESC LIMIT 1")
    raw(db, "DELETE FROM audit_log WHERE id = ?", (last_id,))
    report = verify(db)
    assert not report.intact
    about = [(f.kind, f.table, f.record_id) for f in report.findings]
    expected = FindingKind.RECORD_UNAUDITED if action == "insert" else FindingKind.RECORD_CHANGED
    assert about == [(expected, table, record)]


def test_an_incident_edited_in_the_file_is_reported_with_the_field(db: Path) -> None:
    raw(db, "UPDATE incidents SET summary = 'Nothing happened' WHERE id = 2")
    report = verify(db)
    (finding,) = report.findings
    assert (finding.kind, finding.table, finding.record_id) == (FindingKind.RECORD_CHANGED, "incidents", "2")
    assert "in summary: it was changed outside the app" in finding.text


def test_a_staff_row_inserted_without_an_audit_row_is_reported(db: Path) -> None:
    raw(db, "INSERT INTO staff (id, home_id, full_name, role, role_title, start_date, contract, lives_at_home, "
        "staff_ref, dates_to_confirm, version, archive_reason) VALUES (9001, 1, 'Ghost Worker', 'residential_worker',"
        " '', '2026-01-05', 'permanent', 0, '', 0, 1, '')")
    report = verify(db)
    assert kinds(report) == [(FindingKind.RECORD_UNAUDITED, None, "staff", "9001")]
    assert report.findings[0].text == "Staff record 9001 (Ghost Worker) has no audit row: it was added outside the app."


def test_a_record_removed_in_the_file_is_reported_vanished(db: Path) -> None:
    (last_notification,) = raw(db, "SELECT max(id) FROM notifications")[0]
    raw(db, "DELETE FROM notifications WHERE id = ?", (last_notification,))
    report = verify(db)
    assert [(f.kind, f.table, f.record_id) for f in report.findings] == [
        (FindingKind.RECORD_VANISHED, "notifications", str(last_notification))]


def test_a_forked_row_is_refused_by_the_database_itself(db: Path) -> None:
    ((prev,),) = raw(db, "SELECT prev_hash FROM audit_log ORDER BY id DESC LIMIT 1")
    with pytest.raises(Exception, match="UNIQUE"):
        raw(db, "INSERT INTO audit_log (at, user_label, table_name, record_id, action, prev_hash, hash) "
            "VALUES ('2026-01-01 00:00:00.000000', 'x', 'staff', '1', 'update', ?, ?)", (prev, "f" * 64))


def test_every_write_extends_the_chain_and_reads_the_head_once_per_transaction(store: Store) -> None:
    heads: list[str] = []

    def spy(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if statement.startswith("SELECT audit_log.id, audit_log.hash"):
            heads.append(statement)

    event.listen(store.engine, "before_cursor_execute", spy)
    home, _ = store.homes.add(oak_lodge())
    assert len(heads) == 1
    with store.write() as writer:  # one transaction, many rows: one head read
        for n in range(50):
            writer.insert(staff, {
                "home_id": home.id, "full_name": f"Worker {n}", "role": "residential_worker",
                "start_date": FIXED_NOW.date(), "contract": "permanent", "archive_reason": ""})
    assert len(heads) == 2
    event.remove(store.engine, "before_cursor_execute", spy)
    rows = store.audit.entries()
    assert [e.id for e in rows] == list(range(len(rows), 0, -1))
    report = store.audit.verify()
    assert report.intact and report.count == len(rows) == 51 + len(store.workforce.courses(include_archived=True))


def test_two_writers_at_once_never_fork_the_chain(db_path: Path) -> None:
    Store.open(db_path, user="setup", clock=Clock()).close()
    with Store.open(db_path, user="setup", clock=Clock()) as first:
        home, _ = first.homes.add(oak_lodge())
    errors: list[BaseException] = []

    def write(name: str) -> None:
        with Store.open(db_path, user=name, clock=Clock()) as store:
            done = 0
            while done < 25:
                try:
                    store.staff.add(home.id, StaffDetails(f"{name} {done}", StaffRole.RESIDENTIAL_WORKER,
                                                         FIXED_NOW.date()))
                    done += 1
                except SaveError:
                    continue  # "another program is writing": nothing saved, try again
                except BaseException as exc:  # pragma: no cover - reported below
                    errors.append(exc)
                    return

    threads = [threading.Thread(target=write, args=(n,)) for n in ("Ann", "Bob", "Cat")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = verify(db_path)
    assert report.intact, report.findings
    assert raw(db_path, "SELECT count(*) FROM staff") == [(75,)]
    assert raw(db_path, "SELECT count(DISTINCT prev_hash) = count(*) FROM audit_log") == [(1,)]


def test_the_0005_fixture_is_sealed_with_baselines_and_then_verifies_clean(tmp_path: Path) -> None:
    db = tmp_path / "carehome.sqlite3"
    shutil.copy(FIXTURE_0005, db)
    (before,) = raw(db, "SELECT count(*) FROM audit_log")[0]
    with Store.open(db, clock=Clock()) as store:
        entries = store.audit.entries()
        report = store.audit.verify()
    seal, *baselines = [e for e in entries if e.user == "carehome-desk upgrade"]
    assert seal.action is AuditAction.SEAL and seal.table == "audit_log"
    assert seal.after == {"earlier_changes": before, "baseline_records": len(baselines), "schema": "0007"}
    # 0006 filled the staff's new dates without audit rows, and the fixture's staff were never audited.
    assert {(e.action, e.table) for e in baselines} == {(AuditAction.BASELINE, "staff"), (AuditAction.BASELINE, "homes")}
    assert len([e for e in baselines if e.table == "staff"]) == 6
    assert report.intact, report.findings
    ((first_prev,),) = raw(db, "SELECT prev_hash FROM audit_log ORDER BY id LIMIT 1")
    assert first_prev == GENESIS


def test_a_new_database_has_no_seal_row(store: Store) -> None:
    assert not [e for e in store.audit.entries() if e.action is AuditAction.SEAL]
    assert store.audit.verify().intact


def test_an_empty_trail_has_the_genesis_head(tmp_path: Path) -> None:
    from carehome_desk.store.engine import make_engine, prepare

    engine = make_engine(tmp_path / "bare.sqlite3")
    prepare(engine, tmp_path / "bare.sqlite3")
    with engine.connect() as conn:
        from carehome_desk.store.chain import hash_at, head

        assert head(conn) == (0, GENESIS)
        assert hash_at(conn, 1) is None
    engine.dispose()


def test_the_seal_row_records_what_it_covered_as_json(tmp_path: Path) -> None:
    db = tmp_path / "carehome.sqlite3"
    shutil.copy(FIXTURE_0005, db)
    Store.open(db, clock=Clock()).close()
    ((after,),) = raw(db, "SELECT after_json FROM audit_log WHERE action = 'seal'")
    assert json.loads(after)["schema"] == "0007"


FIXTURE_0006 = Path(__file__).parent.parent / "data" / "schema_0006.sqlite3"


def test_the_0006_fixture_gets_a_baseline_exactly_where_records_and_trail_disagree(tmp_path: Path) -> None:
    db = tmp_path / "carehome.sqlite3"
    shutil.copy(FIXTURE_0006, db)
    with Store.open(db, clock=Clock()) as store:
        assert store.open_report.found_revision == "0006"
        upgrade = [e for e in store.audit.entries() if e.user == "carehome-desk upgrade"]
        report = store.audit.verify()
    seal, *baselines = upgrade
    assert seal.after == {"earlier_changes": 4, "baseline_records": 3, "schema": "0007"}
    got = {(e.record_id, e.action, (e.before or {}).get("role_title"), (e.after or {}).get("role_title"))
           for e in baselines}
    assert got == {
        ("2", AuditAction.BASELINE, "", "Night lead"),  # changed with no audit row: before is its audited state
        ("3", AuditAction.BASELINE, None, ""),  # never audited
        ("4", AuditAction.BASELINE, "", None),  # removed with no audit row
    }
    assert all(e.table == "staff" for e in baselines)  # the home and Ada were already as audited
    # Row 3 was missing before the chain began: that gap is sealed in, not reported for ever after.
    assert report.intact, report.findings
    raw(db, "UPDATE staff SET full_name = 'Ada Edited' WHERE id = 1")
    assert [f.kind for f in verify(db).findings] == [FindingKind.RECORD_CHANGED]
