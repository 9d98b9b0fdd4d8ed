"""The one place user text is made safe for a spreadsheet cell.

Every string that came from a person or an imported file reaches an xlsx cell through
``text_cell`` (a new cell, for ``append``) or ``put_text`` (an existing cell); both use
``cell_text``. Afterwards the cell is text, never a formula or a hyperlink, the file saves,
and openpyxl, calamine, Excel and LibreOffice read the same text back. Where the format
forces a change, the cell says so in words. openpyxl is imported inside the functions that
need it, so importing this module costs nothing at start-up.
"""

from __future__ import annotations

import re
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: Excel's limit on one cell: 32,767 characters, counted as UTF-16 code units.
MAX_CELL_UNITS = 32_767

#: What stands in for a character that no xlsx file can hold.
REPLACEMENT = "\ufffd"

# XML 1.0 allows only #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF];
# anything else makes openpyxl raise or, worse, write a file no reader can open.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# OOXML reads _xHHHH_ as an escaped character: Excel and calamine would show 'A' for the
# text '_x0041_', while openpyxl shows it as typed. No spelling reads back the same in both,
# so the underscore is swapped for a full-width one and the cell says so.
_OOXML_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")
WIDE_UNDERSCORE = "\uff3f"
_FORMULA_LIKE = ("=", "+", "-", "@")


def csv_safe(value: object) -> str:
    """Text for a CSV cell that Excel will not run as a formula ('=SUM(…)' gets a leading apostrophe)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def units(text: str) -> int:
    """Length in UTF-16 code units, as Excel counts a cell."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def cut(text: str, limit: int) -> str:
    """The longest start of ``text`` that fits in ``limit`` UTF-16 code units."""
    if units(text) <= limit:
        return text
    used = 0
    for index, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > limit:
            return text[:index]
    return text


def cell_text(value: object) -> str | None:
    """The text to store for ``value``: None for an empty cell, else text that round-trips.

    Line breaks become Excel's own (``\\n``). Characters no xlsx file can hold become '�',
    ``_xHHHH_`` codes get a full-width underscore, and text past Excel's 32,767-character
    limit is cut; each of these adds a bracketed note at the end of the cell saying what
    happened, so nothing changes silently. Text with nothing visible in it (only spaces,
    tabs, line breaks and other blank characters) is written as an empty cell.
    """
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    notes: list[str] = []
    text, dropped = _NOT_XML.subn(REPLACEMENT, text)
    if dropped:
        what = "1 character" if dropped == 1 else f"{dropped:,} characters"
        notes.append(f"[carehome-desk: {what} that a spreadsheet cannot hold replaced with {REPLACEMENT}]")
    text, codes = _OOXML_ESCAPE.subn(WIDE_UNDERSCORE + r"\1", text)
    if codes:
        notes.append(f"[carehome-desk: {WIDE_UNDERSCORE} written for _ before a code like x0041_, "
                     "which spreadsheets would otherwise turn into another character]")
    if not text.strip():
        # Nothing to read, and no way to keep it: calamine reads a cell of XML spaces as empty,
        # and openpyxl omits xml:space="preserve" when Python's strip() leaves nothing, so
        # ' \x85' (a space and a NEL) comes back without its space.
        return None
    suffix = "".join("\n" + note for note in notes)
    if units(text) + units(suffix) > MAX_CELL_UNITS:
        total = len(text)
        # The shortening note's own length depends on the count it reports; allow for the longest.
        note = f"[carehome-desk: shortened to fit one spreadsheet cell; the last {total:,} characters are left out]"
        kept = cut(text, MAX_CELL_UNITS - units(suffix) - units(note) - 1)
        left_out = total - len(kept)
        suffix += f"\n[carehome-desk: shortened to fit one spreadsheet cell; the last {left_out:,} characters are left out]"
        text = kept
    return text + suffix


def _force_text(cell: Any, text: str | None) -> None:
    cell.value = text
    if text is None:
        return
    cell.data_type = "s"  # openpyxl makes any string starting with '=' a formula unless told otherwise
    if text.startswith(_FORMULA_LIKE):
        cell.quotePrefix = True  # Excel keeps it as text even if someone edits the cell later


def text_cell(sheet: Any, value: object) -> Any:
    """A new cell for ``sheet.append`` (write-only or normal sheets) holding ``value`` as plain text."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet)
    _force_text(cell, cell_text(value))
    return cell


def put_text(cell: Any, value: object) -> None:
    """Store ``value`` as plain text in an existing cell of a normal worksheet."""
    _force_text(cell, cell_text(value))
