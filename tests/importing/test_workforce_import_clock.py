"""Importing the dates Level 3 and Level 5 count from: given, left blank (guessed and listed), and again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from carehome_desk.importing.workforce import import_workforce
from carehome_desk.importing.workforce_sheets import CARE_STARTED, MANAGING_STARTED, STAFF
from carehome_desk.models.ids import HomeId
from carehome_desk.models.qualifications import CONFIRM_KEY
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.workforce import workforce_requirements
from carehome_desk.store import Store
from tests.importing.conftest import audit_count, fill

TODAY = date(2026, 11, 22)  # the fixed clock's day (tests/conftest.py)


def staff_row(**cells: object) -> list[object]:
    """A Staff row by header, so the test does not depend on the columns' order."""
    return [cells.get(c.header) for c in STAFF.columns]


PROMOTED = staff_row(**{"Full name": "Alex Promoted", "Role": "Team leader / senior", "Start date": "01/03/2022",
                        "Started current role": "06/01/2025"})
JOINED = staff_row(**{"Full name": "Bea Joined", "Role": "Residential childcare worker", "Start date": "01/05/2024"})
COOK = staff_row(**{"Full name": "Cal Cook", "Role": "Ancillary", "Start date": "01/01/2020", "Role title": "Cook"})
MANAGER = staff_row(**{"Full name": "Sam Patel", "Role": "Registered manager", "Start date": "01/02/2023"})


def people(store: Store, home_id: HomeId) -> dict[str, tuple[object, ...]]:
    return {m.full_name: (m.care_started_on, m.managing_started_on, m.dates_to_confirm)
            for m in store.staff.list(home_id)}


def test_blank_dates_are_guessed_as_the_upgrade_does_and_listed_to_confirm(store: Store, home_id: HomeId,
                                                                           template: Path) -> None:
    path = fill(template, {"Staff": [PROMOTED, JOINED, COOK, MANAGER]})
    result = import_workforce(store, path, home_id)
    assert result.errors == [] and result.written
    assert people(store, home_id) == {
        "Alex Promoted": (date(2022, 3, 1), None, True),  # changed role here: may have joined in a non-care role
        "Bea Joined": (date(2024, 5, 1), None, True),  # may have been in care at another home first
        "Cal Cook": (None, None, False),
        "Sam Patel": (date(2023, 2, 1), date(2023, 2, 1), True),  # may have managed another home first
    }
    reqs = workforce_requirements(store.workforce.snapshot(home_id), store.settings.get(), TODAY)
    assert sorted((r.subject, r.requirement) for r in reqs if r.key == CONFIRM_KEY) == [
        ("Alex Promoted", "Confirm first care-role date"), ("Bea Joined", "Confirm first care-role date"),
        ("Sam Patel", "Confirm first managing date")]
    level3 = next(r for r in reqs if r.subject == "Alex Promoted" and r.requirement == "Level 3")
    assert level3.due == date(2024, 3, 1)  # from the first care role, not the promotion

    # The same file again changes nothing: the guesses are not made again, nor the marks cleared.
    before, audit_before = store.staff.list(home_id), audit_count(store)
    again = import_workforce(store, path, home_id)
    assert again.errors == [] and not again.written and again.sheets["Staff"].unchanged == 4
    assert store.staff.list(home_id) == before and audit_count(store) == audit_before


def test_dates_given_in_the_file_count_and_need_no_confirming(store: Store, home_id: HomeId, template: Path) -> None:
    promoted = list(PROMOTED)
    promoted[STAFF.columns.index(STAFF.column("care_started_on"))] = "19/07/2021"  # in care at another home first
    manager = list(MANAGER)
    manager[STAFF.columns.index(STAFF.column("managing_started_on"))] = date(2022, 9, 1)
    path = fill(template, {"Staff": [promoted, manager]})
    assert import_workforce(store, path, home_id).errors == []
    assert people(store, home_id) == {"Alex Promoted": (date(2021, 7, 19), None, False),
                                      "Sam Patel": (date(2023, 2, 1), date(2022, 9, 1), False)}
    reqs = workforce_requirements(store.workforce.snapshot(home_id), store.settings.get(), TODAY)
    due = {r.subject: r.due for r in reqs if r.requirement in ("Level 3", "Level 5")}
    assert due == {"Alex Promoted": date(2023, 7, 19), "Sam Patel": date(2025, 9, 1)}
    assert not [r for r in reqs if r.key == CONFIRM_KEY]
    again = import_workforce(store, path, home_id)
    assert not again.written and again.sheets["Staff"].unchanged == 2


def test_a_date_given_later_confirms_a_guess_and_a_blank_keeps_a_confirmed_date(store: Store, home_id: HomeId,
                                                                              template: Path, tmp_path: Path) -> None:
    blank = fill(template, {"Staff": [PROMOTED]})
    import_workforce(store, blank, home_id)
    # The manager confirms in the app; importing the blank file again neither guesses again nor re-marks.
    (alex,) = store.staff.list(home_id)
    from dataclasses import replace

    store.staff.update(replace(alex, care_started_on=date(2020, 6, 1), dates_to_confirm=False))
    again = import_workforce(store, blank, home_id)
    assert not again.written and people(store, home_id)["Alex Promoted"] == (date(2020, 6, 1), None, False)
    # A file that gives the date is the manager's answer too.
    store.staff.update(replace(store.staff.get(alex.id), dates_to_confirm=True))
    from carehome_desk.importing.workforce import write_workforce_template

    given = tmp_path / "given.xlsx"
    write_workforce_template(given)
    row = list(PROMOTED)
    row[STAFF.columns.index(STAFF.column("care_started_on"))] = "01/06/2020"
    result = import_workforce(store, fill(given, {"Staff": [row]}), home_id)
    assert result.sheets["Staff"].updated == 1
    assert people(store, home_id)["Alex Promoted"] == (date(2020, 6, 1), None, False)


