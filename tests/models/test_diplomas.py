"""The registered manager's Level 5 and care staff's Level 3, one answer each (models.diplomas)."""

from __future__ import annotations

from datetime import date

from carehome_desk.models.diplomas import level3_progress, manager_level5
from carehome_desk.models.ids import HomeId, StaffId
from carehome_desk.models.qualifications import DeferralReason, Qualification, QualificationKind, QualificationStatus
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.staff import StaffRole
from carehome_desk.models.status import Status
from carehome_desk.models.workforce import WorkforceSnapshot
from tests.models.workforce_helpers import person

TODAY = date(2026, 11, 22)
L5 = QualificationKind.LEVEL5


def snap(*people: object, quals: dict[StaffId, dict[QualificationKind, Qualification]] | None = None) -> WorkforceSnapshot:
    return WorkforceSnapshot(HomeId(1), list(people), [], qualifications=quals or {})  # type: ignore[arg-type]


def test_no_manager() -> None:
    got = manager_level5(snap(person()), ProviderSettings(), TODAY)
    assert (got.manager, got.requirement, got.ok) == (None, None, False)


def test_enrolled_on_track_then_overdue() -> None:
    manager = person(StaffRole.REGISTERED_MANAGER, start=date(2025, 1, 6), id=StaffId(1))
    enrolled = {StaffId(1): {L5: Qualification(StaffId(1), L5, QualificationStatus.ENROLLED, date(2025, 3, 1))}}
    on_track = manager_level5(snap(manager, quals=enrolled), ProviderSettings(), TODAY)
    assert (on_track.progress, on_track.ok, on_track.requirement.status) == ("enrolled", True, Status.IN_DATE)  # type: ignore[union-attr]
    late = manager_level5(snap(manager, quals=enrolled), ProviderSettings(), date(2028, 2, 1))
    assert (late.progress, late.ok, late.requirement.status) == ("enrolled", False, Status.OVERDUE)  # type: ignore[union-attr]


def test_a_valid_deferral_is_ok() -> None:
    manager = person(StaffRole.REGISTERED_MANAGER, start=date(2023, 1, 6), id=StaffId(1))
    deferred = {StaffId(1): {L5: Qualification(StaffId(1), L5, deferred_to=date(2027, 6, 1),
                                               deferral_reason=DeferralReason.PROLONGED_BREAK)}}
    got = manager_level5(snap(manager, quals=deferred), ProviderSettings(), TODAY)
    assert got.deferred and got.ok and got.progress == "not started"


def test_level3_progress_leaves_out_the_manager_and_non_care_roles() -> None:
    people = [person(StaffRole.REGISTERED_MANAGER, id=StaffId(1)), person(StaffRole.ANCILLARY, id=StaffId(2)),
              person(start=date(2020, 1, 6), id=StaffId(3)), person(start=date(2026, 6, 1), id=StaffId(4))]
    got = level3_progress(snap(*people), ProviderSettings(), TODAY)
    assert got == {StaffId(3): "overdue", StaffId(4): "not started"}
