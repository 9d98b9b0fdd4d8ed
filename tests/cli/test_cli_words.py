"""The command line says things in the window's words: `due` for actions, `history` for the audit trail."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from carehome_desk import cli
from carehome_desk.models.home import Home
from carehome_desk.models.quality import (
    Action,
    ActionSource,
    Inspection,
    Reg44Visit,
    Reg45Review,
    inspection_ref,
    visit_ref,
)
from carehome_desk.services.dashboard import needs_action
from carehome_desk.store import Store
from tests.conftest import FIXED_NOW, oak_lodge


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def home(store: Store) -> Home:
    h, _ = store.homes.add(oak_lodge())
    return h


def test_due_and_the_needs_list_write_ofsted_and_reg_44_with_their_capitals(  # type: ignore[no-untyped-def]
        capsys, store: Store, db_path: Path, home: Home) -> None:
    inspected = Inspection(home.id, date(2026, 4, 24))
    visit = Reg44Visit(home.id, "Jo Independent", date(2026, 2, 24))
    store.quality.save_action(Action(home.id, "Supervise every month", "Priya", date(2026, 12, 20),
                                     ActionSource.OFSTED_REQUIREMENT, source_ref=inspection_ref(inspected),
                                     regulation="Reg 33(4)(b)"))
    store.quality.save_action(Action(home.id, "Ask children about meals", "Priya", date(2026, 12, 21),
                                     ActionSource.REG44, source_ref=visit_ref(visit)))

    code, out, err = run(capsys, "due", "--db", str(db_path), "--today", "22/11/2026")

    assert code == 0, err
    (ofsted,) = [x for x in out.splitlines() if "Supervise every month" in x]
    assert "from an Ofsted requirement, inspection 24/04/2026" in ofsted
    (reg44,) = [x for x in out.splitlines() if "Ask children about meals" in x]
    assert "from a Reg 44 recommendation, visit 24/02/2026" in reg44
    assert "ofsted" not in out.replace("Ofsted", "") and "reg 44" not in out
    # The window's needs list shows the same detail (it is `due`'s list).
    details = {i.requirement.requirement: i.requirement.detail for i in needs_action(store, FIXED_NOW.date())}
    assert details["Supervise every month"] == "Open; from an Ofsted requirement, inspection 24/04/2026"
    assert details["Ask children about meals"] == "Open; from a Reg 44 recommendation, visit 24/02/2026"


def test_history_text_is_in_the_windows_words_and_json_times_are_uk_time(  # type: ignore[no-untyped-def]
        capsys, store: Store, db_path: Path, clock) -> None:
    clock.now = datetime(2026, 7, 1, 11, 0, tzinfo=timezone.utc)  # 12:00 BST
    home, _ = store.homes.add(oak_lodge())
    store.quality.save_review(Reg45Review(home.id, date(2025, 10, 1), date(2026, 3, 31)))
    store.homes.update(home.id, replace(oak_lodge(), name="Oak Lodge East"), expect_version=home.version)

    code, out, err = run(capsys, "history", "--db", str(db_path), "--limit", "3")

    assert code == 0, err
    lines = out.splitlines()
    # As the window's Change history shows them: When | Who | Change | Record | Fields changed.
    assert "01/07/2026 12:00 | tester | Added | Reg 45 review: 01/10/2025 to 31/03/2026" in lines
    assert "01/07/2026 12:00 | tester | Changed | Home: Oak Lodge East | Name" in lines
    assert "insert" not in out and "update" not in out and "reg45_reviews" not in out

    code, out, err = run(capsys, "history", "--db", str(db_path), "--limit", "3", "--format", "json")

    assert code == 0, err
    entries = json.loads(out)
    assert {e["at"] for e in entries} == {"2026-07-01T12:00:00+01:00"}  # UK time with its offset, as the help says
    assert {(e["table"], e["action"]) for e in entries} >= {("reg45_reviews", "insert"), ("homes", "update")}


def test_history_json_in_winter_carries_the_gmt_offset(capsys, store: Store, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    store.homes.add(oak_lodge())  # the clock: 22/11/2026 10:00 UTC, which is GMT

    code, out, err = run(capsys, "history", "--db", str(db_path), "--limit", "1", "--format", "json")

    assert code == 0, err
    assert json.loads(out)[0]["at"] == "2026-11-22T10:00:00+00:00"


def test_history_shows_a_policy_change_by_its_label_from_the_default(capsys, store: Store, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    store.settings.save(replace(store.settings.get(), supervision_weeks=4))
    store.settings.save(replace(store.settings.get(), supervision_weeks=5, incident_review_days=2))

    code, out, err = run(capsys, "history", "--db", str(db_path), "--limit", "20")

    assert code == 0, err
    lines = [line for line in out.splitlines() if "| Setting: " in line]
    assert len(lines) == 3  # one line per value changed, none for the values left alone
    assert "22/11/2026 10:00 | tester | Changed | Setting: Supervision every | 6 weeks → 4 weeks" in lines
    assert "22/11/2026 10:00 | tester | Changed | Setting: Supervision every | 4 weeks → 5 weeks" in lines
    assert "22/11/2026 10:00 | tester | Changed | Setting: Manager reviews incidents within | 7 days → 2 days" in lines
    assert "supervision_weeks" not in out and "value" not in out
