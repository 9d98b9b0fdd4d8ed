"""Where carehome-desk keeps its files: one place, overridable for tests and for moving the data.

Order of precedence for the database: an explicit path (``--db``), then ``CAREHOME_DESK_DB``,
then ``carehome.sqlite3`` in the data folder. The data folder is the per-user folder from
platformdirs, or ``CAREHOME_DESK_HOME`` when set, or the base given to :func:`init`.
"""

from __future__ import annotations

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

APP_NAME = "carehome-desk"
DB_FILENAME = "carehome.sqlite3"
DB_ENV = "CAREHOME_DESK_DB"
HOME_ENV = "CAREHOME_DESK_HOME"

_base_override: Path | None = None


def init(base: Path | None) -> None:
    """Use ``base`` for every per-user folder (tests, portable installs); None restores the default."""
    global _base_override
    _base_override = Path(base) if base is not None else None


def data_dir() -> Path:
    """The folder holding the database, its backups and logs."""
    if _base_override is not None:
        return _base_override
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # imported here: only needed when no override is set

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def default_db_path() -> Path:
    """The database file used when no ``--db`` is given (CAREHOME_DESK_DB when it names a file)."""
    env = os.environ.get(DB_ENV)
    if env and "://" not in env:
        return Path(env).expanduser()
    return data_dir() / DB_FILENAME


def resolve_db(explicit: str | os.PathLike[str] | None) -> str | Path:
    """The database to open: an explicit path or URL, else CAREHOME_DESK_DB (a path or a server's URL),
    else the default file."""
    text = os.fspath(explicit) if explicit else os.environ.get(DB_ENV, "")
    if text:
        return text if "://" in text else Path(text).expanduser()
    return default_db_path()


def log_dir() -> Path:
    """Where the log file goes (full tracebacks live here, never on screen)."""
    return data_dir() / "logs"


def backup_dir() -> Path:
    """Where backups go unless another file is named."""
    return data_dir() / "backups"


def temp_dir() -> Path:
    """Where an export keeps its temporary files: inside the private data folder, never the system temp."""
    return data_dir() / "tmp"


def in_data_dir(path: Path) -> bool:
    """True if ``path`` is the data folder or inside it."""
    try:
        Path(path).resolve().relative_to(data_dir().resolve())
    except ValueError:
        return False
    return True


def resources_dir() -> Traversable:
    """The shipped resources (icons, framework data), inside the installed package."""
    return resources.files("carehome_desk.resources")
