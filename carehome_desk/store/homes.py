"""The homes register: one row per children's home the provider runs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.home import Grade, Home, HomeDetails, Judgement, validate_home
from carehome_desk.models.ids import HomeId
from carehome_desk.models.manager_setup import manager_staff, validate_manager_start
from carehome_desk.store.errors import NotFoundError, ValidationError
from carehome_desk.store.rows import to_row
from carehome_desk.store.schema import homes, staff

if TYPE_CHECKING:
    from carehome_desk.store.store import Store

GRADE_COLUMNS = {
    Judgement.OVERALL: "grade_overall",
    Judgement.HELPED_PROTECTED: "grade_helped_protected",
    Judgement.LEADERSHIP: "grade_leadership",
}


def _to_row(details: HomeDetails) -> dict[str, Any]:
    d = details.normalised()
    row: dict[str, Any] = {
        "name": d.name,
        "urn": d.urn,
        "address": d.address,
        "registered_manager": d.registered_manager,
        "responsible_individual": d.responsible_individual,
        "registration_date": d.registration_date,
        "last_inspection_date": d.last_inspection_date,
        "local_authority": d.local_authority,
        "records_start": d.records_start,
        "secure": d.secure,
    }
    for judgement, column in GRADE_COLUMNS.items():
        grade = d.last_inspection_grades.get(judgement)
        row[column] = grade.value if grade else None
    return row


def home_from_row(row: Mapping[Any, Any]) -> Home:
    """A saved home from its table row."""
    grades = {j: Grade(row[c]) for j, c in GRADE_COLUMNS.items() if row[c]}
    return Home(
        id=HomeId(row["id"]),
        name=row["name"],
        urn=row["urn"],
        address=row["address"],
        registered_manager=row["registered_manager"],
        responsible_individual=row["responsible_individual"],
        registration_date=row["registration_date"],
        last_inspection_date=row["last_inspection_date"],
        last_inspection_grades=grades,
        local_authority=row["local_authority"],
        records_start=row["records_start"],
        secure=bool(row["secure"]),
        version=row["version"],
        archived_at=row["archived_at"],
        archive_reason=row["archive_reason"],
    )


class HomeRepository:
    """Read and write homes through the store's audited write path."""

    def __init__(self, store: Store):
        self._store = store

    def list(self, *, include_archived: bool = False) -> list[Home]:
        """Homes in name order; archived homes only when asked."""
        query = select(homes).order_by(homes.c.name, homes.c.id)
        if not include_archived:
            query = query.where(homes.c.archived_at.is_(None))
        with self._store.read() as conn:
            return [home_from_row(r) for r in conn.execute(query).mappings()]

    def get(self, home_id: HomeId) -> Home:
        """One home by id."""
        with self._store.read() as conn:
            row = conn.execute(select(homes).where(homes.c.id == home_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"There is no home with id {home_id}.")
        return home_from_row(row)

    def by_urn(self, urn: str) -> Home | None:
        """The home with this URN, if any."""
        from carehome_desk.models.home import normalise_urn

        with self._store.read() as conn:
            row = conn.execute(select(homes).where(homes.c.urn == normalise_urn(urn))).mappings().first()
        return home_from_row(row) if row is not None else None

    def _problems(self, details: HomeDetails, today: date, home_id: HomeId | None) -> dict[str, str]:
        problems = validate_home(details, today)
        if "urn" not in problems:
            other = self.by_urn(details.urn)
            if other is not None and other.id != home_id:
                problems["urn"] = f"{other.name} already has the URN {other.urn}."
        return problems

    def _check(self, details: HomeDetails, today: date, home_id: HomeId | None) -> None:
        problems = self._problems(details, today, home_id)
        if problems:
            raise ValidationError(problems)

    def add(self, details: HomeDetails, *, manager_started: date | None = None) -> tuple[Home, Changes]:
        """Add a home after validating it.

        With ``manager_started`` (the set-up's "Started as registered manager on"), the registered
        manager it names also becomes a staff record in the same transaction, so Level 5 and their
        recruitment checks apply from the first day; no name, no staff record. All or nothing.
        """
        today = self._store.today()
        problems = self._problems(details, today, None)
        manager = None
        if manager_started is not None:
            for key, problem in validate_manager_start(details.registered_manager, manager_started, today).items():
                problems.setdefault(key, problem)
            manager = manager_staff(details.registered_manager, manager_started)
        if problems:
            raise ValidationError(problems)
        row = {**_to_row(details), "version": 1, "archive_reason": ""}
        try:
            with self._store.write() as w:
                new_id = w.insert(homes, row)
                if manager is not None:
                    w.insert(staff, {**to_row(manager, skip=()), "home_id": new_id, "version": 1,
                                     "archive_reason": ""})
        except IntegrityError as exc:  # a home added elsewhere in the meantime
            raise ValidationError({"urn": "Another home already has this URN."}) from exc
        changes = Changes.of(Register.HOMES, Register.STAFF) if manager is not None else Changes.of(Register.HOMES)
        return self.get(HomeId(new_id)), changes

    def update(self, home_id: HomeId, details: HomeDetails, *, expect_version: int) -> tuple[Home, Changes]:
        """Save edited details; refused if the home changed since ``expect_version`` was read."""
        self._check(details, self._store.today(), home_id)
        try:
            with self._store.write() as w:
                w.update(homes, home_id, _to_row(details), expect_version=expect_version)
        except IntegrityError as exc:
            raise ValidationError({"urn": "Another home already has this URN."}) from exc
        return self.get(home_id), Changes.of(Register.HOMES)

    def archive(self, home_id: HomeId, reason: str) -> Changes:
        """Archive a home (it closed or was transferred); its records are kept, never deleted."""
        if not reason.strip():
            raise ValidationError({"archive_reason": "Say why the home is being archived."})
        with self._store.write() as w:
            w.archive(homes, home_id, reason.strip())
        return Changes.of(Register.HOMES)
