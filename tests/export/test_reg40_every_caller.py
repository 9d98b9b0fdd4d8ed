"""After a death, `due`, the evidence figures and the pack's Reg 40 sheet ask for the same recipients."""

from __future__ import annotations

from datetime import date, timedelta

from carehome_desk.services.due import due_items
from carehome_desk.services.evidence import Period, home_metrics
from carehome_desk.export.pack_incidents import incident_sheets
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.incidents import IncidentDetails, IncidentType, Recipient, Reg40
from carehome_desk.reference.bank_holidays import bank_holidays
from carehome_desk.store import Store
from tests.conftest import FIXED_NOW, oak_lodge


def test_every_caller_gives_the_same_recipients_after_a_death(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge(local_authority="Leeds City Council"))
    by_host, _ = store.children.add(home.id, ChildDetails("C-01", "AB", date(2011, 5, 1), date(2025, 1, 10),
                                                          placing_authority="Leeds"))
    by_other, _ = store.children.add(home.id, ChildDetails("C-02", "CD", date(2012, 5, 1), date(2025, 1, 10),
                                                           placing_authority="Kirklees Council"))
    ids = {}
    for child in (by_host, by_other):
        incident, _ = store.incidents.add(home.id, IncidentDetails(
            IncidentType.OTHER, FIXED_NOW - timedelta(hours=3), (child.id,), f"Death of {child.reference}",
            notifiable=True, reg40_paragraphs=(Reg40.DEATH,), reg40_rationale="Reg 40(1)"))
        ids[child.reference] = incident.id
    expected = {
        "C-01": {"ofsted", "placing_authority", "secretary_of_state", "icb"},
        "C-02": {"ofsted", "placing_authority", "secretary_of_state", "host_authority", "icb"},
    }

    due = {ref: {i.requirement.key.split(":")[-1] for i in due_items(store, FIXED_NOW.date())
                 if i.requirement.subject_id == incident_id and i.requirement.key.startswith("incident:reg40:")}
           for ref, incident_id in ids.items()}
    assert due == expected

    period = Period(FIXED_NOW.date() - timedelta(days=30), FIXED_NOW.date())
    sheets = {s.name: s for s in incident_sheets([(home, store.children.list(home.id), store.incidents.list(home.id))],
                                                 period, FIXED_NOW, bank_holidays(), 7, include_names=False)}
    labels = {r.value: r.label for r in Recipient}
    pack: dict[str, set[str]] = {"C-01": set(), "C-02": set()}
    for row in sheets["Reg 40 notifications"].rows:
        ref = str(row[2]).split("(")[1].rstrip(")")
        pack[ref].add(next(value for value, label in labels.items() if label == row[4]))
    assert pack == expected

    metric = home_metrics(store, home, period, FIXED_NOW + timedelta(days=2))["notifications_on_time"]
    assert metric.text == "0% (0 of 9)"  # 4 + 5 required notices, two days on all overdue
