"""The integrity gate on real files: a check that cannot run refuses writes, a locked file is not damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from carehome_desk.store import SaveError, Store
from carehome_desk.store import integrity
from tests.conftest import Clock


def test_a_check_that_raises_refuses_writes_with_a_plain_sentence(tmp_path: Path, clock: Clock,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "c.sqlite3"
    Store.open(db, clock=clock).close()

    def network_drive_dropped(*args: object, **kwargs: object) -> integrity.IntegrityReport:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(integrity, "check_file", network_drive_dropped)
    with Store.open(db, clock=clock, check="later") as store:
        report = store.run_integrity_check()  # the banner's worker: it must not raise, nor leave the gate open
        assert report is not None and not report.ok and report.not_run
        assert store.integrity == report and store.damaged
        with pytest.raises(SaveError, match="could not run") as refused:
            with store.write():
                pytest.fail("a write went through although no check ever passed")
        assert "Input/output error" in str(refused.value)


def test_a_write_that_runs_the_check_itself_is_refused_when_it_raises(tmp_path: Path, clock: Clock,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "c.sqlite3"
    Store.open(db, clock=clock).close()
    monkeypatch.setattr(integrity, "check_file", lambda *a, **k: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with Store.open(db, clock=clock, check="later") as store:
        with pytest.raises(SaveError, match="could not run"):
            with store.write():
                pytest.fail("a write went through although no check ever passed")
