"""A course named in a spreadsheet, found in the catalogue the way the catalogue itself tells names apart."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from carehome_desk.importing.values import word_key
from carehome_desk.models.training import Course, course_key


def course_finder(courses: Sequence[Course]) -> Callable[[str], Course | None]:
    """Look a course up by a name as typed: the same spelling first, then capitals and spacing ignored (the
    catalogue's own rule for a clash), then punctuation ignored too ("First-aid"). Live courses come before
    archived ones, and between two names a catalogue held before that rule, the one listed first."""
    ordered = sorted(courses, key=lambda c: c.archived)  # stable: the catalogue's order within each
    exact: dict[str, Course] = {}
    spaced: dict[str, Course] = {}
    loose: dict[str, Course] = {}
    for course in ordered:
        exact.setdefault(course.name.strip(), course)
        spaced.setdefault(course_key(course.name), course)
        loose.setdefault(word_key(course.name), course)

    def find(name: str) -> Course | None:
        return exact.get(name.strip()) or spaced.get(course_key(name)) or loose.get(word_key(name))

    return find
