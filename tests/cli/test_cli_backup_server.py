"""`carehome-desk backup` on a server database: a pg_dump that restores into a new database with the same records."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from carehome_desk.cli import main
from carehome_desk.store import Store
from carehome_desk.store.server_backup import server_tool
from tests.conftest import Clock, oak_lodge
from tests.pg_server import PgServer


def test_a_server_backup_restores_with_the_same_records_and_trail(
        pg_server: PgServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = pg_server.url(pg_server.new_database())
    with Store.open(source, clock=Clock()) as store:
        store.homes.add(oak_lodge())
        head = store.audit.head()
    out = tmp_path / "server.dump"
    assert main(["--db", source, "backup", "--out", str(out)]) == 0
    assert f"to {out}" in capsys.readouterr().out
    restored = pg_server.empty_database()
    subprocess.run([server_tool("pg_restore"), "--no-owner", "-h", "127.0.0.1", "-p", str(pg_server.port),
                    "-U", "carehome", "-d", restored, str(out)], check=True, stdin=subprocess.DEVNULL)
    with Store.open(pg_server.url(restored), create=False, clock=Clock()) as store:
        assert [h.name for h in store.homes.list()] == ["Oak Lodge"]
        assert store.audit.head() == head
        assert store.audit.verify().intact


def test_a_server_backup_never_overwrites_a_file(pg_server: PgServer, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "kept.dump"
    out.write_bytes(b"an older backup")
    assert main(["--db", pg_server.url(pg_server.new_database()), "backup", "--out", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == b"an older backup"


def test_a_server_backup_into_a_folder_that_is_not_there_is_refused(pg_server: PgServer, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "no such folder" / "server.dump"
    assert main(["--db", pg_server.url(pg_server.new_database()), "backup", "--out", str(out)]) == 1
    assert f"the folder {out.parent} does not exist" in capsys.readouterr().err
    assert not out.parent.exists()
