"""Turning the incidents workbook's rows into records: match what is stored, validate, plan the writes.

Nothing here writes. Matching keys (so a second import of the same file changes nothing):
children by reference within the home; incidents by type + the instant it happened + the set
of children; a restraint's or missing episode's details by their incident; notifications by
incident + recipient + paragraph + the instant sent. A blank cell never clears a stored value.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import date, datetime, time, timezone
from typing import Any

from carehome_desk.importing.child_labels import label_problem, split_label
from carehome_desk.importing.incidents_planned import PlannedChild, PlannedIncident, PlannedNotification, WritePlan
from carehome_desk.importing.incidents_sheets import INCIDENTS, PARAGRAPH_WORDS, PARAGRAPHS_ALLOWED, RESTRAINT
from carehome_desk.importing.plan import Op, RowPlanner, norm, only_fields
from carehome_desk.importing.result import ImportResult, RowError
from carehome_desk.importing.values import CellError, read_label, uk_local, word_key
from carehome_desk.importing.workbook import SheetRows, SheetSpec
from carehome_desk.models.children import Child, ChildDetails, validate_child
from carehome_desk.models.dates import UK, format_uk
from carehome_desk.models.deadlines import record_made_too_early
from carehome_desk.models.ids import ChildId, HomeId, StaffId
from carehome_desk.models.incidents import (
    DETAIL_TYPES,
    EnquiryDetails,
    Incident,
    IncidentType,
    MissingDetails,
    Notification,
    Reg40,
    RestraintDetails,
    validate_incident,
)
from carehome_desk.models.staff_names import link_names, name_key
from carehome_desk.models.staff import StaffMember
from carehome_desk.store.incidents import validate_notification

# Where validate_incident's problems are shown on the Incidents sheet (field -> column field).
_INCIDENT_COLUMNS = {"occurred_at": "date", "child_ids": "children", "summary": "summary",
                     "reg40_paragraphs": "paragraphs", "reg40_rationale": "reg40_rationale"}
_INCIDENT_TEXT = ("location", "summary", "staff_involved", "reg40_rationale", "notifiable")
_LIST = re.compile(r"[,;\n]+")
_COUNTS = {2: "two", 3: "three", 4: "four"}
#: 'Reg 40 notifiable' as the evidence pack's Incident log writes a question not yet decided: read as blank.
_UNDECIDED = {"notdecided", "notdecidedyet", "undecided"}


def _instant(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def _moments(provided: dict[str, Any], base: Any, names: set[str]) -> dict[str, Any]:
    """Cells that give a date with its time if known, for a ``*_at`` field kept beside an older ``*_on`` day.

    A time fills ``*_at`` and clears the day; a date alone fills the day and clears ``*_at``, unless
    the stored time already falls on that day (a later file with less detail keeps the time).
    """
    out = dict(provided)
    for key, value in provided.items():
        day_key = key.removesuffix("_at") + "_on"
        if not key.endswith("_at") or day_key not in names:
            continue
        if isinstance(value, datetime):
            out[day_key] = None
        elif isinstance(value, date):
            stored: datetime | None = getattr(base, key)
            if stored is not None and stored.astimezone(UK).date() == value:
                del out[key]
            else:
                out[key], out[day_key] = None, value
    return out


class Planner(RowPlanner):
    """Plans one incidents workbook's rows against one home's stored children and incidents."""

    def __init__(self, home_id: HomeId, children: list[Child], incidents: list[Incident], today: date,
                 now: datetime, result: ImportResult, staff: list[StaffMember] | None = None):
        super().__init__(today, result)
        self.home_id, self.now = home_id, now
        # "Staff involved" names matched exactly (case and spacing ignored) to the home's staff register (leavers
        # included: they are real people; records archived as entered in error left out). A name two people share
        # matches nobody and is kept as written, with the people not on the register, unless the incident read
        # again is already linked to one of them.
        current = [m for m in staff or [] if m.archived_at is None]
        keys = [name_key(m.full_name) for m in current]
        self.staff_by_name: dict[str, StaffId] = {name_key(m.full_name): m.id for m in current
                                                  if keys.count(name_key(m.full_name)) == 1}
        self.shared_names = {k: keys.count(k) for k in keys if keys.count(k) > 1}
        self.staff_names = {m.id: m.full_name for m in staff or []}
        self.stored_children = {norm(c.reference): c for c in children}
        # A register saved before references were compared whatever the capitals may hold two that differ only
        # in them (C06 and c06): a row naming either cannot say which child it means, so it is refused.
        live = [c for c in children if c.archived_at is None]
        spelt: dict[str, list[str]] = {}
        for c in live:
            spelt.setdefault(norm(c.reference), []).append(c.reference)
        self.shared_refs = {ref: sorted(refs) for ref, refs in spelt.items() if len(refs) > 1}
        self.children: dict[str, PlannedChild] = {}
        self.child_by_ref = {norm(c.reference): f"c{c.id}" for c in live if norm(c.reference) not in self.shared_refs}
        self.failed_children: dict[str, int] = {}  # normalised reference -> Children row that failed
        self.stored_incidents: dict[tuple[object, ...], Incident] = {}
        for incident in sorted(incidents, key=lambda i: (i.archived_at is not None, i.id)):  # live ones first
            self.stored_incidents.setdefault(self._identity(incident.type, incident.occurred_at,
                                                            {f"c{c}" for c in incident.child_ids}), incident)
        self.incidents: dict[tuple[object, ...], PlannedIncident] = {}
        self.incident_by_ref: dict[str, PlannedIncident] = {}
        self.failed_incidents: dict[str, int] = {}  # normalised Incident ref -> Incidents row that failed
        self.notifications: dict[tuple[object, ...], PlannedNotification] = {}

    @staticmethod
    def _identity(kind: IncidentType, occurred: datetime, child_keys: set[str]) -> tuple[object, ...]:
        return ("incident", kind, _instant(occurred), frozenset(child_keys))

    # ---- Children --------------------------------------------------------------------------

    def children_sheet(self, sheet: SheetRows) -> None:
        """Children, matched by reference within the home."""
        spec = sheet.spec
        for row, raw in sheet.rows:
            values = self._parse(spec, row, raw)
            if values is None or not self._child_row(spec, row, values):
                self.result.counts(spec.name).failed += 1
                ref = read_label(raw.get("reference") or "")
                if ref:
                    self.failed_children.setdefault(norm(ref), row)

    def _child_row(self, spec: SheetSpec, row: int, values: dict[str, Any]) -> bool:
        if not self._require(spec, row, values, "reference"):
            return False
        ref = norm(values["reference"])
        if ref in self.shared_refs:
            self._error(spec, row, "reference", self._shared(ref))
            return False
        match = self.stored_children.get(ref)
        if match is not None and match.archived_at is not None:
            self._error(spec, row, "reference", f"the child {match.reference} was archived as entered in error "
                        f"({match.archive_reason}), so the row is not imported again.")
            return False
        if match is None and not self._require(spec, row, values, "initials", "date_of_birth", "admission_date"):
            return False
        provided = only_fields(values, ChildDetails)
        if match is not None:
            provided.pop("reference", None)  # it found them: 'c-031' in the file keeps the register's 'C-031'
        details = (replace(match.details, **provided) if match else ChildDetails(**provided)).normalised()
        if not self._problems(spec, row, validate_child(details, self.today)):
            return False
        if not self._outcome(spec, row, ("child", ref), details, match.details if match else None,
                             Op(spec.name, row, "add", details)):
            return False
        key = self.child_by_ref.get(ref) or f"r{row}"
        self.child_by_ref[ref] = key
        self.children.setdefault(key, PlannedChild(key, details, match))
        return True

    def _child_keys(self, spec: SheetSpec, row: int, text: str) -> tuple[str, ...] | None:
        """The children a cell names by reference, or as the app writes them ('CZ (C08)'), or None with an
        error for each one not found or named two ways that do not agree."""
        keys: list[str] = []
        ok = True
        for part in (r.strip() for r in _LIST.split(text)):
            if not part:
                continue
            labelled = None if norm(part) in self.child_by_ref else split_label(part)
            ref = labelled[1] if labelled else part
            key = self.child_by_ref.get(norm(ref))
            problem = self._label_problem(part, labelled[0], key) if labelled and key else None
            if key is not None and problem is None:
                if key not in keys:
                    keys.append(key)
                continue
            ok = False
            failed, stored = self.failed_children.get(norm(ref)), self.stored_children.get(norm(ref))
            which = f"the reference {ref}" if labelled else "this reference"
            why = (f"the Children sheet's row {failed} for them could not be imported" if failed else
                   self._shared(norm(ref)) if norm(ref) in self.shared_refs else
                   "this child's record was archived as entered in error" if stored else
                   f"no child has {which}, on the Children sheet or already recorded")
            self._error(spec, row, "children", problem or f"'{part}': {why}.")
        return tuple(sorted(keys)) if ok else None

    def _shared(self, ref: str) -> str:
        """Why a reference two stored children share (in different capitals) names neither."""
        return (f"the children's register has both {' and '.join(self.shared_refs[ref])}, so this row cannot say "
                "which child it means: give one of them another reference on the Children page first.")

    def _label_problem(self, part: str, name: str, key: str) -> str | None:
        """Why 'initials (reference)' does not name one child, checked against the child the reference is."""
        known = {norm(c.reference): c.details for c in self.stored_children.values() if c.archived_at is None}
        known.update({norm(p.record.reference): p.record for p in self.children.values()})
        child = next(c for ref, c in known.items() if self.child_by_ref.get(ref) == key)
        return label_problem(part, name, child, known.values())

    # ---- Incidents -------------------------------------------------------------------------

    def incidents_sheet(self, sheet: SheetRows) -> None:
        """Incidents, matched by type, the instant they happened and their children."""
        spec = sheet.spec
        for row, raw in sheet.rows:
            if isinstance(raw.get("notifiable"), str) and word_key(str(raw["notifiable"])) in _UNDECIDED:
                raw = {k: v for k, v in raw.items() if k != "notifiable"}  # the blank it stands for
            values = self._parse(spec, row, raw)
            if values is None or not self._incident_row(spec, row, values):
                self.result.counts(spec.name).failed += 1
                ref = read_label(raw.get("ref") or "")
                if ref and norm(ref) not in self.incident_by_ref:
                    self.failed_incidents.setdefault(norm(ref), row)

    def _paragraphs(self, spec: SheetSpec, row: int, text: str) -> tuple[Reg40, ...] | None:
        found: list[Reg40] = []
        for part in (p.strip() for p in _LIST.split(text)):
            if not part:
                continue
            paragraph = PARAGRAPH_WORDS.get(word_key(part))
            if not isinstance(paragraph, Reg40):
                self._error(spec, row, "paragraphs", f"'{part}' is not a reg 40 paragraph. Use one or more of: "
                            f"{PARAGRAPHS_ALLOWED}.")
                return None
            if paragraph not in found:
                found.append(paragraph)
        return tuple(p for p in Reg40 if p in found)

    def _incident_row(self, spec: SheetSpec, row: int, values: dict[str, Any]) -> bool:
        if not self._require(spec, row, values, "date", "time", "type"):
            return False
        try:
            occurred = uk_local(values["date"], values["time"])
        except CellError as exc:
            self._error(spec, row, "time", str(exc))
            return False
        child_keys = self._child_keys(spec, row, values.get("children", ""))
        paragraphs = self._paragraphs(spec, row, values.get("paragraphs", ""))
        if child_keys is None or paragraphs is None:
            return False
        kind: IncidentType = values["type"]
        identity = self._identity(kind, occurred, set(child_keys))
        ref = values.get("ref", "")
        earlier = self.incident_by_ref.get(norm(ref)) if ref else None
        if earlier is not None and earlier.identity != identity:
            self._error(spec, row, "ref", f"row {earlier.row} already uses the Incident ref {ref} for another "
                        "incident: give each incident its own ref.")
            return False
        stored = self.stored_incidents.get(identity)
        if stored is not None and stored.archived_at is not None:
            self._error(spec, row, "date", f"this incident was archived as entered in error ({stored.archive_reason}), "
                        "so it is not imported again.")
            return False
        record = self._incident_record(spec, row, values, kind, occurred, child_keys, paragraphs, stored)
        if record is None or not self._outcome(spec, row, identity, record, stored, Op(spec.name, row, "add", record)):
            return False
        planned = self.incidents.setdefault(identity, PlannedIncident(
            f"i{stored.id}" if stored else f"n{row}", row, identity, child_keys, record, stored))
        if ref:
            self.incident_by_ref[norm(ref)] = planned
        return True

    def _incident_record(self, spec: SheetSpec, row: int, values: dict[str, Any], kind: IncidentType,
                         occurred: datetime, child_keys: tuple[str, ...], paragraphs: tuple[Reg40, ...],
                         stored: Incident | None) -> Incident | None:
        """The incident as the row says it should be saved, or None with errors."""
        provided = {name: values[name] for name in _INCIDENT_TEXT if name in values}
        if "staff_involved" in provided:
            linked = {name_key(self.staff_names[s]): s for s in (stored.staff_ids if stored else ())
                      if s in self.staff_names}
            found = link_names(provided["staff_involved"], self.staff_by_name, stored=linked,
                               shared=self.shared_names)
            provided["staff_ids"], provided["staff_involved"] = found.staff_ids, found.others
            for name in found.shared:
                count = _COUNTS.get(self.shared_names.get(name_key(name), 0), "more than one")
                self.result.notes.append(f"{spec.name} row {row}: '{name}' matches {count} staff; left as text.")
        if values.get("notifiable") is False:
            if paragraphs:
                self._error(spec, row, "paragraphs", "a paragraph is given, but 'Reg 40 notifiable' says no: "
                            "clear one of them.")
                return None
            provided["reg40_paragraphs"] = ()
        elif paragraphs:
            provided.setdefault("notifiable", True)
            same = stored is not None and set(stored.reg40_paragraphs) == set(paragraphs)
            provided["reg40_paragraphs"] = stored.reg40_paragraphs if same and stored else paragraphs
        if stored is not None:
            record = replace(stored, **provided)
        else:
            if not self._require(spec, row, values, "summary"):
                return None
            detail_type = DETAIL_TYPES.get(kind)
            placeholders = tuple(sorted(ChildId(int(k[1:]) if k.startswith("c") else 0) for k in child_keys))
            record = Incident(type=kind, occurred_at=occurred, child_ids=placeholders, home_id=self.home_id,
                              details=detail_type() if detail_type else None, **provided)
        problems = {_INCIDENT_COLUMNS[k]: m for k, m in validate_incident(record.editable, self.now).items()
                    if k in _INCIDENT_COLUMNS}
        record = self._review(values, record, stored, problems)
        return record if self._problems(spec, row, problems) else None

    def _review(self, values: dict[str, Any], record: Incident, stored: Incident | None,
                problems: dict[str, str]) -> Incident:
        """The record with the manager's review from the row, if any; problems are added to ``problems``."""
        if not any(name in values for name in ("reviewed_on", "reviewed_by", "review_note")):
            return record
        reviewed_at = record.reviewed_at
        day: date | None = values.get("reviewed_on")
        if day is not None:
            occurred = record.occurred_at.astimezone(UK)
            if day < occurred.date():
                problems["reviewed_on"] = f"The review date is before the incident ({format_uk(occurred.date())})."
            elif day > self.today:
                problems["reviewed_on"] = "The review date is in the future."
            elif not (stored and stored.reviewed_at and stored.reviewed_at.astimezone(UK).date() == day):
                # A date alone: the start of that day, but never before the incident itself.
                reviewed_at = max(datetime.combine(day, time(0), tzinfo=UK), occurred).astimezone(timezone.utc)
        record = replace(record, reviewed_at=reviewed_at, reviewed_by=values.get("reviewed_by", record.reviewed_by),
                         review_note=values.get("review_note", record.review_note))
        if record.reviewed_at is None and day is None:
            problems["reviewed_on"] = "Give the day the manager reviewed it."
        if not record.reviewed_by.strip():
            problems["reviewed_by"] = "Say who reviewed it."
        if not record.review_note.strip():
            problems["review_note"] = "Write the review: what was learned and any actions."
        return record

    def _incident_for(self, spec: SheetSpec, row: int, ref: str) -> PlannedIncident | None:
        """The incident a row names by its Incident ref, or None with an error."""
        planned = self.incident_by_ref.get(norm(ref))
        if planned is None:
            failed = self.failed_incidents.get(norm(ref))
            why = (f"the Incidents sheet's row {failed} for it could not be imported" if failed else
                   "no incident on the Incidents sheet has this ref")
            self._error(spec, row, "ref", f"'{ref}': {why}.")
        return planned

    # ---- Restraint, Missing and away -------------------------------------------------------

    def restraint_sheet(self, sheet: SheetRows) -> None:
        """The reg 35 record and steps of restraints on the Incidents sheet."""
        self._details(sheet, RestraintDetails, (IncidentType.RESTRAINT,), "a restraint")

    def missing_sheet(self, sheet: SheetRows) -> None:
        """Missing from care and away episodes: the return, who was told, the return home interview."""
        self._details(sheet, MissingDetails, (IncidentType.MISSING, IncidentType.AWAY), "missing or away")

    def enquiry_sheet(self, sheet: SheetRows) -> None:
        """Child protection enquiries: when each started and concluded (a date, with the time if known), the outcome."""
        self._details(sheet, EnquiryDetails, (IncidentType.CP_ENQUIRY,), "a child protection enquiry")

    def _details(self, sheet: SheetRows, cls: type, types: tuple[IncidentType, ...], what: str) -> None:
        spec = sheet.spec
        names = {f.name for f in fields(cls)}
        for row, values in self._rows(sheet, "ref"):
            planned = self._incident_for(spec, row, values["ref"])
            if planned is None or not self._details_row(spec, row, values, planned, cls, names, types, what):
                self.result.counts(spec.name).failed += 1

    def _details_row(self, spec: SheetSpec, row: int, values: dict[str, Any], planned: PlannedIncident, cls: type,
                     names: set[str], types: tuple[IncidentType, ...], what: str) -> bool:
        kind = planned.record.type
        if kind not in types:
            self._error(spec, row, "ref", f"incident {values['ref']} is '{kind.label}' on the Incidents sheet, not "
                        f"{what}: its row does not belong on this sheet.")
            return False
        provided = only_fields(values, cls)
        minutes = provided.get("duration_minutes")
        if minutes is not None:
            if not float(minutes).is_integer():
                self._error(spec, row, "duration_minutes", f"'{minutes:g}' is not whole minutes.")
                return False
            provided["duration_minutes"] = int(minutes)
        base: Any = planned.record.details if isinstance(planned.record.details, cls) else cls()
        provided = _moments(provided, base, names)
        trial = replace(planned.record, details=replace(base, **provided))
        problems = {k: m for k, m in validate_incident(trial.editable, self.now).items() if k in names}
        too_early = record_made_too_early(trial.editable, planned.stored.editable if planned.stored else None)
        if too_early and "record_made_at" in names:  # reg 35(3)(a), as the store refuses it
            problems.setdefault("record_made_at", too_early)
        stored = planned.stored.details if planned.stored else None
        if not self._check(spec, row, ("details", planned.key), trial.details, stored, None, problems):
            return False
        planned.record = trial
        return True

    # ---- Notifications ---------------------------------------------------------------------

    def notifications_sheet(self, sheet: SheetRows) -> None:
        """Reg 40 notifications, matched by incident, recipient, paragraph and the instant sent."""
        spec = sheet.spec
        for row, values in self._rows(sheet, "ref", "recipient", "paragraph", "sent_at"):
            planned = self._incident_for(spec, row, values["ref"])
            if planned is None or not self._notification_row(spec, row, values, planned):
                self.result.counts(spec.name).failed += 1

    def _notification_row(self, spec: SheetSpec, row: int, values: dict[str, Any], planned: PlannedIncident) -> bool:
        sent: datetime = values["sent_at"]
        stored = next((n for n in planned.stored.notifications if n.recipient is values["recipient"]
                       and n.paragraph is values["paragraph"] and _instant(n.sent_at) == _instant(sent)),
                      None) if planned.stored else None
        provided = {k: v for k, v in only_fields(values, Notification).items() if k != "incident_id"}
        if stored is not None:
            provided.pop("sent_at")  # the same instant, as it was recorded
            record = replace(stored, **provided)
        else:
            record = Notification(incident_id=planned.record.id, **provided)
        identity = ("notification", planned.key, record.recipient, record.paragraph, _instant(sent))
        problems = validate_notification(record, planned.record.occurred_at, self.now)
        if not self._check(spec, row, identity, record, stored, None, problems):
            return False
        self.notifications.setdefault(identity, PlannedNotification(planned.key, record, stored))
        return True

    # ---- across sheets ---------------------------------------------------------------------

    def finish(self) -> None:
        """The checks that need every sheet read: a restraint completed by any sheet's row, not only the Restraint's.

        Reg 35(3)(a): a "Record made" time stored while the record was incomplete cannot stand once the
        record is completed (``record_made_too_early``). A Restraint row is checked as it is read; an
        Incidents row that completes the record on its own (the location that was the last particular
        missing) is checked here. Its row is reported and the incident left out of the writes.
        """
        for identity, planned in list(self.incidents.items()):
            if planned.stored is None:
                continue
            too_early = record_made_too_early(planned.record.editable, planned.stored.editable)
            if not too_early:
                continue
            self.result.errors.append(RowError(
                INCIDENTS.name, planned.row, None,
                f"{too_early} This row completes the restraint record, so give that later time at "
                f"'{RESTRAINT.column('record_made_at').header}' on the {RESTRAINT.name} sheet."))
            counts = self.result.counts(INCIDENTS.name)
            if counts.updated:
                counts.updated -= 1
            counts.failed += 1
            del self.incidents[identity]

    # ---- the result ------------------------------------------------------------------------

    def plan(self) -> WritePlan:
        """The writes the good rows need: new records, and stored ones whose details changed."""
        return WritePlan(
            children=[c for c in self.children.values() if c.stored is None or c.record != c.stored.details],
            incidents=[i for i in self.incidents.values() if i.stored is None or i.record != i.stored],
            notifications=[n for n in self.notifications.values() if n.stored is None or n.record != n.stored])
