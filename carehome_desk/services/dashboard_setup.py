"""The dashboard's "Getting started" checklist for a new home: each item ticks itself from the records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass
from datetime import date

from carehome_desk.models.home import Home
from carehome_desk.models.staff import StaffRole

if TYPE_CHECKING:  # a type hint only: SQLAlchemy is not loaded for it
    from carehome_desk.store import Store


@dataclass(frozen=True)
class SetupItem:
    """One step of setting up a home: whether the records show it done, and where to do it."""

    key: str
    label: str
    done: bool
    action: str  # the button's words
    opens: str  # the page title the button opens (a PageId value)
    hint: str = ""


@dataclass(frozen=True)
class Checklist:
    """The checklist for one home, and whether the manager hid it."""

    items: tuple[SetupItem, ...]
    hidden: bool = False

    @property
    def complete(self) -> bool:
        """True once every item is ticked."""
        return all(i.done for i in self.items)

    @property
    def shown(self) -> bool:
        """On the dashboard until every item is ticked or the manager hides it."""
        return not self.complete and not self.hidden


def setup_checklist(store: Store, home: Home, today: date) -> Checklist:
    """The seven set-up steps for ``home``, each ticked from what is recorded (never from a button press).

    Never shown on the demo database. The Reg 44 independent person is not a home setting: a
    visit recorded (with the visitor's name, which every visit carries) is what shows one is named. A full
    inspection recorded on Quality › Inspections becomes the home's last inspection, which ticks its line.
    """
    current = [s for s in store.staff.list(home.id) if s.is_current(today)]
    managers = [s for s in current if s.role is StaffRole.REGISTERED_MANAGER]
    others = [s for s in current if s.role is not StaffRole.REGISTERED_MANAGER]
    items = (
        SetupItem("manager", "Registered manager recorded as staff", bool(managers), "Add the manager…", "Staff",
                  "So their Level 5 Diploma and Schedule 2 checks are followed"),
        SetupItem("staff", "Staff added", bool(others), "Add staff…", "Staff",
                  "One at a time on the Staff page, or a spreadsheet through File → Import…"),
        SetupItem("children", "Children added", bool(store.children.list(home.id)), "Add children…", "Children"),
        SetupItem("reg44", "Reg 44 independent person named", bool(store.quality.visits(home.id)),
                  "Reg 44 visits…", "Quality", "Record their first visit on Quality › Reg 44 visits"),
        SetupItem("inspection", "Last inspection recorded", home.last_inspection_date is not None,
                  "Inspections…", "Quality", "Record it on Quality › Inspections"),
        SetupItem("password", "Password set", store.protected, "Set a password…", "Home settings",
                  "Encrypts the database on this PC"),
        SetupItem("backup", "Second backup folder chosen", store.settings.second_backup_folder() is not None,
                  "Choose folder…", "Home settings", "A USB stick or network folder, so a lost PC is not lost records"),
    )
    # The demo's records are invented and it is never given a password: the list is for a real home.
    return Checklist(items, store.settings.is_demo() or store.settings.setup_hidden(home.id))
