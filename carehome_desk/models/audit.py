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

    def shows_changes(self) -> bool:
        """True when the entry has a before and an after to compare (an update, or a baseline of a known record)."""
        if self.action is AuditAction.UPDATE:
            return True
        return self.action is AuditAction.BASELINE and self.before is not None and self.after is not None

    def seal_text(self) -> str:
        """For the row that sealed the trail: what it covered, in words ('' for any other row)."""
        if self.action is not AuditAction.SEAL:
            return ""
        data = self.after or {}
        earlier, baselines = int(data.get("earlier_changes", 0)), int(data.get("baseline_records", 0))
        text = (f"Audit trail sealed: {earlier:,} earlier change{'' if earlier == 1 else 's'} became the start of "
                "the hash chain")
        if baselines:
            text += (f", with {baselines:,} record{'' if baselines == 1 else 's'} recorded as they stood "
                     "(changed by an earlier upgrade, or never in the trail)")
        return text + "."

#: What each audited table holds, in the manager's words (Change history, verify's findings).
TABLE_LABELS: dict[str, str] = {
    "homes": "Home", "settings": "Setting", "staff": "Staff", "qualifications": "Qualification",
    "recruitment_checks": "Recruitment check", "dbs_certificates": "DBS certificate",
    "dbs_status_checks": "DBS status check", "courses": "Course", "training_records": "Training",
    "supervision_sessions": "Supervision", "children": "Child", "incidents": "Incident",
    "incident_children": "Child on incident", "incident_staff": "Staff involved in incident",
    "notifications": "Reg 40 notification",
    "evaluations": "Self-evaluation", "actions": "Action", "reg44_visits": "Reg 44 visit",
    "reg45_reviews": "Reg 45 review", "inspections": "Inspection", "audit_log": "Audit trail",
}
