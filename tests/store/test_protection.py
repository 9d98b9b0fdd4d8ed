"""A database protected with a password: encrypted at rest (file, WAL, backups), opened with the
password or the recovery key, converted from a clear file with no clear copy left. Real files, no mocks."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from carehome_desk.models.children import ChildDetails
from carehome_desk.store import NotADatabaseError, Store, StoreError, ValidationError
from carehome_desk.store.backup import backup_sqlite
from carehome_desk.store.connect import SQLITE_HEADER, open_connection
from carehome_desk.store.engine import HEAD, peek_sqlite_revision
from carehome_desk.store.errors import PasswordNeededError, WrongPasswordError
from carehome_desk.store.keys import read_key_file
from carehome_desk.store.protection import (
    KdfParams,
    change_password,
    is_protected,
    keys_path,
    protect,
    replace_recovery_key,
    unlock,
    validate_new_password,
    wrong_password_delay,
)
from tests.conftest import Clock
from tests.export.protected_data import CHILD_NAME, CHILD_REF, STAFF_NAME, protected_home

PASSWORD = "correct horse battery"
#: Argon2id at its cheapest, passed explicitly: the program's default costs ~0.4 s a try.
CHEAP = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
FIXTURES = Path(__file__).parent.parent / "data"
#: Record text that must never appear as bytes in a protected file.
SECRETS = (CHILD_REF, CHILD_NAME, STAFF_NAME.split()[-1], "Quartermaine", "Oak Lodge", "Fixture House", "Alex Promoted")


def clear_text_in(folder: Path) -> dict[str, list[str]]:
    """Every file under ``folder`` that holds any known record text as raw bytes (UTF-8 or UTF-16)."""
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        hits = [s for s in SECRETS if s.encode("utf-8") in raw or s.encode("utf-16-le") in raw]
        if hits:
            found[path.name] = hits
    return found


def one_sentence(message: str) -> bool:
    return "\n" not in message and message.endswith(".") and message.count(". ") == 0


@pytest.fixture
def protected(tmp_path: Path) -> tuple[Path, str]:
    """A small home's database, protected with PASSWORD; returns it and its recovery key."""
    db = protected_home(tmp_path / "home" / "carehome.sqlite3")
    return db, protect(db, PASSWORD, kdf=CHEAP)


def test_the_right_password_opens_and_a_wrong_one_is_refused_in_one_sentence(protected: tuple[Path, str]) -> None:
    db, _ = protected
    assert is_protected(db)
    with Store.open(db, password=PASSWORD, create=False) as store:
        assert store.protected
        (home,) = store.homes.list()
        assert [c.reference for c in store.children.list(home.id)] == [CHILD_REF]
    with pytest.raises(WrongPasswordError) as wrong:
        Store.open(db, password="correct horse battery!", create=False)
    assert isinstance(wrong.value, StoreError) and one_sentence(str(wrong.value))
    assert "not right" in str(wrong.value)
    with pytest.raises(PasswordNeededError) as needed:
        Store.open(db, create=False)
    assert isinstance(needed.value, StoreError) and one_sentence(str(needed.value))


def test_no_file_a_protected_database_leaves_holds_record_text_as_bytes(protected: tuple[Path, str], tmp_path: Path) -> None:
    db, _ = protected
    with Store.open(db, password=PASSWORD, clock=Clock()) as store:
        (home,) = store.homes.list()
        store.children.add(home.id, ChildDetails("CR-WAL-ONLY-5150", "WO", date(2012, 2, 2), date(2025, 2, 2),
                                                 full_name="Wilhelmina Walfile"))
        wal = Path(f"{db}-wal")
        assert wal.stat().st_size > 0  # the new child is in the WAL, not yet in the main file
        assert b"CR-WAL-ONLY" not in wal.read_bytes() and b"Walfile" not in wal.read_bytes()
        assert clear_text_in(db.parent) == {}
        copy = store.backup(tmp_path / "backups" / "copy.sqlite3")
    assert keys_path(copy).is_file()
    assert clear_text_in(tmp_path) == {}
    for raw in (db.read_bytes(), copy.read_bytes()):
        assert not raw.startswith(SQLITE_HEADER) and b"CR-WAL-ONLY" not in raw
    with Store.open(copy, password=PASSWORD, create=False) as restored:  # the copy opens with the same password
        (home,) = restored.homes.list()
        assert sorted(c.reference for c in restored.children.list(home.id)) == sorted(["CR-WAL-ONLY-5150", CHILD_REF])
    if os.name == "posix":
        assert {oct(p.stat().st_mode & 0o777) for p in (db, keys_path(db), copy, keys_path(copy))} == {"0o600"}


