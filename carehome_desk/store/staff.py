"""The staff register (Schedule 4 para 2 staff records): leavers stay in the record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.ids import HomeId, StaffId
from carehome_desk.models.staff import StaffDetails, StaffMember, validate_staff
from carehome_desk.store.errors import NotFoundError, ValidationError
from carehome_desk.store.rows import from_row, to_row, typed_rows
from carehome_desk.store.schema import staff

if TYPE_CHECKING:
    from carehome_desk.store.store import Store


class StaffRepository:
    """Read and write staff records through the audited write path."""

    def __init__(self, store: Store):
        self._store = store

    def list(self, home_id: HomeId | None = None, *, include_archived: bool = False) -> list[StaffMember]:
        """Staff in name order (leavers included; the caller decides whether to show them)."""
        query = select(staff).order_by(staff.c.full_name, staff.c.id)
        if home_id is not None:
            query = query.where(staff.c.home_id == home_id)
        if not include_archived:
            query = query.where(staff.c.archived_at.is_(None))
        with self._store.read() as conn:
            return typed_rows(StaffMember, conn.execute(query))

    def get(self, staff_id: StaffId) -> StaffMember:
        """One staff record."""
        with self._store.read() as conn:
            row = conn.execute(select(staff).where(staff.c.id == staff_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"There is no staff record {staff_id}.")
        return from_row(StaffMember, row)

    def add(self, home_id: HomeId, details: StaffDetails) -> tuple[StaffMember, Changes]:
        """Add a member of staff to a home."""
        details = details.normalised()
        problems = validate_staff(details, self._store.today())
        if problems:
            raise ValidationError(problems)
        row = to_row(details, skip=())
        row.update(home_id=home_id, version=1, archive_reason="")
        with self._store.write() as w:
            new_id = w.insert(staff, row)
        return self.get(StaffId(new_id)), Changes.of(Register.STAFF)

    def update(self, member: StaffMember) -> tuple[StaffMember, Changes]:
        """Save edited details; refused if the record changed since ``member.version`` was read."""
        details = member.details.normalised()
        problems = validate_staff(details, self._store.today())
        if problems:
            raise ValidationError(problems)
        row = to_row(details, skip=())
        with self._store.write() as w:
            w.update(staff, member.id, row, expect_version=member.version)
        return self.get(member.id), Changes.of(Register.STAFF)

    def archive(self, staff_id: StaffId, reason: str) -> Changes:
        """Archive a record entered in error; leavers get a leaving date instead, never deletion."""
        if not reason.strip():
            raise ValidationError({"archive_reason": "Say why the record is being archived."})
        with self._store.write() as w:
            w.archive(staff, staff_id, reason.strip())
        return Changes.of(Register.STAFF)
