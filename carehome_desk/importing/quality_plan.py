"""Turning the quality sheets' rows into records: match what is stored, validate, plan the writes.

Nothing here writes. Matching keys (so a second import of the same file changes nothing):
a Reg 44 visit by its date and visitor; a Reg 45 review by its period (from and to); an
inspection by its date and type; a finding by its inspection, whether it is a requirement,
and its text. A blank cell never clears a stored value, and a record's matching cells are
never rewritten (a visitor typed in capitals matches, and keeps the stored spelling).

"Actions done on" belongs to a visit row or a finding row: it is checked (not in the future,
not before the visit or inspection), and a row whose date would mark open actions done
counts as updated even when the record itself is unchanged.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from carehome_desk.importing.plan import RowPlanner, norm
from carehome_desk.importing.quality_planned import (
    PlannedInspection, PlannedVisit, WritePlan, count_actions, finding_actions_to_close, visit_actions_to_close,
)
from carehome_desk.importing.quality_sheets import INSPECTIONS, FindingKind, YesNo
from carehome_desk.importing.result import ImportResult
from carehome_desk.importing.values import CellError, read_date
from carehome_desk.importing.workbook import SheetRows, SheetSpec
from carehome_desk.models.dates import format_uk
from carehome_desk.models.home import Grade, Judgement
from carehome_desk.models.ids import HomeId
from carehome_desk.models.quality import (
    Action, Finding, Inspection, InspectionKind, Reg44Visit, Reg45Review, actions_done_problem, recommendation_lines,
    validate_inspection, validate_review, validate_visit,
)
from carehome_desk.store.quality import ArchivedQuality

_VISIT_FIELDS = ("announced", "report_received_on", "sent_to_ofsted_on", "safeguarded_opinion")
_REVIEW_FIELDS = ("completed_on", "sent_to_ofsted_on", "summary")
_GRADES = {j.value: j for j in Judgement}
_INSPECTION_KEY = tuple[date, InspectionKind]
_SHORT = 200  # the visitor and an inspection's outcome are stored in columns of this many characters


def _too_long(values: dict[str, Any], *names: str) -> dict[str, str]:
    return {name: f"this is {len(values[name])} characters long; it can be at most {_SHORT}. Shorten it."
            for name in names if len(values.get(name, "")) > _SHORT}


class Planner(RowPlanner):
    """Plans one workbook's rows against one home's stored quality records."""

    def __init__(self, home_id: HomeId, visits: list[Reg44Visit], reviews: list[Reg45Review],
                 inspections: list[Inspection], archived: ArchivedQuality, today: date, result: ImportResult, *,
                 actions: list[Action]):
        super().__init__(today, result)
        self.home_id = home_id
        self.stored_actions = actions
        self.stored_visits: dict[tuple[date, str], Reg44Visit] = {}
        for v in visits:
            self.stored_visits.setdefault((v.visited_on, norm(v.visitor)), v)
        self.stored_reviews: dict[tuple[date, date], Reg45Review] = {}
        for r in reviews:
            self.stored_reviews.setdefault((r.period_start, r.period_end), r)
        self.stored_inspections: dict[_INSPECTION_KEY, Inspection] = {}
        for i in inspections:
            self.stored_inspections.setdefault((i.inspected_on, i.kind), i)
        self.archived_visits = {(v.visited_on, norm(v.visitor)): why for v, why in archived.visits}
        self.archived_reviews = {(r.period_start, r.period_end): why for r, why in archived.reviews}
        self.archived_inspections = {(i.inspected_on, i.kind): why for i, why in archived.inspections}
        self.visits: dict[tuple[date, str], PlannedVisit] = {}
        self.reviews: dict[tuple[date, date], tuple[Reg45Review, Reg45Review | None]] = {}
        self.inspections: dict[_INSPECTION_KEY, PlannedInspection] = {}
        self.failed_inspections: dict[date, int] = {}  # date -> Inspections row that could not be read

    # ---- Reg 44 visits ---------------------------------------------------------------------

    def visits_sheet(self, sheet: SheetRows) -> None:
        """Reg 44 visits, matched by visit date and visitor."""
        spec = sheet.spec
        for row, values in self._rows(sheet, "visitor", "visited_on"):
            if not self._visit_row(spec, row, values):
                self.result.counts(spec.name).failed += 1

    def _visit_row(self, spec: SheetSpec, row: int, values: dict[str, Any]) -> bool:
        key = (values["visited_on"], norm(values["visitor"]))
        why = self.archived_visits.get(key)
        if why is not None and key not in self.stored_visits:
            self._error(spec, row, "visited_on", f"this visit was archived as entered in error ({why}), so it is "
                        "not imported again.")
            return False
        stored = self.stored_visits.get(key)
        provided: dict[str, Any] = {k: values[k] for k in _VISIT_FIELDS if k in values}
        if "announced" in values:
            provided["announced"] = values["announced"] is YesNo.YES
        if "recommendations" in values:
            provided["recommendations"] = recommendation_lines(values["recommendations"])
        if stored is not None:
            record = replace(stored, **provided)
        else:
            record = Reg44Visit(self.home_id, values["visitor"], values["visited_on"], **provided)
        done_on: date | None = values.get("actions_done_on")
        problems = {**validate_visit(record, self.today), **_too_long(values, "visitor")}
        problem = actions_done_problem(done_on, record.visited_on, "visit", self.today)
        if problem:
            problems["actions_done_on"] = problem
        # The date is part of the row: it changes the row when it would mark open actions done.
        closes = bool(visit_actions_to_close(record, done_on, self.stored_actions))
        against = None if stored is None else (stored, None if closes else done_on)
        if not self._check(spec, row, ("visit", *key), (record, done_on), against, None, problems):
            return False
        self.visits.setdefault(key, PlannedVisit(record, stored, done_on))
        return True

    # ---- Reg 45 reviews --------------------------------------------------------------------

    def reviews_sheet(self, sheet: SheetRows) -> None:
        """Reg 45 reviews, matched by the period they cover."""
        spec = sheet.spec
        for row, values in self._rows(sheet, "period_start", "period_end"):
            if not self._review_row(spec, row, values):
                self.result.counts(spec.name).failed += 1

    def _review_row(self, spec: SheetSpec, row: int, values: dict[str, Any]) -> bool:
        key = (values["period_start"], values["period_end"])
        why = self.archived_reviews.get(key)
        if why is not None and key not in self.stored_reviews:
            self._error(spec, row, "period_start", f"this review was archived as entered in error ({why}), so it is "
                        "not imported again.")
            return False
        stored = self.stored_reviews.get(key)
        provided = {k: values[k] for k in _REVIEW_FIELDS if k in values}
        record = replace(stored, **provided) if stored else Reg45Review(self.home_id, *key, **provided)
        if not self._check(spec, row, ("review", *key), record, stored, None, validate_review(record, self.today)):
            return False
        self.reviews.setdefault(key, (record, stored))
        return True

    # ---- inspections -----------------------------------------------------------------------

    def inspections_sheet(self, sheet: SheetRows) -> None:
        """Inspections, matched by date and type."""
        spec = sheet.spec
        for row, raw in sheet.rows:
            values = self._parse(spec, row, raw)
            if values is None or not self._inspection_row(spec, row, values):
                self.result.counts(spec.name).failed += 1
                try:
                    day = read_date(raw["inspected_on"], self.today) if "inspected_on" in raw else None
                except CellError:
                    day = None
                if day is not None:
                    self.failed_inspections.setdefault(day, row)

    def _inspection_row(self, spec: SheetSpec, row: int, values: dict[str, Any]) -> bool:
        if not self._require(spec, row, values, "inspected_on", "kind"):
            return False
        kind: InspectionKind = values["kind"]
        key = (values["inspected_on"], kind)
        why = self.archived_inspections.get(key)
        if why is not None and key not in self.stored_inspections:
            self._error(spec, row, "inspected_on", f"this inspection was archived as entered in error ({why}), so it "
                        "is not imported again.")
            return False
        grades: dict[Judgement, Grade] = {_GRADES[k]: v for k, v in values.items() if k in _GRADES}
        outcome = self._outcome_text(spec, row, values, kind, grades)
        if outcome is None:
            return False
        stored = self.stored_inspections.get(key)
        if stored is not None:
            record = replace(stored, judgements={**stored.judgements, **grades},
                             assurance_outcome=outcome or stored.assurance_outcome)
        else:
            record = Inspection(self.home_id, key[0], kind, grades, outcome)
        problems = {k: m for k, m in validate_inspection(record, self.today).items() if k == "inspected_on"}
        if not self._check(spec, row, ("inspection", *key), record, stored, None, problems):
            return False
        self.inspections.setdefault(key, PlannedInspection(record, stored))
        return True

    def _outcome_text(self, spec: SheetSpec, row: int, values: dict[str, Any], kind: InspectionKind,
                      grades: dict[Judgement, Grade]) -> str | None:
        """The outcome the row gives ('' for none), or None with an error for cells that do not fit its type."""
        assurance, monitoring = values.get("assurance_outcome"), values.get("monitoring_outcome", "")
        problems: dict[str, str] = {}
        this = f"a{'n' if kind is InspectionKind.ASSURANCE else ''} {kind.value} inspection"
        if kind is not InspectionKind.FULL:
            for judgement in grades:
                problems[judgement.value] = (f"{this} is not graded: the three judgements are for a full inspection "
                                             "only. Clear this cell, or change the Type.")
        if assurance is not None and kind is not InspectionKind.ASSURANCE:
            problems["assurance_outcome"] = (f"this is for an assurance inspection, and this one is {this}. Clear "
                                             "this cell, or change the Type.")
        if monitoring and kind is not InspectionKind.MONITORING:
            problems["monitoring_outcome"] = (f"this is for a monitoring inspection, and this one is {this}. Clear "
                                              "this cell, or change the Type.")
        problems.update(_too_long(values, "monitoring_outcome"))
        if not self._problems(spec, row, problems):
            return None
        return str(assurance.value) if assurance is not None else str(monitoring)

    # ---- findings --------------------------------------------------------------------------

    def findings_sheet(self, sheet: SheetRows) -> None:
        """Requirements and recommendations, each matched within its inspection by kind and text."""
        spec = sheet.spec
        for row, values in self._rows(sheet, "inspection_date", "finding_kind", "text"):
            planned = self._inspection_for(spec, row, values)
            if planned is None or not self._finding_row(spec, row, values, planned):
                self.result.counts(spec.name).failed += 1

    def _inspection_for(self, spec: SheetSpec, row: int, values: dict[str, Any]) -> PlannedInspection | None:
        """The inspection a finding names by its date (and type, if given), or None with an error."""
        day: date = values["inspection_date"]
        kind: InspectionKind | None = values.get("inspection_kind")
        known = {k for k in (*self.inspections, *self.stored_inspections)
                 if k[0] == day and (kind is None or k[1] is kind)}
        if len(known) > 1:
            kinds = " and ".join(sorted(k[1].value for k in known))
            self._error(spec, row, "inspection_kind", f"there are {kinds} inspections on {format_uk(day)}: say which "
                        "this finding belongs to.")
            return None
        if not known:
            failed = self.failed_inspections.get(day)
            what = f"no {kind.value} inspection" if kind else "no inspection"
            why = (f"the Inspections sheet's row {failed} for it could not be imported" if failed else
                   f"{what} on {format_uk(day)} is on the {INSPECTIONS.name} sheet or already recorded")
            self._error(spec, row, "inspection_date", f"{why}.")
            return None
        (key,) = known
        if key not in self.inspections:  # a recorded inspection the Inspections sheet does not list
            stored = self.stored_inspections[key]
            self.inspections[key] = PlannedInspection(stored, stored)
        return self.inspections[key]

    def _finding_row(self, spec: SheetSpec, row: int, values: dict[str, Any], planned: PlannedInspection) -> bool:
        is_requirement = values["finding_kind"] is FindingKind.REQUIREMENT
        text: str = values["text"]
        findings = list(planned.record.findings)
        index = next((n for n, f in enumerate(findings) if f.is_requirement == is_requirement
                      and norm(f.text) == norm(text)), None)
        stored = next((f for f in planned.stored.findings if f.is_requirement == is_requirement
                       and norm(f.text) == norm(text)), None) if planned.stored else None
        given = {k: values[k] for k in ("regulation", "due") if k in values}
        finding = replace(findings[index], **given) if index is not None else Finding(text, is_requirement, **given)
        problems: dict[str, str] = {}
        if is_requirement and not finding.regulation.strip():
            problems["regulation"] = ("a requirement cites the regulation it was made under: give it (for example "
                                      "Reg 12(2)(a)).")
        inspected_on = planned.record.inspected_on
        if finding.due is not None and finding.due < inspected_on:
            problems["due"] = f"this is before the inspection ({format_uk(inspected_on)})."
        done_on: date | None = values.get("actions_done_on")
        problem = actions_done_problem(done_on, inspected_on, "inspection", self.today)
        if problem:
            problems["actions_done_on"] = problem
        done = {finding.text.strip(): done_on} if done_on is not None else {}
        closes = bool(finding_actions_to_close(replace(planned.record, findings=(finding,)), done,
                                               self.stored_actions))
        against = None if stored is None else (stored, None if closes else done_on)
        identity = ("finding", planned.record.inspected_on, planned.record.kind, is_requirement, norm(text))
        if not self._check(spec, row, identity, (finding, done_on), against, None, problems):
            return False
        if index is None:
            findings.append(finding)
        else:
            findings[index] = finding
        planned.record = replace(planned.record, findings=tuple(findings))
        planned.actions_done_on.update(done)
        return True

    # ---- the result ------------------------------------------------------------------------

    def plan(self, owner: str) -> WritePlan:
        """The writes the good rows need: new records, stored ones whose details changed, and open actions the
        file says were done (``owner``: who new actions belong to)."""
        actions = self.stored_actions
        visits = [v for v in self.visits.values()
                  if v.changed or visit_actions_to_close(v.record, v.actions_done_on, actions)]
        inspections = [i for i in self.inspections.values()
                       if i.changed or finding_actions_to_close(i.record, i.actions_done_on, actions)]
        return WritePlan(visits=visits, reviews=[r for r, stored in self.reviews.values() if r != stored],
                         inspections=inspections, actions=count_actions(visits, inspections, actions, owner))

