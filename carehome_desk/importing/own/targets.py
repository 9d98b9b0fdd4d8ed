"""The fields a column of a manager's own sheet can map to, the headers that suggest each one, and the
words managers use for roles, incident types and courses.

Each field is a column of an existing template spec (Staff, DBS, Incidents) or a person's name in
parts, so the rows built from the manager's sheet are read and checked exactly as the template's are.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from carehome_desk.importing.incidents_sheets import INCIDENTS
from carehome_desk.importing.own.mapping import COURSE, Layout
from carehome_desk.importing.sheet_spec import Kind, SheetSpec
from carehome_desk.importing.values import word_key
from carehome_desk.importing.workbook import header_key
from carehome_desk.importing.workforce_sheets import DBS, STAFF
from carehome_desk.models.incidents import IncidentType
from carehome_desk.models.staff import StaffRole
from carehome_desk.models.training import Course


@dataclass(frozen=True)
class Target:
    """One field a column can map to, as the dialog lists it."""

    key: str  # the ColumnMap.target value
    label: str
    kind: Kind
    required: bool = False
    group: str = ""


@dataclass(frozen=True)
class Field:
    """A target and where its cells go: a spec's field (or '' for a name part, or a field not kept)."""

    target: Target
    spec: SheetSpec | None
    field: str
    headers: tuple[str, ...]  # headers (beyond the spec column's own) that suggest it


PERSON = "Person"
_T = Target

_NAME_FIELDS = (
    Field(_T("staff_ref", "Staff ref", Kind.TEXT, group=PERSON), STAFF, "staff_ref",
          ("Staff ID", "Staff no", "Staff number", "Employee ID", "Emp no", "Payroll", "Payroll no", "ID")),
    Field(_T("full_name", "Full name", Kind.TEXT, group=PERSON), STAFF, "full_name",
          ("Name", "Staff name", "Employee name", "Staff member", "Staff", "Worker", "Name of staff")),
    Field(_T("first_name", "First name", Kind.TEXT, group=PERSON), None, "",
          ("First name", "Forename", "Forenames", "Given name", "Christian name", "First")),
    Field(_T("surname", "Surname", Kind.TEXT, group=PERSON), None, "",
          ("Surname", "Last name", "Family name", "Second name", "Last")),
)
_DOB = Field(_T("date_of_birth", "Date of birth (not kept by the app)", Kind.DATE, group=PERSON), None, "",
             ("DOB", "D.O.B.", "Date of birth", "Birth date", "Birthday"))
#: Targets a column can map to whose cells the app does not keep (read, never stored).
NOT_KEPT = frozenset({_DOB.target.key})
_MORE_HEADERS = {
    "role": ("Role", "Job title", "Job role", "Position", "Post", "Designation"),
    "start_date": ("Start date", "Date started", "Date of joining", "Joined", "Employment start", "DOJ",
                   "Date joined", "Commenced", "Start"),
    "leaving_date": ("Leaving date", "Leave date", "Date left", "End date", "Leaver date", "Left"),
    "contract": ("Contract", "Contract type", "Employment type", "Employment status"),
    "hours_per_week": ("Hours", "Contracted hours", "Hours per week", "Hrs", "Weekly hours", "Contract hours"),
}
_STAFF_SKIP = {"staff_ref", "full_name", "care_started_on", "managing_started_on"}
_STAFF_FIELDS = tuple(
    Field(_T(c.field, c.header, c.kind, c.required, "Person" if c.field in _MORE_HEADERS else "Staff record"),
          STAFF, c.field, _MORE_HEADERS.get(c.field, ()))
    for c in STAFF.columns if c.field not in _STAFF_SKIP)
_DBS_KEYS = {"certificate_number": "dbs_number", "issue_date": "dbs_issue_date", "level": "dbs_level",
             "workforce": "dbs_workforce", "barred_list_children": "barred_list_children",
             "update_service": "update_service", "note": "dbs_note"}
