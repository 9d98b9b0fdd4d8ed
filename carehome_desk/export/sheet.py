"""A sheet of the evidence pack as plain data: columns with a kind, and rows of values.

Builders produce these from the records; one writer turns every one into a print-ready,
filterable, frozen-header worksheet, so every sheet behaves the same.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any


class Kind(str, Enum):
    """How a column's values are written."""

    TEXT = "text"  # user or app text: always through the sanitiser
    DATE = "date"  # a real date cell shown DD/MM/YYYY
    DATETIME = "datetime"  # a real date-time cell shown DD/MM/YYYY HH:MM (UK local time)
    NUMBER = "number"
    STATUS = "status"  # a status word, coloured by conditional formatting on top


@dataclass(frozen=True)
class Col:
    """One column: header, kind and width in characters."""

    header: str
    kind: Kind = Kind.TEXT
    width: int = 16


@dataclass
class SheetData:
    """One sheet's title, purpose line, columns and rows."""

    name: str
    title: str
    columns: list[Col]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""  # how the sheet was built, for the Manifest
    #: The leading columns that say whose row it is (the name, or the home and the name): frozen on
    #: screen, and repeated on every page when the sheet is too wide for one printed page.
    title_columns: int = 1

    def digest(self) -> str:
        """SHA-256 of the record set as written (canonical JSON of every row), so a copy can be checked."""
        encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_canonical).encode
        text = "".join(encode(row) + "\n" for row in self.rows)
        return hashlib.sha256(text.encode()).hexdigest()


def _canonical(value: Any) -> Any:
    """JSON for what json cannot write itself: dates and times in ISO 8601, enums as their values.

    (Enums that are also str or int are written by json as that str or int, which is their value.)
    """
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"{type(value).__name__} has no canonical form for the manifest")
