from pathlib import Path

import pytest

from carehome_desk.store import Store, StoreError
from carehome_desk.store.backup import backup_sqlite
from tests.conftest import oak_lodge


def test_backup_is_a_complete_openable_copy_even_while_open(store: Store, db_path: Path, tmp_path: Path) -> None:
    store.homes.add(oak_lodge())  # still in the -wal file, not yet in the main file
    out = backup_sqlite(db_path, tmp_path / "backups" / "copy.sqlite3")
    assert not Path(f"{out}-wal").exists()
    with Store.open(out, create=False) as copy:
        assert [h.name for h in copy.homes.list()] == ["Oak Lodge"]


def test_backup_never_overwrites(store: Store, db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "exists.sqlite3"
    target.write_text("precious")
    with pytest.raises(StoreError, match="already exists"):
        backup_sqlite(db_path, target)
    assert target.read_text() == "precious"
