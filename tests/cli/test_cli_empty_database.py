"""The command line and a database file that is there but empty (0 bytes): every command refuses it in
one sentence that gives the commands to run, exits 1 and leaves the file as it was. A restore onto it works."""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.damaged_files import build_sound
from tests.secret_files import write_secret

PASSWORD = "a long enough password"

COMMANDS = {
    "due": ["due"],
    "verify": ["verify"],
    "homes": ["homes"],
    "steps": ["steps"],
    "history": ["history"],
    "calendar": ["calendar", "--out", "{tmp}/deadlines.ics"],
    "export": ["export", "--out", "{tmp}/pack.xlsx"],
    "backup": ["backup", "--out", "{tmp}/copy.sqlite3"],
    "protect": ["protect", "--new-password-file", "{tmp}/password.txt"],
    "home add": ["home", "add", "--name", "Rowan House", "--urn", "SC700001"],
}


@pytest.fixture(scope="module")
def sound_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sound(tmp_path_factory.mktemp("sound") / "sound.sqlite3")


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_refuses_an_empty_file_and_leaves_it_alone(command: str, tmp_path: Path) -> None:
    db = tmp_path / "carehome.sqlite3"
    db.touch()
    write_secret(tmp_path / "password.txt", PASSWORD + "\n")
    args = [a.format(tmp=tmp_path) for a in COMMANDS[command]]
    done = run(*args, "--db", str(db), tmp=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        f"carehome-desk: {db} is empty (0 bytes): it holds no records, so it was left as it is and nothing was done. "
        f"If your records should be in it, restore a backup of it with 'carehome-desk restore --db {db} BACKUP' (no "
        "good backup of it was found beside it or in the backups folder). If you meant to start a new home, delete "
        f"the empty file and run 'carehome-desk home add --db {db} --name NAME --urn URN'.\n")
    assert db.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("carehome")) in (
        ["carehome.sqlite3"], ["carehome.sqlite3", "carehome.sqlite3.lock"])  # a writing command's lock, no more


def test_the_refusal_names_the_backup_to_restore_and_the_restore_works(sound_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "carehome.sqlite3"
    shutil.copyfile(sound_file, db)
    backed = run("backup", "--db", str(db), tmp=tmp_path)
    assert backed.returncode == 0, backed.stderr
    (backup,) = (tmp_path / "backups").glob("carehome-*.sqlite3")
    db.write_bytes(b"")  # a copy that failed half-way, say
    refused = run("due", "--db", str(db), tmp=tmp_path)
    assert refused.returncode == 1 and refused.stdout == ""
    assert "restore its newest good backup (taken " in refused.stderr
    assert f"with 'carehome-desk restore --db {db} {backup}'." in refused.stderr
    restored = run("restore", "--db", str(db), str(backup), "--yes", tmp=tmp_path)
    assert restored.returncode == 0, restored.stderr
    listed = run("homes", "--db", str(db), tmp=tmp_path)
    assert listed.returncode == 0 and "SC862107" in listed.stdout


def test_home_add_still_creates_a_database_where_there_is_no_file(tmp_path: Path) -> None:
    db = tmp_path / "carehome.sqlite3"
    added = run("home", "add", "--db", str(db), "--name", "Rowan House", "--urn", "SC700001", tmp=tmp_path)
    assert added.returncode == 0, added.stderr
    assert run("homes", "--db", str(db), tmp=tmp_path).stdout.startswith("SC700001")


@pytest.mark.skipif(os.name == "nt", reason="read as a POSIX shell reads a pasted command")
def test_the_commands_given_can_be_pasted_when_a_path_holds_a_space(sound_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "Jo Smith"
    folder.mkdir()
    db = folder / "carehome.sqlite3"
    shutil.copyfile(sound_file, db)
    assert run("backup", "--db", str(db), tmp=tmp_path).returncode == 0
    (backup,) = (folder / "backups").glob("carehome-*.sqlite3")
    db.write_bytes(b"")
    refused = run("due", "--db", str(db), tmp=tmp_path)
    restore = re.search(r"with ([\"'])(carehome-desk restore .+?)\1\. If you", refused.stderr)
    add = re.search(r"run ([\"'])(carehome-desk home add .+?)\1\.\n", refused.stderr)
    assert restore is not None and add is not None, refused.stderr
    assert shlex.split(restore.group(2)) == ["carehome-desk", "restore", "--db", str(db), str(backup)]
    assert shlex.split(add.group(2)) == ["carehome-desk", "home", "add", "--db", str(db), "--name", "NAME",
                                         "--urn", "URN"]
    restored = run(*shlex.split(restore.group(2))[1:], "--yes", tmp=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "SC862107" in run("homes", "--db", str(db), tmp=tmp_path).stdout


def test_an_emptied_protected_database_is_offered_its_newer_encrypted_backup_not_an_older_clear_one(
        sound_file: Path, tmp_path: Path) -> None:
    from carehome_desk.store.backup import backup_sqlite
    from carehome_desk.store.keys import keys_path
    from carehome_desk.store.protection import protect, unlock
    from tests.store.backup_data import CHEAP

    db = tmp_path / "carehome.sqlite3"
    shutil.copyfile(sound_file, db)
    clear = backup_sqlite(db, tmp_path / "backups" / "carehome-20261001-090000.sqlite3")
    protect(db, PASSWORD, kdf=CHEAP)
    encrypted = backup_sqlite(db, tmp_path / "backups" / "carehome-20261120-090000.sqlite3",
                              key=unlock(db, password=PASSWORD))
    db.write_bytes(b"")
    write_secret(tmp_path / "password.txt", PASSWORD + "\n")
    checked = run("due", "--db", str(db), "--password-file", str(tmp_path / "password.txt"), tmp=tmp_path)
    assert checked.returncode == 1
    assert f"restore its newest good backup (taken 20/11/2026 09:00) with 'carehome-desk restore --db {db} " \
           f"{encrypted}'" in checked.stderr
    write_secret(tmp_path / "wrong.txt", "not the password at all\n")
    unchecked = run("due", "--db", str(db), "--password-file", str(tmp_path / "wrong.txt"), tmp=tmp_path)
    assert unchecked.returncode == 1
    assert ("restore its newest backup (taken 20/11/2026 09:00; encrypted, with its key file beside it (not checked: "
            f"that needs the database's password)) with 'carehome-desk restore --db {db} {encrypted}'"
            ) in unchecked.stderr
    assert str(clear) not in checked.stderr + unchecked.stderr
    assert keys_path(db).is_file() and db.stat().st_size == 0
