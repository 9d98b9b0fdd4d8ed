"""A cell's text as a record holds it: the one place every text cell an import reads is tidied and
checked for characters that cannot be stored, and the way a cell is quoted in a message.

values.py's readers (dates, times, ticks, choices…) all start from read_text, so nothing that
cannot be stored gets past a dry run to fail in the real import.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from carehome_desk.models.dates import format_uk


class CellError(ValueError):
    """A cell that cannot be read, with the reason in plain words."""


def is_blank(value: object) -> bool:
    """True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: object) -> str:
    """A cell's value as the manager would see it, for messages."""
    if isinstance(value, datetime):
        return format_uk(value.date())
    if isinstance(value, date):
        return format_uk(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


QUOTE_CHARS = 60  # a cell quoted in a message is cut to this, so 100,000 rows of long text make a short report


def q(text: str) -> str:
    """Cell text quoted for a message, shortened with '…' when long."""
    return f"'{text}'" if len(text) <= QUOTE_CHARS else f"'{text[:QUOTE_CHARS - 1]}…'"


# Excel writes characters XML cannot hold, and a literal '_x', as _xHHHH_; openpyxl leaves
# them escaped, so undo it here (calamine and Excel itself do the same).
_OOXML_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


# Characters no record can hold: lone surrogates (UTF-8, and so the database, cannot encode them),
# control characters other than tab and line breaks, and U+FFFE/U+FFFF (XML, and so every workbook,
# forbids them). A cell with one is that row's error, caught when the file is checked, so a dry
# run refuses exactly the rows the import would.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _tidied(value: object, one_line: bool) -> str:
    if isinstance(value, bool):
        text = "Yes" if value else "No"
    elif isinstance(value, datetime | date | float):
        text = shown(value)
    else:
        text = str(value)
    text = _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text).replace("\xa0", " ")
    if one_line:
        return " ".join(text.split(" ")).strip() if _UNSTORABLE.search(text) else " ".join(text.split())
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def read_text(value: object, *, one_line: bool = True) -> str:
    """Text as typed: numbers without a spurious '.0', dates as DD/MM/YYYY, spaces tidied.

    Every text cell an import reads comes through here; CellError for a character that cannot be stored.
    """
    text = _tidied(value, one_line)
    bad = _UNSTORABLE.search(text)
    if bad is not None:
        raise CellError(f"contains a character that cannot be stored (U+{ord(bad.group()):04X}, character "
                        f"{bad.start() + 1} of the text): retype the text without it.")
    return text


def read_label(value: object) -> str:
    """A header or sheet label for matching and messages: never an error, unstorable characters shown as '\ufffd'."""
    return _UNSTORABLE.sub("\ufffd", _tidied(value, True))
