"""The command line and a healthy database in a folder it cannot write in: every command says the folder
cannot be written in and what to do (exit 1), never that the file is damaged, and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.damaged_files import build_sound, digest
from tests.read_only_folder import read_only_folder

COMMANDS = {
    "due": ["due"],
    "homes": ["homes"],
    "homes --allow-damaged": ["homes", "--allow-damaged"],
    "verify": ["verify"],
    "export": ["export", "--out", "{tmp}/pack.xlsx"],
    "backup": ["backup", "--out", "{tmp}/copy.sqlite3"],
}


@pytest.fixture(scope="module")
def sound_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sound(tmp_path_factory.mktemp("sound") / "carehome.sqlite3")


def test_each_command_says_the_folder_cannot_be_written_in(sound_file: Path, tmp_path: Path) -> None:
    before = digest(sound_file)
    with read_only_folder(tmp_path / "ro", sound_file) as folder:
        db = folder / "carehome.sqlite3"
        for name, args in COMMANDS.items():
            done = run(*[a.format(tmp=tmp_path) for a in args], "--db", str(db), tmp=tmp_path)
            assert done.returncode == 1, name
            assert done.stdout == "", name
            assert done.stderr == (
                f"carehome-desk: The folder {folder} cannot be written in, so carehome.sqlite3 cannot be opened "
                "there: even to read a database, SQLite keeps two working files beside it. The file has not been "
                "found damaged and nothing was changed. Copy it to a folder you can write in and use the copy, or "
                "ask whoever looks after the folder for permission to write in it.\n"), name
        assert digest(db) == before
        assert sorted(p.name for p in folder.iterdir()) == ["carehome.sqlite3"]
    assert not (tmp_path / "pack.xlsx").exists() and not (tmp_path / "copy.sqlite3").exists()


def test_a_copy_made_where_it_can_be_written_reads_as_usual(sound_file: Path, tmp_path: Path) -> None:
    # What the message advises: the same file, copied to a folder that can be written in.
    with read_only_folder(tmp_path / "ro", sound_file) as folder:
        copy = tmp_path / "copied" / "carehome.sqlite3"
        copy.parent.mkdir()
        copy.write_bytes((folder / "carehome.sqlite3").read_bytes())
    listed = run("homes", "--db", str(copy), tmp=tmp_path)
    assert listed.returncode == 0 and listed.stdout.startswith("SC862107"), listed.stderr


def test_a_writing_command_says_the_same_once(sound_file: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "staff.xlsx"
    assert run("template", "workforce", "--out", str(workbook), tmp=tmp_path).returncode == 0
    with read_only_folder(tmp_path / "ro", sound_file) as folder:
        done = run("import", "workforce", str(workbook), "--db", str(folder / "carehome.sqlite3"), "--home",
                   "SC862107", tmp=tmp_path)
    assert done.returncode == 1
    assert done.stderr == (
        f"carehome-desk: The folder {folder} cannot be written in, so carehome.sqlite3 cannot be opened there: "
        "carehome-desk keeps a lock file beside a database it may write to. The file has not been found damaged and "
        "nothing was changed. Copy it to a folder you can write in and use the copy, or ask whoever looks after the "
        "folder for permission to write in it.\n")
