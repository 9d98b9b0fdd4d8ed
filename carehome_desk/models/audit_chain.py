"""The audit trail's hash chain: each row's SHA-256 covers the previous row's hash and its own content.

Pure functions (no SQL, no clock), so the Writer, the sealing migration and the verifier all
hash a row the same way. The format is part of every database written since schema 0007:
never change it; a new format would need a new version tag and a migration that re-seals.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

#: The "previous hash" of the first row of a chain.
GENESIS = "0" * 64
#: Written into every row's canonical content, so a later format can never be mistaken for this one.
FORMAT = "carehome-desk audit v1"


def canonical_content(row_id: int, at: datetime, user: str, table: str, record_id: str, action: str,
                      before_json: str | None, after_json: str | None) -> str:
    """One audit row as canonical text: every field, the instant as UTC ISO 8601 with microseconds.

    The before/after JSON is taken exactly as stored (text), so nothing is re-encoded on the way.
    ASCII escapes keep it encodable whatever the text holds.
    """
    if at.tzinfo is None:
        raise ValueError("an audit row's time must be timezone-aware")
    instant = at.astimezone(timezone.utc).isoformat(timespec="microseconds")
    fields = [FORMAT, row_id, instant, user, table, record_id, action, before_json, after_json]
    return json.dumps(fields, ensure_ascii=True, separators=(",", ":"))


def chain_hash(prev_hash: str, content: str) -> str:
    """SHA-256 (hex) over the previous row's hash and this row's canonical content."""
    return hashlib.sha256(f"{prev_hash}\n{content}".encode("ascii")).hexdigest()


def row_hash(prev_hash: str, row_id: int, at: datetime, user: str, table: str, record_id: str, action: str,
             before_json: str | None, after_json: str | None) -> str:
    """The hash an audit row must carry, given the hash of the row before it."""
    return chain_hash(prev_hash, canonical_content(row_id, at, user, table, record_id, action,
                                                   before_json, after_json))
