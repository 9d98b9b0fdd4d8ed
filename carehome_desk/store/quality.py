"""Self-evaluations, the action plan, Reg 44 visits, Reg 45 reviews and inspections."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, select

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.evaluation import CriterionEntry, EvidenceLink, Evaluation, LinkKind
from carehome_desk.models.home import Grade, Judgement
from carehome_desk.models.ids import ActionId, EvaluationId, HomeId, InspectionId
from carehome_desk.models.quality import (
    Action, Finding, Inspection, InspectionKind, Reg44Visit, Reg45Review, validate_action,
)
from carehome_desk.store.errors import ValidationError
from carehome_desk.store.quality_batch import QualityBatch, grades_json, put
from carehome_desk.store.rows import dict_rows, from_row, to_row
from carehome_desk.store.schema import actions, evaluations, inspections, reg44_visits, reg45_reviews

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


def _grades(data: dict[str, str]) -> dict[Judgement, Grade]:
    return {Judgement(j): Grade(g) for j, g in data.items()}


def _visit(r: dict[str, Any]) -> Reg44Visit:
    return replace(from_row(Reg44Visit, r), recommendations=tuple(r["recommendations"]))


def _inspection(r: dict[str, Any]) -> Inspection:
    findings = tuple(Finding(f["text"], f["is_requirement"], f.get("regulation", ""),
                             date.fromisoformat(f["due"]) if f.get("due") else None) for f in r["findings"])
    return Inspection(HomeId(r["home_id"]), r["inspected_on"], InspectionKind(r["kind"]), _grades(r["judgements"]),
                      r["assurance_outcome"], findings, InspectionId(r["id"]))


@dataclass(frozen=True)
class ArchivedQuality:
    """Quality records archived as entered in error, with the reason each was archived."""

    visits: list[tuple[Reg44Visit, str]]
    reviews: list[tuple[Reg45Review, str]]
    inspections: list[tuple[Inspection, str]]


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
            return put(w, table, record_id, row)

    def archive(self, table_name: str, record_id: int, reason: str) -> Changes:
        """Archive a quality record entered in error (kept, marked and audited)."""
        table = {t.name: t for t in (evaluations, actions, reg44_visits, reg45_reviews, inspections)}[table_name]
        if not reason.strip():
            raise ValidationError({"archive_reason": "Say why the record is being archived."})
        with self._store.write() as w:
            w.archive(table, record_id, reason.strip())
        return Changes.of(Register.QUALITY)

    # ---- self-evaluation -------------------------------------------------------------------

    def evaluations(self, home_id: HomeId | None = None) -> list[Evaluation]:
        """Self-evaluations, oldest first (every home's with no ``home_id``)."""
        return [Evaluation(home_id=HomeId(r["home_id"]), evaluated_on=r["evaluated_on"], framework_id=r["framework_id"],
                           title=r["title"], judgements=_grades(r["judgements"]), entries=_entries(r["entries"]),
                           id=EvaluationId(r["id"]))
                for r in self._rows(evaluations, home_id, evaluations.c.evaluated_on)]

    def save_evaluation(self, e: Evaluation) -> tuple[Evaluation, Changes]:
        """Add or update a self-evaluation snapshot."""
        if e.evaluated_on > self._store.today():
            raise ValidationError({"evaluated_on": "The evaluation date is in the future."})
        row = {"home_id": e.home_id, "evaluated_on": e.evaluated_on, "framework_id": e.framework_id,
               "title": e.title.strip(), "judgements": grades_json(e.judgements), "entries": _entries_json(e.entries)}
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

    @contextmanager
    def batch(self) -> Iterator[QualityBatch]:
        """Visits, reviews and inspections saved in one transaction (an import): all of them, or none."""
        with self._store.write() as w:
            yield QualityBatch(w, self._store.today())

    def visits(self, home_id: HomeId | None = None) -> list[Reg44Visit]:
        """Reg 44 visits, oldest first (every home's with no ``home_id``)."""
        return [_visit(r) for r in self._rows(reg44_visits, home_id, reg44_visits.c.visited_on)]

    def save_visit(self, v: Reg44Visit, *, owner: str = "", drop_removed: bool = False) -> tuple[Reg44Visit, Changes]:
        """Add or update a visit; new recommendations become actions (owner: the manager), a corrected one keeps
        its action, and with ``drop_removed`` a removed one's open action is dropped (else kept open)."""
        with self.batch() as batch:  # the visit and the actions from its recommendations: all, or none
            saved = batch.save_visit(v, owner=owner, drop_removed=drop_removed)
        return saved, batch.changes

    def reviews(self, home_id: HomeId | None = None) -> list[Reg45Review]:
        """Reg 45 reviews, oldest first (every home's with no ``home_id``)."""
        return [from_row(Reg45Review, r) for r in self._rows(reg45_reviews, home_id, reg45_reviews.c.period_end)]

    def save_review(self, r: Reg45Review) -> tuple[Reg45Review, Changes]:
        """Add or update a review."""
        with self.batch() as batch:
            saved = batch.save_review(r)
        return saved, batch.changes

    # ---- inspections -----------------------------------------------------------------------

    def inspections(self, home_id: HomeId | None = None) -> list[Inspection]:
        """Ofsted inspections, oldest first (every home's with no ``home_id``)."""
        return [_inspection(r) for r in self._rows(inspections, home_id, inspections.c.inspected_on)]

    def save_inspection(self, i: Inspection, *, owner: str = "") -> tuple[Inspection, Changes]:
        """Add or update an inspection; a new one's requirements and recommendations become actions.

        A full inspection dated on or after the home's last one also becomes the home's last
        inspection (date and grades) in the same transaction: the Changes then include HOMES.
        """
        with self.batch() as batch:  # the inspection, its actions and the home's last inspection: all, or none
            saved = batch.save_inspection(i, owner=owner)
        return saved, batch.changes

    def archived(self, home_id: HomeId) -> ArchivedQuality:
        """Visits, reviews and inspections archived as entered in error, each with the reason given."""
        def rows(table: Table, order: Any) -> list[dict[str, Any]]:
            query = select(table).where(table.c.archived_at.is_not(None), table.c.home_id == home_id)
            with self._store.read() as conn:
                return dict_rows(conn.execute(query.order_by(order, table.c.id)))

        return ArchivedQuality(
            visits=[(_visit(r), r["archive_reason"]) for r in rows(reg44_visits, reg44_visits.c.visited_on)],
            reviews=[(from_row(Reg45Review, r), r["archive_reason"])
                     for r in rows(reg45_reviews, reg45_reviews.c.period_end)],
            inspections=[(_inspection(r), r["archive_reason"]) for r in rows(inspections, inspections.c.inspected_on)])
