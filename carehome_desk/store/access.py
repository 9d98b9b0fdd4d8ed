"""Access by home on a PostgreSQL server: one database role per person, and row-level security.

The server, not the program, keeps each person to their homes:

* a home's **manager** reads and writes that home's records only (and the group's shared course
  catalogue and policy values);
* the **responsible individual** reads every home and writes nothing;
* a Reg 44 **visitor** reads one home and writes nothing.

Every register table gets policies that find a row's home (directly, or through the staff member,
incident or certificate it belongs to) and ask the ``carehome_access`` table whether the session's
role may read or write it. The audit trail is append-only for everyone but its owner; each person
reads only the audit rows of their homes' records; and a manager's audit row must carry their role
in brackets (``Priya [priya]``), checked by the server, so the trail records who wrote it.

This is set up by the database's owner (``carehome-desk access grant``), outside the Alembic
revisions: it is PostgreSQL's own machinery, and a database file has one user by design. The owner
(who runs migrations, ``copy`` and backups) is not bound by the policies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import Connection, Engine

from carehome_desk.store.errors import StoreError
from carehome_desk.store.schema import audit_log, courses, homes, metadata, settings

ACCESS_TABLE = "carehome_access"
_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")
#: Tables every member of the group reads, and managers write: not any one home's.
SHARED = (courses, settings)
#: Link columns that lead from a row to the record whose home it is, and the function that follows each.
_VIA = {"staff_id": "carehome_staff_home", "incident_id": "carehome_incident_home",
        "certificate_id": "carehome_certificate_home"}


class Access(str, Enum):
    """What a person's role may do."""

    MANAGER = "manager"
    RESPONSIBLE_INDIVIDUAL = "responsible_individual"
    VISITOR = "visitor"

    @property
    def label(self) -> str:
        """The manager's words for it."""
        return {"manager": "manager", "responsible_individual": "responsible individual",
                "visitor": "Reg 44 visitor"}[self.value]


@dataclass(frozen=True)
class Grant:
    """One person's role and what it may do (``home_id`` None for the responsible individual)."""

    role: str
    access: Access
    home_id: int | None


def _home_link(name: str) -> tuple[str, str | None] | None:
    """How a row of table ``name`` finds its home: (its column, the function that follows it, if any);
    None for the shared tables."""
    table = metadata.tables[name]
    if table is homes:
        return "id", None
    if "home_id" in table.c:
        return "home_id", None
    for column, function in _VIA.items():
        if column in table.c:
            return column, function
    return None


def home_expression(name: str, value: str | None = None) -> str | None:
    """SQL giving the home of a row of table ``name`` (from ``value`` instead of its column when given)."""
    link = _home_link(name)
    if link is None:
        return None
    column, function = link
    found = value or column
    return found if function is None else f"{function}({found})"


def _definer(name: str, args: str, returns: str, body: str, language: str = "sql") -> str:
    # SECURITY DEFINER: runs as the owner, so it reads past the policies (a fixed search_path keeps
    # it from being tricked by another schema's objects).
    return (f"CREATE OR REPLACE FUNCTION {name}({args}) RETURNS {returns} LANGUAGE {language} STABLE "
            f"SECURITY DEFINER SET search_path = public, pg_temp AS $fn$ {body} $fn$")


def _audit_home_body() -> str:
    # The home of an audited record, from the record as the audit row holds it (after, else before).
    cases = []
    for table in metadata.sorted_tables:
        link = _home_link(table.name)
        if link is not None and table is not homes:
            cases.append(f"IF t = '{table.name}' THEN RETURN "
                         f"{home_expression(table.name, f'(j->>{chr(39)}{link[0]}{chr(39)})::integer')}; END IF;")
    return ("DECLARE j json := coalesce(a, b)::json; BEGIN "
            "IF t = 'homes' THEN RETURN r::integer; END IF; IF j IS NULL THEN RETURN NULL; END IF; "
            + " ".join(cases) + " RETURN NULL; END")


