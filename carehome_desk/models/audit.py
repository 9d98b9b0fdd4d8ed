"""One line of the audit trail: who changed which record, when, from what to what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from carehome_desk.models.ids import AuditId


class AuditAction(str, Enum):
    """What a write did to a record."""

    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    ARCHIVE = "archive"
    # Schema 0007 sealed the trail: a record as it stood then (changed by an earlier upgrade, or
    # never audited), and one row saying the trail was sealed as the start of the hash chain.
    BASELINE = "baseline"
    SEAL = "seal"


@dataclass(frozen=True)
class AuditEntry:
    """A stored audit row; before/after are the record's columns as JSON-ready values."""

    id: AuditId
    at: datetime
    user: str
    table: str
    record_id: str
    action: AuditAction
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def changed_fields(self) -> list[str]:
        """Names of the columns whose value differs between before and after."""
        before = self.before or {}
        after = self.after or {}
        return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
