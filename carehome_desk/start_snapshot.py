"""The first frame's figures: the dashboard's tiles kept from the last run, shown at once at the next start.

When the dashboard's worker has worked out the tiles for the home on show (and no save is waiting
to be reflected), they are kept in a private file in the data folder with what the first frame
needs (the homes' names, the home on show, the demo flag, the window's words) and a key saying
exactly which state of the records they describe:

* the database file's identity (its full path, device and inode: a restored or copied file is
  another file),
* the audit trail's newest row, id and hash: every write through the store appends one in the same
  transaction (store/writer.py), settings included, and the hash chains every row before it,
* the schema revision, the UK day the tiles were worked out for, the period chosen, and the app's version.

Some tiles are judged at a moment, not a day (an incident step turns overdue at its due time): the
snapshot also keeps the moment its tiles stop holding (the earliest due time of a step still open),
and is not used after it.

At the next start the key is read with the standard library's sqlite3, read-only (no SQLAlchemy,
no Alembic); only when it matches in full are the tiles shown before the store is opened. Never for
an encrypted file (nothing about it is kept in clear) or a server database. A missing, corrupt or
foreign snapshot is ignored (and logged): the window then starts as it always did.

Standard library only (and no Qt): this module is read before anything heavy is imported.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import stat
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from carehome_desk import __version__
from carehome_desk.kept_files import OtherFormat, settle
from carehome_desk.models.dates import UK
from carehome_desk.paths import data_dir

log = logging.getLogger("carehome_desk")

FILENAME = "start-snapshot.json"
#: The charts kept beside it under the same key (ui/dashboard/chart_snapshot.py): they go with it.
CHARTS_FILENAME = "start-charts.json"
FORMAT = 2
#: A snapshot is a few kilobytes; anything much bigger is not one of ours and is not read.
MAX_BYTES = 1_000_000
SQLITE_HEADER = b"SQLite format 3\x00"
KEYS_SUFFIX = ".keys"  # an encrypted database's key file (store/keys.py): its presence means "not for us"


def snapshot_path() -> Path:
    """Where the snapshot lives: the private data folder."""
    return data_dir() / FILENAME


def uk_today() -> date:
    """Today in the UK, as the store reckons it."""
    return datetime.now(timezone.utc).astimezone(UK).date()


def plain_file(path: Path) -> bool:
    """True for a clear SQLite file (no password, no key file beside it): the only kind a snapshot is kept for."""
    try:
        with open(path, "rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return header == SQLITE_HEADER and not path.with_name(path.name + KEYS_SUFFIX).exists()


def read_key(path: Path, day: date, period: str) -> dict[str, Any] | None:
    """The key of ``path``'s records as they stand now; None when the file cannot say (then no snapshot)."""
    if not plain_file(path):
        return None
    try:
        st = os.stat(path)
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
        try:
            head = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except (OSError, sqlite3.Error) as exc:
        log.info("start snapshot: could not read the key of %s (%s)", path.name, type(exc).__name__)
        return None
    return {"file": str(path.resolve()), "dev": st.st_dev, "ino": st.st_ino,
            "audit": list(head) if head else None, "schema": revision[0] if revision else None,
            "day": day.isoformat(), "period": period, "version": __version__}


@dataclass(frozen=True)
class Snapshot:
    """What the first frame shows: the window's words, the homes in the selector, the tiles of the home on show."""

    key: dict[str, Any]
    home_id: int
    homes: list[tuple[int, str, str]]  # id, name, URN
    is_demo: bool
    where: str  # the status bar's "Data: … · changes recorded as …"
    tiles: list[dict[str, Any]] = field(default_factory=list)  # each a Tile's fields (status as its value)
    #: The moment the tiles stop holding (ISO, UTC), when a step still open falls due; None: all day.
    until: str | None = None

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, **asdict(self)}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Snapshot:
        from carehome_desk.kept_files import check_format

        raw = check_format(json.loads(text), FORMAT)  # OtherFormat: a newer version's, left for it
        homes = [(int(h[0]), str(h[1]), str(h[2])) for h in raw["homes"]]
        tiles = raw["tiles"]
        if not isinstance(raw["key"], dict) or not isinstance(tiles, list) or not all(isinstance(t, dict) for t in tiles):
            raise ValueError("a snapshot's key or tiles are not as written")
        until = raw.get("until")
        if until is not None and not isinstance(until, str):
            raise ValueError("a snapshot's moment is not as written")
        return cls(dict(raw["key"]), int(raw["home_id"]), homes, bool(raw["is_demo"]), str(raw["where"]), tiles,
                   until)

    def holds_at(self, now: datetime) -> bool:
        """False once the moment its tiles stop holding has passed (a step fell due since)."""
        if self.until is None:
            return True
        until = datetime.fromisoformat(self.until)
        return until.tzinfo is not None and now <= until


def load(path: Path, day: date, period: str, home_id: int | None, now: datetime | None = None) -> Snapshot | None:
    """The snapshot for ``path`` if its key matches the records now, its tiles still hold at ``now`` (by
    default the clock), and ``home_id`` is its home (when given). Never an error: a snapshot that cannot be
    read, whatever is wrong with it, is ignored, logged and removed (the usual start follows)."""
    file = snapshot_path()
    settle(file)  # one this process is still writing is read whole
    try:
        st = os.stat(file)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
            raise ValueError("not a snapshot file")
        snapshot = Snapshot.from_json(file.read_text(encoding="utf-8"))
        from carehome_desk.services.dashboard_tile import Tile

        for raw in snapshot.tiles:
            Tile.from_dict(raw)  # each tile as written, or the snapshot is not used
        holds = snapshot.holds_at(now or datetime.now(timezone.utc))
    except OtherFormat as exc:
        log.info("start snapshot not used: %s was written by a newer version (%s)", file.name, exc)
        return None
    except Exception as exc:  # noqa: BLE001 - whatever is in that file, the window starts the usual way
        log.warning("start snapshot ignored: %s could not be read (%s)", file.name, type(exc).__name__)
        forget()
        return None
    if snapshot.key.get("file") == str(path.resolve()) and not plain_file(path):
        forget()  # the file has been given a password since: nothing about it stays in clear
        return None
    if not holds or (home_id is not None and snapshot.home_id != home_id):
        return None
    key = read_key(path, day, period)
    return snapshot if key is not None and key == snapshot.key else None


def save(snapshot: Snapshot) -> None:
    """Write the snapshot, private (0600) from its first byte, replacing the last one whole (kept_files.py)."""
    from carehome_desk.kept_files import write_soon

    write_soon(snapshot_path(), snapshot.to_json(), "start snapshot")  # off this thread: a disk's flush is slow


def forget() -> None:
    """Remove the snapshot (a cold start follows): when a file is given a password or restored, and when
    the snapshot cannot be read."""
    for name in (FILENAME, CHARTS_FILENAME):
        try:
            settle(data_dir() / name, drop=True)  # nothing waiting to be written comes back after
            (data_dir() / name).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("start snapshot could not be removed: %s", exc)
