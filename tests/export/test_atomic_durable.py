"""An export reaches the disk before it takes the user's file name, and the name after it."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from carehome_desk.export import atomic
from carehome_desk.export.atomic import replace_atomically
from carehome_desk.out_files import WriteFailed


def _record(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[tuple[str, str]]:
    """Which file or folder each fsync and the rename touched, in order."""
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        kind = "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        contents = b"" if kind == "folder" else os.pread(fd, 64, 0)
        events.append(("fsync", f"{kind}:{contents.decode()}"))
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append(("replace", Path(dst).name))
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    monkeypatch.setattr(atomic.os, "replace", replace)
    return events


@pytest.mark.skipif(os.name != "posix", reason="a folder's entry is flushed on POSIX only")
def test_the_new_contents_are_flushed_before_the_rename_and_the_folder_after(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "pack.xlsx"
    target.write_bytes(b"old pack")
    events = _record(monkeypatch, target)
    replace_atomically(target, lambda part: part.write_bytes(b"new pack"))
    assert events == [("fsync", "file:new pack"), ("replace", "pack.xlsx"), ("fsync", "folder:")]
    assert target.read_bytes() == b"new pack"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_failed_write_flushes_and_renames_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "pack.xlsx"
    target.write_bytes(b"old pack")
    events = _record(monkeypatch, target)

    def fail(part: Path) -> None:
        part.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="is full") as caught:
        replace_atomically(target, fail)
    assert caught.value.filename == str(target)  # the manager's file, not the temporary one
    assert events == []
    assert target.read_bytes() == b"old pack"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "userdata") == ["pack.xlsx"]


def _fsync_refusing(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """A file system that refuses to flush files with ``code`` (folders still flush)."""
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(code, os.strerror(code))
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", fsync)


@pytest.mark.parametrize("code", sorted({errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}))
def test_a_drive_that_cannot_flush_still_gets_the_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         code: int) -> None:
    target = tmp_path / "pack.xlsx"
    target.write_bytes(b"old pack")
    _fsync_refusing(monkeypatch, code)
    replace_atomically(target, lambda part: part.write_bytes(b"new pack"))
    assert target.read_bytes() == b"new pack"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "userdata") == ["pack.xlsx"]


def test_a_flush_that_fails_for_another_reason_still_fails_the_save(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "pack.xlsx"
    target.write_bytes(b"old pack")
    _fsync_refusing(monkeypatch, errno.EIO)
    with pytest.raises(WriteFailed) as caught:
        replace_atomically(target, lambda part: part.write_bytes(b"new pack"))
    assert caught.value.strerror == f"the disk holding {tmp_path} reported a fault while writing"
    assert target.read_bytes() == b"old pack"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "userdata") == ["pack.xlsx"]
