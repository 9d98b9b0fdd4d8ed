"""Moving in: copy every home, with its whole audit trail, from one database into a new, empty one on a server.

Rows are copied as they are stored (ids, audit rows and their hashes unchanged), in one read snapshot
of the source and one transaction on the target. Before that transaction commits, the target is
checked with the same code as ``carehome-desk verify``: every table holds as many rows as the source's,
the audit trail's chain and records are intact, and its head (length and newest hash) is the source's.
Anything wrong rolls the whole copy back, so the target is either a faithful copy or left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Integer, String, Table, func, insert, inspect, select

from carehome_desk.progress import NO_PROGRESS, Progress
from carehome_desk.store.chain import head
from carehome_desk.store.engine import check_revision, describe_target, is_server, make_engine, prepare
from carehome_desk.store.errors import StoreError
from carehome_desk.store.schema import homes, metadata
from carehome_desk.store.verify import VerifyReport, verify_trail

#: Rows sent to the server at a time (psycopg pipelines the statements of one batch).
BATCH = 2000


class TargetNotEmptyError(StoreError):
    """The target database already holds records: a copy never mixes two homes' histories."""


class CopyCheckError(StoreError):
    """The copy did not match the source when checked, so it was rolled back."""


@dataclass(frozen=True)
class CopyResult:
    """What was copied: rows per table, and the target's audit trail as verified before it was committed."""

    counts: dict[str, int]
    trail: VerifyReport

    @property
    def homes(self) -> int:
        """How many homes (archived ones included) were copied."""
        return self.counts.get(homes.name, 0)

    @property
    def rows(self) -> int:
        """Every row copied, in every table."""
        return sum(self.counts.values())


def table_counts(conn: Connection) -> dict[str, int]:
    """Rows in each of the program's tables, by name (the same on every back end)."""
    return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in metadata.sorted_tables}


def copy_into(source: Engine, target: str, progress: Progress = NO_PROGRESS) -> CopyResult:
    """Copy everything in ``source`` (an open store's engine, at the current schema) into the empty
    database at ``target`` (a server URL), then check it; raises StoreError with one sentence if refused."""
    where = describe_target(target)
    engine = make_engine(target)
    try:
        _refuse_if_not_empty(engine, where)
        with source.connect() as src:
            _refuse_too_long(src, where)  # before the target is touched: a refused copy leaves it as it was
        prepare(engine, target)  # the same Alembic revisions as a file, up to the current schema
        with source.connect() as src, src.begin(), engine.begin() as dst:
            # One read transaction on the source: a consistent snapshot even while a window saves.
            expected = table_counts(src)
            source_trail = verify_trail(src)
            if not source_trail.intact:
                raise CopyCheckError(f"The audit trail of the database being copied has problems "
                                     f"({source_trail.summary()}), so nothing was copied: run "
                                     "'carehome-desk verify' on it to see them.")
            total, done = sum(expected.values()), 0
            for table in metadata.sorted_tables:  # parents before children: the links hold at every row
                done = _copy_table(src, dst, table, done, total, progress)
            if dst.dialect.name == "postgresql":
                _restart_ids(dst)
            progress.report(total, total, "Checking the copy")
            trail = _check(dst, expected, head(src), where)
    finally:
        engine.dispose()
    return CopyResult(expected, trail)


def _refuse_if_not_empty(engine: Engine, where: str) -> None:
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        revision = None
        if "alembic_version" in names:
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        check_revision(revision, bool(names), where)  # another program's tables, or a newer schema: refused
        ours = [t for t in metadata.sorted_tables if t.name in names]
        held = {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one()) for t in ours}
    if any(held.values()):
        what = ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in sorted(held.items()) if n)
        raise TargetNotEmptyError(
            f"{where} already holds records ({what}), so nothing was copied: copy into a new, empty database "
            "(for example one made with createdb), never over one in use.")


def _refuse_too_long(src: Connection, where: str) -> None:
    """Refuse, naming the record and field, a text the server's column cannot hold (a database file does
    not enforce a text column's length; the server does)."""
    for table in metadata.sorted_tables:
        (pk,) = table.primary_key.columns
        for column in table.c:
            limit = column.type.length if isinstance(column.type, String) else None
            if not limit:
                continue
            row = src.execute(select(pk, func.length(column)).where(func.length(column) > limit)
                              .order_by(pk).limit(1)).first()
            if row is not None:
                raise StoreError(
                    f"In the {table.name.replace('_', ' ')} table, record {row[0]}'s "
                    f"{column.name.replace('_', ' ')} is {row[1]:,} characters and {where} holds at most {limit:,} "
                    "there, so nothing was copied: shorten it in the file and copy again.")


def _copy_table(src: Connection, dst: Connection, table: Table, done: int, total: int, progress: Progress) -> int:
    (pk,) = table.primary_key.columns
    statement = insert(table)
    result = src.execution_options(yield_per=BATCH).execute(select(table).order_by(pk))
    for part in result.mappings().partitions(BATCH):
        dst.execute(statement, [dict(row) for row in part])
        done += len(part)
        progress.report(done, total, f"Copying {table.name.replace('_', ' ')}")
    return done


def _restart_ids(dst: Connection) -> None:
    # Rows came with their ids, so each table's id sequence is moved past the largest: the next record
    # added on the server gets a new id instead of a clash.
    for table in metadata.sorted_tables:
        (pk,) = table.primary_key.columns
        if isinstance(pk.type, Integer):
            dst.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk.name}'), "
                f"COALESCE((SELECT MAX({pk.name}) FROM {table.name}), 0) + 1, false)")


def _check(dst: Connection, expected: dict[str, int], source_head: tuple[int, str], where: str) -> VerifyReport:
    found = table_counts(dst)
    wrong = [name for name in expected if found.get(name) != expected[name]]
    if wrong:
        detail = "; ".join(f"{name}: {found.get(name, 0):,} of {expected[name]:,}" for name in wrong)
        raise CopyCheckError(f"The copy in {where} did not hold every row ({detail}), so it was undone.")
    trail = verify_trail(dst)
    if not trail.intact:
        raise CopyCheckError(f"The audit trail in {where} did not verify after copying ({trail.summary()}: "
                             f"{trail.findings[0].text}), so the copy was undone.")
    if (trail.count, trail.head) != source_head:
        raise CopyCheckError(f"The audit trail in {where} does not end where the original's does, "
                             "so the copy was undone.")
    return trail
