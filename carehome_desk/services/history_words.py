"""The audit trail in words, as the window's Change history and `carehome-desk history` both show it.

'Added', 'Changed'…; records by name ('Staff: Zara Begum', 'Child: AB (C06)' — never a child's full
name); times in UK local time; changed fields by their labels on the forms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from carehome_desk.models.audit import TABLE_LABELS, AuditAction, AuditEntry
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.field_labels import field_label
from carehome_desk.models.incidents import IncidentType, Recipient
from carehome_desk.models.qualifications import QualificationKind
from carehome_desk.models.recruitment import CheckKind
from carehome_desk.models.settings import POLICY_HELP, ProviderSettings
from carehome_desk.models.supervision import SessionKind
from carehome_desk.services.history_values import BLANK, has_parts, is_blank, is_shown, parts, value_text
from carehome_desk.store.schema import metadata
from carehome_desk.store.settings import (
    DATABASE_ID_KEY,
    DEMO_KEY,
    IMPORT_LAYOUT_KEY,
    SECOND_FOLDER_KEY,
    SETUP_HIDDEN_KEY,
)

if TYPE_CHECKING:  # a type hint only
    from carehome_desk.store import Store

ACTION_LABELS = {
    AuditAction.INSERT: "Added",
    AuditAction.UPDATE: "Changed",
    AuditAction.ARCHIVE: "Archived",
    AuditAction.DELETE: "Deleted",
    AuditAction.BASELINE: "Recorded as it stood",
    AuditAction.SEAL: "Sealed",
}


def local_text(moment: datetime | None) -> str:
    """'21/11/2026 13:00' in UK local time; empty for no time."""
    if moment is None:
        return ""
    local = moment.astimezone(UK)
    return f"{format_uk(local.date())} {local:%H:%M}"


def when(entry: AuditEntry) -> str:
    """The entry's time in UK local time, DD/MM/YYYY HH:MM."""
    return local_text(entry.at)


def changed_text(entry: AuditEntry) -> str:
    """The fields an update changed, in words (for the row that sealed the trail, what it covered)."""
    if entry.action is AuditAction.SEAL:
        return entry.seal_text()
    if entry.table == "settings":  # one value each: what it became (and was), not the column's name
        return setting_text(entry)
    if entry.action is AuditAction.ARCHIVE:  # why, so the filter finds an archive by its reason
        reason = str((entry.after or {}).get("archive_reason") or "")
        return f"Reason: {reason}" if reason else ""
    if not entry.shows_changes():
        return ""
    return ", ".join(field_label(entry.table, f) for f in _in_order(entry.table, entry.changed_fields()))


#: Each setting by the label the Home settings page gives it (the policy values' labels are the page's own).
SETTING_LABELS = {key: help.label for key, help in POLICY_HELP.items()} | {
    DEMO_KEY: "Demo home marker", SECOND_FOLDER_KEY: "Second backup folder",
    DATABASE_ID_KEY: "This database's identity"}
_SETUP_HIDDEN = SETUP_HIDDEN_KEY.split("{")[0]
_IMPORT_LAYOUT = IMPORT_LAYOUT_KEY.split("{")[0]
#: Shown instead of a child's full name in the trail: names stay on the child's own form.
HIDDEN_NAME = "(name recorded; shown only on the child's form)"


@dataclass
class RecordNames:
    """Names the trail's JSON refers to by id, read once per reload (a few small queries)."""

    staff: dict[int, str] = field(default_factory=dict)
    courses: dict[int, str] = field(default_factory=dict)
    children: dict[int, str] = field(default_factory=dict)
    incidents: dict[int, str] = field(default_factory=dict)
    homes: dict[int, str] = field(default_factory=dict)
    visits: dict[int, str] = field(default_factory=dict)
    #: DBS certificates by number and person, learnt from the trail itself (see ``learn``)
    certificates: dict[int, str] = field(default_factory=dict)

    def refresh(self, store: Store) -> None:
        """Read the homes, and every home's staff, courses, children (initials and reference) and incidents again."""
        self.homes = {int(h.id): h.name for h in store.homes.list(include_archived=True)}
        self.staff = {int(m.id): m.full_name for m in store.staff.list(include_archived=True)}
        self.courses = {int(c.id): c.name for c in store.workforce.courses(include_archived=True)}
        self.children = {int(c.id): c.named() for c in store.children.list(include_archived=True)}
        self.incidents = {int(i.id): incident_name(i.type.value, i.occurred_at)
                          for i in store.incidents.list(include_archived=True)}
        self.visits = {int(v.id): f"{format_uk(v.visited_on)} — {v.visitor}" for v in store.quality.visits()}
        self.certificates = {}  # learnt again from the entries read with these names (learn_certificates)


