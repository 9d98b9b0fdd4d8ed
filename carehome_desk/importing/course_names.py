"""A course named in a spreadsheet, found in the catalogue the way the catalogue itself tells names apart."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from carehome_desk.importing.values import word_key
from carehome_desk.models.training import Course, course_key


def course_finder(courses: Sequence[Course]) -> Callable[[str], Course | None]:
    """Look a course up by a name as typed: the same spelling first, then capitals and spacing ignored (the
    catalogue's own rule for a clash), then punctuation ignored too ("First-aid"). A live course found any of
    these ways comes before an archived one; between two names a catalogue held before that rule, the one listed
    first."""
    tiers = [[c for c in courses if not c.archived], [c for c in courses if c.archived]]
    lookups: list[tuple[dict[str, Course], dict[str, Course], dict[str, Course]]] = []
    for tier in tiers:  # every way of matching among live courses before any among archived ones
        exact: dict[str, Course] = {}
        spaced: dict[str, Course] = {}
        loose: dict[str, Course] = {}
        for course in tier:
            exact.setdefault(course.name.strip(), course)
            spaced.setdefault(course_key(course.name), course)
            loose.setdefault(word_key(course.name), course)
        lookups.append((exact, spaced, loose))

    def find(name: str) -> Course | None:
        for exact, spaced, loose in lookups:
            found = exact.get(name.strip()) or spaced.get(course_key(name)) or loose.get(word_key(name))
            if found is not None:
                return found
        return None

    return find
