"""Access by home on a PostgreSQL server: each person's role reaches only what it may, and the SERVER refuses
the rest (tried here through plain SQL on the role's own connection, not only through the app)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest

from carehome_desk.models.ids import HomeId
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import SaveError, Store
from carehome_desk.store.access import Access, grant, grants
from tests.conftest import FIXED_NOW, Clock, oak_lodge
from tests.pg_server import PgServer


@dataclass
class Group:
    """Two homes on one server database, with a manager for Oak Lodge, the RI, and a visitor for Oak Lodge."""

    server: PgServer
    database: str
    oak: HomeId
    birch: HomeId
    birch_staff: int

    def url(self, role: str) -> str:
        return self.server.url(self.database, user=role)

    def sql(self, role: str, statement: str, params: Any = None) -> list[tuple[Any, ...]]:
        """One statement as ``role`` over its own connection, committed: what anyone with the role's login could do."""
        with psycopg.connect(host="127.0.0.1", port=self.server.port, user=role, dbname=self.database,
                             autocommit=True) as conn:
            cur = conn.execute(statement, params)  # type: ignore[arg-type]
            return cur.fetchall() if cur.description else []


@pytest.fixture
def group(pg_server: PgServer) -> Iterator[Group]:
    name = pg_server.new_database()
    owner = pg_server.url(name)
    with Store.open(owner, user="owner", clock=Clock()) as store:
        oak, _ = store.homes.add(oak_lodge())
        birch, _ = store.homes.add(oak_lodge(name="Birch House", urn="SC654321"))
        store.staff.add(oak.id, StaffDetails("Sam Oakley", StaffRole.RESIDENTIAL_WORKER, FIXED_NOW.date()))
        member, _ = store.staff.add(birch.id, StaffDetails("Bea Birch", StaffRole.RESIDENTIAL_WORKER,
                                                           FIXED_NOW.date()))
        grant(store.engine, "priya", Access.MANAGER, oak.id)
        grant(store.engine, "helen", Access.RESPONSIBLE_INDIVIDUAL, None)
        grant(store.engine, "vera", Access.VISITOR, oak.id)
    yield Group(pg_server, name, oak.id, birch.id, int(member.id))
    pg_server.drop(name)


def test_a_manager_sees_and_changes_only_their_home(group: Group) -> None:
    with Store.open(group.url("priya"), user="Priya", clock=Clock()) as store:
        assert [h.name for h in store.homes.list()] == ["Oak Lodge"]
        assert [s.full_name for s in store.staff.list()] == ["Sam Oakley"]
        store.staff.add(group.oak, StaffDetails("New Starter", StaffRole.RESIDENTIAL_WORKER, FIXED_NOW.date()))
        with pytest.raises(SaveError, match="may not change this home's records"):
            store.staff.add(group.birch, StaffDetails("Slipped In", StaffRole.RESIDENTIAL_WORKER, FIXED_NOW.date()))
        newest = store.audit.entries(limit=1)[0]
        own = store.audit.verify()  # her homes' rows each check out; the links across homes are the owner's to check
    assert own.intact and own.partial and "to your homes' records" in own.summary()
    assert newest.user == "Priya [priya]" and newest.after is not None and newest.after["full_name"] == "New Starter"
    # The server itself: another home's rows are invisible, and cannot be changed or added to.
    assert group.sql("priya", "SELECT count(*) FROM staff WHERE home_id = %s", (group.birch,)) == [(0,)]
    group.sql("priya", "UPDATE staff SET full_name = 'Renamed' WHERE id = %s", (group.birch_staff,))
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        group.sql("priya", "INSERT INTO staff (home_id, full_name, role, role_title, start_date, version, "
                  "archive_reason, lives_at_home, dates_to_confirm) VALUES (%s, 'X', 'residential_worker', '', "
                  "'2026-01-01', 1, '', false, false)", (group.birch,))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        group.sql("priya", "UPDATE audit_log SET user_label = 'someone else'")  # the trail is append-only
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        group.sql("priya", "INSERT INTO audit_log (id, at, user_label, table_name, record_id, action, prev_hash, "
                  "hash) VALUES (9999, now(), 'Helen [helen]', 'homes', '1', 'update', 'x', 'y')")  # not her role
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        group.sql("priya", "INSERT INTO audit_log (id, at, user_label, table_name, record_id, action, prev_hash, "
                  "hash) VALUES (9999, now(), 'Priya [priya]', 'homes', %s, 'update', 'x', 'y')",
                  (str(group.birch),))  # not her home's record
    owner = group.server.url(group.database)
    with Store.open(owner, clock=Clock()) as store:
        assert [s.full_name for s in store.staff.list(group.birch)] == ["Bea Birch"]  # untouched
        assert store.audit.verify().intact


