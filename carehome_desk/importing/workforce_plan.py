"""Turning the workforce sheets' rows into records: match what is stored, validate, plan the writes.

Nothing here writes. Each row becomes an add, an update, "unchanged", or errors located by
sheet, row and column. Matching keys (so a second import of the same file changes nothing):
staff by Staff ref, else full name + start date; qualifications and checks by person + kind;
DBS by certificate number; status checks by certificate + date; training by person + course +
completed date; supervision by person + type + date. A blank cell never clears a stored value.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from carehome_desk.importing.course_names import course_finder
from carehome_desk.importing.plan import Op, RowPlanner, norm, only_fields
from carehome_desk.importing.result import ImportResult
from carehome_desk.importing.values import read_label
from carehome_desk.importing.workbook import SheetRows, SheetSpec
from carehome_desk.models.dbs import DbsCertificate, DbsStatusCheck, validate_certificate, validate_status_check
from carehome_desk.models.ids import CourseId, DbsId, HomeId, StaffId
from carehome_desk.models.qualifications import (
    Qualification,
    QualificationKind,
    QualificationStatus,
    fill_clock_dates,
    required_kind,
    validate_qualification,
)
from carehome_desk.models.recruitment import RecruitmentCheck, validate_check
from carehome_desk.models.staff import StaffDetails, StaffMember, validate_staff
from carehome_desk.models.supervision import Session, SessionKind, validate_session
from carehome_desk.models.training import Course, TrainingRecord, validate_training
from carehome_desk.models.workforce import WorkforceSnapshot

_STAFF_FIELDS = tuple(f.name for f in fields(StaffDetails))


@dataclass
class _Cert:
    key: str
    issue_date: date
    person: str


class Planner(RowPlanner):
    """Plans one workbook's rows against one home's stored records."""

    def __init__(self, home_id: HomeId, snapshot: WorkforceSnapshot, courses: list[Course],
                 withdrawn: set[tuple[StaffId, CourseId, date]], today: date, result: ImportResult):
        super().__init__(today, result)
        self.home_id, self.snapshot = home_id, snapshot
        self.courses = courses
        self.find_course = course_finder(courses)
        self.course_names = "; ".join(c.name for c in courses)  # names may hold commas
        self.withdrawn = withdrawn
        # Everyone a row can name: person key -> record ('s12' is stored staff 12, 'r7' is Staff row 7).
        self.people: dict[str, StaffMember] = {f"s{m.id}": m for m in snapshot.staff}
        self.failed_people: dict[str, int] = {}  # normalised ref or name -> Staff row that failed
        self.certs: dict[str, _Cert] = {}
        for member in snapshot.staff:
            for cert in snapshot.certificates.get(member.id, []):
                self.certs[cert.certificate_number] = _Cert(f"c{cert.id}", cert.issue_date, f"s{member.id}")
        self.failed_certs: dict[str, int] = {}
        self._by_ref: dict[str, str] = {}
        self._by_name: dict[str, list[str]] = {}
        self._index_people()

    def _index_people(self) -> None:
        """Look-ups by Staff ref and by name, rebuilt once the Staff sheet is planned."""
        self._by_ref = {norm(m.staff_ref): k for k, m in self.people.items() if m.staff_ref}
        self._by_name = defaultdict(list)
        for key, member in self.people.items():
            self._by_name[norm(member.full_name)].append(key)

    def _person(self, spec: SheetSpec, row: int, values: dict[str, Any]) -> str | None:
        """The person key a row names by Staff ref and/or full name, or None with an error."""
        ref, name = values.get("person_ref", ""), values.get("person_name", "")
        if ref:
            key = self._by_ref.get(norm(ref))
            if key is None:
                failed = self.failed_people.get("ref:" + norm(ref))
                why = (f"the Staff sheet's row {failed} for them could not be imported" if failed else
                       "nobody has this Staff ref, on the Staff sheet or already recorded")
                self._error(spec, row, "person_ref", f"'{ref}': {why}.")
                return None
            if name and norm(self.people[key].full_name) != norm(name):
                self._error(spec, row, "person_name", f"Staff ref {ref} is {self.people[key].full_name}, "
                            f"not {name}.")
                return None
            return key
        if not name:
            self._error(spec, row, "person_name", "say who this is: fill in the Staff ref or the full name.")
            return None
        keys = self._by_name.get(norm(name), [])
        if len(keys) == 1:
            return keys[0]
        if len(keys) > 1:
            self._error(spec, row, "person_name", f"{len(keys)} people are called {name}: add their Staff ref.")
            return None
        failed = self.failed_people.get("name:" + norm(name))
        why = (f"the Staff sheet's row {failed} for them could not be imported" if failed else
               "nobody of that name is on the Staff sheet or already recorded")
        self._error(spec, row, "person_name", f"'{name}': {why}.")
        return None

    def _staff_id(self, person: str) -> StaffId:
        return self.people[person].id  # StaffId(0) for someone added by this import

    # ---- one method per sheet --------------------------------------------------------------

    def staff(self, sheet: SheetRows) -> None:
        """Staff: match by Staff ref, else by full name and start date."""
        spec = sheet.spec
        stored = list(self.snapshot.staff)
        for row, raw in sheet.rows:
            values = self._parse(spec, row, raw)
            if values is None or not self._staff_row(spec, row, values, stored, sheet.title):
                self.result.counts(spec.name).failed += 1
                for key, text in (("ref:", read_label(raw.get("staff_ref") or "")),
                                  ("name:", read_label(raw.get("full_name") or ""))):
                    if text:
                        self.failed_people.setdefault(key + norm(text), row)
        self._index_people()

    def _staff_row(self, spec: SheetSpec, row: int, values: dict[str, Any], stored: list[StaffMember],
                   title: str) -> bool:
        ref, name, start = values.get("staff_ref", ""), values.get("full_name", ""), values.get("start_date")
        match = next((m for m in stored if ref and norm(m.staff_ref) == norm(ref)), None)
        if match is None and name and start:
            match = next((m for m in stored if norm(m.full_name) == norm(name) and m.start_date == start
                          and not (ref and m.staff_ref)), None)
        provided = only_fields(values, StaffDetails)
        if match is None and not self._require(spec, row, values, "full_name", "role", "start_date"):
            return False
        details = (replace(match.details, **provided) if match else StaffDetails(**provided)).normalised()
        if match is not None and isinstance(provided.get("care_role"), bool):
            details = details.with_care_role_written(provided["care_role"], match.details)
        details = _clock_dates(details, provided, match)
        if not self._problems(spec, row, validate_staff(details, self.today)):
            return False
        base = match or StaffMember(full_name="", role=details.role, start_date=details.start_date,
                                    home_id=self.home_id)
        member = replace(base, **{n: getattr(details, n) for n in _STAFF_FIELDS})
        key = f"s{match.id}" if match else f"r{title}:{row}"  # several sheets of people may share row numbers
        identity = (key,) if match else ("ref", norm(ref)) if ref else ("name", norm(details.full_name),
                                                                          details.start_date)
        if not self._outcome(spec, row, identity, details, match.details if match else None,
                             Op(spec.name, row, "add_staff", member if match else details, person=key)):
            return False
        self.people[key] = member
        return True

    def qualifications(self, sheet: SheetRows) -> None:
        """Qualifications: one per person per diploma."""
        for row, values in self._rows(sheet, "kind"):
            person = self._person(sheet.spec, row, values)
            if person is None:
                self.result.counts(sheet.spec.name).failed += 1
                continue
            member = self.people[person]
            stored = self.snapshot.qualifications.get(member.id, {}).get(values["kind"]) if member.id else None
            provided = only_fields(values, Qualification)
            if "status" not in values and "achieved_date" in values:
                provided["status"] = QualificationStatus.ACHIEVED
            elif "status" not in values and "enrolled_date" in values and (
                    stored is None or stored.status is QualificationStatus.NOT_STARTED):
                provided["status"] = QualificationStatus.ENROLLED
            record = replace(stored, **provided) if stored else Qualification(staff_id=member.id, **provided)
            self._finish(sheet.spec, row, (person, record.kind), record, stored, person,
                         validate_qualification(record, self.today))

    def checks(self, sheet: SheetRows) -> None:
        """Safer-recruitment checks: one per person per check."""
        for row, values in self._rows(sheet, "kind"):
            person = self._person(sheet.spec, row, values)
            if person is None:
                self.result.counts(sheet.spec.name).failed += 1
                continue
            member = self.people[person]
            stored = self.snapshot.checks.get(member.id, {}).get(values["kind"]) if member.id else None
            provided = only_fields(values, RecruitmentCheck)
            if "done" not in values and "done_date" in values:
                provided["done"] = True
            record = replace(stored, **provided) if stored else RecruitmentCheck(staff_id=member.id, **provided)
            self._finish(sheet.spec, row, (person, record.kind), record, stored, person,
                         validate_check(record, self.today))

    def dbs(self, sheet: SheetRows) -> None:
        """DBS certificates, matched by certificate number."""
        spec = sheet.spec
        for row, values in self._rows(sheet, "certificate_number"):
            number = values["certificate_number"]
            if not self._dbs_row(spec, row, values, number):
                self.failed_certs.setdefault(number, row)
                self.result.counts(spec.name).failed += 1

    def _dbs_row(self, spec: SheetSpec, row: int, values: dict[str, Any], number: str) -> bool:
        person = self._person(spec, row, values)
        if person is None:
            return False
        known = self.certs.get(number)
        stored = None
        if known is not None and known.key.startswith("c"):
            if known.person != person:
                self._error(spec, row, "certificate_number", "this certificate is already recorded for "
                            f"{self.people[known.person].full_name}.")
                return False
            stored = next(c for c in self.snapshot.certificates.get(self._staff_id(person), [])
                          if c.certificate_number == number)
        if stored is None and not self._require(spec, row, values, "issue_date", "barred_list_children"):
            return False
        provided = only_fields(values, DbsCertificate)
        record = replace(stored, **provided) if stored else DbsCertificate(staff_id=self._staff_id(person), **provided)
        key = f"c{stored.id}" if stored else f"n{number}"
        if not self._check(spec, row, (number,), record, stored, person,
                           validate_certificate(record, self.today), cert=key):
            return False
        self.certs[number] = _Cert(key, record.issue_date, person)
        return True

    def status_checks(self, sheet: SheetRows) -> None:
        """Update Service status checks, matched by certificate and date."""
        spec = sheet.spec
        for row, values in self._rows(sheet, "certificate_number", "checked_on"):
            number = values["certificate_number"]
            cert = self.certs.get(number)
            if cert is None:
                failed = self.failed_certs.get(number)
                why = (f"the DBS sheet's row {failed} for it could not be imported" if failed else
                       "no certificate with this number is on the DBS sheet or already recorded for this home")
                self._error(spec, row, "certificate_number", f"'{number}': {why}.")
                self.result.counts(spec.name).failed += 1
                continue
            cert_id = DbsId(int(cert.key[1:])) if cert.key.startswith("c") else DbsId(0)
            stored = next((c for c in self.snapshot.status_checks.get(cert_id, [])
                           if c.checked_on == values["checked_on"]), None) if cert_id else None
            provided = only_fields(values, DbsStatusCheck)
            if stored is None and not self._require(spec, row, values, "result", "checked_by"):
                self.result.counts(spec.name).failed += 1
                continue
            record = replace(stored, **provided) if stored else DbsStatusCheck(certificate_id=cert_id, **provided)
            self._finish(spec, row, (number, record.checked_on), record, stored, None,
                         validate_status_check(record, cert.issue_date, self.today), cert=cert.key)

    def training(self, sheet: SheetRows) -> None:
        """Training records, matched by person, course and completed date."""
        spec = sheet.spec
        for row, values in self._rows(sheet, "course", "completed"):
            course = self.find_course(values["course"])
            person = self._person(spec, row, values)
            if course is None:
                close = difflib.get_close_matches(values["course"], [c.name for c in self.courses], n=1)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                self._error(spec, row, "course", f"'{values['course']}' is not a course in the catalogue.{hint} "
                            f"The courses are: {self.course_names}.")
            if course is None or person is None:
                self.result.counts(spec.name).failed += 1
                continue
            staff_id = self._staff_id(person)
            if (staff_id, course.id, values["completed"]) in self.withdrawn:
                self._error(spec, row, "completed", f"{course.name} on this date was withdrawn as entered in "
                            "error, so it is not imported again.")
                self.result.counts(spec.name).failed += 1
                continue
            stored = next((t for t in self.snapshot.training.get((staff_id, course.id), [])
                           if t.completed == values["completed"]), None) if staff_id else None
            provided = only_fields(values, TrainingRecord)
            record = replace(stored, **provided) if stored else TrainingRecord(staff_id=staff_id, course_id=course.id,
                                                                                **provided)
            self._finish(spec, row, (person, course.id, record.completed), record, stored, person,
                         validate_training(record, course, self.today))

    def supervision(self, sheet: SheetRows) -> None:
        """Supervisions and appraisals, matched by person, type and date."""
        spec = sheet.spec
        for row, values in self._rows(sheet, "held_on"):
            person = self._person(spec, row, values)
            if person is None:
                self.result.counts(spec.name).failed += 1
                continue
            member = self.people[person]
            kind = values.setdefault("kind", SessionKind.SUPERVISION)
            stored = next((s for s in self.snapshot.sessions.get(member.id, [])
                           if s.kind is kind and s.held_on == values["held_on"]), None) if member.id else None
            provided = only_fields(values, Session)
            if stored is None and not self._require(spec, row, values, "supervisor"):
                self.result.counts(spec.name).failed += 1
                continue
            record = replace(stored, **provided) if stored else Session(staff_id=member.id, **provided)
            self._finish(spec, row, (person, kind, record.held_on), record, stored, person,
                         validate_session(record, member, self.today))

    def _row_failed(self, spec: SheetSpec, row: int, values: dict[str, Any] | None) -> None:
        if spec.name == "DBS" and values and values.get("certificate_number"):
            self.failed_certs.setdefault(values["certificate_number"], row)  # for the status checks' messages


#: The date each diploma counts from, by field (reg 32(4): Level 3; reg 28: Level 5).
_CLOCK_FIELD = {QualificationKind.LEVEL3: "care_started_on", QualificationKind.LEVEL5: "managing_started_on"}


def _clock_dates(details: StaffDetails, provided: dict[str, Any], match: StaffMember | None) -> StaffDetails:
    """The Level 3/5 start dates as the row gives them, else as stored, else guessed as upgrade 0006 guesses.

    A row that gives the date the person's own diploma counts from confirms it; a blank cell
    keeps what is stored (so importing the same file again changes nothing) and only a date
    still missing is guessed, and listed for the manager to confirm where it may be wrong.
    """
    kind = required_kind(details)
    if kind is not None and _CLOCK_FIELD[kind] in provided:
        details = replace(details, dates_to_confirm=False)
    return fill_clock_dates(details, match.details if match else None)
