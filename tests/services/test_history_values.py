"""Change history's details say every value as the window shows it: no ISO date, no True/False/None, no stored
code (snake_case), no record number, for every column of every table in the schema."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from carehome_desk import cli
from carehome_desk.demo import DemoOptions
from carehome_desk.demo.build import populate
from carehome_desk.models.audit import AuditAction, AuditEntry
from carehome_desk.models.ids import AuditId
from carehome_desk.models.quality import Action, ActionStatus
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.services.history_words import RecordNames, changed_text, describe, learn_certificates, record_label
from carehome_desk.store import Store
from carehome_desk.store.schema import metadata
from tests.conftest import FIXED_NOW, oak_lodge
from tests.services.test_history_words import _sample

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PYTHON_WORDS = re.compile(r"\b(True|False|None)\b")
SNAKE_CASE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")
NAMES = RecordNames(staff={3: "Zara Begum"}, courses={3: "Fire safety"}, children={3: "AB (C01)"},
                    incidents={3: "Police involvement 21/11/2026 18:00"}, homes={3: "Oak Lodge"},
                    visits={3: "24/10/2026 — Margaret Ellis"})


def raw_forms(text: str) -> list[str]:
    """Every stored form of a value left in the text."""
    return ISO_DATE.findall(text) + PYTHON_WORDS.findall(text) + SNAKE_CASE.findall(text)


def _entry(table: str, action: AuditAction, before: dict[str, Any] | None, after: dict[str, Any] | None) -> AuditEntry:
    return AuditEntry(AuditId(1), datetime(2026, 11, 22, tzinfo=timezone.utc), "tester", table, "7", action,
                      before, after)


@pytest.mark.parametrize("table", sorted(set(metadata.tables) - {"settings", "audit_log"}))
def test_no_stored_form_of_any_column_reaches_the_details(table: str) -> None:
    columns = metadata.tables[table].columns
    stored = {c.name: _sample(c) for c in columns}
    empty = {c.name: (False if isinstance(c.type, sa.Boolean) else None) for c in columns}

    added = describe(_entry(table, AuditAction.INSERT, None, stored), NAMES)
    changed = describe(_entry(table, AuditAction.UPDATE, empty, stored), NAMES)
    archived = describe(_entry(table, AuditAction.ARCHIVE, empty, stored), NAMES)

    for text in (added, changed, archived):
        assert raw_forms(text) == [], text
        assert "24/10/2026" in text or not any(isinstance(c.type, sa.Date) for c in columns), text
    if "home_id" in stored:
        assert "Home: Oak Lodge" in added
    assert "No → Yes" in changed or not any(isinstance(c.type, sa.Boolean) for c in columns), changed
    assert not re.search(r"(?i)\bid\b|version", added), added  # record numbers and the version counter left out


@pytest.fixture
def demo(store: Store) -> Store:
    populate(store, DemoOptions(today=FIXED_NOW.date()))
    return store


def test_every_change_in_a_demo_home_is_in_words(demo: Store) -> None:
    """The demo's trail holds every table with real codes, times, incident details, criteria and findings."""
    names = RecordNames()
    names.refresh(demo)
    entries = demo.audit.entries()
    tables = {e.table for e in entries}
    # Each record added is also shown as a change from nothing, so every field's before and after are read.
    shown = [describe(e, names) for e in entries] + [
        describe(replace(e, action=AuditAction.UPDATE, before={k: None for k in e.after}), names)
        for e in entries if e.action is AuditAction.INSERT and e.after and e.table != "settings"]

    assert tables >= set(metadata.tables) - {"audit_log", "incident_staff"}
    learn_certificates(names, entries)
    checks = {record_label(e, names) for e in entries if e.table == "dbs_status_checks"}
    named = re.compile(r"DBS status check: \d+ — [A-Z][a-z]+ [A-Z][a-z-]+")  # number — person
    assert checks and all(named.fullmatch(c) for c in checks), checks
    leftovers = {form for text in shown for form in ISO_DATE.findall(text) + SNAKE_CASE.findall(text)
                 + re.findall(r"\b(?:True|False)\b", text)}  # 'None' is a manager's word here (Injuries: None)
    assert leftovers == set()


def test_an_archive_and_a_done_action_read_as_the_window_says_them(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge())
    zara, _ = store.staff.add(home.id, StaffDetails("Zara Begum", StaffRole.RESIDENTIAL_WORKER, date(2023, 11, 18)))
    store.staff.archive(zara.id, "entered twice")
    action = store.quality.save_action(Action(home.id, "Check the fire log weekly", "Sam", date(2026, 12, 1)))[0]
    store.quality.save_action(replace(action, status=ActionStatus.DONE, completed_on=date(2026, 11, 22)))
    names = RecordNames()
    names.refresh(store)

    archive = next(e for e in store.audit.entries(table="staff") if e.action is AuditAction.ARCHIVE)
    text = describe(archive, names)
    assert "Role: Residential childcare worker" in text and "Started at the home: 18/11/2023" in text
    assert "Home: Oak Lodge" in text and "Archive reason: entered twice" in text
    assert re.search(r"Archived: 22/11/2026 \d\d:\d\d$", text, re.M), text
    assert "Leaving date" not in text  # nothing recorded: left out
    assert changed_text(archive) == "Reason: entered twice"  # the list says why, and the filter finds it
    done = store.audit.entries(table="actions")[0]
    assert describe(done, names).splitlines()[3:] == ["Status: Open → Done", "Done on: — → 22/11/2026"]
    added = describe(store.audit.entries(table="actions")[-1], names)
    assert "Raised from the Reg 44 visit" not in added and "Recommendation number" not in added


def test_the_command_lines_history_uses_the_same_words(capsys, store: Store, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    home, _ = store.homes.add(oak_lodge())
    zara, _ = store.staff.add(home.id, StaffDetails("Zara Begum", StaffRole.RESIDENTIAL_WORKER, date(2023, 11, 18)))
    store.staff.update(replace(zara, hours_per_week=30.0, staff_ref="Z1"))
    store.staff.archive(zara.id, "entered twice")

    code = cli.main(["history", "--db", str(db_path), "--limit", "5"])
    out, err = capsys.readouterr()

    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].endswith("| Archived | Staff: Zara Begum | Reason: entered twice"), lines[0]
    assert lines[1].endswith("| Changed | Staff: Zara Begum | Hours per week, Staff reference"), lines[1]