def test_the_stock_sqlite3_module_cannot_read_a_protected_file(protected: tuple[Path, str], tmp_path: Path) -> None:
    db, _ = protected
    with Store.open(db, password=PASSWORD) as store:
        copy = store.backup(tmp_path / "copy.sqlite3")
    for path in (db, copy):
        con = sqlite3.connect(path)  # the stock module, deliberately: it must not read the file
        try:
            with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
                con.execute("SELECT name FROM sqlite_master").fetchall()
        finally:
            con.close()


def test_the_recovery_key_opens_it_and_a_password_change_keeps_the_data(protected: tuple[Path, str]) -> None:
    db, recovery = protected
    groups = recovery.split("-")
    assert len(groups) == 8 and all(len(g) == 5 for g in groups)
    typed = " ".join(groups).lower()  # as someone types it from the printout
    with Store.open(db, recovery_key=typed) as store:
        assert store.homes.list()[0].name == "Oak Lodge"
    with pytest.raises(WrongPasswordError, match="recovery key"):
        Store.open(db, recovery_key="AAAAA-" * 7 + "AAAAA")
    with pytest.raises(WrongPasswordError, match="not a recovery key"):
        Store.open(db, recovery_key="my dog's name")

    encrypted_before = db.read_bytes()
    change_password(db, PASSWORD, "a second password here", kdf=CHEAP)
    assert db.read_bytes() == encrypted_before  # only the key file changed: nothing was re-encrypted
    with pytest.raises(WrongPasswordError):
        Store.open(db, password=PASSWORD)
    with Store.open(db, password="a second password here") as store:
        assert [s.full_name for s in store.staff.list(store.homes.list()[0].id)] == [STAFF_NAME]

    # a forgotten password: the recovery key sets a new one, and stays the recovery key
    change_password(db, recovery, "a third password here", recovery=True, kdf=CHEAP)
    with pytest.raises(WrongPasswordError):
        unlock(db, password="a second password here")
    with Store.open(db, password="a third password here") as store:
        assert store.homes.list()[0].name == "Oak Lodge"
    assert unlock(db, recovery_key=recovery) == unlock(db, password="a third password here")
    with pytest.raises(WrongPasswordError):
        change_password(db, "not the password at all", "whatever it may be", kdf=CHEAP)
    with pytest.raises(ValidationError, match="at least 10 characters"):
        change_password(db, "a third password here", "short", kdf=CHEAP)


def test_a_new_recovery_key_replaces_the_old_one(protected: tuple[Path, str]) -> None:
    db, recovery = protected
    fresh = replace_recovery_key(db, PASSWORD)
    assert fresh != recovery
    with pytest.raises(WrongPasswordError):
        unlock(db, recovery_key=recovery)
    assert unlock(db, recovery_key=fresh) == unlock(db, password=PASSWORD)


def test_a_backup_keeps_the_password_of_its_day_and_the_recovery_key(protected: tuple[Path, str],
                                                                     tmp_path: Path) -> None:
    db, recovery = protected
    with Store.open(db, password=PASSWORD) as store:
        copy = store.backup(tmp_path / "copy.sqlite3")
    change_password(db, PASSWORD, "a newer password here", kdf=CHEAP)
    with Store.open(copy, password=PASSWORD) as old:
        assert old.homes.list()[0].name == "Oak Lodge"
    with Store.open(copy, recovery_key=recovery) as old:
        assert old.homes.list()[0].name == "Oak Lodge"
    with pytest.raises(StoreError, match="protected with a password"):
        backup_sqlite(db, tmp_path / "without-key.sqlite3")  # without the key no copy is taken
    assert not (tmp_path / "without-key.sqlite3").exists()


