"""Storage: SQLAlchemy Core tables, Alembic migrations, audited repositories."""

from carehome_desk.store.errors import (
    ConflictError,
    DatabaseTooNewError,
    NotADatabaseError,
    NotFoundError,
    SaveError,
    StoreError,
    ValidationError,
)
from carehome_desk.store.store import Store

__all__ = [
    "ConflictError",
    "DatabaseTooNewError",
    "NotADatabaseError",
    "NotFoundError",
    "SaveError",
    "Store",
    "StoreError",
    "ValidationError",
]