_DBS_HEADERS = {
    "certificate_number": ("DBS No", "DBS No.", "DBS", "DBS cert no", "DBS certificate", "Disclosure number",
                           "DBS ref", "DBS certificate no"),
    "issue_date": ("DBS date", "DBS issue date", "DBS issued", "Date of DBS", "DBS cert date", "Disclosure date"),
    "barred_list_children": ("Barred list", "Children's barred list", "Barred list check", "Barred"),
    "update_service": ("Update service", "DBS update service", "On update service", "US"),
    "level": ("DBS level", "DBS type", "Level of DBS"),
    "workforce": ("DBS workforce",),
    "note": ("DBS note", "DBS notes"),
}
_DBS_LABELS = {"certificate_number": "DBS certificate number", "issue_date": "DBS issue date",
               "note": "DBS note", "level": "DBS level", "workforce": "DBS workforce"}
_DBS_FIELDS = tuple(
    Field(_T(_DBS_KEYS[c.field], _DBS_LABELS.get(c.field, c.header), c.kind, group="DBS"), DBS, c.field,
          _DBS_HEADERS.get(c.field, ())) for c in DBS.columns if c.field in _DBS_KEYS)
_INCIDENT_HEADERS = {
    "date": ("Date", "Incident date", "Date of incident", "Date/time", "Date and time", "When"),
    "time": ("Time", "Time of incident", "Start time"),
    "type": ("Type", "Type of incident", "Incident type", "Category", "Nature of incident", "Incident"),
    "children": ("YP", "Young person", "Young people", "Child", "Children", "Child ref", "YP initials",
                 "Young person's initials", "Initials", "Child involved", "Resident"),
    "location": ("Location", "Where", "Place"),
    "summary": ("Summary", "Description", "Details", "What happened", "Brief description", "Account",
                "Incident details"),
    "staff_involved": ("Staff involved", "Staff", "Staff present", "Staff member(s)", "Staff on shift"),
    "ref": ("Incident ref", "Ref", "Incident no", "Log no", "Log number", "Incident number", "No."),
    "notifiable": ("Reg 40", "Notifiable", "Notified Ofsted", "Ofsted notified"),
    "reviewed_by": ("Reviewed by", "Manager"),
    "review_note": ("Manager's review", "Review", "Manager comments", "Managers comments", "Outcome"),
}
_INCIDENT_FIELDS = tuple(
    Field(_T(c.field, c.header, c.kind, c.required and c.field not in ("ref",), "Incident"), INCIDENTS, c.field,
          _INCIDENT_HEADERS.get(c.field, ())) for c in INCIDENTS.columns)

_MATRIX_STAFF = {"role", "start_date", "leaving_date", "contract", "hours_per_week"}


def fields_for(layout: Layout) -> tuple[Field, ...]:
    """Every non-course field a column of this layout can map to, in the order the dialog lists them."""
    if layout is Layout.INCIDENTS:
        return _INCIDENT_FIELDS
    if layout is Layout.MATRIX:
        staff = tuple(replace_required(f, False) for f in _STAFF_FIELDS if f.field in _MATRIX_STAFF)
        return _NAME_FIELDS + staff + (_DOB,)
    return _NAME_FIELDS + tuple(_STAFF_FIELDS) + (_DOB,) + _DBS_FIELDS


def replace_required(field: Field, required: bool) -> Field:
    return Field(Target(field.target.key, field.target.label, field.target.kind, required, field.target.group),
                 field.spec, field.field, field.headers)


def targets(layout: Layout, courses: Sequence[Course]) -> list[Target]:
    """Every field a column can map to, as the dialog lists them (a matrix adds one per catalogue course)."""
    listed = [f.target for f in fields_for(layout)]
    if layout is Layout.MATRIX:
        listed += [Target(COURSE + c.name, f"Course: {c.name}", Kind.DATE, group="Course")
                   for c in courses if not c.archived]
    return listed


