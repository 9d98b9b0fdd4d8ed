"""The pack's Staff sheet: the date each diploma counts from, and the guessed-date item kept off its status."""

from __future__ import annotations

from datetime import date

from carehome_desk.services.evidence import Period
from carehome_desk.export.pack_workforce import workforce_sheets
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.store import Store
from tests.conftest import oak_lodge

TODAY = date(2026, 12, 3)


def test_the_staff_sheet_shows_the_date_each_diploma_counts_from(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge())
    for details in (
        StaffDetails("Alex Promoted", StaffRole.TEAM_LEADER, date(2022, 3, 1), role_start_date=date(2025, 1, 6),
                     care_started_on=date(2022, 3, 1), dates_to_confirm=True),
        StaffDetails("Sam Patel", StaffRole.REGISTERED_MANAGER, date(2024, 1, 8),
                     managing_started_on=date(2022, 9, 1)),
        StaffDetails("Cal Cook", StaffRole.ANCILLARY, date(2020, 1, 1), role_title="Cook"),
    ):
        store.staff.add(home.id, details)
    snap = store.workforce.snapshot(home.id)
    staff_sheet = workforce_sheets([(home, snap)], ProviderSettings(), Period(date(2026, 1, 1), TODAY), TODAY)[0]
    heads = [c.header for c in staff_sheet.columns]
    rows = {r[0]: dict(zip(heads, r, strict=True)) for r in staff_sheet.rows}
    alex, sam, cal = rows["Alex Promoted"], rows["Sam Patel"], rows["Cal Cook"]
    assert (alex["In role since"], alex["Diploma counted from"], alex["Due by"]) == (
        date(2025, 1, 6), date(2022, 3, 1), date(2024, 3, 1))
    assert alex["Diploma required"] == "Level 3" and alex["Qualification status"] == "Overdue"
    assert "date guessed: confirm it on the Staff page" in alex["Qualification detail"]
    assert (sam["Diploma counted from"], sam["Due by"]) == (date(2022, 9, 1), date(2025, 9, 1))
    assert cal["Diploma counted from"] is None and cal["Diploma required"] == "None"
    assert "promotions do not restart it" in staff_sheet.note
