"""What a failed write is called, for the errors a test cannot cause for real (a full disk, read-only
media, a file held open in Excel): the file asked for, why in plain words, no temporary name or errno."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from carehome_desk.export.atomic import replace_atomically
from carehome_desk.out_files import WriteFailed, os_error_text, write_problem


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
