"""What a backup says about itself: a small JSON record beside each copy (``<backup>.json``).

Why a file beside the copy and not a table inside it: the list of backups (the restore dialog, the
read-only banner's "newest good backup", the dashboard) is read without opening, decrypting or
checking every copy, and a copy stays a byte-for-byte snapshot of the database. The record holds
no record content: when, from where, the schema revision, how many rows each register held, and
what the integrity check said. Restore never trusts it alone: it checks the copy itself again.

:func:`gather_backup_facts` is the one place the facts about a database are gathered; the audit
chain's head and row count belong there too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from carehome_desk.store.connect import DATABASE_ERRORS, Connection, open_connection, table_counts
from carehome_desk.store.keys import write_private_atomically

RECORD_SUFFIX = ".json"
FORMAT = "carehome-desk backup record"
#: Bookkeeping tables left out of the counts (not a register).
NOT_REGISTERS = frozenset({"alembic_version"})
INTEGRITY_OK = "ok"
#: The name of the database's identity in the record (the same as its key in the settings table).
DATABASE_ID = "database_id"


@dataclass(frozen=True)
class BackupFacts:
    """Facts read from a database (or a copy of it): schema revision and rows per register.

    ``extra`` carries further facts by name (the audit chain's head and row count), stored as they are.
    """

    schema_revision: str | None
    counts: dict[str, int]
    extra: dict[str, object] = field(default_factory=dict)


def gather_backup_facts(conn: Connection) -> BackupFacts:
    """The facts a backup records about the database behind ``conn`` (an open DB-API connection)."""
    every = table_counts(conn)
    counts = {name: n for name, n in sorted(every.items()) if name not in NOT_REGISTERS}
    revision = None
    if "alembic_version" in every:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = str(row[0]) if row else None
    extra: dict[str, object] = {}
    database_id = _database_id(conn, every)
    columns = {str(r[1]) for r in conn.execute("PRAGMA table_info(audit_log)").fetchall()}
    if "hash" in columns:  # schema 0007 on: the audit chain's head, an anchor a later rebuilt chain cannot match
        (rows,) = conn.execute("SELECT count(*) FROM audit_log").fetchone()
        newest = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        extra = {"audit_rows": int(rows), "audit_head": str(newest[0]) if newest and newest[0] else None}
    if database_id is not None:  # which database this is a copy of (settings.DATABASE_ID_KEY)
        extra[DATABASE_ID] = database_id
    return BackupFacts(schema_revision=revision, counts=counts, extra=extra)


def database_id_of(path: Path, key: bytes | None = None) -> str | None:
    """The identity of the database at ``path`` (read-only; ``key`` opens a protected one), or None when it has
    none or cannot be read."""
    try:
        conn = open_connection(path, key=key, read_only=True)
        try:
            names = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            return _database_id(conn, dict.fromkeys(names, 0))
        finally:
            conn.close()
    except DATABASE_ERRORS:
        return None


def _database_id(conn: Connection, tables: dict[str, int]) -> str | None:
    """The database's identity from its settings table (stored as JSON text), or None when it has none yet."""
    if "settings" not in tables:
        return None
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (DATABASE_ID,)).fetchone()
    if not row or row[0] is None:
        return None
    try:
        value = json.loads(row[0]) if isinstance(row[0], (str, bytes)) else row[0]
    except ValueError:
        value = row[0]
    return value if isinstance(value, str) and value else None


@dataclass(frozen=True)
class IntegrityResult:
    """What SQLite's full integrity check (and SQLCipher's page check) said about a file."""

    ok: bool
    detail: str  # "ok", or the first few problems SQLite named, or why it could not be read
    facts: BackupFacts | None = None  # read from the file when it passed


def check_database(path: Path, *, key: bytes | None, immutable: bool = False) -> IntegrityResult:
    """Run ``PRAGMA integrity_check`` (and for an encrypted file ``cipher_integrity_check``) on ``path``,
    read-only, and gather its facts if it passes. Never raises for a damaged or unreadable file.
    ``immutable``: a backup looked at, with nothing made beside it (connect.open_connection)."""
    try:
        conn = open_connection(path, key=key, read_only=True, immutable=immutable)
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(20)").fetchall()]
            if rows != [INTEGRITY_OK]:
                return IntegrityResult(False, "; ".join(rows[:3]))
            if key is not None and conn.execute("PRAGMA cipher_integrity_check").fetchall():
                return IntegrityResult(False, "a page failed SQLCipher's check (it was changed on disk)")
            return IntegrityResult(True, INTEGRITY_OK, gather_backup_facts(conn))
        finally:
            conn.close()
    except DATABASE_ERRORS as exc:
        return IntegrityResult(False, f"it could not be read ({exc})")


@dataclass(frozen=True)
class BackupRecord:
    """The record kept beside one backup."""

    taken_at: datetime  # timezone-aware
    source: str
    encrypted: bool
    automatic: bool
    integrity: str  # "ok" once the copy passed its check
    facts: BackupFacts

    @property
    def verified(self) -> bool:
        """True when the copy passed its full integrity check when it was taken."""
        return self.integrity == INTEGRITY_OK

    @property
    def database_id(self) -> str | None:
        """The identity of the database this is a copy of; None for a copy taken before databases had one."""
        value = self.facts.extra.get(DATABASE_ID)
        return value if isinstance(value, str) and value else None

    def to_json(self) -> str:
        """The record as the text written beside the copy."""
        return json.dumps({
            "format": FORMAT, "version": 1, "taken_at": self.taken_at.isoformat(), "source": self.source,
            "encrypted": self.encrypted, "automatic": self.automatic, "integrity": self.integrity,
            "schema_revision": self.facts.schema_revision, "counts": self.facts.counts, **self.facts.extra,
        }, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> BackupRecord:
        """Read a record; ValueError if it is not one."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a carehome-desk backup record")
        taken = datetime.fromisoformat(str(data["taken_at"]))
        if taken.tzinfo is None:
            raise ValueError("the time taken has no time zone")
        counts = data.get("counts") or {}
        if not isinstance(counts, dict):
            raise ValueError("the counts are not a table")
        known = {"format", "version", "taken_at", "source", "encrypted", "automatic", "integrity",
                 "schema_revision", "counts"}
        facts = BackupFacts(schema_revision=data.get("schema_revision"),
                            counts={str(k): int(v) for k, v in counts.items()},
                            extra={k: v for k, v in data.items() if k not in known})
        return cls(taken_at=taken, source=str(data.get("source", "")), encrypted=bool(data.get("encrypted")),
                   automatic=bool(data.get("automatic")), integrity=str(data.get("integrity", "")), facts=facts)


def record_path(backup: Path) -> Path:
    """Where the record of ``backup`` lives: beside it, named ``<file name>.json``."""
    return backup.with_name(backup.name + RECORD_SUFFIX)


def write_record(backup: Path, record: BackupRecord) -> Path:
    """Write the record of ``backup`` atomically, 0600."""
    return write_private_atomically(record_path(backup), record.to_json().encode("utf-8"))


def read_record(backup: Path) -> BackupRecord | None:
    """The record beside ``backup``; None when it is missing or unreadable (an older or hand-made copy)."""
    try:
        return BackupRecord.from_json(record_path(backup).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
