"""A password file other users of the computer can read: the command warns, as ssh does for a private key,
naming the file, why it matters and the chmod that fixes it, and still does its work. Not on Windows."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from carehome_desk import cli
from carehome_desk.cli_password import PASSWORD_FILE_ENV, readable_secret_warnings
from carehome_desk.private_files import readable_by_others
from carehome_desk.store import Store
from carehome_desk.store.protection import protect
from tests.conftest import Clock, oak_lodge
from tests.store.backup_data import CHEAP

PASSWORD = "correct horse battery"
posix_only = pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX's")


@pytest.fixture
def protected(tmp_path: Path) -> Path:
    db = tmp_path / "carehome.sqlite3"
    with Store.open(db, user="tester", clock=Clock()) as store:
        store.homes.add(oak_lodge())
    protect(db, PASSWORD, kdf=CHEAP)
    return db


def password_file(path: Path, mode: int) -> Path:
    path.write_text(PASSWORD + "\n")
    path.chmod(mode)
    return path


@posix_only
def test_a_password_file_others_can_read_is_warned_of_and_the_command_goes_on(
        capsys: pytest.CaptureFixture[str], protected: Path, tmp_path: Path) -> None:
    secret = password_file(tmp_path / "my password.txt", 0o644)
    code = cli.main(["homes", "--db", str(protected), "--password-file", str(secret)])
    out, err = capsys.readouterr()
    assert code == 0 and "Oak Lodge" in out
    assert err == (f"carehome-desk: warning: the file {secret} (--password-file) can be read by other users of this "
                   "computer (permissions 0644), so anyone who can log in here can read the database's password in "
                   f"it. Make it readable by you alone: chmod 600 '{secret}'\n")
    assert (secret.stat().st_mode & 0o777) == 0o644  # said, never changed behind the manager's back


@posix_only
def test_a_password_file_readable_by_its_owner_alone_gives_no_warning(
        capsys: pytest.CaptureFixture[str], protected: Path, tmp_path: Path) -> None:
    secret = password_file(tmp_path / "password.txt", 0o600)
    code = cli.main(["homes", "--db", str(protected), "--password-file", str(secret)])
    out, err = capsys.readouterr()
    assert code == 0 and "Oak Lodge" in out and err == ""


@posix_only
def test_the_password_file_named_by_the_environment_is_checked_too(
        capsys: pytest.CaptureFixture[str], protected: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = password_file(tmp_path / "password.txt", 0o640)  # the group can read it
    monkeypatch.setenv(PASSWORD_FILE_ENV, str(secret))
    code = cli.main(["due", "--db", str(protected)])
    _out, err = capsys.readouterr()
    assert code == 0
    assert err.count("\n") == 1 and f"the file {secret} ({PASSWORD_FILE_ENV}) can be read" in err
    assert "(permissions 0640)" in err and f"chmod 600 {secret}" in err


@posix_only
def test_every_file_holding_a_secret_is_checked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_FILE_ENV, raising=False)
    shared = password_file(tmp_path / "shared.txt", 0o604)  # others (not the group) can read it
    private = password_file(tmp_path / "private.txt", 0o600)
    args = argparse.Namespace(password_file=shared, pack_password_file=shared, recovery_key_file=private,
                              new_password_file=None)
    (warning,) = readable_secret_warnings(args, posix=True)
    assert f"the file {shared} (--password-file)" in warning and "(permissions 0604)" in warning
    key_file = password_file(tmp_path / "recovery.txt", 0o644)
    (warning,) = readable_secret_warnings(argparse.Namespace(recovery_key_file=key_file), posix=True)
    assert "can read the database's recovery key in it" in warning


def test_no_warning_on_windows_where_the_bits_say_nothing(tmp_path: Path) -> None:
    secret = password_file(tmp_path / "password.txt", 0o644)
    assert readable_by_others(secret, posix=False) is None
    assert readable_secret_warnings(argparse.Namespace(password_file=secret), posix=False) == []


@posix_only
@pytest.mark.parametrize(("mode", "said"), [(0o600, None), (0o400, None), (0o620, None), (0o602, None),
                                            (0o640, 0o640), (0o604, 0o604), (0o644, 0o644), (0o755, 0o755)])
def test_readable_by_others_looks_at_the_read_bits_only(tmp_path: Path, mode: int, said: int | None) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(mode)
    assert readable_by_others(path) == said


def test_a_missing_file_is_left_to_its_reader_to_report(tmp_path: Path) -> None:
    assert readable_by_others(tmp_path / "nope.txt", posix=True) is None
