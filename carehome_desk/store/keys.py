"""The key file beside a protected database: its data key, sealed by the password and by the recovery key.

A random 32-byte data key encrypts the database (SQLCipher 4). It is never stored in clear. The
key file holds it twice, each copy sealed with AES-256-GCM:

- by a key derived from the password with Argon2id (its salt and cost are stored with it), and
- by a key derived from the recovery key with HKDF-SHA256: the recovery key is 200 random bits
  shown once, as 8 groups of 5 letters and digits, to print and keep in the office safe. It is
  random and long, so it needs no slow derivation; a password does.

Changing the password seals the same data key again; the database is not re-encrypted. The key
file is ``<database>.keys``, JSON, readable by its owner only (0600), and replaced atomically.
It holds nothing that opens the database without the password or the recovery key, but without
it neither of them can open the database: every backup carries a copy of it.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# argon2 and cryptography are imported where they are used (~50 ms together): opening a database
# that has no password never loads them.
from carehome_desk.private_files import partial_name
from carehome_desk.store.connect import KEY_BYTES, SQLITE_HEADER, file_header
from carehome_desk.store.errors import StoreError, WrongPasswordError

FORMAT = "carehome-desk key file"
VERSION = 1
KEYS_SUFFIX = ".keys"
RECOVERY_GROUPS, RECOVERY_GROUP_LENGTH = 8, 5
_RECOVERY_BYTES = 25  # 200 bits: exactly 40 base32 characters
_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# Characters a person reading a printed key may type for the ones base32 uses.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})
# Bounds on a key file's stated cost, so a damaged or hostile file cannot ask for 100 GB of memory.
_MAX_MEMORY_KIB, _MAX_TIME, _MAX_LANES = 4 * 1024 * 1024, 64, 64


@dataclass(frozen=True)
class KdfParams:
    """Argon2id's cost: passes over memory, memory in KiB, lanes. The default takes ~0.4 s on an office PC.

    3 passes over 64 MiB with 4 lanes is the second of RFC 9106's recommended settings (for
    machines where 2 GiB per guess is too much). Tests pass a cheap one explicitly.
    """

    time_cost: int = 3
    memory_cost: int = 64 * 1024
    parallelism: int = 4

    def check(self) -> None:
        """Raise ValueError unless Argon2 accepts these values and they are within sane bounds."""
        if not (1 <= self.time_cost <= _MAX_TIME and 1 <= self.parallelism <= _MAX_LANES
                and 8 * self.parallelism <= self.memory_cost <= _MAX_MEMORY_KIB):
            raise ValueError(f"unusable Argon2 parameters: {self}")


DEFAULT_KDF = KdfParams()


def keys_path(database: Path) -> Path:
    """Where the key file of ``database`` lives: beside it, named ``<file name>.keys``."""
    return database.with_name(database.name + KEYS_SUFFIX)


def is_protected(path: Path) -> bool:
    """True if ``path`` is (or is about to be) an encrypted database: its key file is beside it and
    the file is not a clear SQLite database.

    A clear database with a key file beside it is not protected: the key file was left by a
    conversion that stopped before it replaced the clear file, and protecting it again replaces it.
    """
    return keys_path(path).is_file() and file_header(path) != SQLITE_HEADER


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _aad(slot: str) -> bytes:
    # Binds each sealed copy to its purpose, so one cannot be swapped for the other.
    return f"{FORMAT} v{VERSION}: data key sealed by the {slot}".encode("ascii")


def password_key(password: str, salt: bytes, kdf: KdfParams) -> bytes:
    """The 256-bit key that seals the data key, derived from ``password`` with Argon2id."""
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(password.encode("utf-8"), salt, time_cost=kdf.time_cost, memory_cost=kdf.memory_cost,
                           parallelism=kdf.parallelism, hash_len=32, type=Type.ID)


def new_recovery_key() -> str:
    """A new recovery key: 200 random bits as 8 groups of 5 base32 characters, e.g. ``ABCDE-FGHIJ-…``."""
    text = base64.b32encode(secrets.token_bytes(_RECOVERY_BYTES)).decode("ascii")
    n = RECOVERY_GROUP_LENGTH
    return "-".join(text[i:i + n] for i in range(0, len(text), n))


def recovery_secret(text: str) -> bytes:
    """The 200 bits a recovery key stands for, however it was typed: spaces, dashes and case do not
    matter, and 0, 1 and 8 are read as O, I and B. WrongPasswordError if it cannot be one."""
    cleaned = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-").translate(_LOOKALIKES)
    if len(cleaned) != RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH or any(ch not in _BASE32 for ch in cleaned):
        raise WrongPasswordError("That is not a recovery key: a recovery key is 8 groups of 5 letters and digits, "
                                 "as printed when the password was set.")
    return base64.b32decode(cleaned)


def recovery_wrapping_key(text: str, salt: bytes) -> bytes:
    """The 256-bit key that seals the data key, derived from the recovery key with HKDF-SHA256."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt,
                info=b"carehome-desk recovery key v1").derive(recovery_secret(text))


def _seal(wrapping_key: bytes, data_key: bytes, slot: str) -> dict[str, str]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    return {"nonce": _b64(nonce), "sealed_key": _b64(AESGCM(wrapping_key).encrypt(nonce, data_key, _aad(slot)))}


