"""Access by home on a PostgreSQL server: one database role per person, and row-level security.

The server, not the program, keeps each person to their homes:

* a home's **manager** reads and writes that home's records only (and the group's shared course
  catalogue, and their home's own settings; the provider-wide settings are the owner's);
* the **responsible individual** reads every home and writes nothing;
* a Reg 44 **visitor** reads one home and writes nothing.

Every register table gets policies that find a row's home (directly, or through the staff member,
incident or certificate it belongs to) and ask the ``carehome_access`` table whether the session's
role may read or write it. The audit trail is append-only for everyone but its owner; each person
reads only the audit rows of their homes' records; and a manager's audit row must carry their role
in brackets (``Priya [priya]``) and continue the trail's chain, checked by the server, so the trail
records who wrote it. The rules themselves are in store/access_rules.py.

This is set up by the database's owner (``carehome-desk access grant``), outside the Alembic
revisions: it is PostgreSQL's own machinery, and a database file has one user by design. The owner
(who runs migrations, ``copy`` and backups) is not bound by the policies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import Connection, Engine

from carehome_desk.store.access_rules import ACCESS_TABLE, POLICY_FUNCTIONS, WRITER_FUNCTIONS, setup_statements
from carehome_desk.store.errors import StoreError
from carehome_desk.store.schema import audit_log, courses, metadata, settings

__all__ = ["ACCESS_TABLE", "Access", "Grant", "grant", "grants", "setup_statements"]
_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")
#: Tables every member of the group reads, not any one home's (managers write courses; settings by key).
SHARED = (courses, settings)


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
        found = conn.exec_driver_sql(
            "SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = current_user OR EXISTS (SELECT 1 FROM "
            "pg_auth_members m WHERE m.member = r.oid) FROM pg_roles r WHERE r.rolname = %(r)s", {"r": role}).first()
        if found is None:
            conn.exec_driver_sql(f'CREATE ROLE "{role}" LOGIN')
        elif found[0]:
            # Such a role reads past row-level security, or holds another role's rights: the rules
            # below would not keep it to its homes.
            raise StoreError(f"The role {role} is the owner, a superuser, bypasses row-level security or is a member "
                             "of other roles, so the server would not keep it to its homes: give this person a "
                             "new role of their own.")
        conn.exec_driver_sql(f'REVOKE ALL ON {", ".join(names)} FROM "{role}"')
        conn.exec_driver_sql(f'REVOKE USAGE ON ALL SEQUENCES IN SCHEMA public FROM "{role}"')
        conn.exec_driver_sql(f'REVOKE EXECUTE ON FUNCTION {", ".join(WRITER_FUNCTIONS)} FROM "{role}"')
        conn.exec_driver_sql(f'GRANT SELECT ON {", ".join(names)}, alembic_version TO "{role}"')
        conn.exec_driver_sql(f'GRANT EXECUTE ON FUNCTION {", ".join(POLICY_FUNCTIONS)} TO "{role}"')
        if access is Access.MANAGER:
            registers = [n for n in names if n != audit_log.name]
            conn.exec_driver_sql(f'GRANT INSERT, UPDATE, DELETE ON {", ".join(registers)} TO "{role}"')
            conn.exec_driver_sql(f'GRANT INSERT ON audit_log TO "{role}"')  # append only: never changed
            conn.exec_driver_sql(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
            conn.exec_driver_sql(f'GRANT EXECUTE ON FUNCTION {", ".join(WRITER_FUNCTIONS)} TO "{role}"')
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
