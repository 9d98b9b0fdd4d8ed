"""Which kind of sheet a manager's file looks like, from the headers on its header row.

Each layout's known headers are scored on the header row found for it: a staff list's 'Surname', 'DOB',
'DBS number'; an incident log's 'Date', 'Time', 'YP', 'Type of incident'; a training matrix's person
columns plus its course columns (a catalogue course's name, or a column of dates whose header is no
known field: 'DBS Date' is a staff list's, not a course). A matrix needs several course columns.
"""

from __future__ import annotations

from collections.abc import Sequence

from carehome_desk.importing.own.mapping import COURSE, NEW_COURSE, Layout
from carehome_desk.importing.own.suggest import suggest_sheet
from carehome_desk.importing.own.tables import SourceFile
from carehome_desk.importing.own.targets import known_headers
from carehome_desk.importing.workbook import header_key
from carehome_desk.models.training import Course

_MIN_SCORE = 2  # fewer known headers than this: no guess
_MATRIX_COURSES = 2  # a training matrix names several courses


def layout_scores(source: SourceFile, courses: Sequence[Course]) -> dict[Layout, int]:
    """Each layout's score: the most distinct known headers one sheet of the file has for it."""
    known = known_headers()
    scores = dict.fromkeys(Layout, 0)
    for table in (t for t in source.tables if not t.hidden_sheet and t.rows):
        for layout in Layout:
            sheet = suggest_sheet(table, layout, courses)
            fields = {c.target for c in sheet.columns if c.target and not c.target.startswith((COURSE, NEW_COURSE))}
            score = len(fields)
            if layout is Layout.MATRIX:
                named = {c.target for c in sheet.columns if c.target.startswith((COURSE, NEW_COURSE))
                         and header_key(c.header) not in known}
                score = score + len(named) if len(named) >= _MATRIX_COURSES else len(named)
            scores[layout] = max(scores[layout], score)
    return scores


def guess_layout(source: SourceFile, courses: Sequence[Course]) -> Layout | None:
    """The layout the file's headers fit best, or None when too few are known or two layouts fit as well."""
    scores = layout_scores(source, courses)
    ranked = sorted(scores.values(), reverse=True)
    best = ranked[0]
    if best < _MIN_SCORE or ranked[1] == best:
        return None
    return next(layout for layout, score in scores.items() if score == best)


def disagreement(source: SourceFile, courses: Sequence[Course], given: Layout) -> str:
    """A sentence when the file looks clearly like another kind than the one given ('' when it does not)."""
    scores = layout_scores(source, courses)
    guessed = guess_layout(source, courses)
    if guessed is None or guessed is given or scores[given] * 2 > scores[guessed]:
        return ""
    return (f"The headers of {source.path.name} look like {_a(guessed)} ({scores[guessed]} known headers), not "
            f"{_a(given)} ({scores[given]}): check the kind of import chosen.")


def _a(layout: Layout) -> str:
    words = layout.label.lower()
    return f"{'an' if words[0] in 'aeiou' else 'a'} {words}"