def setup_statements() -> Iterator[str]:
    """The DDL that turns access by home on (idempotent: run again after an upgrade adds a table)."""
    yield (f"CREATE TABLE IF NOT EXISTS {ACCESS_TABLE} (role_name name PRIMARY KEY, kind text NOT NULL "
           "CHECK (kind IN ('manager', 'responsible_individual', 'visitor')), home_id integer REFERENCES homes(id), "
           "CHECK ((kind = 'responsible_individual') = (home_id IS NULL)))")
    yield f"REVOKE ALL ON {ACCESS_TABLE} FROM PUBLIC"
    me = f"SELECT a FROM {ACCESS_TABLE} a WHERE a.role_name = session_user"
    yield _definer("carehome_member", "", "boolean", f"SELECT EXISTS ({me})")
    yield _definer("carehome_reads", "h integer", "boolean",
                   f"SELECT EXISTS ({me} AND (a.kind = 'responsible_individual' OR a.home_id = h))")
    yield _definer("carehome_writes", "h integer", "boolean", f"SELECT EXISTS ({me} AND a.kind = 'manager' AND a.home_id = h)")
    yield _definer("carehome_writes_shared", "", "boolean", f"SELECT EXISTS ({me} AND a.kind = 'manager')")
    yield _definer("carehome_my_access", "", "text", f"SELECT a.kind FROM {ACCESS_TABLE} a WHERE a.role_name = session_user")
    yield _definer("carehome_staff_home", "s integer", "integer", "SELECT home_id FROM staff WHERE id = s")
    yield _definer("carehome_incident_home", "i integer", "integer", "SELECT home_id FROM incidents WHERE id = i")
    yield _definer("carehome_certificate_home", "c integer", "integer",
                   "SELECT s.home_id FROM dbs_certificates d JOIN staff s ON s.id = d.staff_id WHERE d.id = c")
    yield _definer("carehome_audit_home", "t text, r text, b text, a text", "integer", _audit_home_body(), "plpgsql")
    # The writer's view of the trail's newest link: a manager reads only their homes' audit rows, but
    # the chain runs through every home's, so this reads it as the owner, after queueing writers.
    yield ("CREATE OR REPLACE FUNCTION carehome_audit_head(OUT id integer, OUT hash text) LANGUAGE plpgsql "
           "VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$ BEGIN "
           "LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE; "
           "SELECT x.id, x.hash INTO id, hash FROM audit_log x ORDER BY x.id DESC LIMIT 1; END $fn$")
    for table in metadata.sorted_tables:
        yield f"ALTER TABLE {table.name} ENABLE ROW LEVEL SECURITY"
        for policy in ("carehome_read", "carehome_add", "carehome_change", "carehome_remove"):
            yield f"DROP POLICY IF EXISTS {policy} ON {table.name}"
        if table is audit_log:
            yield ("CREATE POLICY carehome_read ON audit_log FOR SELECT USING (CASE WHEN carehome_audit_home("
                   "table_name, record_id, before_json, after_json) IS NULL THEN carehome_member() ELSE "
                   "carehome_reads(carehome_audit_home(table_name, record_id, before_json, after_json)) END)")
            # A manager's audit rows carry their role, and are about their own homes' records (or shared ones).
            yield ("CREATE POLICY carehome_add ON audit_log FOR INSERT WITH CHECK (carehome_writes_shared() "
                   "AND right(user_label, length(session_user) + 2) = '[' || session_user || ']' AND "
                   "coalesce(carehome_writes(carehome_audit_home(table_name, record_id, before_json, after_json)), "
                   "carehome_audit_home(table_name, record_id, before_json, after_json) IS NULL))")
            continue
        home = home_expression(table.name)
        read = "carehome_member()" if home is None else f"carehome_reads({home})"
        write = "carehome_writes_shared()" if home is None else f"carehome_writes({home})"
        yield f"CREATE POLICY carehome_read ON {table.name} FOR SELECT USING ({read})"
        yield f"CREATE POLICY carehome_add ON {table.name} FOR INSERT WITH CHECK ({write})"
        yield f"CREATE POLICY carehome_change ON {table.name} FOR UPDATE USING ({write}) WITH CHECK ({write})"
        yield f"CREATE POLICY carehome_remove ON {table.name} FOR DELETE USING ({write})"


