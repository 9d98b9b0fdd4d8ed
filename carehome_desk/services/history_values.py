"""A stored value in the words the window shows it, for Change history's details (and the command line).

Dates DD/MM/YYYY; times in UK time (the hour the October clock change repeats marked BST or GMT); yes/no;
codes by the labels the forms use (each enum's own label); record numbers as the record they name; an
incident's details and an evaluation's criteria by their captions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from carehome_desk.incident_fields import SECTIONS
from carehome_desk.models.children import LegalStatus
from carehome_desk.models.dates import format_uk, format_uk_moment
from carehome_desk.models.dbs import DbsLevel, StatusResult, Workforce
from carehome_desk.models.field_labels import NOT_SHOWN
from carehome_desk.models.home import Grade, Judgement
from carehome_desk.models.incidents import DETAIL_TYPES, IncidentType, Recipient, Reg40, RiskLevel
from carehome_desk.models.qualifications import DeferralReason, QualificationKind, QualificationStatus
from carehome_desk.models.quality import ActionSource, ActionStatus, InspectionKind
from carehome_desk.models.recruitment import CheckKind
from carehome_desk.models.staff import Contract, StaffRole
from carehome_desk.models.status import Basis
from carehome_desk.models.supervision import SessionKind
from carehome_desk.models.training import RequiredFor

if TYPE_CHECKING:  # a type hint only
    from carehome_desk.services.history_words import RecordNames

BLANK = "—"
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _label(kind: type[Enum], words: Callable[[Any], str] = lambda e: str(e.label)) -> Callable[[Any], str]:
    def show(value: Any) -> str:
        try:
            item = kind(value)
        except ValueError:  # a value the app did not write: as it is stored
            return str(value)
        text = words(item)
        return text[:1].upper() + text[1:]
    return show


_GRADE = _label(Grade)
#: Coded columns by the labels their forms show.
CODES: dict[tuple[str, str], Callable[[Any], str]] = {
    ("staff", "role"): _label(StaffRole), ("staff", "contract"): _label(Contract),
    ("qualifications", "kind"): _label(QualificationKind, lambda k: str(k.short)),
    ("qualifications", "status"): _label(QualificationStatus),
    ("qualifications", "deferral_reason"): _label(DeferralReason),
    ("recruitment_checks", "kind"): _label(CheckKind, lambda k: k.spec.label),
    ("dbs_certificates", "level"): _label(DbsLevel), ("dbs_certificates", "workforce"): _label(Workforce),
    ("dbs_status_checks", "result"): _label(StatusResult),
    ("courses", "required_for"): _label(RequiredFor), ("courses", "basis"): _label(Basis),
    ("supervision_sessions", "kind"): _label(SessionKind),
    ("children", "legal_status"): _label(LegalStatus),
    ("incidents", "type"): _label(IncidentType), ("incidents", "reg40_paragraphs"): _label(Reg40),
    ("incidents", "other_recipients"): _label(Recipient),
    ("notifications", "recipient"): _label(Recipient), ("notifications", "paragraph"): _label(Reg40),
    ("actions", "status"): _label(ActionStatus), ("actions", "source"): _label(ActionSource),
    ("inspections", "kind"): _label(InspectionKind),
} | {("homes", f"grade_{j.value}"): _GRADE for j in Judgement}
#: Columns holding another record's number, with the names (RecordNames) that say which record.
POINTERS = {"home_id": "homes", "staff_id": "staff", "course_id": "courses", "child_id": "children",
            "incident_id": "incidents", "visit_id": "visits"}


def is_shown(key: str) -> bool:
    """False for a column that means nothing to a manager (a record number, the version counter)."""
    return key not in NOT_SHOWN


def is_blank(value: Any) -> bool:
    """Nothing recorded: no value, empty text, an empty list."""
    return value is None or value == "" or value == [] or value == {}


def plain(value: Any) -> str:
    """Any stored value in words: '—' for nothing, Yes/No, dates DD/MM/YYYY, times in UK time."""
    if is_blank(value):
        return BLANK
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return format_uk_moment(value)
    if isinstance(value, date):
        return format_uk(value)
    if isinstance(value, str) and _MOMENT.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return format_uk_moment(moment) if moment.tzinfo is not None else f"{format_uk(moment.date())} {moment:%H:%M}"
    if isinstance(value, str) and _DATE.match(value):
        try:
            return format_uk(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list):
        return "; ".join(plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{words(k)}: {plain(v)}" for k, v in value.items() if not is_blank(v))
    return str(value)


def words(key: str) -> str:
    """A key inside a stored structure as words ('police_informed_at' → 'Police informed at')."""
    return str(key).replace("_", " ").strip().capitalize()


def value_text(table: str, key: str, value: Any, record: dict[str, Any], names: RecordNames) -> str:
    """A column's value as the details pane shows it; ``record`` is the rest of the row (an incident's type)."""
    if is_blank(value):
        return BLANK
    if (table, key) in CODES:
        show = CODES[(table, key)]
        return "; ".join(show(v) for v in value) if isinstance(value, list) else show(value)
    if key in POINTERS:
        known: dict[int, str] = getattr(names, POINTERS[key])
        try:
            return known.get(int(value), "a record no longer on the register")
        except (TypeError, ValueError):
            return str(value)
    if has_parts(table, key) and isinstance(value, dict):
        return "; ".join(f"{caption}: {text}" for caption, text in parts(table, key, value, record, names).items())
    if table == "evaluations" and key == "framework_id":
        return _framework(str(value))
    if table == "inspections" and key == "findings" and isinstance(value, list):
        return "; ".join(_finding(f) if isinstance(f, dict) else plain(f) for f in value)
    return plain(value)


def has_parts(table: str, key: str) -> bool:
    """True for a column holding several things, shown one to a line ('Details › Returned at: …')."""
    return (table, key) in {("incidents", "details"), ("evaluations", "judgements"), ("evaluations", "entries"),
                            ("inspections", "judgements")}


def parts(table: str, key: str, value: Any, record: dict[str, Any], names: RecordNames) -> dict[str, str]:
    """Such a column's parts as {caption: value}: an incident's details by the form's captions, each
    judgement's grade, each criterion's grade and words."""
    if not isinstance(value, dict):
        return {}
    if table == "incidents":
        return dict(detail_lines(record, value, names))
    if key == "judgements":
        order = [j.value for j in Judgement]  # the forms' order, headline first
        keys = sorted(value, key=lambda k: order.index(k) if k in order else len(order))
        return {_judgement(k): _GRADE(value[k]) for k in keys if not is_blank(value[k])}
    return {str(k): criterion_text(v) for k, v in value.items()}


def detail_lines(record: dict[str, Any], details: dict[str, Any], names: RecordNames) -> list[tuple[str, str]]:
    """An incident's details as (the form's caption, value) for each field recorded, in the form's order."""
    try:
        kind = DETAIL_TYPES.get(IncidentType(record.get("type")))
    except ValueError:
        kind = None
    specs = {s.key: s.label for section in SECTIONS.get(kind, ()) for s in section.specs} if kind else {}
    ordered = [k for k in specs if k in details] + [k for k in details if k not in specs]
    lines = []
    for key in ordered:
        value = details[key]
        if is_blank(value):
            continue
        if key == "staff_id":
            text = value_text("", key, value, record, names)
        elif key == "risk_level":
            text = _label(RiskLevel, lambda r: str(r.value))(value)
        else:
            text = plain(value)
        lines.append((specs.get(key) or words(key), text))
    return lines


