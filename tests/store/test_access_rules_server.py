"""Access by home on a PostgreSQL server, the rules a manager writing SQL by hand meets: shared rows,
link rows with two homes, the audit chain, the owner-run functions, per-home settings and who may be granted."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import event

from carehome_desk.models.changes import Register
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.training import Course
from carehome_desk.store import Store, StoreError
from carehome_desk.store.access import Access, grant
from carehome_desk.store.watch import ChangeWatcher
from tests.conftest import FIXED_NOW, Clock
from tests.store.test_access_server import Group, group  # noqa: F401

_AUDIT = ("INSERT INTO audit_log (id, at, user_label, table_name, record_id, action, prev_hash, hash) "
          "VALUES (%s, now(), 'Priya [priya]', 'homes', %s, 'update', %s, 'made-up')")


def test_a_manager_saves_a_shared_course_and_her_homes_setting(group: Group) -> None:
    with Store.open(group.url("priya"), user="Priya", clock=Clock()) as store:
        course, _ = store.workforce.save_course(Course("Fire safety for the group", renewal_months=12))
        store.settings.set_setup_hidden(group.oak, True)
        assert store.settings.setup_hidden(group.oak)
        assert "Fire safety for the group" in [c.name for c in store.workforce.courses()]
    with Store.open(group.server.url(group.database), clock=Clock()) as store:
        assert store.audit.verify().intact
    labels = group.sql("carehome", "SELECT table_name, user_label FROM audit_log WHERE table_name IN "
                       "('courses', 'settings') AND user_label LIKE '%%[priya]'")
    assert sorted(labels) == [("courses", "Priya [priya]"), ("settings", "Priya [priya]")]
    assert course.id is not None


def _birch_incident(group: Group) -> int:
    return int(group.sql("carehome", (
        "INSERT INTO incidents (home_id, type, occurred_at, occurred_utc, location, summary, staff_involved, "
        "reg40_paragraphs, reg40_rationale, other_recipients, reviewed_by, review_note, version, archive_reason) "
        "VALUES (%s, 'other', '2026-11-21T10:00:00+00:00', '2026-11-21 10:00', '', 'Birch only', '', '[]', '', "
        "'[]', '', '', 1, '') RETURNING id"), (group.birch,))[0][0])


def test_a_link_row_belongs_to_a_home_only_when_both_its_sides_do(group: Group) -> None:
    birch_incident = _birch_incident(group)
    sam = group.sql("carehome", "SELECT id FROM staff WHERE home_id = %s", (group.oak,))[0][0]
    assert group.sql("priya", "SELECT count(*) FROM incidents WHERE id = %s", (birch_incident,)) == [(0,)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        group.sql("priya", "INSERT INTO incident_staff (incident_id, staff_id) VALUES (%s, %s)", (birch_incident, sam))
    # A link the owner made across homes: neither home's manager reads, changes or removes it.
    link = group.sql("carehome", "INSERT INTO incident_staff (incident_id, staff_id) VALUES (%s, %s) RETURNING id",
                     (birch_incident, sam))[0][0]
    assert group.sql("priya", "SELECT count(*) FROM incident_staff WHERE id = %s", (link,)) == [(0,)]
    assert group.sql("priya", "DELETE FROM incident_staff WHERE id = %s RETURNING id", (link,)) == []
    assert group.sql("priya", "UPDATE incident_staff SET staff_id = staff_id WHERE id = %s RETURNING id", (link,)) == []
    assert group.sql("carehome", "SELECT count(*) FROM incident_staff WHERE id = %s", (link,)) == [(1,)]


def test_the_server_refuses_an_audit_row_that_does_not_continue_the_trail(group: Group) -> None:
    head_id, head_hash = group.sql("carehome", "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="continue the trail"):
        group.sql("priya", _AUDIT, (head_id + 1, str(group.oak), "forged-prev"))  # breaks the chain
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="continue the trail"):
        group.sql("priya", _AUDIT, (2147483647, str(group.oak), head_hash))  # would block every later save
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="hash must be the one its content makes"):
        group.sql("priya", _AUDIT, (head_id + 1, str(group.oak), head_hash))  # linked, but not its content's hash
    # The server recomputes the app's own hashes exactly, whatever the text holds.
    odd = 'Zoë "Jo" O\'Brien \\ 😀 ✓\u007f'
    with Store.open(group.url("priya"), user="Priya Ł", clock=Clock()) as store:
        store.staff.add(group.oak, StaffDetails(odd, StaffRole.RESIDENTIAL_WORKER, FIXED_NOW.date(),
                                                role_title="Senior\tworker\nnights"))
        assert [s.full_name for s in store.staff.list() if s.full_name == odd] == [odd]
    with Store.open(group.server.url(group.database), user="Owner", clock=Clock()) as store:
        store.staff.add(group.birch, StaffDetails("Next Starter", StaffRole.RESIDENTIAL_WORKER, FIXED_NOW.date()))
        assert store.audit.verify().intact


def test_only_a_manager_may_call_the_trail_head_function(group: Group) -> None:
    # It takes the writers' lock: a visitor holding it open would stall every save.
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
        group.sql("vera", "SELECT * FROM carehome_audit_head()")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
        group.sql("helen", "SELECT * FROM carehome_audit_head()")
    assert group.sql("priya", "SELECT id IS NOT NULL FROM carehome_audit_head()") == [(True,)]


def test_access_grant_refuses_a_role_the_rules_would_not_hold(group: Group) -> None:
    group.sql("carehome", "CREATE ROLE vic LOGIN BYPASSRLS")
    group.sql("carehome", "CREATE ROLE office")
    group.sql("carehome", "CREATE ROLE tom LOGIN IN ROLE office")
    with Store.open(group.server.url(group.database), clock=Clock()) as store:
        for role in ("vic", "tom", "carehome"):
            with pytest.raises(StoreError, match=f"The role {role} is .*give this person a new role of their own"):
                grant(store.engine, role, Access.VISITOR, group.oak)
    assert group.sql("carehome", "SELECT count(*) FROM carehome_access WHERE role_name IN ('vic', 'tom')") == [(0,)]


def test_moving_a_manager_to_visitor_takes_away_every_write(group: Group) -> None:
    with Store.open(group.server.url(group.database), clock=Clock()) as store:
        grant(store.engine, "priya", Access.VISITOR, group.oak)
    rights = group.sql("carehome", "SELECT bool_or(has_sequence_privilege('priya', c.oid, 'USAGE')), "
                       "has_function_privilege('priya', 'carehome_audit_head()', 'EXECUTE') FROM pg_class c "
                       "WHERE c.relkind = 'S' AND c.relnamespace = 'public'::regnamespace")
    assert rights == [(False, False)]


def test_a_manager_changes_only_her_homes_settings_and_only_with_an_audit_row(group: Group) -> None:
    with Store.open(group.server.url(group.database), user="Owner", clock=Clock()) as store:
        store.settings.set_setup_hidden(group.birch, True)
        store.settings.ensure_database_id()
    audit_before = group.sql("carehome", "SELECT count(*) FROM audit_log")
    birch_key = f"setup_hidden:{group.birch}"
    assert group.sql("priya", "UPDATE settings SET value = 'false' WHERE key = %s RETURNING key", (birch_key,)) == []
    assert group.sql("priya", "UPDATE settings SET value = '\"x\"' WHERE key = 'database_id' RETURNING key") == []
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        group.sql("priya", "INSERT INTO settings (key, value) VALUES ('backup_second_folder', '\"/tmp\"')")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="needs its audit row"):
        group.sql("priya", "INSERT INTO settings (key, value) VALUES (%s, 'true')", (f"setup_hidden:{group.oak}",))
    assert group.sql("carehome", "SELECT count(*) FROM audit_log") == audit_before
    assert group.sql("carehome", "SELECT count(*) FROM settings WHERE key = %s", (f"setup_hidden:{group.oak}",)) == [(0,)]


def test_a_managers_watcher_reads_other_homes_new_audit_rows_once_at_most(group: Group) -> None:
    with Store.open(group.url("priya"), user="Priya", clock=Clock()) as store:
        watcher = ChangeWatcher(store)
        with Store.open(group.server.url(group.database), user="Owner", clock=Clock()) as owner:
            for n in range(3):  # a busy morning in Birch House
                owner.staff.add(group.birch, StaffDetails(f"Birch {n}", StaffRole.RESIDENTIAL_WORKER, FIXED_NOW.date()))
        statements: list[str] = []
        event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(str(args[2])))
        assert watcher.poll() is None  # nothing of Oak Lodge's
        first = [s for s in statements if "FROM audit_log" in s]
        statements.clear()
        assert watcher.poll() is None
        assert watcher.poll() is None
        again = [s for s in statements if "FROM audit_log" in s]
        asked = any("carehome_audit_max" in s for s in statements)
        store.staff.add(group.oak, StaffDetails("Oak Starter", StaffRole.RESIDENTIAL_WORKER, FIXED_NOW.date()))
        seen = watcher.poll()
    assert len(first) == 1 and again == []  # the quiet polls never re-read Birch House's rows
    assert asked  # they ask the owner-run function for the whole trail's newest id instead
    assert seen is not None and Register.STAFF in seen.registers
