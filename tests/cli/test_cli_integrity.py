"""The command line and a damaged database (issue 15 part 2): writes refused, reads refused unless asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import run
from tests.damaged_files import build_sound, copy_database, damage_middle, digest, integrity_fails


@pytest.fixture(scope="module")
def sound_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sound(tmp_path_factory.mktemp("sound") / "sound.sqlite3")


@pytest.fixture
def damaged(sound_file: Path, tmp_path: Path) -> Path:
    path = copy_database(sound_file, tmp_path / "damaged.sqlite3")
    damage_middle(path)
    assert integrity_fails(path)
    return path


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def test_import_into_a_damaged_file_is_refused_and_writes_nothing(damaged: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "staff.xlsx"
    assert run("template", "workforce", "--out", str(workbook), tmp=tmp_path).returncode == 0
    before = digest(damaged)
    done = run("import", "workforce", str(workbook), "--db", str(damaged), "--home", "SC862107", tmp=tmp_path)
    assert done.returncode == 1
    message = one_line(done.stderr)
    assert message.startswith(f"carehome-desk: {damaged} failed its integrity check at ")
    assert message.endswith(": some of it may be damaged, so nothing was written; restore it from a backup first.")
    assert digest(damaged) == before


def test_home_add_and_demo_into_a_damaged_file_are_refused(damaged: Path, tmp_path: Path) -> None:
    before = digest(damaged)
    added = run("home", "add", "--db", str(damaged), "--name", "Rowan House", "--urn", "SC700001", tmp=tmp_path)
    assert added.returncode == 1
    assert "nothing can be saved until it is restored from a backup" in one_line(added.stderr)
    demo = run("demo", "--db", str(damaged), tmp=tmp_path)
    assert demo.returncode == 1 and "never overwrites" in one_line(demo.stderr)
    assert digest(damaged) == before


def test_export_from_a_damaged_file_is_refused_unless_allowed(damaged: Path, tmp_path: Path) -> None:
    pack = tmp_path / "pack.xlsx"
    refused = run("export", "--db", str(damaged), "--out", str(pack), tmp=tmp_path)
    assert refused.returncode == 1 and not pack.exists()
    assert "could mislead an inspector" in one_line(refused.stderr)
    assert "--allow-damaged" in refused.stderr


def test_reading_commands_refuse_too_and_allow_damaged_reads_with_a_warning(damaged: Path, tmp_path: Path) -> None:
    refused = run("homes", "--db", str(damaged), tmp=tmp_path)
    assert refused.returncode == 1 and refused.stdout == ""
    listed = run("homes", "--db", str(damaged), "--allow-damaged", tmp=tmp_path)
    assert listed.returncode == 0 and "SC862107" in listed.stdout
    assert "warning" in one_line(listed.stderr) and "failed its integrity check" in listed.stderr
    assert run("home", "list", "--db", str(damaged), "--allow-damaged", tmp=tmp_path).returncode == 0


def test_a_sound_file_is_read_as_before(sound_file: Path, tmp_path: Path) -> None:
    path = copy_database(sound_file, tmp_path / "home.sqlite3")
    listed = run("homes", "--db", str(path), tmp=tmp_path)
    assert listed.returncode == 0 and listed.stderr == ""


def test_an_encrypted_file_whose_first_page_is_damaged_is_refused_in_one_sentence(sound_file: Path,
                                                                                  tmp_path: Path) -> None:
    from carehome_desk.store.protection import KdfParams, protect
    from tests.damaged_files import damage_first_page

    path = copy_database(sound_file, tmp_path / "protected.sqlite3")
    protect(path, "a long enough password", kdf=KdfParams(time_cost=1, memory_cost=8, parallelism=1))
    damage_first_page(path)
    password_file = tmp_path / "password.txt"
    password_file.write_text("a long enough password\n")
    password_file.chmod(0o600)
    before = digest(path)
    done = run("homes", "--db", str(path), "--password-file", str(password_file), tmp=tmp_path)
    assert done.returncode == 1
    assert one_line(done.stderr) == (
        f"carehome-desk: {path} cannot be read: its first page is damaged, or the key file beside it may belong "
        "to another database. Nothing was changed; restore it from a backup (no good backup was found beside it "
        "or in the backups folder).")
    assert digest(path) == before
