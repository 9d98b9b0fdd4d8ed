"""Text that cannot be stored (lone surrogates, control characters) is a row error by sheet, row and
column, and a dry run refuses exactly the rows the real import does, in every register."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from carehome_desk.importing.incidents import import_incidents, write_incidents_template
from carehome_desk.importing.quality import import_quality, write_quality_template
from carehome_desk.importing.values import CellError, read_label, read_text
from carehome_desk.importing.workforce import import_workforce, write_workforce_template
from carehome_desk.models.ids import HomeId
from carehome_desk.store import Store
from tests.importing import xlsx_build as xb
from tests.importing.test_incidents_import import GOOD as INCIDENTS
from tests.importing.test_quality_import import GOOD as QUALITY
from tests.importing.test_workforce_import import GOOD as WORKFORCE


@pytest.mark.parametrize("text, code, at", [
    ("Ann \ud800 Lee", "U+D800", 5), ("\x00", "U+0000", 1), ("bell\x07", "U+0007", 5), ("a\x0bb", "U+000B", 2),
    ("a\x1fb", "U+001F", 2), ("a\x7fb", "U+007F", 2), ("a\x85b", "U+0085", 2), ("a\ufffeb", "U+FFFE", 2),
    ("Excel's escape _x0007_ here", "U+0007", 16), ("_xDC00_", "U+DC00", 1),
])
def test_a_character_that_cannot_be_stored_is_a_cell_error(text: str, code: str, at: int) -> None:
    for one_line in (True, False):
        with pytest.raises(CellError) as caught:
            read_text(text, one_line=one_line)
        assert str(caught.value) == (f"contains a character that cannot be stored ({code}, character {at} of the "
                                     "text): retype the text without it.")
    assert "\ufffd" in read_label(text)  # headers and messages never raise


def test_tabs_line_breaks_and_any_other_text_are_kept() -> None:
    assert read_text("Ann\tLee") == "Ann Lee"
    assert read_text("line one\r\nline two\rthree\tfour", one_line=False) == "line one\nline two\nthree\tfour"
    assert read_text("Zoë 😀 née Ó Súilleabháin") == "Zoë 😀 née Ó Súilleabháin"


def test_raw_references_and_bytes_in_the_sheet_xml_become_row_errors(store: Store, home_id: HomeId,
                                                                     tmp_path: Path) -> None:
    rows = [xb.row_xml(1, ["Staff ref", "Full name", "Role", "Role title", "Care role", "Start date"])]
    names = ["Aisha &#xD800; Brennan", "Sam &#1; Kerr", "Priya\x0c Fairbairn", "Tom &#x1F600; Reid",
             "Kim &#65; Ng"]
    rows += [xb.row_xml(n, [f"E{n}", name, "Deputy", None, None, "03/03/2025"], raw=True)
             for n, name in enumerate(names, start=2)]
    path = xb.write_book(tmp_path / "raw.xlsx", {"Staff": xb.sheet_xml(rows)})
    result = import_workforce(store, path, home_id, skip_bad_rows=True)
    assert [(e.sheet, e.row, e.column, e.message.split(",")[0]) for e in result.errors] == [
        ("Staff", 2, "Full name", "contains a character that cannot be stored (U+D800"),
        ("Staff", 3, "Full name", "contains a character that cannot be stored (U+0001"),
        ("Staff", 4, "Full name", "contains a character that cannot be stored (U+000C"),
    ]
    assert sorted(m.full_name for m in store.staff.list(home_id)) == ["Kim A Ng", "Tom 😀 Reid"]


def _spoil(rows: dict[str, list[list[object]]]) -> dict[str, list[list[object]]]:
    """The same rows with Excel's escape for a control character or a lone surrogate put into one text
    cell of every other row, a different column each time."""
    spoiled = copy.deepcopy(rows)
    bad = ("_x0007_", "_xD800_", "_x001B_")
    for sheet in spoiled.values():
        for n, row in enumerate(sheet):
            texts = [i for i, v in enumerate(row) if isinstance(v, str) and v]
            if n % 2 == 0 and texts:
                i = texts[n // 2 % len(texts)]
                row[i] = f"{row[i]}{bad[n % 3]}"
    return spoiled


def _fill(path: Path, write: Callable[[Path], None], rows: dict[str, list[list[object]]]) -> Path:
    write(path)
    wb = openpyxl.load_workbook(path)
    for sheet, values in rows.items():
        for row in values:
            wb[sheet].append(row)
    wb.save(path)
    return path


Importer = Callable[..., Any]


@pytest.mark.parametrize("importer, write, rows", [
    (import_workforce, write_workforce_template, WORKFORCE),
    (import_incidents, write_incidents_template, INCIDENTS),
    (import_quality, write_quality_template, QUALITY),
], ids=["workforce", "incidents", "quality"])
def test_the_dry_run_refuses_exactly_the_rows_the_import_refuses(importer: Importer, write: Callable[[Path], None],
                                                                rows: dict[str, list[list[object]]], store: Store,
                                                                home_id: HomeId, tmp_path: Path) -> None:
    path = _fill(tmp_path / "spoiled.xlsx", write, _spoil(rows))
    dry = importer(store, path, home_id, dry_run=True)
    assert any("cannot be stored" in e.message for e in dry.errors)
    assert all(e.row is not None and e.column for e in dry.errors if "cannot be stored" in e.message)
    real = importer(store, path, home_id, skip_bad_rows=True)
    assert [str(e) for e in real.errors] == [str(e) for e in dry.errors]
    assert {k: (c.added, c.updated, c.failed) for k, c in real.sheets.items()} == {
        k: (c.added, c.updated, c.failed) for k, c in dry.sheets.items()}
    assert real.written or not dry.would_change
