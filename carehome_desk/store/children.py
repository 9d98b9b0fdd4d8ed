"""The register of children (Schedule 4): children who have left stay in the record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.children import Child, ChildDetails, reference_key, validate_child
from carehome_desk.models.ids import ChildId, HomeId
from carehome_desk.store.errors import NotFoundError, ValidationError
from carehome_desk.store.rows import from_row, to_row, typed_rows
from carehome_desk.store.schema import children

if TYPE_CHECKING:
    from carehome_desk.store.store import Store


class ChildRepository:
    """Read and write the register of children through the audited write path."""

    def __init__(self, store: Store):
        self._store = store

    def list(self, home_id: HomeId | None = None, *, include_archived: bool = False) -> list[Child]:
        """Children in admission order (those who have left included; archived entries only if asked)."""
        query = select(children)
        if not include_archived:
            query = query.where(children.c.archived_at.is_(None))
        if home_id is not None:
            query = query.where(children.c.home_id == home_id)
        with self._store.read() as conn:
            return typed_rows(Child, conn.execute(query.order_by(children.c.admission_date, children.c.id)))

    def get(self, child_id: ChildId) -> Child:
        """One child."""
        with self._store.read() as conn:
            row = conn.execute(select(children).where(children.c.id == child_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"There is no child record {child_id}.")
        return from_row(Child, row)

    def _check(self, home_id: HomeId, details: ChildDetails, child_id: ChildId | None) -> None:
        problems = validate_child(details, self._store.today())
        if "reference" not in problems:
            problem = self._reference_taken(home_id, details.reference, child_id)
            if problem:
                problems["reference"] = problem
        if problems:
            raise ValidationError(problems)

    def _reference_taken(self, home_id: HomeId, reference: str, child_id: ChildId | None) -> str | None:
        """Why the reference cannot be used, when another of the home's children has it (capitals and spaces aside).

        Archived entries count: an import or a restored file may bring their reference back. A database
        written before this check may already hold two references that differ only in capitals: each
        entry still opens and saves while its own reference is left as it is (changing it away from the
        clash is always allowed), so only a new clash is refused.
        """
        key = reference_key(reference)
        with self._store.read() as conn:
            rows = conn.execute(select(children.c.id, children.c.reference, children.c.initials).where(
                children.c.home_id == home_id)).all()
        stored = next((r.reference for r in rows if r.id == child_id), None)
        if stored is not None and reference_key(stored) == key and stored == reference:
            return None  # its own reference, unchanged: a clash it was saved with is not made worse
        other = next((r for r in rows if r.id != child_id and reference_key(r.reference) == key), None)
        if other is None:
            return None
        if other.reference == reference:
            return f"Another child, {other.initials}, already has the reference {reference}."
        return (f"Another child, {other.initials}, already has the reference {other.reference}: capitals and spaces "
                "do not make a reference different.")

    def add(self, home_id: HomeId, details: ChildDetails) -> tuple[Child, Changes]:
        """Admit a child to the register."""
        details = details.normalised()
        self._check(home_id, details, None)
        row = {**to_row(details, skip=()), "home_id": home_id, "version": 1, "archive_reason": ""}
        try:
            with self._store.write() as w:
                new_id = w.insert(children, row)
        except IntegrityError as exc:
            raise ValidationError({"reference": "Another child already has this reference."}) from exc
        return self.get(ChildId(new_id)), Changes.of(Register.CHILDREN)

    def update(self, child: Child) -> tuple[Child, Changes]:
        """Save edited details; refused if the record changed since it was read."""
        details = child.details.normalised()
        self._check(child.home_id, details, child.id)
        with self._store.write() as w:
            w.update(children, child.id, to_row(details, skip=()), expect_version=child.version)
        return self.get(child.id), Changes.of(Register.CHILDREN)

    def archive(self, child_id: ChildId, reason: str) -> Changes:
        """Archive an entry made in error (a child who left gets a leaving date instead)."""
        if not reason.strip():
            raise ValidationError({"archive_reason": "Say why the record is being archived."})
        with self._store.write() as w:
            w.archive(children, child_id, reason.strip())
        return Changes.of(Register.CHILDREN)
