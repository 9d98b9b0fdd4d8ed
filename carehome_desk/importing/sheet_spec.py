"""What a register's import reads: its sheets, their columns, and how each column's cells are read.

Pure data, shared by the template (which writes these headers) and the reader (which finds them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as default
from enum import Enum
from typing import TypeVar

from carehome_desk.importing.values import word_key

E = TypeVar("E", bound=Enum)


class Kind(Enum):
    """How a column's cells are read."""

    TEXT = "text"
    NOTE = "note"  # text that may run over several lines
    DIGITS = "digits"
    DATE = "date"
    MONTH_DATE = "month_date"  # a month and year is enough ('April 2024' is the 1st)
    TICK = "tick"
    NUMBER = "number"
    CHOICE = "choice"
    TIME = "time"  # a time of day, UK local
    DATETIME = "datetime"  # a date and a time of day, UK local
    DATE_MAYBE_TIME = "date_maybe_time"  # a date, with its time of day (UK local) when known


@dataclass(frozen=True)
class Column:
    """One column the importer reads, as the template writes it."""

    header: str
    field: str
    kind: Kind
    help: str
    required: bool = False  # needed for a new record
    aliases: tuple[str, ...] = ()
    choices: Mapping[str, Enum] = default(default_factory=dict)  # word_key(text) -> value
    allowed: str = ""  # the choices as the manager should type them
    width: int = 16


def choice_column(header: str, field: str, shown: dict[E, str], help: str, *, required: bool = False,
                  extra: Iterable[tuple[str, E]] = (), aliases: tuple[str, ...] = (), width: int = 22) -> Column:
    """A column whose cells must be one of ``shown``'s labels (or an accepted synonym)."""
    words: dict[str, Enum] = {}
    for value, label in shown.items():
        words[word_key(label)] = value
        words[word_key(value.value)] = value
    for text, value in extra:
        words[word_key(text)] = value
    allowed = ", ".join(shown.values())
    return Column(header, field, Kind.CHOICE, f"{help} One of: {allowed}.", required=required, aliases=aliases,
                  choices=words, allowed=allowed, width=width)


@dataclass(frozen=True)
class SheetSpec:
    """One record type: its sheet name and columns."""

    name: str
    about: str
    columns: tuple[Column, ...]
    anchors: tuple[str, ...]  # fields of which a real row has at least one

    def column(self, field_name: str) -> Column:
        """The column that holds a field."""
        return next(c for c in self.columns if c.field == field_name)
