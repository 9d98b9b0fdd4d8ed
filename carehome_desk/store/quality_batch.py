"""Reg 44 visits, Reg 45 reviews and inspections written inside one transaction: all saved, or none.

The repository's save_visit, save_review and save_inspection run here too, each in a batch of
its own, so a single save from a dialog and a whole imported workbook take the same path: the
same checks, the same actions raised from recommendations and findings, the same update of
the home's last inspection, every row audited through the Writer.

An import may say the actions of a visit or a finding were done long ago ("Actions done on"):
they are then raised as done on that day, and those already raised and still open are marked
done. A done or dropped action is never reopened or redated.
"""

from __future__ import annotations

from dataclasses import replace
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Table, select

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.dates import format_uk
from carehome_desk.models.home import Grade, Judgement, validate_home
from carehome_desk.models.ids import HomeId, InspectionId, ReviewId, VisitId
from carehome_desk.models.quality import (
    Action, ActionStatus, Inspection, InspectionKind, Reg44Visit, Reg45Review, actions_done_problem, closed_on,
    finding_actions, inspection_follow_up, overlapping_reviews, validate_action, validate_inspection,
    validate_review, validate_visit, visit_ref,
)
from carehome_desk.models.recommendations import (
    recommendation_actions, recommendation_edit, removed_note, visit_actions, visit_follow_up,
)
from carehome_desk.store.errors import ValidationError
from carehome_desk.store.homes import GRADE_COLUMNS, home_from_row
from carehome_desk.store.rows import dict_rows, from_row, to_row
from carehome_desk.store.schema import actions, homes, inspections, reg44_visits, reg45_reviews
from carehome_desk.store.writer import Writer


def grades_json(grades: dict[Judgement, Grade]) -> dict[str, str]:
    """Judgements as stored: {'overall': 'good', ...}."""
    return {j.value: g.value for j, g in grades.items()}


def put(w: Writer, table: Table, record_id: int, row: dict[str, Any]) -> int:
    """Update a record, or insert it when it has no id yet; returns its id."""
    if record_id:
        w.update(table, record_id, row)
        return record_id
    return int(w.insert(table, {**row, "archive_reason": ""}))


def action_rows(new_actions: list[Action], today: date) -> list[dict[str, Any]]:
    """Rows for actions made from a visit's or an inspection's findings, all checked before any is written."""
    rows = []
    for a in new_actions:
        problems = validate_action(a, today)
        if problems:
            raise ValidationError({"findings": f"A finding cannot become an action: {' '.join(problems.values())}"})
        rows.append(to_row(replace(a, title=a.title.strip(), owner=a.owner.strip())))
    return rows


