"""Workbooks built byte by byte with zipfile, for files openpyxl would never write: zip bombs, sheets
of 200,000 rows (quick to build, streamed), raw character references, lying zip headers."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _parts(titles: Sequence[str], shared: bool = False) -> dict[str, str]:
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
                        for i in range(1, len(titles) + 1))
    if shared:
        overrides += ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                      'officedocument.spreadsheetml.sharedStrings+xml"/>')
    sheets = "".join(f'<sheet name="{escape(t, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
                     for i, t in enumerate(titles, start=1))
    rels = "".join(f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, len(titles) + 1))
    return {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
        '.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"'
        f'/>{overrides}</Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
        f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
        f"<sheets>{sheets}</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">{rels}'
        "</Relationships>",
    }


def cell(column: int, row: int, text: str, *, raw: bool = False) -> str:
    """An inline-text cell; ``raw`` puts the text into the XML as it is (character references and all)."""
    letter = ""
    n = column
    while n:
        n, r = divmod(n - 1, 26)
        letter = chr(65 + r) + letter
    body = text if raw else escape(text)
    return f'<c r="{letter}{row}" t="inlineStr"><is><t xml:space="preserve">{body}</t></is></c>'


def row_xml(number: int, values: Sequence[str | None], *, raw: bool = False) -> str:
    cells = "".join(cell(i, number, v, raw=raw) for i, v in enumerate(values, start=1) if v is not None)
    return f'<row r="{number}">{cells}</row>'


def sheet_xml(rows: Iterable[str], tail: str = "") -> Iterable[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= 2000:
            yield "".join(batch).encode("utf-8", "surrogatepass")
            batch = []
    yield "".join(batch).encode("utf-8", "surrogatepass")
    yield f"</sheetData>{tail}</worksheet>".encode()


def write_book(path: Path, sheets: dict[str, Iterable[bytes]], *, level: int = 6,
               shared: Sequence[str] | None = None) -> Path:
    """A workbook whose sheets' XML is streamed in (so a huge sheet never sits in memory here); ``shared``
    is the table of shared text that cells of type "s" point into."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as book:
        for name, text in _parts(list(sheets), shared is not None).items():
            book.writestr(name, text)
        if shared is not None:
            book.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">'
                          + "".join(f"<si><t>{escape(t)}</t></si>" for t in shared) + "</sst>")
        for i, chunks in enumerate(sheets.values(), start=1):
            with book.open(f"xl/worksheets/sheet{i}.xml", "w") as out:
                for chunk in chunks:
                    out.write(chunk)
    return path


def staff_rows(count: int, start: int = 2) -> Iterable[str]:
    yield row_xml(1, ["Staff ref", "Full name", "Role", "Role title", "Care role", "Start date"])
    for n in range(start, start + count):
        yield row_xml(n, [f"E{n}", f"Person {n}", "Residential childcare worker", None, None, "03/03/2025"])


def zip_bomb(path: Path, unpacked_mb: int) -> Path:
    """A workbook whose Staff sheet is a few kB packed and ``unpacked_mb`` MB unpacked."""
    filler = "<row/>" * 10_000  # each block is 60 kB of empty rows... repeated
    block = filler.encode()

    def chunks() -> Iterable[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
        for _ in range(unpacked_mb * 1024 * 1024 // len(block)):
            yield block
        yield b"</sheetData></worksheet>"

    return write_book(path, {"Staff": chunks()}, level=9)


def lie_about_sizes(path: Path, part: str, claimed: int) -> Path:
    """Rewrite the zip's headers so that ``part`` claims to unpack to ``claimed`` bytes."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as book:
        info = book.getinfo(part)
    name = part.encode()
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + length] == name:
            break
        central = data.find(b"PK\x01\x02", central + 4)
    if struct.unpack_from("<I", data, central + 24)[0] == 0xFFFFFFFF:
        raise ValueError("rewrite a zip64 entry: not needed by these tests")
    struct.pack_into("<I", data, central + 24, claimed)
    local = info.header_offset
    struct.pack_into("<I", data, local + 22, claimed)
    path.write_bytes(bytes(data))
    return path
