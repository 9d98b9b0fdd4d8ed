"""What an incidents import will write: each child, incident and notification as it will be saved.

Keys: 'c12' is stored child 12 and 'r5' the child on Children row 5; 'i7' is stored incident 7
and 'n9' the incident on Incidents row 9. The writer turns the keys of records it adds into ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from carehome_desk.models.children import Child, ChildDetails
from carehome_desk.models.incidents import Incident, Notification


@dataclass
class PlannedChild:
    """A child the file names, as it will be saved."""

    key: str
    record: ChildDetails
    stored: Child | None


@dataclass
class PlannedIncident:
    """An incident the file names, as it will be saved (details from the Restraint or Missing sheets merged in).

    For an incident this import adds, ``record.child_ids`` holds placeholders: the writer uses ``child_keys``.
    """

    key: str
    row: int
    identity: tuple[object, ...]
    child_keys: tuple[str, ...]
    record: Incident
    stored: Incident | None


@dataclass
class PlannedNotification:
    """A notification the file names, for the incident ``incident``."""

    incident: str
    record: Notification
    stored: Notification | None


@dataclass
class WritePlan:
    """Everything the import would add or change, in the order it must be written."""

    children: list[PlannedChild]
    incidents: list[PlannedIncident]
    notifications: list[PlannedNotification]

    def __len__(self) -> int:
        return len(self.children) + len(self.incidents) + len(self.notifications)
