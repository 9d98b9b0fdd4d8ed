"""Reading what a killed run left, through carehome_desk's own connection code (so an encrypted
file opens with its key exactly as the app opens it)."""

from __future__ import annotations

import io
from pathlib import Path

from carehome_desk.store.connect import DATABASE_ERRORS, open_connection, table_counts
from tests.crash.harness import Database

Counts = dict[str, int]


def integrity_problem(path: Path, key: bytes | None) -> str | None:
    """None if ``path`` passes ``PRAGMA integrity_check`` (and SQLCipher's page check when
    encrypted); otherwise what failed."""
    try:
        conn = open_connection(path, key=key)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                return f"integrity_check of {path.name}: {'; '.join(map(str, result[:5]))}"
            if key is not None and conn.execute("PRAGMA cipher_integrity_check").fetchall():
                return f"cipher_integrity_check of {path.name} found damaged pages"
            if not table_counts(conn):
                return f"{path.name} holds no tables"
        finally:
            conn.close()
    except DATABASE_ERRORS as exc:
        return f"{path.name} could not be read: {exc}"
    return None


def counts(path: Path, key: bytes | None) -> Counts:
    """Rows in every table of the database at ``path``."""
    conn = open_connection(path, key=key)
    try:
        return table_counts(conn)
    finally:
        conn.close()


def open_pack(path: Path, database: Database) -> str | None:
    """None if ``path`` is a complete evidence pack: it opens in openpyxl (after decrypting it with
    the database's password when protected) and its Manifest lists every other sheet."""
    import openpyxl

    data = io.BytesIO(path.read_bytes())
    try:
        if database.password_file is not None:
            import msoffcrypto

            from carehome_desk.store.protection import password_from_file

            office = msoffcrypto.OfficeFile(data)
            office.load_key(password=password_from_file(database.password_file))
            clear = io.BytesIO()
            office.decrypt(clear)
            data = clear
        book = openpyxl.load_workbook(data, read_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
        return f"the pack {path.name} does not open: {exc.__class__.__name__}: {exc}"
    try:
        if "Manifest" not in book.sheetnames:
            return f"the pack {path.name} has no Manifest sheet"
        listed = {row[0] for row in book["Manifest"].iter_rows(min_row=2, values_only=True) if row and row[0]}
        missing = [name for name in book.sheetnames if name not in listed and name not in ("Cover", "Charts", "Manifest")]
        if missing:
            return f"the pack's Manifest does not list {', '.join(missing)}"
    finally:
        book.close()
    return None
