"""`carehome-desk backup` of a damaged database: the refusal names the command line's restore command and the
backup to give it, never the window's menu."""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.damaged_files import build_sound


@pytest.fixture(scope="module")
def sound_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sound(tmp_path_factory.mktemp("sound") / "sound.sqlite3")


def test_backup_of_a_damaged_file_names_the_restore_command_not_the_window_menu(sound_file: Path,
                                                                                tmp_path: Path) -> None:
    db = tmp_path / "carehome.sqlite3"
    shutil.copyfile(sound_file, db)
    assert run("backup", "--db", str(db), tmp=tmp_path).returncode == 0
    (good,) = (tmp_path / "backups").glob("carehome-*.sqlite3")
    db.write_bytes(db.read_bytes()[:500_000])
    refused = run("backup", "--db", str(db), "--out", str(tmp_path / "again.sqlite3"), tmp=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"carehome-desk: The database {db} is damaged (")
    assert refused.stderr.endswith(f"put it back with 'carehome-desk restore --db {db} {good}'.\n")
    assert "File →" not in refused.stderr


@pytest.mark.skipif(os.name == "nt", reason="read as a POSIX shell reads a pasted command")
def test_the_restore_command_given_can_be_pasted_when_a_path_holds_a_space(sound_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "Jo Smith" / "carehome.sqlite3"
    db.parent.mkdir()
    shutil.copyfile(sound_file, db)
    assert run("backup", "--db", str(db), tmp=tmp_path).returncode == 0
    (good,) = (db.parent / "backups").glob("carehome-*.sqlite3")
    db.write_bytes(db.read_bytes()[:500_000])
    refused = run("backup", "--db", str(db), "--out", str(tmp_path / "again.sqlite3"), tmp=tmp_path)
    command = re.search(r"put it back with ([\"'])(carehome-desk restore .+)\1\.\n$", refused.stderr)
    assert command is not None, refused.stderr
    assert shlex.split(command.group(2)) == ["carehome-desk", "restore", "--db", str(db), str(good)]