class QualityBatch:
    """Checked, audited quality writes inside one transaction. Get one from ``store.quality.batch()``."""

    def __init__(self, writer: Writer, today: date):
        self._writer = writer
        self._today = today
        self._registers: set[Register] = set()

    @property
    def changes(self) -> Changes:
        """The registers written so far."""
        return Changes.of(*self._registers)

    def save_visit(self, v: Reg44Visit, *, owner: str = "", actions_done_on: date | None = None,
                   drop_removed: bool = False) -> Reg44Visit:
        """Add or update a visit; its new recommendations become actions (owner: the manager).

        A corrected or moved recommendation keeps its action (``recommendation_edit``); the action keeps its
        own wording. A removed recommendation's action stays, no longer tied to a line of the visit, with a
        note saying so; with ``drop_removed`` an open one is dropped. With ``actions_done_on`` new actions are
        raised as done on that day, and the visit's open ones are marked done.
        """
        problems = validate_visit(v, self._today)
        problem = actions_done_problem(actions_done_on, v.visited_on, "visit", self._today)
        if problem:
            problems["actions_done_on"] = problem
        if problems:
            raise ValidationError(problems)
        w = self._writer
        row = {**to_row(v), "recommendations": [r.strip() for r in v.recommendations if r.strip()]}
        stored = w.fetch(reg44_visits, int(v.id)) if v.id else None
        before = tuple(stored["recommendations"]) if stored else ()
        new_id = put(w, reg44_visits, int(v.id), row)
        saved = replace(v, id=VisitId(new_id), recommendations=tuple(row["recommendations"]))
        if stored:
            old_ref = visit_ref(replace(saved, visited_on=stored["visited_on"]))
            self._follow_recommendations(saved, before, drop_removed, old_ref)
        raised = visit_follow_up(saved, before, owner) if owner else []
        if actions_done_on is not None:
            raised = [closed_on(a, actions_done_on) for a in raised]
        for action_row in action_rows(raised, self._today):
            put(w, actions, 0, action_row)
        self._registers.add(Register.QUALITY)
        if actions_done_on is not None:
            self.visit_actions_done(saved, actions_done_on)
        return saved

    def _follow_recommendations(self, visit: Reg44Visit, before: tuple[str, ...], drop_removed: bool,
                                old_ref: str) -> None:
        """Keep each action of an edited visit tied to its recommendation: renumbered when lines move, told
        when the recommendation is removed (dropped if asked and still open); an action whose "From" still
        names the visit's old date ("visit 11/10/2026") names its new one (one the manager retyped is kept)."""
        edit = recommendation_edit(before, visit.recommendations)
        ref = visit_ref(visit)
        for action in visit_actions(visit, self._actions(visit.home_id)):
            values: dict[str, Any] = {}
            number = action.recommendation_no
            if number is not None and number in edit.kept and edit.kept[number] != number:
                values["recommendation_no"] = edit.kept[number]
            elif number is not None and number in edit.removed:
                dropped = drop_removed and not action.status.closed
                values["recommendation_no"] = None
                note = removed_note(visit, before[number - 1], dropped)
                values["note"] = f"{action.note} {note}".strip()
                if dropped:
                    values["status"] = ActionStatus.DROPPED.value
            if action.source_ref == old_ref != ref:
                values["source_ref"] = ref
            if values:
                self._writer.update(actions, int(action.id), values)

    def visit_actions_done(self, v: Reg44Visit, day: date) -> int:
        """Mark the open actions raised from a visit's recommendations done on ``day``; returns how many."""
        problem = actions_done_problem(day, v.visited_on, "visit", self._today)
        if problem:
            raise ValidationError({"actions_done_on": problem})
        return self._close([a for _, a in recommendation_actions(v, self._actions(v.home_id))], day)

    def finding_actions_done(self, i: Inspection, done_on: Mapping[str, date]) -> int:
        """Mark the open actions raised from an inspection's findings done, each on the day given for its text.

        ``done_on`` maps a finding's text (stripped) to the day; returns how many actions were marked done.
        """
        for day in done_on.values():
            problem = actions_done_problem(day, i.inspected_on, "inspection", self._today)
            if problem:
                raise ValidationError({"actions_done_on": problem})
        closed = 0
        for finding, action in finding_actions(i, self._actions(i.home_id)):
            done_day = done_on.get(finding.text.strip())
            if done_day is not None:
                closed += self._close([action], done_day)
        return closed

    def _close(self, raised: list[Action | None], day: date) -> int:
        """Mark each open action done on ``day`` (audited); done and dropped ones are left as they are."""
        closed = 0
        for action in raised:
            if action is None or action.status.closed:
                continue
            done = closed_on(action, day)
            problems = validate_action(done, self._today)
            if problems:
                raise ValidationError({"actions_done_on": " ".join(problems.values())})
            self._writer.update(actions, int(action.id), {"status": done.status.value, "completed_on": day})
            closed += 1
        if closed:
            self._registers.add(Register.QUALITY)
        return closed

    def save_review(self, r: Reg45Review) -> Reg45Review:
        """Add or update a review."""
        problems = validate_review(r, self._today)
        query = select(reg45_reviews).where(reg45_reviews.c.home_id == r.home_id, reg45_reviews.c.archived_at.is_(None))
        others = [from_row(Reg45Review, row) for row in dict_rows(self._writer.conn.execute(query))]
        same = [o for o in overlapping_reviews(r, others)
                if (o.period_start, o.period_end) == (r.period_start, r.period_end)]
        if same and "period_start" not in problems:  # the period is how a review is known (the import matches by it)
            problems["period_start"] = (f"There is already a Reg 45 review of {format_uk(r.period_start)} to "
                                        f"{format_uk(r.period_end)}: select it in the list to change it.")
        if problems:
            raise ValidationError(problems)
        new_id = put(self._writer, reg45_reviews, int(r.id), to_row(r))
        self._registers.add(Register.QUALITY)
        return replace(r, id=ReviewId(new_id))

    def save_inspection(self, i: Inspection, *, owner: str = "",
                        actions_done_on: Mapping[str, date] | None = None) -> Inspection:
        """Add or update an inspection; findings without an action yet (all of a new one's) get one.

        ``actions_done_on`` maps a finding's text (stripped) to the day its action was done: raised as done on
        that day, or marked done if it is open. A full inspection dated on or after the home's last one becomes
        its last inspection.
        """
        done_on = actions_done_on or {}
        problems = validate_inspection(i, self._today)
        for day in done_on.values():
            problem = actions_done_problem(day, i.inspected_on, "inspection", self._today)
            if problem:
                problems["actions_done_on"] = problem
        if problems:
            raise ValidationError(problems)
        w = self._writer
        row = {"home_id": i.home_id, "inspected_on": i.inspected_on, "kind": i.kind.value,
               "judgements": grades_json(i.judgements), "assurance_outcome": i.assurance_outcome.strip(),
               "findings": [{"text": f.text, "is_requirement": f.is_requirement, "regulation": f.regulation,
                             "due": f.due.isoformat() if f.due else None} for f in i.findings]}
        raised = inspection_follow_up(i, self._actions(i.home_id), owner) if owner else []
        raised = [closed_on(a, done_on[a.title.strip()]) if a.title.strip() in done_on else a for a in raised]
        follow_up = action_rows(raised, self._today)
        new_id = put(w, inspections, int(i.id), row)
        for action_row in follow_up:
            put(w, actions, 0, action_row)
        self._registers.add(Register.QUALITY)
        if done_on:
            self.finding_actions_done(i, done_on)
        if i.kind is InspectionKind.FULL and self._follow_inspection(i):
            self._registers.add(Register.HOMES)
        return replace(i, id=InspectionId(new_id))

    def _actions(self, home_id: HomeId) -> list[Action]:
        """The home's actions as they stand inside this transaction (those raised earlier in it included)."""
        query = select(actions).where(actions.c.home_id == home_id, actions.c.archived_at.is_(None))
        return [from_row(Action, r) for r in dict_rows(self._writer.conn.execute(query))]

    def _follow_inspection(self, i: Inspection) -> bool:
        """Make a full inspection the home's last one if it is the latest; True if Home settings changed.

        Its date starts the evidence pack's default period and its grades show on the dashboard.
        A newer inspection replaces all three grades (one not recorded is left blank rather than
        kept from the inspection before); one on the same day as Home settings fills in only
        the grades it records. An older one is history and changes nothing.
        """
        w = self._writer
        stored = w.fetch(homes, int(i.home_id))
        if stored is None:
            raise ValidationError({"inspected_on": "The home of this inspection no longer exists."})
        home = home_from_row(stored)
        last = home.last_inspection_date
        if last is not None and i.inspected_on < last:
            return False
        grades = dict(home.last_inspection_grades) if last == i.inspected_on else {}
        grades.update(i.judgements)
        details = replace(home.details, last_inspection_date=i.inspected_on, last_inspection_grades=grades)
        problems = validate_home(details, self._today)
        if problems:
            raise ValidationError({"inspected_on": "Home settings cannot take this inspection as the last one: "
                                                   + " ".join(problems.values())})
        values: dict[str, Any] = {"last_inspection_date": i.inspected_on}
        for judgement, column in GRADE_COLUMNS.items():
            grade = grades.get(judgement)
            values[column] = grade.value if grade else None
        return bool(w.update(homes, int(home.id), values, expect_version=home.version) != stored)
