"""`carehome-desk protect` names only this database's own clear copies for deletion, never the backups of
another database kept in the same folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.damaged_files import build_sound


@pytest.fixture(scope="module")
def sound_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sound(tmp_path_factory.mktemp("sound") / "sound.sqlite3")


def test_protect_lists_its_own_clear_backup_and_not_its_neighbours(sound_file: Path, tmp_path: Path) -> None:
    mine, theirs = tmp_path / "pr.sqlite3", tmp_path / "br.sqlite3"
    shutil.copyfile(sound_file, mine)
    shutil.copyfile(sound_file, theirs)
    for db in (theirs, mine):
        assert run("backup", "--db", str(db), tmp=tmp_path).returncode == 0
    (own,) = (tmp_path / "backups").glob("pr-*.sqlite3")
    (neighbours,) = (tmp_path / "backups").glob("br-*.sqlite3")
    (tmp_path / "password.txt").write_text("a long enough password\n")
    done = run("protect", "--db", str(mine), "--new-password-file", str(tmp_path / "password.txt"), tmp=tmp_path)
    assert done.returncode == 0, done.stderr
    listed = done.stdout.split("These earlier copies are not encrypted; delete them once a new backup has been "
                               "taken:\n", 1)[1]
    assert listed.splitlines() == [f"  {own.resolve()}"]
    assert neighbours.name not in done.stdout
