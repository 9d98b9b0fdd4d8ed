"""Fuzzing the workbook reader: whatever the cells or the bytes, it reads the rows or raises ImportFileError
with a plain sentence; never another exception. Runs are bounded (modest max_examples) to stay quick."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carehome_desk.importing.result import ImportFileError, ImportResult
from carehome_desk.importing.values import CellError, read_text
from carehome_desk.importing.workbook import read_workbook
from carehome_desk.importing.workforce_sheets import SHEETS
from carehome_desk.progress import NO_PROGRESS
from tests.importing import xlsx_build as xb

# CAREHOME_FUZZ_EXAMPLES=2000 for a longer hunt; the default keeps the suite quick.
FUZZ = settings(max_examples=int(os.environ.get("CAREHOME_FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEAD = ["Staff ref", "Full name", "Role", "Start date"]
ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=())
UNSTORABLE = {*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000),
              0xFFFE, 0xFFFF}


def _xml_text(text: str, raw: list[bool]) -> str:
    """Text for the sheet XML: each character raw (where UTF-8 and XML allow it) or as a reference."""
    out = []
    for ch, as_is in zip(text, raw, strict=False):
        code = ord(ch)
        if as_is and code >= 0x20 and not 0xD800 <= code < 0xE000 and ch not in "<&>" and code not in (0xFFFE, 0xFFFF):
            out.append(ch)
        elif code < 0x20 and code not in (0x9, 0xA, 0xD) and as_is:
            out.append(ch)  # a raw control byte, which XML forbids: the reader must still cope
        else:
            out.append(f"&#x{code:X};")
    return "".join(out) + "".join(f"&#x{ord(c):X};" for c in text[len(raw):])


def _read(path: Path) -> ImportResult | ImportFileError:
    result = ImportResult(dry_run=True)
    try:
        sheets = read_workbook(path, SHEETS, result, NO_PROGRESS, "workforce")
    except ImportFileError as exc:
        message = str(exc)
        assert message and "\n" not in message and "Traceback" not in message
        return exc
    result.notes.append(repr([s.rows for s in sheets]))
    return result


@FUZZ
@given(text=st.text(alphabet=ANY_CHARACTER, max_size=40), raw=st.lists(st.booleans(), max_size=40))
def test_any_cell_text_reads_as_text_or_a_row_error(text: str, raw: list[bool]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        rows = [xb.row_xml(1, HEAD), xb.row_xml(2, ["E1", _xml_text(text, raw), "Deputy", "03/03/2025"], raw=True)]
        path = xb.write_book(Path(folder) / "fuzz.xlsx", {"Staff": xb.sheet_xml(rows)})
        result = ImportResult(dry_run=True)
        (sheet,) = read_workbook(path, SHEETS, result, NO_PROGRESS, "workforce")
    (number, values), = sheet.rows
    assert number == 2
    if "full_name" not in values:
        return  # blank, or only spaces
    try:
        name = read_text(values["full_name"])
    except CellError as exc:
        assert str(exc).startswith("contains a character that cannot be stored (U+")
        return
    name.encode("utf-8")  # storable
    assert not any(ord(c) in UNSTORABLE for c in name)
    if not any(ord(c) in UNSTORABLE for c in text) and "_x" not in text:
        assert name == " ".join(text.replace("\xa0", " ").split())


def _good_book() -> bytes:
    buffer = io.BytesIO()
    xb.write_book(buffer, {  # type: ignore[arg-type]
        "Staff": xb.sheet_xml([xb.row_xml(1, HEAD), xb.row_xml(2, ["E1", "Aisha Brennan", "Deputy", "03/03/2025"])],
                              tail='<mergeCells count="1"><mergeCell ref="A3:B4"/></mergeCells>'),
        "Training": xb.sheet_xml([xb.row_xml(1, ["Staff ref", "Course", "Completed"])])})
    return buffer.getvalue()


GOOD = _good_book()


@FUZZ
@given(changes=st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)), min_size=1, max_size=8),
       cut=st.one_of(st.none(), st.integers(0, len(GOOD))))
def test_a_workbook_with_bytes_changed_reads_or_is_refused_plainly(changes: list[tuple[int, int]],
                                                                  cut: int | None) -> None:
    data = bytearray(GOOD)
    for at, value in changes:
        data[at] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.xlsx"
        path.write_bytes(bytes(data[:cut]))
        outcome = _read(path)
    assert isinstance(outcome, ImportFileError) or outcome.notes  # refused in one sentence, or read through


def _parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(GOOD)) as book:
        return {name: book.read(name) for name in book.namelist()}


PARTS = _parts()


@FUZZ
@given(part=st.sampled_from(sorted(PARTS)), data=st.data())
def test_a_part_with_its_xml_changed_reads_or_is_refused_plainly(part: str, data: st.DataObject) -> None:
    body = bytearray(PARTS[part])
    changes = data.draw(st.lists(st.tuples(st.integers(0, len(body) - 1), st.sampled_from(
        b'<>/="&;#x0 Ar1:' + bytes([0, 7, 0xFF, 0xC3]))), min_size=1, max_size=6))
    for at, value in changes:
        body[at] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "changed.xlsx"
        with zipfile.ZipFile(path, "w") as book:  # a zip with good checksums: the damage reaches the parsers
            for name, content in PARTS.items():
                book.writestr(name, bytes(body) if name == part else content)
        outcome = _read(path)
    assert isinstance(outcome, ImportFileError) or outcome.notes  # refused in one sentence, or read through
