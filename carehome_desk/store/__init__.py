"""Storage: SQLAlchemy Core tables, Alembic migrations, audited repositories.

``Store`` is imported when first named (PEP 562), so a module that needs only the errors (or names
``Store`` in a type hint) does not load SQLAlchemy: the window's first frame is drawn without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from carehome_desk.store.errors import (
    ConflictError,
    DatabaseTooNewError,
    NotADatabaseError,
    NotFoundError,
    RecordGoneError,
    SaveError,
    StoreError,
    ValidationError,
)

if TYPE_CHECKING:
    from carehome_desk.store.store import Store

__all__ = [
    "ConflictError",
    "DatabaseTooNewError",
    "NotADatabaseError",
    "NotFoundError",
    "RecordGoneError",
    "SaveError",
    "Store",
    "StoreError",
    "ValidationError",
]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from carehome_desk.store.store import Store

        globals()["Store"] = Store
        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
