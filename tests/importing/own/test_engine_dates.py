"""Text dates in a manager's own sheet: day-first (UK), every style, months alone, impossible dates as errors,
and columns that mix day-first with month-first listed for confirmation, never guessed."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from carehome_desk.importing.own.cells import read_matrix_cell, read_own_date
from carehome_desk.importing.own.engine import import_own, suggest
from carehome_desk.importing.own.mapping import DAY_FIRST, MONTH_FIRST, Layout, Mapping
from carehome_desk.importing.own.tables import CellValue, SourceFile, Table
from carehome_desk.importing.text import CellError
from carehome_desk.models.ids import HomeId
from carehome_desk.store import Store

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("text", ["03/04/25", "3.4.2025", "03-04-2025", "3/4/2025", " 03 / 04 / 2025 "])
def test_text_dates_in_every_style_are_read_day_first(text: str) -> None:
    assert read_own_date(text, DAY_FIRST, TODAY) == date(2025, 4, 3)


def test_month_first_reads_the_same_text_the_other_way_round() -> None:
    assert read_own_date("03/04/2025", MONTH_FIRST, TODAY) == date(2025, 3, 4)
    assert read_own_date("12/31/2025", MONTH_FIRST, TODAY) == date(2025, 12, 31)
    with pytest.raises(CellError, match=r"^'31/12/2025' has no month 31: this column is read month-first"):
        read_own_date("31/12/2025", MONTH_FIRST, TODAY)


def test_the_29th_of_february_only_in_a_leap_year() -> None:
    assert read_own_date("29/02/2024", DAY_FIRST, TODAY) == date(2024, 2, 29)
    with pytest.raises(CellError, match=r"^'29/02/2025' is not a real date: that month has no day 29\.$"):
        read_own_date("29/02/2025", DAY_FIRST, TODAY)
    with pytest.raises(CellError, match="no day 31"):
        read_own_date("31/02/2025", DAY_FIRST, TODAY)


def test_a_month_first_date_in_a_day_first_column_is_an_error_with_the_way_out() -> None:
    with pytest.raises(CellError) as caught:
        read_own_date("12/31/2025", DAY_FIRST, TODAY)
    assert str(caught.value) == ("'12/31/2025' has no month 31: the month comes second (DD/MM/YYYY). If this column "
                                 "writes the month first (MM/DD/YYYY), choose month-first for it.")


def test_a_matrix_cell_reads_a_month_alone_as_the_first_and_says_so() -> None:
    for text in ("Apr-25", "April 2025", "apr 2025", "04/2025"):
        cell = read_matrix_cell(text, DAY_FIRST, TODAY)
        assert (cell.day, cell.month_only) == (date(2025, 4, 1), True)
    real = read_matrix_cell(datetime(2025, 4, 3, 0, 0), DAY_FIRST, TODAY)
    assert (real.day, real.month_only) == (date(2025, 4, 3), False)


@pytest.mark.parametrize(("text", "word"), [("booked 12/05", "booked"), ("N/A", "N/A"), ("n/a", "N/A"),
                                            ("Exempt", "exempt"), ("EXPIRED", "expired"), ("✓", "✓/yes"),
                                            ("yes", "✓/yes"), ("In progress", "in progress")])
def test_words_in_a_matrix_cell_are_known_not_dates(text: str, word: str) -> None:
    cell = read_matrix_cell(text, DAY_FIRST, TODAY)
    assert cell.day is None
    assert cell.word is not None and cell.word.word == word


def _matrix(*dates: CellValue) -> SourceFile:
    rows: list[list[CellValue]] = [["Name", "Role", "Start date", "Fire safety"]]
    rows += [[f"Person {n}", "RCW", "01/01/2020", d] for n, d in enumerate(dates, start=1)]
    return SourceFile(Path("m.csv"), "csv", [Table("Sheet1", rows)])


def _fire(mapping: Mapping) -> object:
    return next(c for c in mapping.sheets[0].columns if c.header == "Fire safety")


def test_a_column_mixing_orders_lists_every_date_either_way_and_is_blocked(store: Store, home_id: HomeId) -> None:
    source = _matrix("13/04/2025", "04/13/2025", "03/04/2025", "12/12/2025", date(2025, 5, 6), "05/06/2025")
    result = import_own(store, home_id, source, suggest(source, Layout.MATRIX, store.workforce.courses()))
    assert [str(a) for a in result.ambiguous] == [
        "Sheet1 row 4, column 'Fire safety': '03/04/2025' is read as 03/04/2025; month-first it would be 04/03/2025.",
        "Sheet1 row 7, column 'Fire safety': '05/06/2025' is read as 05/06/2025; month-first it would be 06/05/2025."]
    assert result.blocked == [
        "Sheet 'Sheet1', column 'Fire safety' mixes date orders: '13/04/2025' (row 2) can only be day-first and "
        "'04/13/2025' (row 3) only month-first, so 2 dates that could be either way are listed. Check them, then "
        "confirm the column as read day-first (\"dates_confirmed\": true) or read it month-first (\"date_order\": "
        "\"month-first\")."]
    assert "2 dates that could be read either way:" in result.report()
    assert not result.written and store.staff.list() == []


def test_confirming_the_column_reads_it_day_first_and_the_month_first_date_is_an_error(
        store: Store, home_id: HomeId) -> None:
    source = _matrix("13/04/2025", "04/13/2025", "03/04/2025")
    mapping = suggest(source, Layout.MATRIX, store.workforce.courses())
    column = _fire(mapping)
    column.dates_confirmed = True  # type: ignore[attr-defined]
    result = import_own(store, home_id, source, mapping, skip_bad_rows=True)
    assert result.blocked == [] and result.ambiguous == []
    assert [str(e) for e in result.errors] == [
        "Sheet1 row 3, column 'Fire safety': '04/13/2025' has no month 13: the month comes second (DD/MM/YYYY). If "
        "this column writes the month first (MM/DD/YYYY), choose month-first for it."]
    done = sorted(t.completed for m in store.staff.list(home_id) for t in store.workforce.training_for(m.id))
    assert done == [date(2025, 4, 3), date(2025, 4, 13)]


def test_choosing_month_first_reads_the_column_that_way(store: Store, home_id: HomeId) -> None:
    source = _matrix("12/31/2025", "31/12/2025", "03/04/2025")
    mapping = suggest(source, Layout.MATRIX, store.workforce.courses())
    _fire(mapping).date_order = MONTH_FIRST  # type: ignore[attr-defined]
    result = import_own(store, home_id, source, mapping, skip_bad_rows=True)
    assert result.blocked == []
    assert [str(e) for e in result.errors] == [
        "Sheet1 row 3, column 'Fire safety': '31/12/2025' has no month 31: this column is read month-first "
        "(MM/DD/YYYY)."]
    done = sorted(t.completed for m in store.staff.list(home_id) for t in store.workforce.training_for(m.id))
    assert done == [date(2025, 3, 4), date(2025, 12, 31)]


def test_real_date_cells_and_dates_the_same_both_ways_are_never_ambiguous(store: Store, home_id: HomeId) -> None:
    source = _matrix(date(2025, 4, 3), "12/12/2025", "13/04/2025", "01/01/2025")
    result = import_own(store, home_id, source, suggest(source, Layout.MATRIX, store.workforce.courses()))
    assert result.ambiguous == [] and result.blocked == []
    assert result.written
    done = sorted(t.completed for m in store.staff.list(home_id) for t in store.workforce.training_for(m.id))
    assert done == [date(2025, 1, 1), date(2025, 4, 3), date(2025, 4, 13), date(2025, 12, 12)]
