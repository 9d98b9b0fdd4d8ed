"""Typed record ids, so a home id cannot be passed where another register's id belongs."""

from typing import NewType

HomeId = NewType("HomeId", int)
AuditId = NewType("AuditId", int)