def _leave_a_wal(db: Path, reference: str) -> None:
    """Add a child in another process that dies before checkpointing, leaving the row only in the -wal."""
    code = (
        "import os, sqlite3, sys\n"
        "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "con.execute('PRAGMA journal_mode=WAL'); con.execute('PRAGMA wal_autocheckpoint=0')\n"
        "home = con.execute('SELECT id FROM homes').fetchone()[0]\n"
        "con.execute(\"UPDATE children SET reference = ? WHERE home_id = ?\", (sys.argv[2], home))\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db), reference], check=True, timeout=60)


def test_an_old_clear_database_converts_and_no_clear_copy_is_left(tmp_path: Path) -> None:
    folder = tmp_path / "home"
    db = protected_home(folder / "carehome.sqlite3")
    _leave_a_wal(db, "CR-ONLY-IN-WAL-77")
    assert Path(f"{db}-wal").stat().st_size > 0 and b"CR-ONLY-IN-WAL-77" in Path(f"{db}-wal").read_bytes()
    assert clear_text_in(folder)  # before: the records are readable in the file
    recovery = protect(db, PASSWORD, kdf=CHEAP)
    assert sorted(p.name for p in folder.iterdir()) == ["carehome.sqlite3", "carehome.sqlite3.keys"]
    assert clear_text_in(tmp_path) == {}
    assert b"CR-ONLY-IN-WAL" not in db.read_bytes()
    with Store.open(db, recovery_key=recovery) as store:
        (home,) = store.homes.list()
        # the row that was only in the clear -wal file came across
        assert [c.reference for c in store.children.list(home.id)] == ["CR-ONLY-IN-WAL-77"]
        assert len(store.incidents.list(home.id)) == 1
    with pytest.raises(StoreError, match="already protected"):
        protect(db, PASSWORD, kdf=CHEAP)


def test_protecting_is_refused_while_another_process_has_the_database_open(tmp_path: Path) -> None:
    db = protected_home(tmp_path / "carehome.sqlite3")
    code = ("import sqlite3, sys, time\n"
            "con = sqlite3.connect(sys.argv[1]); con.execute('SELECT count(*) FROM homes').fetchall()\n"
            "print('open', flush=True); time.sleep(30)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError, match="is open in carehome-desk or another command") as refused:
            protect(db, PASSWORD, kdf=CHEAP)
        assert "Nothing was changed" in str(refused.value)
    finally:
        holder.kill()
        holder.wait()
    assert not is_protected(db) and not keys_path(db).exists()
    assert sorted(p.name for p in tmp_path.iterdir() if "protecting" in p.name) == []
    with Store.open(db) as store:  # still the clear database, as it was
        assert store.homes.list()[0].name == "Oak Lodge"


def test_a_new_database_is_encrypted_from_its_first_byte(tmp_path: Path) -> None:
    db = tmp_path / "new" / "carehome.sqlite3"
    recovery = protect(db, PASSWORD, kdf=CHEAP)
    assert is_protected(db) and not db.read_bytes().startswith(SQLITE_HEADER)
    protected_home_in = Store.open(db, password=PASSWORD, user="tester", clock=Clock())
    with protected_home_in as store:
        assert store.open_report.created
        from tests.conftest import oak_lodge

        store.homes.add(oak_lodge())
    assert clear_text_in(tmp_path) == {}
    with Store.open(db, recovery_key=recovery) as store:
        assert store.homes.list()[0].name == "Oak Lodge"


def test_old_schemas_upgrade_when_protected_and_the_copy_before_is_encrypted(tmp_path: Path) -> None:
    db = tmp_path / "carehome.sqlite3"
    shutil.copy(FIXTURES / "schema_0005.sqlite3", db)
    protect(db, PASSWORD, kdf=CHEAP)
    with Store.open(db, password=PASSWORD) as store:
        backup = store.open_report.backup
        assert store.open_report.found_revision == "0005"
        assert len(store.staff.list(store.homes.list()[0].id)) == 6
    assert backup is not None and backup.name.startswith("carehome.schema-0005.before-" + HEAD)
    assert keys_path(backup).is_file()  # the copy carries its key file
    key = unlock(db, password=PASSWORD)
    assert peek_sqlite_revision(backup, key) == ("0005", True)
    assert peek_sqlite_revision(db, key) == (HEAD, True)
    assert clear_text_in(tmp_path) == {}


def test_protecting_encrypts_the_copies_taken_before_earlier_upgrades(tmp_path: Path) -> None:
    db = tmp_path / "carehome.sqlite3"
    shutil.copy(FIXTURES / "schema_0001.sqlite3", db)
    Store.open(db).close()  # a clear upgrade: leaves a clear copy of schema 0001 beside it
    (copy,) = [p for p in tmp_path.iterdir() if ".before-" in p.name]
    assert b"Fixture House" in copy.read_bytes()
    protect(db, PASSWORD, kdf=CHEAP)
    assert clear_text_in(tmp_path) == {}
    assert keys_path(copy).is_file()
    with Store.open(copy, password=PASSWORD) as old:  # opening it upgrades it too, which is fine for a copy
        assert old.homes.list()[0].name == "Fixture House"


def test_a_missing_or_mismatched_key_file_is_said_plainly(protected: tuple[Path, str], tmp_path: Path) -> None:
    db, _ = protected
    keys = keys_path(db)
    kept = keys.read_bytes()
    keys.unlink()
    with pytest.raises(NotADatabaseError, match=r"key file \(its name followed by .keys\) is not beside it"):
        Store.open(db, password=PASSWORD)
    other = protected_home(tmp_path / "other" / "carehome.sqlite3")
    protect(other, PASSWORD, kdf=CHEAP)
    keys.write_bytes(keys_path(other).read_bytes())  # another database's key file, same password
    with pytest.raises(StoreError, match="may belong to another database"):
        Store.open(db, password=PASSWORD)
    keys.write_bytes(kept)
    Store.open(db, password=PASSWORD).close()


def test_the_key_file_holds_no_key_in_clear_and_states_its_argon2_cost(protected: tuple[Path, str]) -> None:
    db, recovery = protected
    data = json.loads(keys_path(db).read_text())
    assert data["password"]["kdf"] == "argon2id"
    assert (data["password"]["time_cost"], data["password"]["memory_cost"]) == (1, 8)
    key = unlock(db, password=PASSWORD)
    text = keys_path(db).read_text()
    assert key.hex() not in text and recovery not in text and PASSWORD not in text
    assert read_key_file(db).kdf() == CHEAP


def test_protect_refuses_what_is_not_a_carehome_database(tmp_path: Path) -> None:
    other = tmp_path / "contacts.sqlite3"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    with pytest.raises(NotADatabaseError):
        protect(other, PASSWORD, kdf=CHEAP)
    assert not keys_path(other).exists()
    sheet = tmp_path / "sheet.sqlite3"
    sheet.write_bytes(b"PK\x03\x04 a spreadsheet" * 100)
    with pytest.raises(NotADatabaseError):
        protect(sheet, PASSWORD, kdf=CHEAP)
    with pytest.raises(ValidationError, match="at least 10 characters"):
        protect(tmp_path / "new.sqlite3", "too short", kdf=CHEAP)
    assert not (tmp_path / "new.sqlite3").exists()


def test_the_lock_screen_checks_the_password_against_the_open_store(protected: tuple[Path, str]) -> None:
    db, _ = protected
    with Store.open(db, password=PASSWORD) as store:
        store.check_password(PASSWORD)
        with pytest.raises(WrongPasswordError):
            store.check_password("something else entirely")


def test_new_passwords_are_checked_in_plain_english() -> None:
    assert validate_new_password("correct horse battery") is None
    assert "at least 10 characters" in (validate_new_password("123456789") or "")
    assert validate_new_password("          ") is not None
    assert "space" in (validate_new_password(" leading space here") or "")


def test_wrong_passwords_slow_down_but_never_lock_out() -> None:
    assert [wrong_password_delay(n) for n in (1, 3, 4, 5, 6, 20, 1000)] == [0, 0, 1, 2, 4, 30, 30]


def test_a_clear_database_still_opens_with_the_stock_module_through_the_one_connection_module(db_path: Path) -> None:
    Store.open(db_path, password="ignored for a clear file").close()
    assert not is_protected(db_path)
    con = open_connection(db_path, read_only=True)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    finally:
        con.close()


def test_the_cipher_is_sqlcipher_4() -> None:
    from carehome_desk.store.connect import open_cipher

    con = open_cipher(":memory:", key=None)
    try:
        assert str(con.execute("PRAGMA cipher_version").fetchone()[0]).startswith("4.")
    finally:
        con.close()


def test_only_store_connect_opens_sqlite_connections() -> None:
    """Every connection that reads or writes records goes through store/connect.py (the key, the pragmas).
    The one exception is the start snapshot's peek at a clear file's audit head and schema revision before
    SQLAlchemy is loaded: read-only (``mode=ro``), and only after the file's header says it is not encrypted."""
    import re

    package = Path(__file__).parents[2] / "carehome_desk"
    pattern = re.compile(r"\b(sqlite3|sqlcipher3?|dbapi2)\.connect\(|\bcreate_engine\(")
    allowed = {"store/connect.py", "start_snapshot.py"}
    offenders = sorted(str(p.relative_to(package)) for p in package.rglob("*.py")
                       if p.relative_to(package).as_posix() not in allowed and pattern.search(p.read_text(encoding="utf-8")))
    assert offenders == []
    peek = (package / "start_snapshot.py").read_text(encoding="utf-8")
    opened = re.findall(r"sqlite3\.connect\((.*)", peek)
    assert opened and all("mode=ro" in line for line in opened)
    assert peek.index("if not plain_file(path):") < peek.index("sqlite3.connect(")
