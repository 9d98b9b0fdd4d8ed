"""Password-protected packs: Office agile encryption, checked passwords, no clear workbook left anywhere."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import pytest
from msoffcrypto.exceptions import InvalidKeyError
from openpyxl import load_workbook

from carehome_desk import paths
from carehome_desk.export import protect
from carehome_desk.export.evidence_pack import PackOptions, export_pack
from carehome_desk.export.protect import PasswordError, encrypt_workbook, read_password_file
from carehome_desk.store import Store
from tests.conftest import Clock
from tests.export.protected_data import CHILD_NAME, PASSWORD, assert_no_clear_text, decrypt, protected_home


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temp folder, moved under tmp_path so a clear workbook left there would be found."""
    folder = tmp_path / "systemp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def workbooks_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and ".xlsx" in p.name)


@pytest.mark.parametrize("writer", ["inline", "process"])
def test_a_protected_pack_opens_with_the_password_only(tmp_path: Path, scratch: Path, writer: str) -> None:
    out = tmp_path / "out" / "pack.xlsx"
    with Store.open(protected_home(tmp_path / "db.sqlite3"), create=False, clock=Clock()) as store:
        result = export_pack(store, PackOptions(out, start=date(2025, 1, 1), include_names=True, password=PASSWORD,
                                                writer=writer))
    assert result.protected
    raw = out.read_bytes()
    assert_no_clear_text(raw)
    wb = load_workbook(io.BytesIO(decrypt(out, PASSWORD)))
    assert wb["Children"]["C3"].value == CHILD_NAME
    with pytest.raises(InvalidKeyError):
        decrypt(out, PASSWORD + "!")
    assert workbooks_under(tmp_path) == ["out/pack.xlsx"]  # the clear workbook went with its temporary folder
    assert not list(paths.temp_dir().glob("protect-*")) and not list(scratch.iterdir())
    if os.name == "posix":
        assert out.stat().st_mode & 0o077 == 0  # a new pack is private to its owner


def test_the_password_stays_out_of_the_options_repr() -> None:
    assert PASSWORD not in repr(PackOptions(Path("x.xlsx"), password=PASSWORD))


def test_a_short_password_is_refused_before_anything_is_written(tmp_path: Path, scratch: Path) -> None:
    out = tmp_path / "pack.xlsx"
    with Store.open(protected_home(tmp_path / "db.sqlite3"), create=False, clock=Clock()) as store:
        with pytest.raises(PasswordError, match="at least 10 characters"):
            export_pack(store, PackOptions(out, password="123456789"))
    assert not out.exists() and workbooks_under(tmp_path) == []


def test_a_failure_while_encrypting_leaves_the_old_pack_and_no_clear_copy(tmp_path: Path, scratch: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "pack.xlsx"
    out.write_bytes(b"yesterday's pack")

    def half_then_fail(clear: Path, part: Path, password: str) -> None:
        assert load_workbook(clear).sheetnames[0] == "Cover"  # the clear workbook is complete by now,
        assert paths.in_data_dir(clear) and not paths.in_data_dir(part)  # in the private data folder...
        part.write_bytes(b"half")
        raise RuntimeError("power cut")  # ...and goes, with the half-encrypted file, when this fails

    monkeypatch.setattr(protect, "encrypt_workbook", half_then_fail)
    with Store.open(protected_home(tmp_path / "db.sqlite3"), create=False, clock=Clock()) as store:
        with pytest.raises(RuntimeError, match="power cut"):
            export_pack(store, PackOptions(out, start=date(2025, 1, 1), password=PASSWORD, writer="inline"))
    assert out.read_bytes() == b"yesterday's pack"
    assert workbooks_under(tmp_path) == ["pack.xlsx"]


@pytest.mark.parametrize(("content", "expected"), [
    ("correct horse battery\n", "correct horse battery"),
    ("correct horse battery\r\nsecond line\n", "correct horse battery"),
    ("\ufeffpass with spaces  ", "pass with spaces  "),  # Notepad's byte-order mark dropped; spaces are the password's
])
def test_the_password_is_the_first_line_of_its_file(tmp_path: Path, content: str, expected: str) -> None:
    file = tmp_path / "password.txt"
    file.write_bytes(content.encode())
    assert read_password_file(file) == expected


@pytest.mark.parametrize(("content", "message"), [
    (None, "does not exist"),
    ("", "is empty"),
    ("\n\nlong enough password on line three\n", "is empty"),
    ("short\n", "too short: it must be at least 10 characters"),
    (b"\xff\xfe\x00binary", "not plain text"),
])
def test_an_unusable_password_file_is_one_sentence(tmp_path: Path, content: str | bytes | None, message: str) -> None:
    file = tmp_path / "password.txt"
    if content is not None:
        file.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(PasswordError, match=message):
        read_password_file(file)


def test_a_workbook_too_big_for_the_first_109_fat_sectors_round_trips(tmp_path: Path) -> None:
    """Over ~7 MB the OLE container needs DIFAT sectors; a large pack must still decrypt intact."""
    clear = tmp_path / "big.xlsx"
    with zipfile.ZipFile(clear, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/filler.bin", os.urandom(9_000_000))
    encrypted = tmp_path / "big-protected.xlsx"
    encrypted.touch()
    encrypt_workbook(clear, encrypted, PASSWORD)
    assert decrypt(encrypted, PASSWORD) == clear.read_bytes()
