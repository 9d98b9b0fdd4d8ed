"""A person's restraints against their physical intervention training: flagged when it had run out."""

from __future__ import annotations

from datetime import date, datetime

from carehome_desk.models.dates import UK
from carehome_desk.models.ids import ChildId, CourseId, IncidentId, StaffId
from carehome_desk.models.incidents import Incident, IncidentType, RestraintDetails
from carehome_desk.models.staff import StaffMember, StaffRole
from carehome_desk.models.staff_incidents import restraint_course, restraint_flag, staff_incident_lines
from carehome_desk.models.training import Course, TrainingRecord

PI = Course("Physical intervention and de-escalation", renewal_months=12, id=CourseId(2), position=1)
COURSES = [Course("Safeguarding", id=CourseId(1), position=0), PI]
ADA = StaffMember("Ada Lane", StaffRole.RESIDENTIAL_WORKER, date(2024, 1, 8), id=StaffId(7))


def restraint(day: date, used_by: str = "", present: str = "", staff: tuple[StaffId, ...] = (StaffId(7),),
              n: int = 1) -> Incident:
    return Incident(IncidentType.RESTRAINT, datetime.combine(day, datetime.min.time().replace(hour=23, minute=30),
                                                             tzinfo=UK),
                    (ChildId(1),), "held", staff_ids=staff, id=IncidentId(n),
                    details=RestraintDetails(used_by=used_by, others_present=present))


def trained(on: date) -> list[TrainingRecord]:
    return [TrainingRecord(StaffId(7), PI.id, on)]


def test_the_course_is_found_in_the_catalogue_by_its_name() -> None:
    assert restraint_course(COURSES) is PI
    assert restraint_course([COURSES[0]]) is None


def test_a_restraint_on_the_last_day_of_training_is_in_date_and_the_day_after_is_flagged() -> None:
    records = trained(date(2025, 3, 1))  # 12 months: expires 01/03/2026
    assert restraint_flag(restraint(date(2026, 3, 1)), records, PI) == ""
    assert restraint_flag(restraint(date(2026, 3, 2)), records, PI) == "Training expired 01/03/2026"


def test_a_restraint_before_any_training_is_flagged_and_training_that_day_counts() -> None:
    records = trained(date(2025, 3, 1))
    assert restraint_flag(restraint(date(2025, 2, 28)), records, PI) == "Before first training (01/03/2025)"
    assert restraint_flag(restraint(date(2025, 3, 1)), records, PI) == ""
    assert restraint_flag(restraint(date(2025, 3, 1)), [], PI) == "No training recorded"


def test_other_incidents_are_never_flagged() -> None:
    other = Incident(IncidentType.ACCIDENT, datetime(2026, 3, 2, tzinfo=UK), (), "fell", staff_ids=(StaffId(7),))
    assert restraint_flag(other, [], PI) == ""


def test_lines_are_the_persons_incidents_newest_first_with_their_part() -> None:
    incidents = [restraint(date(2026, 1, 5), used_by="ada  LANE", n=1),
                 restraint(date(2026, 2, 5), used_by="Bo Kerr", present="Cy, Ada Lane", n=2),
                 restraint(date(2026, 3, 5), n=3),
                 restraint(date(2026, 4, 5), staff=(StaffId(8),), n=4)]
    lines = staff_incident_lines(ADA, incidents, trained(date(2025, 2, 1)), PI)  # expired 01/02/2026
    assert [(int(ln.incident.id), ln.role, bool(ln.flag)) for ln in lines] == [
        (3, "Involved", True), (2, "Present", True), (1, "Used the measure", False)]