def _checked_role(role: str) -> str:
    if not _ROLE.fullmatch(role):
        raise StoreError(f"“{role}” cannot be a database role here: use lower-case letters, digits and _ "
                         "(up to 63), starting with a letter, such as priya_oak.")
    return role


def _server(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        raise StoreError("Access by home is set on a PostgreSQL server; a database file has one user by design.")


def grant(engine: Engine, role: str, access: Access, home_id: int | None) -> None:
    """Give ``role`` (made, able to log in, if it does not exist) ``access``; replaces what it had."""
    _server(engine)
    role = _checked_role(role)
    if (access is Access.RESPONSIBLE_INDIVIDUAL) != (home_id is None):
        raise StoreError("A manager or a visitor is given one home; the responsible individual sees every home.")
    names = [t.name for t in metadata.sorted_tables]
    with engine.begin() as conn:
        for statement in setup_statements():
            conn.exec_driver_sql(statement)
        if not conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(r)s", {"r": role}).first():
            conn.exec_driver_sql(f'CREATE ROLE "{role}" LOGIN')
        conn.exec_driver_sql(f'REVOKE ALL ON {", ".join(names)} FROM "{role}"')
        conn.exec_driver_sql(f'GRANT SELECT ON {", ".join(names)}, alembic_version TO "{role}"')
        if access is Access.MANAGER:
            registers = [n for n in names if n != audit_log.name]
            conn.exec_driver_sql(f'GRANT INSERT, UPDATE, DELETE ON {", ".join(registers)} TO "{role}"')
            conn.exec_driver_sql(f'GRANT INSERT ON audit_log TO "{role}"')  # append only: never changed
            conn.exec_driver_sql(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
        conn.exec_driver_sql(
            f"INSERT INTO {ACCESS_TABLE} (role_name, kind, home_id) VALUES (%(r)s, %(k)s, %(h)s) "
            "ON CONFLICT (role_name) DO UPDATE SET kind = excluded.kind, home_id = excluded.home_id",
            {"r": role, "k": access.value, "h": home_id})


def grants(engine: Engine) -> list[Grant]:
    """Every person's role and access, by role name (none before access by home is set up)."""
    _server(engine)
    with engine.connect() as conn:
        if not access_is_on(conn):
            return []
        rows = conn.exec_driver_sql(f"SELECT role_name, kind, home_id FROM {ACCESS_TABLE} ORDER BY role_name")
        return [Grant(str(r[0]), Access(r[1]), r[2]) for r in rows]


def access_is_on(conn: Connection) -> bool:
    """True on a server database where access by home is set up (remembered per pooled connection)."""
    if conn.dialect.name != "postgresql":
        return False
    known = conn.info.get(ACCESS_TABLE)
    if known is None:
        known = conn.info[ACCESS_TABLE] = bool(
            conn.exec_driver_sql(f"SELECT to_regclass('{ACCESS_TABLE}') IS NOT NULL").scalar())
    return bool(known)


def session_role(engine: Engine) -> str | None:
    """The server role this store's changes are made as, once access by home is on (else None)."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        if not access_is_on(conn):
            return None
        return str(conn.exec_driver_sql("SELECT session_user").scalar())


def reads_part_of_trail(conn: Connection) -> bool:
    """True when this connection's role sees only its homes' part of the audit trail (a manager or a visitor)."""
    if not access_is_on(conn):
        return False
    kind = conn.exec_driver_sql("SELECT carehome_my_access()").scalar()
    return kind in (Access.MANAGER.value, Access.VISITOR.value)
