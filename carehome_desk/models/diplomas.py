"""The diplomas the regulations require, one answer each for the dashboard, the Quality page, the figures and the pack.

The registered manager's Level 5 (reg 28) and care staff's Level 3 (reg 32(4)).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carehome_desk.models.ids import StaffId
from carehome_desk.models.qualifications import Qualification, QualificationKind, QualificationStatus, required_kind
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.staff import StaffMember, StaffRole
from carehome_desk.models.status import Requirement, Status
from carehome_desk.models.workforce import WorkforceSnapshot, staff_requirements

LEVEL5_KEY = f"qualification:{QualificationKind.LEVEL5.value}"


@dataclass(frozen=True)
class ManagerLevel5:
    """The home's registered manager (the first current one), their Level 5 record and its requirement."""

    manager: StaffMember | None
    requirement: Requirement | None
    record: Qualification | None

    @property
    def met(self) -> bool:
        """Achieved, or an equivalent accepted."""
        return self.record is not None and self.record.is_met

    @property
    def enrolled(self) -> bool:
        """Enrolled and not yet achieved."""
        return self.record is not None and self.record.status is QualificationStatus.ENROLLED

    @property
    def deferred(self) -> bool:
        """A deferral with its reason is recorded."""
        return self.record is not None and self.record.deferred_to is not None and self.record.deferral_reason is not None

    @property
    def ok(self) -> bool:
        """Achieved, or enrolled or validly deferred and not overdue (SCCIF: leadership needs it)."""
        overdue = self.requirement is not None and self.requirement.status is Status.OVERDUE
        return self.met or ((self.enrolled or self.deferred) and self.requirement is not None and not overdue)

    @property
    def progress(self) -> str:
        """'achieved', 'enrolled' or 'not started'."""
        return "achieved" if self.met else "enrolled" if self.enrolled else "not started"


def manager_level5(snap: WorkforceSnapshot, settings: ProviderSettings, today: date) -> ManagerLevel5:
    """The first current registered manager's Level 5, judged by the same requirement the Staff page shows."""
    managers = [s for s in snap.current_staff(today) if s.role is StaffRole.REGISTERED_MANAGER]
    if not managers:
        return ManagerLevel5(None, None, None)
    manager = managers[0]
    req = next((r for r in staff_requirements(snap, manager, settings, today) if r.key == LEVEL5_KEY), None)
    return ManagerLevel5(manager, req, snap.qualifications.get(manager.id, {}).get(QualificationKind.LEVEL5))


LEVEL3_KEY = f"qualification:{QualificationKind.LEVEL3.value}"


def level3_progress(snap: WorkforceSnapshot, settings: ProviderSettings, today: date) -> dict[StaffId, str]:
    """Each current care worker's Level 3 (not the manager's): 'achieved', 'overdue', 'enrolled' or 'not started'.

    Achieved includes an accepted equivalent; overdue is the Staff page's requirement past its date.
    """
    out: dict[StaffId, str] = {}
    for staff in snap.current_staff(today):
        if required_kind(staff) is not QualificationKind.LEVEL3:
            continue
        q = snap.qualifications.get(staff.id, {}).get(QualificationKind.LEVEL3)
        overdue = any(r.key == LEVEL3_KEY and r.status is Status.OVERDUE
                      for r in staff_requirements(snap, staff, settings, today))
        out[staff.id] = ("achieved" if q is not None and q.is_met else "overdue" if overdue else
                         "enrolled" if q is not None and q.status is QualificationStatus.ENROLLED else "not started")
    return out