def learn_certificates(names: RecordNames, entries: Iterable[AuditEntry]) -> None:
    """Name each DBS certificate the trail holds ('001234567890 — Zara Begum'), for its status checks' rows."""
    for entry in entries:
        data = entry.after or entry.before or {}
        if entry.table == "dbs_certificates" and data.get("certificate_number"):
            person = names.staff.get(_id(data.get("staff_id")), "")
            name = f"{data['certificate_number']} — {person}".strip(" —")
            names.certificates.setdefault(_id(entry.record_id), name)


def incident_name(kind: str, occurred: datetime | str | None) -> str:
    """'Restraint / measure of control 21/11/2026 13:00'."""
    try:
        label = IncidentType(kind).label
    except ValueError:
        label = kind
    try:
        moment = datetime.fromisoformat(occurred) if isinstance(occurred, str) else occurred
    except ValueError:  # a time the app did not write (a record changed outside it): the type alone
        moment = None
    return f"{label} {local_text(moment)}".strip()


def _enum(kind: type, value: Any, attr: str) -> str:
    try:
        item = kind(value)
    except ValueError:
        return str(value)
    return str(getattr(item, attr))


def _id(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


#: Tables whose records are named by their own fields alone (the rest name another record: a course, a person).
SELF_NAMED = frozenset({"homes", "staff", "courses", "children", "incidents", "actions", "evaluations",
                        "reg44_visits", "reg45_reviews", "inspections"})


def record_name(table: str, record_id: str, data: dict[str, Any], names: RecordNames | None = None) -> str:
    """A record's name as the trail shows it ('Zara Begum', 'AB (C01)' — never a child's full name), from its
    fields (an audit row's JSON, or the record as stored) and ``names`` for the records it points at."""
    return _name(table, record_id, data, names or RecordNames())


def _name(table: str, record_id: str, data: dict[str, Any], names: RecordNames) -> str:
    staff = names.staff.get(_id(data.get("staff_id")), "")
    if table == "audit_log":
        return "sealed as the start of the hash chain"
    if table == "settings":
        return setting_label(record_id, names)
    if table == "staff":
        return str(data.get("full_name") or names.staff.get(_id(record_id), record_id))
    if table == "children":
        # Initials and reference only: the full name never appears in the trail's list.
        return f"{data.get('initials', '')} ({data.get('reference', '')})" if data.get("reference") else \
            names.children.get(_id(record_id), record_id)
    if table == "incidents":
        return incident_name(str(data.get("type", "")), data.get("occurred_at") or data.get("occurred_utc")) \
            if data.get("type") else \
            names.incidents.get(_id(record_id), record_id)
    if table == "incident_children":
        child = names.children.get(_id(data.get("child_id")), f"child {data.get('child_id')}")
        incident = names.incidents.get(_id(data.get("incident_id")), f"incident {data.get('incident_id')}")
        return f"{child} — {incident}"
    if table == "incident_staff":  # the incident form's "Staff involved": a person on the register
        incident = names.incidents.get(_id(data.get("incident_id")), f"incident {data.get('incident_id')}")
        return f"{staff or 'staff member ' + str(data.get('staff_id'))} — {incident}"
    if table == "notifications":
        to = data.get("recipient_name") or _enum(Recipient, data.get("recipient"), "label")
        incident = names.incidents.get(_id(data.get("incident_id")), f"incident {data.get('incident_id')}")
        return f"{to} — {incident}"
    if table == "training_records":
        course = names.courses.get(_id(data.get("course_id")), "course")
        return f"{course} — {staff}" if staff else course
    if table == "qualifications":
        return f"{_enum(QualificationKind, data.get('kind'), 'short')} — {staff}"
    if table == "recruitment_checks":
        check = CheckKind(data["kind"]).spec.short if data.get("kind") in {k.value for k in CheckKind} else \
            str(data.get("kind", ""))
        return f"{check} — {staff}"
    if table == "supervision_sessions":
        return f"{_enum(SessionKind, data.get('kind'), 'label')} — {staff}"
    if table == "dbs_certificates":
        return f"{data.get('certificate_number', '')} — {staff}".strip(" —")
    if table == "dbs_status_checks":
        return names.certificates.get(_id(data.get("certificate_id")), "a DBS certificate")
    if table in ("actions", "evaluations"):
        return str(data.get("title") or record_id)
    if table == "reg44_visits":
        return f"{_uk_date(data.get('visited_on'))} — {data.get('visitor', '')}".strip(" —")
    if table == "reg45_reviews":
        return f"{_uk_date(data.get('period_start'))} to {_uk_date(data.get('period_end'))}"
    if table == "inspections":
        return f"{str(data.get('kind', '')).capitalize()} inspection {_uk_date(data.get('inspected_on'))}".strip()
    return str(data.get("name") or record_id)


def _uk_date(value: Any) -> str:
    """'2026-10-24' from the JSON as 24/10/2026 (left as it is if it is not a date)."""
    try:
        return format_uk(date.fromisoformat(str(value)))
    except ValueError:
        return str(value or "")


def record_label(entry: AuditEntry, names: RecordNames | None = None) -> str:
    """'Home: Oak Lodge', 'Training: Fire safety — Zara Begum', 'Child: AB (C06)' …"""
    data = entry.after or entry.before or {}
    name = _name(entry.table, entry.record_id, data, names or RecordNames())
    return f"{TABLE_LABELS.get(entry.table, entry.table)}: {name}"


def shown_value(entry: AuditEntry, key: str, value: Any, names: RecordNames | None = None) -> str:
    """A field's value for the details pane in the window's words (a child's full name hidden)."""
    if entry.table == "children" and key == "full_name" and value:
        return HIDDEN_NAME
    if entry.table == "reg44_visits" and key == "recommendations" and isinstance(value, list):
        return "; ".join(str(line) for line in value) or "none"  # one a line on the form
    return value_text(entry.table, key, value, entry.after or entry.before or {}, names or RecordNames())


def _in_order(table: str, keys: Iterable[str]) -> list[str]:
    """Columns in the order the table holds them (near enough the forms' order), those to show only."""
    columns = list(metadata.tables[table].columns.keys()) if table in metadata.tables else []
    keys = [k for k in keys if is_shown(k)]
    return [k for k in columns if k in keys] + sorted(k for k in keys if k not in columns)


def describe(entry: AuditEntry, names: RecordNames | None = None) -> str:
    """The change in full for the details pane: each changed field before and after (a record added or archived:
    each field recorded), in the window's words; a child's full name hidden."""
    names = names or RecordNames()
    lines = [f"{ACTION_LABELS[entry.action]} by {entry.user} on {when(entry)}", record_label(entry, names), ""]
    if entry.action is AuditAction.SEAL:
        return "\n".join(lines + [entry.seal_text()])
    if entry.table == "settings":  # 'Supervision every: 6 weeks → 4 weeks', not the row's key and value columns
        return "\n".join(lines + [f"{setting_label(entry.record_id, names)}: {setting_text(entry)}"])
    before, after = entry.before or {}, entry.after or {}
    changes = entry.shows_changes()
    for key in _in_order(entry.table, entry.changed_fields() if changes else (after or before)):
        label = field_label(entry.table, key)
        if has_parts(entry.table, key):
            record = after or before
            old, new = parts(entry.table, key, before.get(key), record, names), \
                parts(entry.table, key, after.get(key), record, names)
            for part in list(old) + [p for p in new if p not in old]:
                if not changes:
                    lines.append(f"{label} › {part}: {(new or old)[part]}")
                elif old.get(part) != new.get(part):
                    lines.append(f"{label} › {part}: {old.get(part, BLANK)} → {new.get(part, BLANK)}")
        elif changes:
            lines.append(f"{label}: {shown_value(entry, key, before.get(key), names)} → "
                         f"{shown_value(entry, key, after.get(key), names)}")
        elif not is_blank((after or before).get(key)):  # a record as it stood: what was recorded
            lines.append(f"{label}: {shown_value(entry, key, (after or before).get(key), names)}")
    return "\n".join(lines)


def setting_label(key: str, names: RecordNames | None = None) -> str:
    """A setting in the Home settings page's words: 'Supervision every', 'Getting started checklist hidden — Oak
    Lodge'; a key the app does not know is shown as it is stored."""
    if key in SETTING_LABELS:
        return SETTING_LABELS[key]
    if key.startswith(_SETUP_HIDDEN):
        home = key[len(_SETUP_HIDDEN):]
        return f"Getting started checklist hidden — {(names or RecordNames()).homes.get(_id(home), f'home {home}')}"
    if key.startswith(_IMPORT_LAYOUT):
        return "Columns remembered for a spreadsheet layout"
    return key


def setting_amount(key: str, value: Any) -> str:
    """A setting's value as the Home settings page shows it: '6 weeks', '95%', 'Never', 'yes', 'none'."""
    if key in POLICY_HELP and isinstance(value, int) and not isinstance(value, bool):
        return POLICY_HELP[key].amount(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key.startswith(_IMPORT_LAYOUT):
        return "remembered for " + ", ".join(str(k).replace("-", " ") for k in value) if isinstance(value, dict) \
            and value else "none"
    if value is None or value == "":
        return "none"
    return str(value)


def setting_text(entry: AuditEntry) -> str:
    """What a setting's audit row did to its value: '6 weeks → 4 weeks' for a change (a first change from the
    default keeps the default as the old value); '95% (the default)' or '4 weeks (the default is 6 weeks)' for a
    value added as it was (earlier versions stored every policy value at the first save)."""
    key = entry.record_id
    before = (entry.before or {}).get("value")
    after = (entry.after or {}).get("value")
    if entry.shows_changes():
        return f"{setting_amount(key, before)} → {setting_amount(key, after)}"
    if entry.action is AuditAction.DELETE:
        return f"{setting_amount(key, before)} removed"
    if entry.after is None:
        return ""
    shown = setting_amount(key, after)
    default = getattr(ProviderSettings(), key, None) if key in POLICY_HELP else None
    if default is None:
        return shown
    return f"{shown} (the default)" if default == after else f"{shown} (the default is {setting_amount(key, default)})"
