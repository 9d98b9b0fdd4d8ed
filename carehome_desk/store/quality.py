"""Self-evaluations, the action plan, Reg 44 visits, Reg 45 reviews and inspections."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, select

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.evaluation import CriterionEntry, EvidenceLink, Evaluation, LinkKind
from carehome_desk.models.home import Grade, Judgement, validate_home
from carehome_desk.models.ids import ActionId, EvaluationId, HomeId, InspectionId, ReviewId, VisitId
from carehome_desk.models.quality import (
    Action, Finding, Inspection, InspectionKind, Reg44Visit, Reg45Review, inspection_follow_up, validate_action,
    validate_review, validate_visit, visit_follow_up,
)
from carehome_desk.store.errors import ValidationError
from carehome_desk.store.homes import GRADE_COLUMNS, home_from_row
from carehome_desk.store.rows import dict_rows, from_row, to_row
from carehome_desk.store.schema import actions, evaluations, homes, inspections, reg44_visits, reg45_reviews
from carehome_desk.store.writer import Writer

if TYPE_CHECKING:
    from carehome_desk.store.store import Store


def _entries_json(entries: dict[str, CriterionEntry]) -> dict[str, Any]:
    return {cid: {"grade": e.grade.value if e.grade else None, "strengths": e.strengths,
                  "areas_to_develop": e.areas_to_develop, "evidence": e.evidence,
                  "links": [{"kind": link.kind.value, "ref": link.ref, "label": link.label,
                             "dated": link.dated.isoformat() if link.dated else None} for link in e.links]}
            for cid, e in entries.items()}


def _entries(data: dict[str, Any]) -> dict[str, CriterionEntry]:
    return {cid: CriterionEntry(grade=Grade(e["grade"]) if e.get("grade") else None, strengths=e.get("strengths", ""),
                                areas_to_develop=e.get("areas_to_develop", ""), evidence=e.get("evidence", ""),
                                links=tuple(EvidenceLink(LinkKind(link["kind"]), link["ref"], link["label"],
                                                         date.fromisoformat(link["dated"]) if link.get("dated")
                                                         else None) for link in e.get("links", [])))
            for cid, e in data.items()}


def _grades_json(grades: dict[Judgement, Grade]) -> dict[str, str]:
    return {j.value: g.value for j, g in grades.items()}


def _grades(data: dict[str, str]) -> dict[Judgement, Grade]:
    return {Judgement(j): Grade(g) for j, g in data.items()}


def _put(w: Writer, table: Table, record_id: int, row: dict[str, Any]) -> int:
    """Update a record, or insert it when it has no id yet; returns its id."""
    if record_id:
        w.update(table, record_id, row)
        return record_id
    return int(w.insert(table, {**row, "archive_reason": ""}))


class QualityRepository:
    """Read and write the quality registers through the audited write path."""

    def __init__(self, store: Store):
        self._store = store

    def _rows(self, table: Table, home_id: HomeId | None, order: Any) -> list[dict[str, Any]]:
        query = select(table).where(table.c.archived_at.is_(None))
        if home_id is not None:
            query = query.where(table.c.home_id == home_id)
        with self._store.read() as conn:
            return dict_rows(conn.execute(query.order_by(order, table.c.id)))

    def _save(self, table: Table, record_id: int, row: dict[str, Any]) -> int:
        with self._store.write() as w:
            return _put(w, table, record_id, row)

    def _action_rows(self, new_actions: list[Action]) -> list[dict[str, Any]]:
        """Rows for actions made from a visit's or an inspection's findings, all checked before anything is written."""
        today = self._store.today()
        rows = []
        for a in new_actions:
            problems = validate_action(a, today)
            if problems:
                raise ValidationError({"findings": f"A finding cannot become an action: {' '.join(problems.values())}"})
            rows.append(to_row(replace(a, title=a.title.strip(), owner=a.owner.strip())))
        return rows

    def archive(self, table_name: str, record_id: int, reason: str) -> Changes:
        """Archive a quality record entered in error (kept, marked and audited)."""
        table = {t.name: t for t in (evaluations, actions, reg44_visits, reg45_reviews, inspections)}[table_name]
        if not reason.strip():
            raise ValidationError({"archive_reason": "Say why the record is being archived."})
        with self._store.write() as w:
            w.archive(table, record_id, reason.strip())
        return Changes.of(Register.QUALITY)

    # ---- self-evaluation -------------------------------------------------------------------

    def evaluations(self, home_id: HomeId) -> list[Evaluation]:
        """Self-evaluations, oldest first."""
        return [Evaluation(home_id=HomeId(r["home_id"]), evaluated_on=r["evaluated_on"], framework_id=r["framework_id"],
                           title=r["title"], judgements=_grades(r["judgements"]), entries=_entries(r["entries"]),
                           id=EvaluationId(r["id"]))
                for r in self._rows(evaluations, home_id, evaluations.c.evaluated_on)]

    def save_evaluation(self, e: Evaluation) -> tuple[Evaluation, Changes]:
        """Add or update a self-evaluation snapshot."""
        if e.evaluated_on > self._store.today():
            raise ValidationError({"evaluated_on": "The evaluation date is in the future."})
        row = {"home_id": e.home_id, "evaluated_on": e.evaluated_on, "framework_id": e.framework_id,
               "title": e.title.strip(), "judgements": _grades_json(e.judgements), "entries": _entries_json(e.entries)}
        new_id = self._save(evaluations, int(e.id), row)
        return replace(e, id=EvaluationId(new_id)), Changes.of(Register.QUALITY)

    # ---- actions ---------------------------------------------------------------------------

    def actions(self, home_id: HomeId | None = None) -> list[Action]:
        """The action plan, by due date."""
        return [from_row(Action, r) for r in self._rows(actions, home_id, actions.c.due)]

    def save_action(self, a: Action) -> tuple[Action, Changes]:
        """Add or update an action."""
        problems = validate_action(a, self._store.today())
        if problems:
            raise ValidationError(problems)
        new_id = self._save(actions, int(a.id), to_row(replace(a, title=a.title.strip(), owner=a.owner.strip())))
        return replace(a, id=ActionId(new_id)), Changes.of(Register.QUALITY)

    # ---- Reg 44 and Reg 45 -----------------------------------------------------------------

    def visits(self, home_id: HomeId) -> list[Reg44Visit]:
        """Reg 44 visits, oldest first."""
        return [replace(from_row(Reg44Visit, r), recommendations=tuple(r["recommendations"]))
                for r in self._rows(reg44_visits, home_id, reg44_visits.c.visited_on)]

    def save_visit(self, v: Reg44Visit, *, owner: str = "") -> tuple[Reg44Visit, Changes]:
        """Add or update a visit; a new visit's recommendations become actions (owner: the manager)."""
        problems = validate_visit(v, self._store.today())
        if problems:
            raise ValidationError(problems)
        row = {**to_row(v), "recommendations": [r.strip() for r in v.recommendations if r.strip()]}
        with self._store.write() as w:  # the visit and the actions from its new recommendations: all, or none
            stored = w.fetch(reg44_visits, int(v.id)) if v.id else None
            before = tuple(stored["recommendations"]) if stored else ()
            new_id = _put(w, reg44_visits, int(v.id), row)
            saved = replace(v, id=VisitId(new_id), recommendations=tuple(row["recommendations"]))
            for action_row in self._action_rows(visit_follow_up(saved, before, owner) if owner else []):
                _put(w, actions, 0, action_row)
        return saved, Changes.of(Register.QUALITY)

    def reviews(self, home_id: HomeId) -> list[Reg45Review]:
        """Reg 45 reviews, oldest first."""
        return [from_row(Reg45Review, r) for r in self._rows(reg45_reviews, home_id, reg45_reviews.c.period_end)]

    def save_review(self, r: Reg45Review) -> tuple[Reg45Review, Changes]:
        """Add or update a review."""
        problems = validate_review(r, self._store.today())
        if problems:
            raise ValidationError(problems)
        new_id = self._save(reg45_reviews, int(r.id), to_row(r))
        return replace(r, id=ReviewId(new_id)), Changes.of(Register.QUALITY)

    # ---- inspections -----------------------------------------------------------------------

    def inspections(self, home_id: HomeId) -> list[Inspection]:
        """Ofsted inspections, oldest first."""
        out = []
        for r in self._rows(inspections, home_id, inspections.c.inspected_on):
            findings = tuple(Finding(f["text"], f["is_requirement"], f.get("regulation", ""),
                                     date.fromisoformat(f["due"]) if f.get("due") else None) for f in r["findings"])
            out.append(Inspection(HomeId(r["home_id"]), r["inspected_on"], InspectionKind(r["kind"]),
                                  _grades(r["judgements"]), r["assurance_outcome"], findings, InspectionId(r["id"])))
        return out

    def save_inspection(self, i: Inspection, *, owner: str = "") -> tuple[Inspection, Changes]:
        """Add or update an inspection; a new one's requirements and recommendations become actions."""
        if i.inspected_on > self._store.today():
            raise ValidationError({"inspected_on": "The inspection date is in the future."})
        if any(f.is_requirement and not f.regulation.strip() for f in i.findings):
            raise ValidationError({"findings": "Each requirement needs the regulation it cites."})
        row = {"home_id": i.home_id, "inspected_on": i.inspected_on, "kind": i.kind.value,
               "judgements": _grades_json(i.judgements), "assurance_outcome": i.assurance_outcome.strip(),
               "findings": [{"text": f.text, "is_requirement": f.is_requirement, "regulation": f.regulation,
                             "due": f.due.isoformat() if f.due else None} for f in i.findings]}
        # Findings without an action yet (all of them for a new inspection) get one, owned by ``owner``.
        follow_up = self._action_rows(inspection_follow_up(i, self.actions(i.home_id), owner) if owner else [])
        with self._store.write() as w:  # the inspection, its actions and the home's last inspection: all, or none
            new_id = _put(w, inspections, int(i.id), row)
            for action_row in follow_up:
                _put(w, actions, 0, action_row)
            home_changed = i.kind is InspectionKind.FULL and self._follow_inspection(w, i)
        return (replace(i, id=InspectionId(new_id)),
                Changes.of(Register.QUALITY, Register.HOMES) if home_changed else Changes.of(Register.QUALITY))

    def _follow_inspection(self, w: Writer, i: Inspection) -> bool:
        """Make a full inspection the home's last one if it is the latest; True if Home settings changed.

        Its date starts the evidence pack's default period and its grades show on the dashboard.
        A newer inspection replaces all three grades (one not recorded is left blank rather than
        kept from the inspection before); one on the same day as Home settings fills in only
        the grades it records. An older one is history and changes nothing.
        """
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
        problems = validate_home(details, self._store.today())
        if problems:
            raise ValidationError({"inspected_on": "Home settings cannot take this inspection as the last one: "
                                                   + " ".join(problems.values())})
        values: dict[str, Any] = {"last_inspection_date": i.inspected_on}
        for judgement, column in GRADE_COLUMNS.items():
            grade = grades.get(judgement)
            values[column] = grade.value if grade else None
        return bool(w.update(homes, int(home.id), values, expect_version=home.version) != stored)
