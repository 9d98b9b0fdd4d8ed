"""Backing up a database on a PostgreSQL server: ``pg_dump``'s own consistent snapshot, checked by reading it back.

The dump is PostgreSQL's custom format (compressed; ``pg_restore`` restores all of it or single tables).
pg_dump reads everything in one transaction, so the dump is consistent while office PCs keep saving.
The password, if the address has one, goes to pg_dump in its environment, never on its command line
(where other users of the PC could see it).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from carehome_desk.store.errors import StoreError

#: Where to look for pg_dump and pg_restore besides PATH (Debian keeps them per version).
_DEBIAN = "/usr/lib/postgresql/*/bin/{}"


def server_tool(name: str) -> str:
    """The newest pg_dump or pg_restore to hand; StoreError saying what to install when there is none."""
    found = sorted(glob.glob(_DEBIAN.format(name)), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return found[-1]
    on_path = shutil.which(name)
    if on_path:
        return on_path
    raise StoreError(f"Backing up a server database needs PostgreSQL's {name}, which is not installed here: install "
                     "the PostgreSQL client programs (on Debian or Ubuntu: sudo apt-get install postgresql-client).")


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    # libpq's own address form (no SQLAlchemy driver name, no password) and the environment carrying the rest.
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def dump_server(url: str, destination: Path) -> Path:
    """Write a consistent dump of the server database at ``url`` to ``destination`` (which must not exist),
    then read its table of contents back with pg_restore; the finished file, or StoreError (nothing left)."""
    if destination.exists():
        raise StoreError(f"{destination} already exists; nothing was written.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    address, env = _libpq(url)
    partial = destination.with_name(destination.name + ".partial")
    where = make_url(url).render_as_string(hide_password=True)
    try:
        done = subprocess.run([server_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial),
                               "--dbname", address], env=env, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            raise StoreError(f"The server database {where} could not be backed up: {done.stderr.strip()}")
        check = subprocess.run([server_tool("pg_restore"), "--list", str(partial)], stdin=subprocess.DEVNULL,
                               capture_output=True, text=True, check=False)
        if check.returncode != 0 or "TABLE DATA public audit_log" not in check.stdout:
            raise StoreError(f"The backup of {where} could not be read back, so it was not kept.")
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    return destination