def test_a_move_from_a_non_care_role_into_care_starts_the_guess_at_the_move(store: Store, home_id: HomeId,
                                                                           template: Path) -> None:
    store.staff.add(home_id, StaffDetails("Cal Cook", StaffRole.ANCILLARY, date(2020, 1, 1), role_title="Cook"))
    moved = staff_row(**{"Full name": "Cal Cook", "Role": "Residential childcare worker", "Start date": "01/01/2020",
                         "Started current role": "03/06/2026"})
    assert import_workforce(store, fill(template, {"Staff": [moved]}), home_id).errors == []
    assert people(store, home_id)["Cal Cook"] == (date(2026, 6, 3), None, True)


def test_a_bad_or_future_date_is_reported_at_its_column(store: Store, home_id: HomeId, template: Path) -> None:
    bad = list(JOINED)
    bad[STAFF.columns.index(STAFF.column("care_started_on"))] = "31/02/2024"
    future = list(MANAGER)
    future[STAFF.columns.index(STAFF.column("managing_started_on"))] = "01/01/2027"
    result = import_workforce(store, fill(template, {"Staff": [bad, future]}), home_id)
    messages = [str(e) for e in result.errors]
    assert messages == [
        f"Staff row 2, column '{CARE_STARTED}': '31/02/2024' is not a real date: that month has no day 31.",
        f"Staff row 3, column '{MANAGING_STARTED}': The date they first started managing a home is in the future.",
    ]
    assert store.staff.list(home_id) == []


def test_the_template_says_which_date_counts_and_why(template: Path) -> None:
    ws = openpyxl.load_workbook(template)["Instructions"]
    text = "\n".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c)
    assert "a promotion does not restart them" in text
    assert "first started in a care role in any children's home (Level 3, reg 32(4): 2 years)" in text
    help_by_header = {c.header: c.help for c in STAFF.columns}
    assert "counts from it" not in help_by_header["Started current role"]
    assert "do not count from it" in help_by_header["Started current role"]
    assert help_by_header[CARE_STARTED].startswith("Care roles: the day they first started in a care role in any "
                                                   "children's home")
    assert "Reg 28: Level 5 is due 3 years after this date" in help_by_header[MANAGING_STARTED]
    staff = openpyxl.load_workbook(template)["Staff"]
    headers = [c.value for c in staff[1]]
    for header in (CARE_STARTED, MANAGING_STARTED):
        letter = openpyxl.utils.get_column_letter(headers.index(header) + 1)
        assert staff.column_dimensions[letter].number_format == "DD/MM/YYYY"


PLANNED = staff_row(**{"Full name": "New Starter", "Role": "Residential childcare worker", "Start date": "04/01/2027"})


def test_a_planned_starter_with_a_blank_first_care_date_is_imported(store: Store, home_id: HomeId,
                                                                     template: Path) -> None:
    # Reg 32/33 checks are done before they start, so a future start date (today 22/11/2026) is a real record.
    path = fill(template, {"Staff": [PLANNED]})
    result = import_workforce(store, path, home_id)
    assert result.errors == [] and result.sheets["Staff"].added == 1
    # Their first care role is taken as their first day here, listed to confirm as for anyone else.
    assert people(store, home_id) == {"New Starter": (date(2027, 1, 4), None, True)}
    level3 = next(r for r in workforce_requirements(store.workforce.snapshot(home_id), store.settings.get(), TODAY)
                  if r.subject == "New Starter" and r.requirement == "Level 3")
    assert level3.due == date(2029, 1, 4)
    audit_before = audit_count(store)
    again = import_workforce(store, path, home_id)
    assert again.errors == [] and not again.written and again.sheets["Staff"].unchanged == 1
    assert audit_count(store) == audit_before


def test_a_planned_starter_with_care_at_another_home_keeps_that_date(store: Store, home_id: HomeId,
                                                                      template: Path) -> None:
    row = list(PLANNED)
    row[STAFF.columns.index(STAFF.column("care_started_on"))] = "19/07/2021"
    manager = staff_row(**{"Full name": "Pat Planned", "Role": "Registered manager", "Start date": "01/02/2027"})
    assert import_workforce(store, fill(template, {"Staff": [row, manager]}), home_id).errors == []
    assert people(store, home_id) == {"New Starter": (date(2021, 7, 19), None, False),
                                      "Pat Planned": (date(2027, 2, 1), date(2027, 2, 1), True)}


def test_a_first_care_date_after_the_start_is_reported_at_its_column_with_why(store: Store, home_id: HomeId,
                                                                              template: Path) -> None:
    planned = list(PLANNED)
    planned[STAFF.columns.index(STAFF.column("care_started_on"))] = "01/02/2027"
    between = list(PLANNED)
    between[STAFF.columns.index(STAFF.column("care_started_on"))] = "20/12/2026"
    result = import_workforce(store, fill(template, {"Staff": [planned, between]}), home_id)
    assert [str(e) for e in result.errors] == [
        f"Staff row 2, column '{CARE_STARTED}': The date they first started in a care role cannot be after "
        "04/01/2027, their start date here: they start here in a care role that day.",
        f"Staff row 3, column '{CARE_STARTED}': The date they first started in a care role is in the future. If this "
        "is their first care role, enter their start date here (04/01/2027).",
    ]
    assert store.staff.list(home_id) == []