def _open_seal(wrapping_key: bytes, entry: dict[str, Any], slot: str) -> bytes | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        key = AESGCM(wrapping_key).decrypt(_unb64(entry["nonce"]), _unb64(entry["sealed_key"]), _aad(slot))
    except InvalidTag:
        return None
    if len(key) != KEY_BYTES:
        raise ValueError("the sealed key is not 32 bytes")
    return key


@dataclass(frozen=True)
class KeyFile:
    """The parsed key file: each slot's derivation settings and sealed copy of the data key."""

    password: dict[str, Any]
    recovery: dict[str, Any]

    @classmethod
    def create(cls, data_key: bytes, password: str, recovery_key: str, kdf: KdfParams) -> KeyFile:
        """A key file sealing ``data_key`` under ``password`` and ``recovery_key``."""
        return cls(_password_slot(data_key, password, kdf), _recovery_slot(data_key, recovery_key))

    def kdf(self) -> KdfParams:
        """The Argon2id cost this file's password slot was sealed with."""
        slot = self.password
        params = KdfParams(int(slot["time_cost"]), int(slot["memory_cost"]), int(slot["parallelism"]))
        params.check()
        return params

    def unseal_with_password(self, password: str) -> bytes | None:
        """The data key, or None if ``password`` is not the one it was sealed with."""
        from argon2.exceptions import Argon2Error

        try:
            wrapping = password_key(password, _unb64(self.password["salt"]), self.kdf())
        except Argon2Error as exc:
            raise ValueError(f"Argon2 refused the stored parameters: {exc}") from exc
        return _open_seal(wrapping, self.password, "password")

    def unseal_with_recovery_key(self, recovery_key: str) -> bytes | None:
        """The data key, or None if ``recovery_key`` is well formed but not this database's."""
        return _open_seal(recovery_wrapping_key(recovery_key, _unb64(self.recovery["salt"])), self.recovery,
                          "recovery key")

    def with_password(self, data_key: bytes, password: str, kdf: KdfParams) -> KeyFile:
        """The same file with the data key sealed again under a new password (the recovery key is kept)."""
        return KeyFile(_password_slot(data_key, password, kdf), self.recovery)

    def with_recovery_key(self, data_key: bytes, recovery_key: str) -> KeyFile:
        """The same file with the data key sealed under a new recovery key (the old one stops working)."""
        return KeyFile(self.password, _recovery_slot(data_key, recovery_key))

    def to_json(self) -> str:
        """The file's text."""
        return json.dumps({
            "format": FORMAT,
            "version": VERSION,
            "about": "The key of a carehome-desk database, sealed by its password and by its recovery key. "
                     "Keep this file beside the database and copy it with every backup: without it the "
                     "records cannot be read, even with the password.",
            "cipher": "SQLCipher 4, raw 256-bit data key",
            "password": self.password,
            "recovery": self.recovery,
        }, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> KeyFile:
        """Parse a key file's text; ValueError if it is not one this version reads."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a carehome-desk key file")
        if data.get("version") != VERSION:
            raise ValueError(f"key file version {data.get('version')!r} is not one this version reads")
        password, recovery = data.get("password"), data.get("recovery")
        if not isinstance(password, dict) or not isinstance(recovery, dict):
            raise ValueError("the key file has no password or recovery entry")
        if password.get("kdf") != "argon2id" or recovery.get("kdf") != "hkdf-sha256":
            raise ValueError("the key file uses a key derivation this version does not know")
        keys = cls(password, recovery)
        keys.kdf()
        return keys


def _password_slot(data_key: bytes, password: str, kdf: KdfParams) -> dict[str, Any]:
    kdf.check()
    salt = secrets.token_bytes(16)
    return {"kdf": "argon2id", "time_cost": kdf.time_cost, "memory_cost": kdf.memory_cost,
            "parallelism": kdf.parallelism, "salt": _b64(salt),
            **_seal(password_key(password, salt, kdf), data_key, "password")}


def _recovery_slot(data_key: bytes, recovery_key: str) -> dict[str, Any]:
    salt = secrets.token_bytes(16)
    return {"kdf": "hkdf-sha256", "salt": _b64(salt),
            **_seal(recovery_wrapping_key(recovery_key, salt), data_key, "recovery key")}


def read_key_file(database: Path) -> KeyFile:
    """The key file of ``database``; StoreError (one sentence) if it is missing, unreadable or damaged."""
    path = keys_path(database)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StoreError(f"The key file {path.name} is missing beside {database}, so the protected database "
                         "cannot be opened: copy it back from the backup taken with the database.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"The key file {path} cannot be read ({exc}), so the database cannot be opened.") from exc
    try:
        return KeyFile.from_json(text)
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise StoreError(f"The key file {path} is damaged or not a carehome-desk key file ({exc}): copy it back "
                         "from the backup taken with the database.") from exc


def write_key_file(database: Path, keys: KeyFile) -> Path:
    """Write the key file of ``database`` atomically, readable by its owner only (0600); return its path."""
    return write_private_atomically(keys_path(database), keys.to_json().encode("utf-8"))


def write_private_atomically(path: Path, data: bytes) -> Path:
    """Replace ``path`` with ``data`` in one step: a reader sees the old file or the new, never half of one.

    Written to a 0600 file beside it, flushed to disk, renamed over it, and the folder flushed too,
    so the new contents survive a power cut once this returns.
    """
    # Named by process and PC (private_files.partial_name): what a kill leaves is cleared at the next start.
    partial = partial_name(path)
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)
    return path


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename into it) to disk where the system allows it (not on Windows)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename itself has happened
    finally:
        os.close(fd)