def header_index(layout: Layout) -> dict[str, str]:
    """header_key of every header that suggests a field -> the target key (first one wins)."""
    found: dict[str, str] = {}
    for item in fields_for(layout):
        names: list[str] = list(item.headers)
        if item.spec is not None:
            column = item.spec.column(item.field)
            names = [*names, column.header, *column.aliases]
        for name in names:
            found.setdefault(header_key(name), item.target.key)
    return found


def known_headers() -> set[str]:
    """header_key of every header any layout recognises as a field (not a course)."""
    return {key for layout in Layout for key in header_index(layout)}


# ---- the words managers use --------------------------------------------------------------

_ROLE_WORDS = {
    StaffRole.REGISTERED_MANAGER: ("RM", "Registered manager", "Home manager", "Manager"),
    StaffRole.DEPUTY: ("Deputy manager", "Deputy", "Deputy home manager", "DM", "Assistant manager"),
    StaffRole.TEAM_LEADER: ("Senior", "Team leader", "Senior RCW", "Senior RSW", "Senior support worker",
                            "Shift leader", "Senior residential worker", "TL", "Senior care worker"),
    StaffRole.RESIDENTIAL_WORKER: ("RCW", "RSW", "Residential support worker", "Support worker", "Care worker",
                                   "Night worker", "Waking night", "Waking night worker", "Night staff",
                                   "Residential worker", "Residential care worker", "Childcare worker",
                                   "Key worker", "Keyworker", "Practitioner", "Night RCW", "Night RSW",
                                   "Night support worker", "Night care worker"),
    StaffRole.BANK: ("Bank", "Bank staff", "Bank RCW", "Bank RSW", "Bank senior", "Bank worker", "Relief",
                     "Relief worker", "Sessional"),
    StaffRole.AGENCY: ("Agency", "Agency staff", "Agency worker"),
    StaffRole.ANCILLARY: ("Cook", "Chef", "Domestic", "Cleaner", "Housekeeper", "Maintenance", "Administrator",
                          "Admin", "Handyperson", "Driver", "Ancillary"),
}
ROLE_WORDS = {word_key(w): role.label for role, words in _ROLE_WORDS.items() for w in words}

_TYPE_WORDS = {
    IncidentType.RESTRAINT: ("Physical restraint", "PI", "Hold", "Restrictive physical intervention", "RPI",
                             "Team teach hold"),
    IncidentType.MISSING: ("Missing person", "MFH", "MFC", "Missing from care", "Missing episode"),
    IncidentType.AWAY: ("Absconded", "AWOL", "Absent without permission", "Late home", "Away from placement"),
    IncidentType.POLICE: ("Police called", "Police involvement", "Arrest", "Arrested", "Police attendance"),
    IncidentType.SELF_HARM: ("Self-harm", "Self injury", "Self-injury", "Self harm incident"),
    IncidentType.ACCIDENT: ("Accident/injury", "Accident and injury", "Injury to YP", "Fall"),
    IncidentType.MEDICATION: ("Med error", "Meds error", "Medication incident", "Missed medication"),
    IncidentType.COMPLAINT: ("Complaint", "Complaint made"),
    IncidentType.ALLEGATION: ("Allegation against staff", "LADO"),
    IncidentType.OTHER: ("Damage", "Property damage", "Damage to property", "Criminal damage", "Assault",
                         "Aggression", "Verbal aggression", "Physical aggression", "Bullying", "Other incident"),
}
TYPE_WORDS = {word_key(w): kind.label for kind, words in _TYPE_WORDS.items() for w in words}

