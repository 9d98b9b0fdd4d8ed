"""What a failed write is called, for the errors a test cannot cause for real (a full disk, read-only
media, a file held open in Excel): the file asked for, why in plain words, no temporary name or errno."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from carehome_desk.export.atomic import replace_atomically
from carehome_desk.out_files import (
    SQLITE_HEADER,
    WriteFailed,
    database_part,
    os_error_text,
    write_failed,
    write_problem,
)


def temporary_beside(target: Path) -> str:
    return str(target.with_name(f".{target.name}~4242-abcd-x1y2.xlsx.part"))


@pytest.mark.parametrize(("code", "words"), [
    (errno.ENOSPC, "the disk holding {folder} is full"),
    (errno.EROFS, "{folder} is on a read-only disk or share"),
    (errno.EACCES, "carehome-desk is not allowed to write in the folder {folder}"),
    (errno.EIO, "the disk holding {folder} reported a fault while writing"),
    (errno.ENAMETOOLONG, "the file name is too long"),
])
def test_each_reason_is_said_in_plain_words(tmp_path: Path, code: int, words: str) -> None:
    target = tmp_path / "pack.xlsx"
    said = write_problem(target, OSError(code, "raw system text", temporary_beside(target)))
    assert said == words.format(folder=tmp_path)


def test_a_file_that_exists_but_cannot_be_replaced_may_be_open_in_excel(tmp_path: Path) -> None:
    target = tmp_path / "pack.xlsx"
    target.write_bytes(b"yesterday's pack")
    said = write_problem(target, PermissionError(errno.EACCES, "Access is denied", str(target)))
    assert said.startswith("pack.xlsx is open in another program (close it there)")


def test_a_missing_folder_and_a_folder_that_refuses_files_are_told_apart(tmp_path: Path) -> None:
    gone = tmp_path / "no such folder" / "pack.xlsx"
    assert write_problem(gone, FileNotFoundError(errno.ENOENT, "x", str(gone))) == \
        f"the folder {tmp_path / 'no such folder'} does not exist"
    there = tmp_path / "pack.xlsx"
    assert write_problem(there, FileNotFoundError(errno.ENOENT, "x", temporary_beside(there))) == \
        f"carehome-desk cannot write in the folder {tmp_path}"


def test_an_unforeseen_error_keeps_the_system_s_words_without_its_number(tmp_path: Path) -> None:
    target = tmp_path / "c.ics"
    said = write_problem(target, OSError(errno.EXDEV, "Invalid cross-device link.", temporary_beside(target)))
    assert said == f"carehome-desk cannot write in {tmp_path} (invalid cross-device link)"


def test_a_failed_save_names_the_target_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "pack.xlsx"
    target.write_bytes(b"yesterday's pack")

    def disk_full(part: Path) -> None:
        part.write_bytes(b"half a pack")
        raise OSError(errno.ENOSPC, "No space left on device", str(part))

    with pytest.raises(WriteFailed) as caught:
        replace_atomically(target, disk_full)
    assert isinstance(caught.value, OSError) and caught.value.errno == errno.ENOSPC
    assert caught.value.filename == str(target) and caught.value.strerror == f"the disk holding {tmp_path} is full"
    assert os_error_text(caught.value) == f"{target} could not be written: the disk holding {tmp_path} is full."
    assert [p.name for p in tmp_path.iterdir() if p.name != "userdata"] == ["pack.xlsx"]
    assert target.read_bytes() == b"yesterday's pack"


def test_a_write_failure_already_in_plain_words_is_not_worded_again(tmp_path: Path) -> None:
    target = tmp_path / "deadlines.ics"
    first = WriteFailed(errno.EINVAL, write_problem(target, OSError(errno.EINVAL, "Invalid argument",
                                                                    temporary_beside(target))), str(target))
    assert write_problem(target, first) == f"carehome-desk cannot write in {tmp_path} (invalid argument)"
    assert write_failed(target, first) is first


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_sqlite_s_own_files_beside_the_real_file_of_a_linked_database_are_refused(tmp_path: Path,
                                                                                 suffix: str) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "home.sqlite3"
    real.write_bytes(SQLITE_HEADER)
    link = tmp_path / "home.sqlite3"
    link.symlink_to(real)
    said = database_part(tmp_path / "real" / f"home.sqlite3{suffix}", link)
    assert said is not None and said.startswith("belongs to the database")
    assert database_part(tmp_path / f"home.sqlite3{suffix}", link) == said  # the name as typed too


def test_the_key_and_lock_files_of_a_linked_database_are_the_ones_beside_the_name_given(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "home.sqlite3"
    real.write_bytes(SQLITE_HEADER)
    link = tmp_path / "home.sqlite3"
    link.symlink_to(real)
    assert database_part(tmp_path / "home.sqlite3.keys", link) == (
        "is the database's key file (without it the protected records cannot be opened)")
    assert database_part(tmp_path / "home.sqlite3.lock", link) is not None
    assert database_part(tmp_path / "real" / "home.sqlite3.keys", link) is None
