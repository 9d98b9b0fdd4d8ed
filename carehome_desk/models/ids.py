"""Typed record ids, so one register's id cannot be passed where another's belongs."""

from typing import NewType

HomeId = NewType("HomeId", int)
AuditId = NewType("AuditId", int)
StaffId = NewType("StaffId", int)
QualificationId = NewType("QualificationId", int)
CheckId = NewType("CheckId", int)
DbsId = NewType("DbsId", int)
DbsCheckId = NewType("DbsCheckId", int)
CourseId = NewType("CourseId", int)
TrainingId = NewType("TrainingId", int)
SupervisionId = NewType("SupervisionId", int)
ChildId = NewType("ChildId", int)
IncidentId = NewType("IncidentId", int)
NotificationId = NewType("NotificationId", int)
EvaluationId = NewType("EvaluationId", int)
ActionId = NewType("ActionId", int)
VisitId = NewType("VisitId", int)
ReviewId = NewType("ReviewId", int)
InspectionId = NewType("InspectionId", int)