#: Names managers give the default catalogue's courses (only used when that course is in the catalogue).
_COURSE_WORDS = {
    "Safeguarding and child protection": ("Safeguarding", "Child protection", "Safeguarding children",
                                          "Safeguarding children and young people", "Safeguarding level 3",
                                          "Designated safeguarding lead"),
    "Physical intervention and de-escalation": ("Team Teach", "MAPA", "PRICE", "CALM", "Physical intervention",
                                                "PI", "Restraint", "De-escalation", "Positive handling",
                                                "Management of actual or potential aggression", "Pro-Act"),
    "First aid": ("First aid at work", "Emergency first aid", "Emergency first aid at work", "EFAW", "FAW",
                  "Paediatric first aid", "First aid"),
    "Fire safety": ("Fire", "Fire awareness", "Fire marshal", "Fire warden", "Fire safety"),
    "Medication administration": ("Medication", "Meds", "Safe handling of medicines", "Medicines",
                                  "Medication awareness", "Safe administration of medication"),
    "Food hygiene (Level 2)": ("Food hygiene", "Food safety", "Basic food hygiene", "Food safety and hygiene"),
    "Health and safety": ("H&S", "H and S", "Health & safety", "Health and safety at work"),
    "Infection control": ("Infection prevention and control", "IPC", "Infection prevention"),
    "GDPR and recording": ("GDPR", "Data protection", "Recording", "Record keeping", "Information governance",
                           "Recording skills"),
    "CSE, CCE and county lines": ("CSE", "CCE", "County lines", "Child sexual exploitation", "Exploitation",
                                  "Child exploitation", "Child criminal exploitation"),
    "Prevent": ("Prevent duty", "WRAP", "Radicalisation"),
    "Missing from care": ("Missing children", "Missing from home", "Missing", "Missing from home and care"),
    "Self-harm and suicide awareness": ("Self harm", "Self-harm", "Suicide prevention", "Suicide awareness"),
    "Attachment and trauma-informed practice": ("Attachment", "Trauma informed", "Trauma informed practice",
                                                "Trauma", "ACEs", "PACE"),
    "Online safety": ("E-safety", "Esafety", "Internet safety"),
    "Equality and diversity": ("E&D", "Equality", "Equality diversity and inclusion", "EDI", "Diversity"),
    "Epilepsy awareness and rescue medication": ("Epilepsy", "Buccal midazolam", "Epilepsy awareness"),
    "Mental Capacity Act (over-16s)": ("MCA", "Mental capacity", "Mental Capacity Act"),
}
# Words that say nothing about which course it is ('Fire Safety Awareness L2 refresher' -> 'fire safety').
_FILLER = re.compile(r"\b(awareness|training|course|refresher|update|basic|introduction to|intro to|e-?learning|"
                     r"online|level\s*\d|l\d|lvl\s*\d|module\s*\d*|certificate|cert|annual|\(.*?\))(?=\W|$)",
                     re.IGNORECASE)


def course_key(text: str) -> str:
    """A course header reduced for matching: filler words and levels dropped, '&' read as 'and'."""
    return word_key(_FILLER.sub(" ", text.replace("&", " and ")))


def match_course(header: str, courses: Sequence[Course]) -> tuple[Course | None, bool]:
    """The catalogue course a column header names, and whether it is an exact match (a guess needs confirming)."""
    live = [c for c in courses if not c.archived]
    exact = {word_key(c.name): c for c in live}
    if word_key(header) in exact:
        return exact[word_key(header)], True
    key = course_key(header)
    if not key:
        return None, False
    by_key = {course_key(c.name): c for c in live}
    by_key.update({course_key(w): c for c in live for w in _COURSE_WORDS.get(c.name, ())})
    if key in by_key:
        return by_key[key], False
    close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.88)
    if close:
        return by_key[close[0]], False
    # A header that starts with a known course's key ('Safeguarding children L2' -> safeguarding).
    starts = [k for k in by_key if len(k) >= 4 and (key.startswith(k) or k.startswith(key) and len(key) >= 5)]
    if starts:
        return by_key[max(starts, key=len)], False
    return None, False
