"""The register of children (Schedule 4): children who have left stay in the record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.children import Child, ChildDetails, validate_child
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
            with self._store.read() as conn:
                other = conn.execute(select(children.c.id).where(
                    children.c.home_id == home_id, children.c.reference == details.reference)).scalar()
            if other is not None and other != child_id:
                problems["reference"] = f"Another child already has the reference {details.reference}."
        if problems:
            raise ValidationError(problems)

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
