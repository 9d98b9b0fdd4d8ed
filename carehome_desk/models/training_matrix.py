"""The training matrix, staff × courses: one core answer that the Training page and the pack's sheet both draw.

Each cell is the very requirement the Staff page and `due` hold for that person and course
(``staff_requirements``, key ``course:<id>``), matched by the course's id, so the matrix, the
staff page, `due` and the pack cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from carehome_desk.models.ids import CourseId, StaffId
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.status import Requirement
from carehome_desk.models.training import Course, latest_record
from carehome_desk.models.workforce import WorkforceSnapshot, staff_requirements


def course_key(course_id: CourseId) -> str:
    """The requirement key of a course (as ``training_requirement`` sets it)."""
    return f"course:{int(course_id)}"


@dataclass(frozen=True)
class MatrixCell:
    """One person on one course: the requirement (None: not required and never done) and the last completion."""

    requirement: Requirement | None
    done_on: date | None = None


@dataclass(frozen=True)
class TrainingMatrix:
    """Columns (courses), rows (current staff), and every cell."""

    courses: list[Course]
    staff: list[StaffMember]
    cells: dict[tuple[StaffId, CourseId], MatrixCell]

    def cell(self, staff_id: StaffId, course_id: CourseId) -> MatrixCell:
        """The cell of one person and course (not required when there is none)."""
        return self.cells.get((staff_id, course_id), MatrixCell(None))


def matrix_cells(snap: WorkforceSnapshot, settings: ProviderSettings,
                 today: date) -> dict[tuple[StaffId, CourseId], MatrixCell]:
    """Every (current person, active course) that is required or held, with its requirement."""
    courses = {course_key(c.id): c for c in snap.active_courses()}
    out: dict[tuple[StaffId, CourseId], MatrixCell] = {}
    for member in snap.current_staff(today):
        for req in staff_requirements(snap, member, settings, today):
            course = courses.get(req.key)
            if course is not None:
                latest = latest_record(snap.training.get((member.id, course.id), []))
                out[(member.id, course.id)] = MatrixCell(req, latest.completed if latest else None)
    return out


def used_courses(catalogue: Iterable[Course], cells: Iterable[tuple[StaffId, CourseId]]) -> list[Course]:
    """The courses anyone needs or holds, in the catalogue's display order (each course once)."""
    used = {course_id for _staff, course_id in cells}
    unique = {c.id: c for c in catalogue if c.id in used}
    return sorted(unique.values(), key=lambda c: (c.position, c.name))


def training_matrix(snap: WorkforceSnapshot, settings: ProviderSettings, today: date,
                    courses: list[Course] | None = None) -> TrainingMatrix:
    """The matrix for one home: the courses anyone needs or holds (or ``courses``), and one row per current person."""
    cells = matrix_cells(snap, settings, today)
    columns = used_courses(snap.active_courses(), cells) if courses is None else courses
    return TrainingMatrix(columns, snap.current_staff(today), cells)
