"""The command line with a protected database: protect, password, and every command reading the
password from --password-file or CAREHOME_DESK_PASSWORD_FILE (stdin is never a terminal here)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.export.protected_data import CHILD_REF, STAFF_NAME, protected_home
from tests.secret_files import write_secret

PASSWORD = "correct horse battery"
RECOVERY = re.compile(r"Recovery key:\s+((?:[A-Z2-7]{5}-){7}[A-Z2-7]{5})")


def write(path: Path, text: str) -> Path:
    return write_secret(path, text + "\n")


@pytest.fixture
def protected_db(tmp_path: Path) -> tuple[Path, Path, str]:
    """A home protected through `carehome-desk protect`; returns the database, a password file and the recovery key."""
    db = protected_home(tmp_path / "carehome.sqlite3")
    secret = write(tmp_path / "password.txt", PASSWORD)
    done = run("protect", "--db", str(db), "--new-password-file", str(secret), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    match = RECOVERY.search(done.stdout)
    assert match and done.stdout.count(match.group(1)) == 1  # shown once
    assert "office safe" in done.stdout and "carehome.sqlite3.keys" in done.stdout
    return db, secret, match.group(1)


def test_protect_encrypts_the_file_and_every_command_needs_the_password(protected_db: tuple[Path, Path, str],
                                                                        tmp_path: Path) -> None:
    db, secret, _ = protected_db
    raw = db.read_bytes()
    assert CHILD_REF.encode() not in raw and STAFF_NAME.split()[-1].encode() not in raw
    refused = run("homes", "--db", str(db), tmp=tmp_path)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1  # one sentence
    assert "--password-file FILE" in refused.stderr and "CAREHOME_DESK_PASSWORD_FILE" in refused.stderr
    listed = run("homes", "--db", str(db), "--password-file", str(secret), tmp=tmp_path)
    assert listed.returncode == 0 and "Oak Lodge" in listed.stdout, listed.stderr
    by_env = run("due", "--db", str(db), env_extra={"CAREHOME_DESK_PASSWORD_FILE": str(secret)}, tmp=tmp_path)
    assert by_env.returncode == 0, by_env.stderr
    wrong = run("history", "--db", str(db), "--password-file", str(write(tmp_path / "wrong.txt", "not the one at all")),
                tmp=tmp_path)
    assert wrong.returncode == 1 and "not right" in wrong.stderr and wrong.stderr.count("\n") == 1
    missing = run("history", "--db", str(db), "--password-file", str(tmp_path / "nope.txt"), tmp=tmp_path)
    assert missing.returncode == 1 and "does not exist" in missing.stderr


def test_backup_of_a_protected_database_is_encrypted_and_carries_its_key_file(protected_db: tuple[Path, Path, str],
                                                                             tmp_path: Path) -> None:
    db, secret, recovery = protected_db
    out = tmp_path / "backups" / "copy.sqlite3"
    out.parent.mkdir()
    refused = run("backup", "--db", str(db), "--out", str(out), tmp=tmp_path)
    assert refused.returncode == 1 and not out.exists()
    done = run("backup", "--db", str(db), "--out", str(out), "--password-file", str(secret), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    assert Path(f"{out}.keys").is_file()
    assert CHILD_REF.encode() not in out.read_bytes()
    con = sqlite3.connect(out)  # the stock module, deliberately
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        con.execute("SELECT * FROM sqlite_master").fetchall()
    con.close()
    key_file = write(tmp_path / "recovery.txt", recovery.lower())
    reset = run("password", "--db", str(out), "--recovery-key-file", str(key_file), "--new-password-file",
                str(write(tmp_path / "new.txt", "the backup's own password")), tmp=tmp_path)
    assert reset.returncode == 0, reset.stderr


def test_password_changes_with_the_old_one_or_the_recovery_key(protected_db: tuple[Path, Path, str],
                                                              tmp_path: Path) -> None:
    db, secret, recovery = protected_db
    new = write(tmp_path / "new.txt", "a better password now")
    changed = run("password", "--db", str(db), "--password-file", str(secret), "--new-password-file", str(new),
                  tmp=tmp_path)
    assert changed.returncode == 0, changed.stderr
    assert run("homes", "--db", str(db), "--password-file", str(secret), tmp=tmp_path).returncode == 1
    assert run("homes", "--db", str(db), "--password-file", str(new), tmp=tmp_path).returncode == 0

    short = run("password", "--db", str(db), "--password-file", str(new), "--new-password-file",
                str(write(tmp_path / "short.txt", "too short")), tmp=tmp_path)
    assert short.returncode == 1 and "at least 10 characters" in short.stderr

    forgotten = run("password", "--db", str(db), "--recovery-key-file", str(write(tmp_path / "rk.txt", recovery)),
                    "--new-password-file", str(secret), tmp=tmp_path)
    assert forgotten.returncode == 0, forgotten.stderr
    listed = run("homes", "--db", str(db), "--password-file", str(secret), tmp=tmp_path)
    assert listed.returncode == 0 and "Oak Lodge" in listed.stdout


def test_protect_needs_a_password_file_without_a_terminal_and_refuses_twice(tmp_path: Path) -> None:
    db = protected_home(tmp_path / "carehome.sqlite3")
    asked = run("protect", "--db", str(db), tmp=tmp_path)
    assert asked.returncode == 1 and "--new-password-file FILE" in asked.stderr
    assert db.read_bytes().startswith(b"SQLite format 3\x00")
    short = run("protect", "--db", str(db), "--new-password-file", str(write(tmp_path / "p.txt", "123456789")),
                tmp=tmp_path)
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    secret = write(tmp_path / "ok.txt", PASSWORD)
    assert run("protect", "--db", str(db), "--new-password-file", str(secret), tmp=tmp_path).returncode == 0
    again = run("protect", "--db", str(db), "--new-password-file", str(secret), tmp=tmp_path)
    assert again.returncode == 1 and "already protected" in again.stderr


def test_a_password_is_never_an_argument(tmp_path: Path) -> None:
    db = protected_home(tmp_path / "carehome.sqlite3")
    for command, typed, option in ((["homes"], ["--password", PASSWORD], "--password-file FILE"),
                                   (["homes"], [f"--password={PASSWORD}"], "--password-file FILE"),
                                   (["protect"], ["--new-password", PASSWORD], "--new-password-file FILE"),
                                   (["password"], ["--recovery-key", PASSWORD], "--recovery-key-file FILE")):
        wrong = run(*command, "--db", str(db), *typed, tmp=tmp_path)
        assert wrong.returncode == 2 and option in wrong.stderr and PASSWORD not in wrong.stderr


def test_the_password_file_given_before_the_command_counts(protected_db: tuple[Path, Path, str],
                                                            tmp_path: Path) -> None:
    db, secret, _ = protected_db
    listed = run("--db", str(db), "--password-file", str(secret), "homes", tmp=tmp_path)
    assert listed.returncode == 0 and "Oak Lodge" in listed.stdout, listed.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is a POSIX thing")
def test_at_a_terminal_the_password_is_asked_for(protected_db: tuple[Path, Path, str], tmp_path: Path) -> None:
    import pty

    db, _, _ = protected_db
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREHOME_DESK")}
    env["CAREHOME_DESK_HOME"] = str(tmp_path / "userdata")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    for typed, code in ((PASSWORD, 0), ("not the password", 1)):
        master, slave = pty.openpty()
        try:
            proc = subprocess.Popen([sys.executable, "-m", "carehome_desk", "homes", "--db", str(db)], stdin=slave,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                    start_new_session=True)  # no controlling terminal: getpass reads the pty on stdin
            os.close(slave)
            assert proc.stderr is not None
            prompt = ""
            while not prompt.endswith(": "):  # getpass flushes what was typed before it asks: wait for it
                chunk = os.read(proc.stderr.fileno(), 1).decode()
                assert chunk, f"no prompt; stderr so far: {prompt!r}"
                prompt += chunk
            assert "Password for carehome.sqlite3" in prompt
            os.write(master, (typed + "\n").encode())
            out, err = proc.communicate(timeout=120)
        finally:
            os.close(master)
        assert proc.returncode == code, err
        assert ("Oak Lodge" in out) == (code == 0)
        assert typed not in out + err


def test_a_lost_recovery_key_is_replaced_with_the_password_and_the_old_one_stops_working(
        protected_db: tuple[Path, Path, str], tmp_path: Path) -> None:
    from carehome_desk.store.errors import WrongPasswordError
    from carehome_desk.store.protection import unlock

    db, secret, old_key = protected_db
    backup = tmp_path / "before.sqlite3"
    assert run("backup", "--db", str(db), "--out", str(backup), "--password-file", str(secret),
               tmp=tmp_path).returncode == 0
    wrong = run("password", "--db", str(db), "--new-recovery-key", "--password-file",
                str(write(tmp_path / "wrong.txt", "not the one at all")), tmp=tmp_path)
    assert wrong.returncode == 1 and "not right" in wrong.stderr
    unlock(db, recovery_key=old_key)  # a wrong password changed nothing
    done = run("password", "--db", str(db), "--new-recovery-key", "--password-file", str(secret), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    match = RECOVERY.search(done.stdout)
    assert match and match.group(1) != old_key and done.stdout.count(match.group(1)) == 1
    with pytest.raises(WrongPasswordError):
        unlock(db, recovery_key=old_key)
    assert unlock(db, recovery_key=match.group(1)) == unlock(db, password=PASSWORD)
    assert unlock(backup, recovery_key=old_key)  # the earlier backup keeps its own key file
    mixed = run("password", "--db", str(db), "--new-recovery-key", "--password-file", str(secret),
                "--new-password-file", str(secret), tmp=tmp_path)
    assert mixed.returncode == 2 and "only the current password" in mixed.stderr
