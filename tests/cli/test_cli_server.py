"""Commands on a server database: the address as given, and a server that cannot be reached said plainly."""

from __future__ import annotations

import socket

import pytest

from carehome_desk.cli import main
from tests.pg_server import PgServer


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens once it is closed


def test_a_server_that_cannot_be_reached_is_one_sentence_without_the_password(
        capsys: pytest.CaptureFixture[str]) -> None:
    address = f"postgresql://priya:s3cret-word@127.0.0.1:{_closed_port()}/carehome"
    assert main(["--db", address, "homes"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("carehome-desk: Could not read the database at postgresql://priya:***@127.0.0.1")
    assert "s3cret-word" not in err


def test_where_and_homes_on_a_server_named_by_the_environment(pg_server: PgServer, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    address = pg_server.url(pg_server.new_database(), user="carehome").replace("carehome@", "carehome:pw@")
    monkeypatch.setenv("CAREHOME_DESK_DB", address)
    assert main(["where"]) == 0
    assert "Database:    postgresql+psycopg://carehome:***@127.0.0.1" in capsys.readouterr().out
    assert main(["home", "add", "--name", "Oak Lodge", "--urn", "SC123456"]) == 0
    capsys.readouterr()
    assert main(["homes"]) == 0
    assert "SC123456   Oak Lodge" in capsys.readouterr().out
