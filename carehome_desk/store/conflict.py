"""The message for a save refused because someone else saved the record first: both versions, and who.

On a server two office PCs can open one record; the second save is refused (optimistic versions,
store/writer.py). The refusal says which fields differ, what the saved version holds beside what is
still on screen, and who saved it when (from the record's newest audit row).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Table, select

from carehome_desk.models.dates import UK, format_uk
from carehome_desk.store.errors import ConflictError, RecordGoneError
from carehome_desk.store.schema import audit_log

STALE = ("This record was changed elsewhere since you opened it, so your edits were not saved. "
         "They are still on screen: note them, reload, and save again.")
#: Bookkeeping columns that differ after any save: not what the manager compares.
_QUIET = {"version", "archived_at", "archive_reason"}
SHOWN = 4
LONGEST = 60


def shown_value(value: Any) -> str:
    """A stored value in the manager's words: dates DD/MM/YYYY, times in UK time, blanks as 'blank'."""
    if value is None or value == "":
        return "blank"
    if isinstance(value, datetime):
        local = value.astimezone(UK)
        return f"{local:%H:%M} {format_uk(local.date())}"
    if isinstance(value, date):
        return format_uk(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        value = value.value
    text = " ".join(str(value).split())
    return f"“{text if len(text) <= LONGEST else text[:LONGEST - 1] + '…'}”"


GONE = "{what} was {how} elsewhere{who} since you opened it, so your edits were not saved."


def gone_error(conn: Connection, table: Table, key: Any, now: Mapping[str, Any] | None,
               what: str = "This record") -> RecordGoneError | None:
    """The RecordGoneError for a save over a record archived (``now`` stored with archived_at) or removed
    (``now`` None) since it was read; None when it is still there and in use. ``what``: the record, in words
    (a person's record, when what was saved is one of their checks or courses)."""
    if now is not None and now.get("archived_at") is None:
        return None
    if now is None:  # the app never deletes a kept record, so its trail may not say who did
        return RecordGoneError(GONE.format(what=what, how="removed", who=""), archived=False)
    last = conn.execute(select(audit_log.c.user_label, audit_log.c.at)
                        .where(audit_log.c.table_name == table.name, audit_log.c.record_id == str(key))
                        .order_by(audit_log.c.id.desc()).limit(1)).first()
    by = str(last[0]) if last is not None else None
    who = f" (by {by} at {shown_value(last[1])})" if last is not None else ""
    reason = " ".join(str(now.get("archive_reason") or "").split())
    because = f" The reason given: {shown_value(reason)}." if reason else ""
    return RecordGoneError(GONE.format(what=what, how="archived", who=who) + because, archived=True, by=by)


def stale_error(conn: Connection, table: Table, key: Any, theirs: Mapping[str, Any],
                mine: Mapping[str, Any]) -> ConflictError:
    """The ConflictError for a save of ``mine`` over the newer stored ``theirs``."""
    fields = [k for k, v in mine.items() if k not in _QUIET and k in theirs and theirs[k] != v]
    last = conn.execute(select(audit_log.c.user_label, audit_log.c.at)
                        .where(audit_log.c.table_name == table.name, audit_log.c.record_id == str(key))
                        .order_by(audit_log.c.id.desc()).limit(1)).first()
    by = str(last[0]) if last is not None else None
    message = STALE
    if fields:
        who = f" (saved by {by} at {shown_value(last[1])})" if last is not None else ""
        parts = [f"{k.replace('_', ' ')} {shown_value(theirs[k])} where yours has {shown_value(mine[k])}"
                 for k in fields[:SHOWN]]
        more = f", and {len(fields) - SHOWN} more" if len(fields) > SHOWN else ""
        message += f" The saved version{who}: " + "; ".join(parts) + more + "."
    return ConflictError(message, theirs={k: theirs[k] for k in fields}, mine={k: mine[k] for k in fields}, by=by)
