"""Checking the audit trail: the hash chain row by row, and every record against its last audited state.

Core code (no Qt): the ``verify`` command and the Change history page both call ``verify_trail``.
It reads one consistent snapshot and writes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import Connection

from carehome_desk.models.audit import TABLE_LABELS
from carehome_desk.models.audit_chain import GENESIS, row_hash
from carehome_desk.store.audit_state import audited_tables, last_audited, record_states, same_state
from carehome_desk.store.chain import TRAIL_ROWS



class FindingKind(str, Enum):
    """What is wrong."""

    ROW_ALTERED = "row_altered"  # an audit row's content no longer matches its hash
    ROW_MISSING = "row_missing"  # an audit row was removed (an id gap, or a row's predecessor changed)
    RECORD_CHANGED = "record_changed"  # a record is not in its last audited state
    RECORD_UNAUDITED = "record_unaudited"  # a record has no audit row at all
    RECORD_VANISHED = "record_vanished"  # a record audited as present is gone


@dataclass(frozen=True)
class Finding:
    """One problem, in one plain sentence."""

    kind: FindingKind
    text: str
    audit_id: int | None = None
    table: str | None = None
    record_id: str | None = None


@dataclass(frozen=True)
class VerifyReport:
    """The trail's row count and head hash, and every finding (none: all is well)."""

    count: int
    head: str
    findings: tuple[Finding, ...]
    #: Only part of the trail could be read (a home's manager or visitor on a server with access by
    #: home): each row and record was checked, the links between rows were not.
    partial: bool = False

    @property
    def intact(self) -> bool:
        """True when nothing was found."""
        return not self.findings

    def summary(self) -> str:
        """One line: all intact, or how many problems."""
        changes = f"{self.count:,} change{'' if self.count == 1 else 's'}"
        if self.partial:
            changes += " to your homes' records (the links between all homes' changes are checked by the owner)"
        if self.intact:
            return f"{changes}, all intact"
        n = len(self.findings)
        return f"{changes}; {n} problem{'' if n == 1 else 's'} found"


def verify_trail(conn: Connection, *, as_stored: bool = False) -> VerifyReport:
    """Check the chain and every record; findings come chain first (in row order), then records by table.

    ``as_stored``: read the records with the tables and columns the file holds (a backup written at an older
    schema revision, whose records and trail never had the columns added since), never upgrading it: an
    upgrade would take each record's state as it is into the trail, so a record changed outside the app
    would no longer show.
    """
    from carehome_desk.store.access import reads_part_of_trail
    from carehome_desk.store.audit_state import existing_columns

    findings: list[Finding] = []
    partial = reads_part_of_trail(conn)
    count, head = _check_chain(conn, findings, links=not partial)
    altered = {f.audit_id for f in findings if f.kind is FindingKind.ROW_ALTERED}
    _check_records(conn, findings, altered, existing_columns(conn) if as_stored else None)
    return VerifyReport(count, head, tuple(findings), partial)


def _check_chain(conn: Connection, findings: list[Finding], *, links: bool = True) -> tuple[int, str]:
    count, prev_id, prev_hash = 0, 0, GENESIS
    for r in conn.execute(TRAIL_ROWS):
        count += 1
        row_id = int(r.id)
        # The link, not the id, decides: ids from before the trail was sealed may have gaps of
        # their own, while removing any sealed row breaks the next row's link to the one before.
        if links and r.prev_hash != prev_hash:  # a partial view skips rows by design: each row alone is checked
            if row_id != prev_id + 1:
                first, last = prev_id + 1, row_id - 1
                span = f"row {first} is" if first == last else f"rows {first} to {last} are"
                text = f"Audit {span} missing: the trail jumps from row {prev_id} to row {row_id}."
            else:
                where = "the start of the trail" if count == 1 else f"row {prev_id}"
                text = f"Audit row {row_id} does not follow {where}: a row before it was removed or replaced."
            findings.append(Finding(FindingKind.ROW_MISSING, text, row_id))
        expected = row_hash(str(r.prev_hash or ""), row_id, r.at, r.user_label, r.table_name, r.record_id,
                            r.action, r.before_json, r.after_json)
        if r.hash != expected:
            findings.append(Finding(FindingKind.ROW_ALTERED, f"Audit row {row_id} was changed after it was "
                                    "written: its content does not match its hash.", row_id))
        prev_id, prev_hash = row_id, str(r.hash)
    return count, prev_hash


