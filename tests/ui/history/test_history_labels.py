"""Change history names each record readably, and never shows a child's full name."""

from __future__ import annotations

from datetime import date, datetime, timezone

from carehome_desk.models.audit import AuditAction, AuditEntry
from carehome_desk.models.ids import AuditId
from carehome_desk.models.training import TrainingRecord
from carehome_desk.store import Store
from carehome_desk.services.history_words import record_label
from carehome_desk.ui.history.history_page import HistoryPage, describe
from carehome_desk.ui.main_window import MainWindow
from tests.ui.incident_data import add_children_and_incidents
from tests.ui.workforce_data import add_workforce


def test_records_are_named_in_words_and_children_by_initials(qtbot, home_store: Store, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    add_workforce(home_store)
    sarah = next(m for m in home_store.staff.list() if m.full_name == "Sarah Whitfield")
    fire = next(c for c in home_store.workforce.courses() if c.name == "Fire safety")
    home_store.workforce.add_training(TrainingRecord(sarah.id, fire.id, date(2026, 10, 1)))
    add_children_and_incidents(home_store)
    history = next(p for p in window.pages if isinstance(p, HistoryPage))
    window.nav.setCurrentRow(window.pages.index(history))
    history.reload()
    labels = {history.model.index(r, 3).data() for r in range(history.model.rowCount())}
    assert "Staff: Sarah Whitfield" in labels
    assert "Training: Fire safety — Sarah Whitfield" in labels
    assert "Qualification: Level 3 — Sarah Whitfield" in labels
    assert "Recruitment check: ID — Sarah Whitfield" in labels
    assert "Child: AB (C01)" in labels
    assert "Incident: Police involvement 21/11/2026 18:00" in labels
    assert "Child on incident: AB (C01) — Police involvement 21/11/2026 18:00" in labels
    assert not any("Alice" in label for label in labels)
    history.filter.setText("Alice")
    assert history.proxy.rowCount() == 0  # a name typed into the filter finds nothing either
    history.filter.setText("Child: AB")
    row = next(r for r in range(history.proxy.rowCount()) if history.proxy.index(r, 3).data() == "Child: AB (C01)")
    history.table.selectRow(row)
    text = history.details.toPlainText()
    assert "Alice" not in text and "Full name: (name recorded; shown only on the child's form)" in text
    entry = next(e for e in home_store.audit.entries(table="children") if (e.after or {}).get("reference") == "C01")
    assert "Alice" not in describe(entry)


def test_quality_records_are_named_from_their_own_fields() -> None:
    def entry(table: str, after: dict[str, object]) -> AuditEntry:
        return AuditEntry(AuditId(1), datetime(2026, 11, 22, tzinfo=timezone.utc), "tester", table, "7",
                          AuditAction.INSERT, None, after)

    assert record_label(entry("actions", {"title": "Improve: Education"})) == "Action: Improve: Education"
    assert record_label(entry("reg44_visits", {"visited_on": "2026-10-24", "visitor": "Margaret Ellis"})) == \
        "Reg 44 visit: 24/10/2026 — Margaret Ellis"
    assert record_label(entry("reg45_reviews", {"period_start": "2026-03-01", "period_end": "2026-08-31"})) == \
        "Reg 45 review: 01/03/2026 to 31/08/2026"
    assert record_label(entry("inspections", {"kind": "full", "inspected_on": "2026-04-09"})) == \
        "Inspection: Full inspection 09/04/2026"
