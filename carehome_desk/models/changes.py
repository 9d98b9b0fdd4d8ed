"""What a write changed, so each page can decide whether to reload (architecture rule 4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


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
    """The set of registers one user action changed."""

    registers: frozenset[Register] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *registers: Register) -> Changes:
        """Changes touching the given registers (the audit trail always changes with them)."""
        regs = set(registers)
        if regs:
            regs.add(Register.AUDIT)
        return cls(frozenset(regs))

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.registers | other.registers)

    def __bool__(self) -> bool:
        return bool(self.registers)

    def touches(self, *registers: Register) -> bool:
        """True when any of the given registers changed."""
        return any(r in self.registers for r in registers)