def criterion_text(entry: Any) -> str:
    """A self-evaluation criterion: its grade, then what was written and the evidence linked (by its label)."""
    if not isinstance(entry, dict):
        return plain(entry)
    parts = [_GRADE(entry["grade"])] if entry.get("grade") else []
    parts += [f"{words(k)}: {plain(v)}" for k, v in entry.items() if k not in ("grade", "links") and not is_blank(v)]
    links = [str(link.get("label", "")) for link in entry.get("links") or [] if isinstance(link, dict)]
    if links:
        parts.append("Evidence linked: " + ", ".join(links))
    return ", ".join(parts) or BLANK


def _judgement(key: str) -> str:
    try:
        return Judgement(key).label
    except ValueError:
        return words(key)


def _finding(finding: dict[str, Any]) -> str:
    kind = "Requirement" if finding.get("is_requirement") else "Recommendation"
    about = ", ".join(x for x in (str(finding.get("regulation") or ""),
                                  f"due {plain(finding['due'])}" if finding.get("due") else "") if x)
    return f"{kind}{f' ({about})' if about else ''}: {finding.get('text', '')}"


def _framework(framework_id: str) -> str:
    from carehome_desk.reference.framework import sccif  # a data file read once, when an evaluation is shown

    try:
        return sccif(framework_id).title
    except (OSError, KeyError, ValueError):
        return framework_id
