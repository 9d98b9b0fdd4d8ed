"""The first frame's figures: the dashboard's tiles kept from the last run, shown at once at the next start.

When the dashboard's worker has worked out the tiles for the home on show (and no save is waiting
to be reflected), they are kept in a private file in the data folder with what the first frame
needs (the homes' names, the home on show, the demo flag, the window's words) and a key saying
exactly which state of the records they describe:

* the database file's identity (its full path, device and inode: a restored or copied file is
  another file),
* the audit trail's newest row, id and hash: every write through the store appends one in the same
  transaction (store/writer.py), settings included, and the hash chains every row before it,
* the schema revision, the period chosen, and the app's version.

The tiles are kept by UK day: today's as the dashboard shows them, and each of the next
``AHEAD_DAYS`` days' as they will be at that day's start (00:00 UK), worked out ahead by the same
compute once the window is idle (ui/start_ahead.py), so the first start of a day is as quick as the
next ones while nothing has been saved since. Some tiles are judged at a moment, not a day (an
incident step turns overdue at its due time): each day's tiles keep the moment they stop holding
(the earliest due time of a step still open at the moment they were judged at), and are used up to
that moment included (a step is still due at its due moment, models/deadlines.py) but not after it.
Nothing else moves the tiles: the day (every date rule), that moment, the period chosen (resolved
against the day), the provider's settings and the home's details (records: the audit head), and the
bank holidays (the list shipped with the app: its version; the years outside it are worked out by
the `holidays` library, whose days for a past or a rule-bound year do not change).

At the next start the key is read with the standard library's sqlite3, read-only (no SQLAlchemy,
no Alembic); only when it matches in full, today's tiles are kept and still hold are they shown before
the store is opened (the kept charts stay under one day's key: ``read_key``'s, with the day). Never for
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
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from carehome_desk import __version__
from carehome_desk.kept_files import OtherFormat, check_format, latest, settle, write_soon
from carehome_desk.models.dates import UK
from carehome_desk.paths import data_dir

log = logging.getLogger("carehome_desk")

FILENAME = "start-snapshot.json"
#: The charts kept beside it under the same key (ui/dashboard/chart_snapshot.py): they go with it.
CHARTS_FILENAME = "start-charts.json"
#: 3: today's tiles and the coming days', each with its own moment (2, one day's, is ignored: a cold start).
FORMAT = 3
#: The coming days whose tiles are kept ahead: a weekend or a bank holiday weekend away (3–4 days), the
#: Christmas break (24/12 to 02/01: 9), or a week's leave from a Friday to the Monday after next (10).
#: Each is one compute of one home's tiles on the worker (about 16 ms at demo scales 1 and 10) and about
#: 3 kB in the file, worked out again after each save once the window is idle.
AHEAD_DAYS = 10
#: A snapshot is a few kilobytes a day; anything much bigger is not one of ours and is not read.
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
    """What the first frame shows: the window's words, the homes in the selector, the tiles of the home on show
    for one day (``key`` is ``read_key``'s, with that day)."""

    key: dict[str, Any]
    home_id: int
    homes: list[tuple[int, str, str]]  # id, name, URN
    is_demo: bool
    where: str  # the status bar's "Data: … · changes recorded as …"
    tiles: list[dict[str, Any]] = field(default_factory=list)  # each a Tile's fields (status as its value)
    #: The moment the tiles stop holding (ISO, UTC), when a step still open falls due; None: all day.
    until: str | None = None

    def holds_at(self, now: datetime) -> bool:
        """False once the moment its tiles stop holding has passed (a step fell due since)."""
        if self.until is None:
            return True
        until = datetime.fromisoformat(self.until)
        return until.tzinfo is not None and now <= until


# ---- the file: one key, the tiles of several days -------------------------------------------------

def file_key(key: dict[str, Any]) -> dict[str, Any]:
    """``read_key``'s key without its day: what every day's tiles in the file share."""
    return {k: v for k, v in key.items() if k != "day"}


@dataclass(frozen=True)
class DayTiles:
    """One day's tiles in the file and the moment they stop holding (ISO, UTC; None: all that day)."""

    tiles: list[dict[str, Any]]
    until: str | None = None


@dataclass(frozen=True)
class StartFile:
    """What the file holds: one key (no day), the window's words, and the tiles by UK day (ISO)."""

    key: dict[str, Any]
    home_id: int
    homes: list[tuple[int, str, str]]
    is_demo: bool
    where: str
    days: dict[str, DayTiles]

    @classmethod
    def of(cls, snapshot: Snapshot) -> StartFile:
        """The file for one day's snapshot (its key's day)."""
        return cls(file_key(snapshot.key), snapshot.home_id, snapshot.homes, snapshot.is_demo, snapshot.where,
                   {str(snapshot.key["day"]): DayTiles(snapshot.tiles, snapshot.until)})

    def for_day(self, day: date) -> Snapshot | None:
        """The snapshot of ``day`` (its key with that day), or None when its tiles were not kept."""
        kept = self.days.get(day.isoformat())
        if kept is None:
            return None
        return Snapshot({**self.key, "day": day.isoformat()}, self.home_id, self.homes, self.is_demo, self.where,
                        kept.tiles, kept.until)

    def same_records(self, other: StartFile) -> bool:
        """True when both are for the same records, period, version and home: their days' tiles go together."""
        return self.key == other.key and self.home_id == other.home_id

    def to_json(self) -> str:
        days = {day: {"tiles": kept.tiles, "until": kept.until} for day, kept in self.days.items()}
        return json.dumps({"format": FORMAT, "key": self.key, "home_id": self.home_id, "homes": self.homes,
                           "is_demo": self.is_demo, "where": self.where, "days": days}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> StartFile:
        raw = check_format(json.loads(text), FORMAT)  # OtherFormat: a newer version's, left for it
        homes = [(int(h[0]), str(h[1]), str(h[2])) for h in raw["homes"]]
        if not isinstance(raw["key"], dict) or "day" in raw["key"] or not isinstance(raw["days"], dict):
            raise ValueError("a snapshot's key or days are not as written")
        days: dict[str, DayTiles] = {}
        for day, kept in raw["days"].items():
            date.fromisoformat(day)  # a day, or the snapshot is not used
            tiles, until = kept["tiles"], kept.get("until")
            if not isinstance(tiles, list) or not all(isinstance(t, dict) for t in tiles):
                raise ValueError("a snapshot's tiles are not as written")
            if until is not None and not isinstance(until, str):
                raise ValueError("a snapshot's moment is not as written")
            days[day] = DayTiles(tiles, until)
        return cls(dict(raw["key"]), int(raw["home_id"]), homes, bool(raw["is_demo"]), str(raw["where"]), days)


def _read() -> StartFile | None:
    """The file as written, or None when there is none; ValueError (or another error) when it is not one."""
    file = snapshot_path()
    on_its_way = latest(file)  # what this process is writing: read as it will be, without waiting for the disk
    if on_its_way is not None:
        return StartFile.from_json(on_its_way)
    try:
        st = os.stat(file)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
        raise ValueError("not a snapshot file")
    return StartFile.from_json(file.read_text(encoding="utf-8"))


def load(path: Path, day: date, period: str, home_id: int | None, now: datetime | None = None) -> Snapshot | None:
    """The snapshot of ``day`` for ``path`` if its key matches the records now, that day's tiles were kept and
    still hold at ``now`` (by default the clock), and ``home_id`` is its home (when given). Never an error: a
    snapshot that cannot be read, whatever is wrong with it, is ignored, logged and removed (the usual start
    follows)."""
    try:
        kept = _read()
        if kept is None:
            return None
        snapshot = kept.for_day(day)
        from carehome_desk.services.dashboard_tile import Tile

        for raw in snapshot.tiles if snapshot is not None else ():
            Tile.from_dict(raw)  # each tile as written, or the snapshot is not used
        holds = snapshot is not None and snapshot.holds_at(now or datetime.now(timezone.utc))
    except OtherFormat as exc:
        log.info("start snapshot not used: %s was written by a newer version (%s)", FILENAME, exc)
        return None
    except Exception as exc:  # noqa: BLE001 - whatever is in that file, the window starts the usual way
        log.warning("start snapshot ignored: %s could not be read (%s)", FILENAME, type(exc).__name__)
        forget()
        return None
    if kept.key.get("file") == str(path.resolve()) and not plain_file(path):
        forget()  # the file has been given a password since: nothing about it stays in clear
        return None
    if snapshot is None or not holds or (home_id is not None and snapshot.home_id != home_id):
        return None
    key = read_key(path, day, period)
    return snapshot if key is not None and key == snapshot.key else None


def _kept_as_well(new: StartFile) -> dict[str, DayTiles]:
    """The days the file already keeps for the same records (from today's up to ``AHEAD_DAYS`` on): a save of
    today's tiles leaves the coming days' standing when nothing was saved since they were worked out."""
    try:
        old = _read()
    except Exception:  # noqa: BLE001 - a file that is not one of ours is simply replaced
        return {}
    if old is None or not old.same_records(new):
        return {}
    first = min(date.fromisoformat(d) for d in new.days)
    return {d: t for d, t in old.days.items() if 0 <= (date.fromisoformat(d) - first).days <= AHEAD_DAYS}


def missing_days(key: dict[str, Any], home_id: int) -> list[date]:
    """The coming days (after ``key``'s day, up to ``AHEAD_DAYS`` on) whose tiles the file does not keep for
    ``key``'s records and ``home_id``: the ones to work out ahead."""
    day = date.fromisoformat(str(key["day"]))
    try:
        kept = _read()
    except Exception:  # noqa: BLE001 - every day is missing from a file that is not one of ours
        kept = None
    have = kept.days if kept is not None and kept.key == file_key(key) and kept.home_id == home_id else {}
    coming = (day + timedelta(days=n) for n in range(1, AHEAD_DAYS + 1))
    return [d for d in coming if d.isoformat() not in have]


def keep_days(key: dict[str, Any], home_id: int, days: dict[date, DayTiles]) -> bool:
    """Add coming days' tiles to the file (``key``: ``read_key``'s for any of them), if it still keeps the same
    records' tiles for the same home; False (nothing written) when it does not (a save since: the tiles
    kept for today after it plan the coming days again)."""
    try:
        kept = _read()
    except Exception:  # noqa: BLE001 - not one of ours: it is replaced by today's at the next keep
        return False
    if kept is None or kept.key != file_key(key) or kept.home_id != home_id:
        return False
    every = {**kept.days, **{day.isoformat(): tiles for day, tiles in days.items()}}
    _write(StartFile(kept.key, kept.home_id, kept.homes, kept.is_demo, kept.where, dict(sorted(every.items()))))
    return True


def save(snapshot: Snapshot) -> None:
    """Keep one day's snapshot (today's), with the coming days' tiles already kept for the same records."""
    new = StartFile.of(snapshot)
    days = {**_kept_as_well(new), **new.days}
    _write(StartFile(new.key, new.home_id, new.homes, new.is_demo, new.where, dict(sorted(days.items()))))


def _write(kept: StartFile) -> None:
    """Write the file, private (0600) from its first byte, replacing the last one whole (kept_files.py: off this
    thread, a disk's flush is slow); never over ``MAX_BYTES`` (the furthest days are left out first: the file
    would not be read)."""
    text = kept.to_json()
    while len(text.encode("utf-8")) > MAX_BYTES and len(kept.days) > 1:
        kept = replace(kept, days=dict(sorted(kept.days.items())[:-1]))
        text = kept.to_json()
    if len(text.encode("utf-8")) > MAX_BYTES:
        log.warning("start snapshot not kept: too big")
        return
    write_soon(snapshot_path(), text, "start snapshot")


def forget() -> None:
    """Remove the snapshot (a cold start follows): when a file is given a password or restored, and when
    the snapshot cannot be read."""
    for name in (FILENAME, CHARTS_FILENAME):
        try:
            settle(data_dir() / name, drop=True)  # nothing waiting to be written comes back after
            (data_dir() / name).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("start snapshot could not be removed: %s", exc)