def test_the_responsible_individual_reads_every_home_and_writes_nothing(group: Group) -> None:
    with Store.open(group.url("helen"), user="Helen", clock=Clock()) as store:
        assert sorted(h.name for h in store.homes.list()) == ["Birch House", "Oak Lodge"]
        assert sorted(s.full_name for s in store.staff.list()) == ["Bea Birch", "Sam Oakley"]
        whole = store.audit.verify()
        assert whole.intact and not whole.partial  # the whole trail is hers to check
        with pytest.raises(SaveError, match="may not change"):
            store.staff.add(group.oak, StaffDetails("Not Hers", StaffRole.RESIDENTIAL_WORKER, FIXED_NOW.date()))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        group.sql("helen", "UPDATE homes SET name = 'Renamed'")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        group.sql("helen", "DELETE FROM audit_log")


def test_a_reg44_visitor_reads_one_home_and_its_history_only(group: Group) -> None:
    with Store.open(group.url("vera"), user="Vera", clock=Clock()) as store:
        assert [h.name for h in store.homes.list()] == ["Oak Lodge"]
        audited = {(e.table, e.after["home_id"]) for e in store.audit.entries(table="staff") if e.after}
    assert audited == {("staff", group.oak)}  # Birch House's staff are not in her history either
    assert group.sql("vera", "SELECT count(*) FROM audit_log WHERE after_json LIKE '%%Bea Birch%%'") == [(0,)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        group.sql("vera", "UPDATE staff SET full_name = 'Renamed'")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        group.sql("vera", "SELECT * FROM carehome_access")


def test_access_is_listed_by_role(group: Group) -> None:
    with Store.open(group.server.url(group.database), clock=Clock()) as store:
        found = [(g.role, g.access, g.home_id) for g in grants(store.engine)]
    assert found == [("helen", Access.RESPONSIBLE_INDIVIDUAL, None), ("priya", Access.MANAGER, group.oak),
                     ("vera", Access.VISITOR, group.oak)]


def test_the_access_command_grants_by_urn_and_lists(pg_server: PgServer, capsys: pytest.CaptureFixture[str]) -> None:
    from carehome_desk.cli import main

    name = pg_server.new_database()
    owner = pg_server.url(name)
    with Store.open(owner, clock=Clock()) as store:
        store.homes.add(oak_lodge())
    assert main(["--db", owner, "access", "grant", "sam_oak", "--manager", "sc123456"]) == 0
    assert "sam_oak is now manager for Oak Lodge (SC123456)" in capsys.readouterr().out
    assert main(["--db", owner, "access", "grant", "sam_oak", "--visitor", "SC999999"]) == 1
    assert "no home has the URN SC999999" in capsys.readouterr().err
    assert main(["--db", owner, "access", "list"]) == 0
    assert capsys.readouterr().out.split() == ["sam_oak", "manager", "Oak", "Lodge", "(SC123456)"]
    with Store.open(pg_server.url(name, user="sam_oak"), user="Sam", clock=Clock()) as store:
        assert store.user == "Sam [sam_oak]"
    pg_server.drop(name)


def test_a_managers_partial_check_still_finds_her_homes_row_changed_behind_the_app(group: Group) -> None:
    group.sql("carehome", "UPDATE audit_log SET after_json = replace(after_json, 'Sam Oakley', 'Sam Changed') "
              "WHERE table_name = 'staff' AND after_json LIKE '%%Sam Oakley%%'")
    with Store.open(group.url("priya"), user="Priya", clock=Clock()) as store:
        report = store.audit.verify()
    assert report.partial and not report.intact
    assert any("was changed after it was written" in f.text for f in report.findings)
