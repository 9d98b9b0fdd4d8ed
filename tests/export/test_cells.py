"""The cell sanitiser: any text a person can type survives a real xlsx round trip, or says what changed."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from carehome_desk.export.cells import MAX_CELL_UNITS, cell_text, csv_safe, put_text, text_cell

NOTE = "[carehome-desk:"

# Arbitrary unicode, surrogates included, with the awkward characters made common and the
# prefixes that spreadsheets treat specially tried at the start.
awkward = st.sampled_from(["\x00", "\x0b", "\x1f", "\r", "\r\n", "\n", "\t", " ", "\ud800", "\udfff", "\ufffe",
                           "\uffff", "\ufeff", "\x85", "\u2028", "_x0041_", "_x000D_", "😀", "&", "<", "'", '"'])
chunks = st.one_of(st.text(alphabet=st.characters(exclude_categories=()), max_size=30), awkward)
prefixes = st.sampled_from(["", "=", "+", "-", "@", "=1+1", "=HYPERLINK(\"http://x.test\",\"click\")",
                            "http://example.test/", "mailto:a@b.test", " ", "'", "\t=", "01/02/2024", "0012"])
user_text = st.builds(lambda p, parts: p + "".join(parts), prefixes, st.lists(chunks, max_size=6))


def units(text: str) -> int:
    """UTF-16 code units, as Excel counts (a lone surrogate counts as one)."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def saved(write_only: bool, texts: list[str]) -> bytes:
    """A workbook with one text per row (column A labels the row, column B holds the text)."""
    wb = openpyxl.Workbook(write_only=write_only)
    ws = wb.create_sheet("Notes") if write_only else wb.active
    for i, text in enumerate(texts):
        if write_only:
            ws.append([f"row {i}", text_cell(ws, text)])
        else:
            ws.cell(i + 1, 1, f"row {i}")
            put_text(ws.cell(i + 1, 2), text)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def reread(data: bytes, count: int) -> tuple[list[object], list[object]]:
    """Column B as openpyxl and as calamine read it, checking openpyxl sees plain text only."""
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    by_openpyxl = []
    for i in range(count):
        cell = ws.cell(i + 1, 2)
        assert cell.hyperlink is None
        assert cell.value is None or cell.data_type == "s", (cell.value, cell.data_type)
        by_openpyxl.append(cell.value)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    by_calamine = {row[0]: (row[1] if len(row) > 1 and row[1] != "" else None) for row in rows}
    return by_openpyxl, [by_calamine[f"row {i}"] for i in range(count)]


def plain(text: str) -> bool:
    """Text that needs no change at all (apart from line endings)."""
    return (units(text) <= MAX_CELL_UNITS
            and not any(ord(c) < 0x20 and c not in "\t\n\r" or 0xD800 <= ord(c) <= 0xDFFF or c in "\ufffe\uffff"
                        for c in text)
            and not re.search("_x[0-9A-Fa-f]{4}_", text)
            and text.strip() != "")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(user_text, min_size=1, max_size=5), write_only=st.booleans())
@example(texts=["=1+1", "@SUM(A1)", "-2", "+44 7700 900123"], write_only=True)
@example(texts=["a\x0bb", "\ud83d", "\ufffe", "a_x0041_b", " \n\t"], write_only=False)
@example(texts=[" \x85", "\xa0 ", "\t\u3000", " \u2028 "], write_only=True)  # found by this test
def test_any_text_round_trips_through_openpyxl_and_calamine(texts: list[str], write_only: bool) -> None:
    expected = [cell_text(t) for t in texts]
    by_openpyxl, by_calamine = reread(saved(write_only, texts), len(texts))
    assert by_openpyxl == expected
    assert by_calamine == expected
    for original, stored in zip(texts, expected):
        normalised = original.replace("\r\n", "\n").replace("\r", "\n")
        if plain(original):
            assert stored == normalised  # ordinary text is never altered
        elif stored is not None and stored != normalised:
            assert NOTE in stored  # any change is said in the cell
        if stored is not None:
            assert units(stored) <= MAX_CELL_UNITS


@pytest.mark.parametrize("text", ["=1+1", "=HYPERLINK(\"http://evil.test\",\"Click\")", "+cmd|' /C calc'!A0",
                                  "-1", "@SUM(A1:A2)"])
def test_formula_looking_text_stays_text_and_is_marked_as_text(text: str) -> None:
    data = saved(False, [text])
    cell = openpyxl.load_workbook(io.BytesIO(data)).active.cell(1, 2)
    assert (cell.value, cell.data_type, cell.hyperlink) == (text, "s", None)
    assert cell.quotePrefix  # Excel keeps it as text even when someone edits the cell
    sheet = _sheet_xml(data)
    assert b"<f" not in sheet and b"<hyperlink" not in sheet


def _sheet_xml(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("xl/worksheets/sheet1.xml")


def test_text_at_the_limit_is_kept_and_longer_text_is_shortened_visibly() -> None:
    exact = "a" * MAX_CELL_UNITS
    assert cell_text(exact) == exact
    long = ("Night log. " * 4000) + "😀" * 10
    stored = cell_text(long)
    assert stored is not None
    assert units(stored) <= MAX_CELL_UNITS
    assert stored.startswith("Night log. Night log.")
    assert "shortened to fit one spreadsheet cell" in stored
    left_out = len(long) - len(stored.split("\n[carehome-desk")[0])
    assert f"the last {left_out:,} characters are left out" in stored
    by_openpyxl, by_calamine = reread(saved(True, [long]), 1)
    assert by_openpyxl == by_calamine == [stored]


def test_emoji_are_counted_as_excel_counts_them() -> None:
    # 😀 is two UTF-16 units: 16,384 of them are 32,768 units, one more than a cell holds.
    stored = cell_text("😀" * 16_384)
    assert stored is not None and "shortened" in stored and units(stored) <= MAX_CELL_UNITS


def test_changes_are_named_in_the_cell() -> None:
    assert cell_text("bad\x00byte\x1b") == (
        "bad\ufffdbyte\ufffd\n[carehome-desk: 2 characters that a spreadsheet cannot hold replaced with \ufffd]")
    stored = cell_text("file _x0041_.docx")
    assert stored is not None and stored.startswith("file \uff3fx0041_.docx\n[carehome-desk:")
    assert cell_text("line one\r\nline two\rthree") == "line one\nline two\nthree"
    assert cell_text("   ") is None and cell_text(None) is None and cell_text("") is None
    assert cell_text(12.5) == "12.5"


def test_csv_safe_still_guards_formulas() -> None:
    assert csv_safe("=SUM(A1)") == "'=SUM(A1)"
    assert csv_safe("Plain") == "Plain"
