"""What a write changed, so each page can decide whether to reload (architecture rule 4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from carehome_desk.models.ids import HomeId


class Register(str, Enum):
    """The registers a write can touch; later issues add their own."""

    HOMES = "homes"
    SETTINGS = "settings"
    AUDIT = "audit"
    STAFF = "staff"
    QUALIFICATIONS = "qualifications"
    CHECKS = "checks"
    DBS = "dbs"
    COURSES = "courses"
    TRAINING = "training"
    SUPERVISION = "supervision"
    CHILDREN = "children"
    INCIDENTS = "incidents"
    NOTIFICATIONS = "notifications"
    QUALITY = "quality"

    @classmethod
    def workforce(cls) -> tuple[Register, ...]:
        """Every register the workforce pages and rules read."""
        return (cls.STAFF, cls.QUALIFICATIONS, cls.CHECKS, cls.DBS, cls.COURSES, cls.TRAINING, cls.SUPERVISION,
                cls.SETTINGS)


@dataclass(frozen=True)
class Changes:
    """The set of registers one user action changed (and, when the write says so, in which homes)."""

    registers: frozenset[Register] = field(default_factory=frozenset)
    #: The homes whose records changed, when the write knows them all; None: any home may have changed
    #: (a provider-wide register, another copy's writes, a write that does not say). Not compared:
    #: two changes to the same registers are the same change to whoever reloads a page.
    homes: frozenset[HomeId] | None = field(default=None, compare=False)

    @classmethod
    def of(cls, *registers: Register, home: HomeId | None = None) -> Changes:
        """Changes touching the given registers (the audit trail always changes with them), in ``home`` if given."""
        regs = set(registers)
        if regs:
            regs.add(Register.AUDIT)
        return cls(frozenset(regs), None if home is None else frozenset({home}))

    def __or__(self, other: Changes) -> Changes:
        if not other.registers:
            return self
        if not self.registers:
            return other
        homes = None if self.homes is None or other.homes is None else self.homes | other.homes
        return Changes(self.registers | other.registers, homes)

    def __bool__(self) -> bool:
        return bool(self.registers)

    def touches(self, *registers: Register) -> bool:
        """True when any of the given registers changed."""
        return any(r in self.registers for r in registers)