def _check_records(conn: Connection, findings: list[Finding], altered: set[int | None],
                   stored: dict[str, set[str]] | None = None) -> None:
    """Each record against its newest audit row; ``altered``: rows the chain check found changed, so a
    difference may be the row's, not the record's; ``stored``: only these tables and their columns."""
    by_table: dict[str, dict[str, tuple[int, str | None]]] = {}
    for (name, record_id), newest in last_audited(conn).items():
        by_table.setdefault(name, {})[record_id] = newest
    for table in audited_tables():
        if stored is not None and table.name not in stored:
            continue  # added by a later revision than the file's
        audited = by_table.get(table.name, {})
        seen: set[str] = set()
        for record_id, state in record_states(conn, table, None if stored is None else stored[table.name]):
            seen.add(record_id)
            last = audited.get(record_id)
            if last is not None and last[1] is not None and same_state(last[1], state):
                continue
            what = _what(table.name, record_id, state)  # named only when there is something to say
            if last is None:
                findings.append(Finding(FindingKind.RECORD_UNAUDITED, f"{what} has no audit row: it was added "
                                        "outside the app.", None, table.name, record_id))
            elif last[1] is None:
                findings.append(Finding(FindingKind.RECORD_CHANGED, f"{what} was deleted by audit row {last[0]} "
                                        "but is there again: it was put back outside the app.", last[0],
                                        table.name, record_id))
            else:
                fields = ", ".join(_changed(last[1], state))
                cause = (f"audit row {last[0]} was itself changed after it was written, so the row or the record "
                         "was changed outside the app" if last[0] in altered else "it was changed outside the app")
                findings.append(Finding(FindingKind.RECORD_CHANGED, f"{what} differs from its audited state "
                                        f"(audit row {last[0]}) in {fields}: {cause}.", last[0], table.name,
                                        record_id))
        gone = [(audit_id, record_id, after) for record_id, (audit_id, after) in audited.items()
                if after is not None and record_id not in seen]
        for audit_id, record_id, after in sorted(gone):
            findings.append(Finding(FindingKind.RECORD_VANISHED, f"{_what(table.name, record_id, after)} is audited "
                                    f"as present (audit row {audit_id}) but is no longer there: it was removed "
                                    "outside the app.", audit_id, table.name, record_id))


def _what(table: str, record_id: str, state: str | None = None) -> str:
    """"Staff record 2 (Zara Begum)", "Training record 31": the manager's word for the table, the id, and the
    record's name as the Change history gives it when its own fields (``state``, JSON) name it."""
    from carehome_desk.services.history_words import SELF_NAMED, record_name

    label = TABLE_LABELS.get(table, table)
    what = f"{label} record {record_id}" if not label.endswith(" record") else f"{label} {record_id}"
    try:
        data = json.loads(state) if state and table in SELF_NAMED else None
    except ValueError:
        data = None
    name = record_name(table, record_id, data) if isinstance(data, dict) else ""
    return f"{what} ({name})" if name and name != record_id else what


def _changed(audited: str, current: str) -> list[str]:
    """The fields whose values differ between two JSON records (for the message)."""
    try:
        before, after = json.loads(audited), json.loads(current)
    except ValueError:
        return ["its stored state"]
    if not isinstance(before, dict) or not isinstance(after, dict):
        return ["its stored state"]
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k)) or ["its stored state"]
