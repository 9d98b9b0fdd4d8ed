"""Small builders for workforce rule tests."""

from __future__ import annotations

from datetime import date

from carehome_desk.models.ids import HomeId, StaffId
from carehome_desk.models.staff import Contract, StaffMember, StaffRole


def person(role: StaffRole = StaffRole.RESIDENTIAL_WORKER, start: date = date(2024, 1, 15), **kw: object) -> StaffMember:
    values: dict[str, object] = dict(full_name="Test Person", role=role, start_date=start, id=StaffId(7),
                                     home_id=HomeId(1), contract=Contract.PERMANENT)
    values.update(kw)
    return StaffMember(**values)  # type: ignore[arg-type]
