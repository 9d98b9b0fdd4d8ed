"""The staff register (Schedule 4 para 2 staff records): leavers stay in the record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.ids import HomeId, StaffId
from carehome_desk.models.staff import StaffDetails, StaffMember, validate_staff
from carehome_desk.models.staff_names import name_key
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

    def _problems(self, home_id: HomeId, details: StaffDetails, staff_id: StaffId | None) -> dict[str, str]:
        problems = validate_staff(details, self._store.today())
        if details.staff_ref and "staff_ref" not in problems:
            problem = self._ref_taken(home_id, details.staff_ref, staff_id)
            if problem:
                problems["staff_ref"] = problem
        return problems

    def _ref_taken(self, home_id: HomeId, ref: str, staff_id: StaffId | None) -> str | None:
        """Why a staff reference cannot be used: another person at the home has it, capitals and spaces aside.

        Imports find people by it, so two people sharing one would be mixed up. Leavers and archived
        records count. Records saved before this check may already share one: each still saves while its
        own reference is left as it is, so only a new clash is refused.
        """
        key = name_key(ref)
        with self._store.read() as conn:
            rows = conn.execute(select(staff.c.id, staff.c.staff_ref, staff.c.full_name).where(
                staff.c.home_id == home_id, staff.c.staff_ref != "")).all()
        if any(r.id == staff_id and r.staff_ref == ref for r in rows):
            return None
        other = next((r for r in rows if r.id != staff_id and name_key(r.staff_ref) == key), None)
        if other is None:
            return None
        same = "" if other.staff_ref == ref else ": capitals and spaces do not make a reference different"
        return f"{other.full_name} already has the staff reference {other.staff_ref}{same}."

    def add(self, home_id: HomeId, details: StaffDetails) -> tuple[StaffMember, Changes]:
        """Add a member of staff to a home."""
        details = details.normalised()
        problems = self._problems(home_id, details, None)
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
        problems = self._problems(member.home_id, details, member.id)
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
