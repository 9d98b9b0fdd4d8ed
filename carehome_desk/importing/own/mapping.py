"""How a manager's own sheet maps onto the app's records: which row is the header, and which column
is which field. Kept as JSON, so the command line can take it as a file (``--map MAP.json``) and
the window can remember it for the file's layout (next month's file imports in one click).

Columns are found by their header text first and their position second, so a column moved or a
new course added next month does not send dates into the wrong course.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class MappingError(ValueError):
    """A mapping file that cannot be used, in one plain sentence (which key, what is wrong)."""


class Layout(Enum):
    """What kind of sheet it is."""

    MATRIX = "matrix"  # a training matrix: staff down the side, courses across the top
    STAFF = "staff-list"  # one row per person
    INCIDENTS = "incident-log"  # one row per incident

    @property
    def label(self) -> str:
        return {"matrix": "Training matrix", "staff-list": "Staff list", "incident-log": "Incident log"}[self.value]


#: ColumnMap.target for a column left out.
IGNORE = ""
#: ColumnMap.target prefixes for a training matrix's course columns.
COURSE = "course:"  # 'course:Fire safety': cells are dates for that catalogue course
NEW_COURSE = "new-course:"  # 'new-course:Sleep-in awareness': add the course to the catalogue, then import

DAY_FIRST = "day-first"
MONTH_FIRST = "month-first"
COMPLETED = "completed"
EXPIRY = "expiry"


@dataclass
class ColumnMap:
    """One column of the file and where its cells go."""

    header: str  # the header cell's text as in the file ('' when the column has no header)
    index: int  # 0-based position in the file; used when the header is blank or given twice
    target: str = IGNORE  # a field key (see engine.targets), COURSE/NEW_COURSE + name, or IGNORE
    date_order: str = DAY_FIRST  # MONTH_FIRST when the manager says the column is in US order
    dates_confirmed: bool = False  # the manager has confirmed a column that mixes orders, as read
    cells: str = COMPLETED  # matrix course columns: cells hold the completion date, or the EXPIRY date
    confirmed: bool = True  # False for a guess (a course matched by a similar name) the manager must confirm


@dataclass
class SheetMap:
    """One sheet to import, its header row, and its columns."""

    sheet: str
    header_row: int  # 1-based, as the spreadsheet numbers it
    columns: list[ColumnMap] = field(default_factory=list)


@dataclass
class Mapping:
    """Everything needed to import a file of one layout again without asking."""

    layout: Layout
    sheets: list[SheetMap] = field(default_factory=list)
    #: A value for every row where the file has no column, as the manager would type it in a cell:
    #: {'role': 'Residential worker', 'barred_list_children': 'yes'}.
    defaults: dict[str, str] = field(default_factory=dict)
    #: Courses to add to the catalogue before importing: name -> renewal months (None: never renewed).
    new_courses: dict[str, int | None] = field(default_factory=dict)
