"""Old records for the retention review: written straight through the audited writer, as an import of a
long-running home's history would leave them (the forms refuse dates this far back)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from carehome_desk.models.ids import HomeId
from carehome_desk.store import Store
from carehome_desk.store.schema import children, incident_children, incidents, staff, supervision_sessions

# What the review lists on 22/11/2026: (register, record, since, basis), in its order.
EXPECTED = [
    ("Staff", "Graham Holt (Night worker), left 31/05/2008", date(2014, 6, 1), "policy"),
    ("Children", "C-1960 (AB), born 10/05/1948, left 31/07/1964", date(2023, 5, 11), "law"),
    ("Incidents", "Restraint / measure of control on 05/03/1962: C-1960 (AB)", date(2023, 5, 11), "law"),
    ("Staff", "Graham Holt (Night worker), left 31/05/2008", date(2024, 7, 1), "law"),  # last entry 30/06/2009
    ("Staff", "Moira Keane, left 31/03/2019", date(2025, 4, 1), "policy"),
    ("Children", "C-2008 (DE), born 01/06/1995, died 20/04/2010", date(2025, 4, 21), "law"),
    ("Incidents", "Other on 20/04/2010: C-2008 (DE)", date(2025, 4, 21), "law"),
]


def _child(w, home_id: HomeId, reference: str, initials: str, born: date, admitted: date,  # type: ignore[no-untyped-def]
           left: date | None) -> int:
    return int(w.insert(children, {
        "home_id": home_id, "reference": reference, "initials": initials, "full_name": "",
        "date_of_birth": born, "admission_date": admitted, "leaving_date": left, "placing_authority": "Leeds",
        "legal_status": "s20", "admission_planned": True, "ending_planned": True if left else None}))


def _incident(w, home_id: HomeId, kind: str, when: datetime, child_ids: list[int],  # type: ignore[no-untyped-def]
              reg40: list[str] | None = None) -> int:
    incident_id = int(w.insert(incidents, {
        "home_id": home_id, "type": kind, "occurred_at": when.isoformat(), "occurred_utc": when,
        "summary": "Recorded before the records came into carehome-desk.", "reg40_paragraphs": reg40 or [],
        "other_recipients": [], "notifiable": bool(reg40)}))
    for child_id in child_ids:
        w.insert(incident_children, {"incident_id": incident_id, "child_id": child_id})
    return incident_id


def _person(w, home_id: HomeId, name: str, title: str, started: date, left: date | None) -> int:  # type: ignore[no-untyped-def]
    return int(w.insert(staff, {
        "home_id": home_id, "full_name": name, "role": "other" if title else "residential_worker",
        "role_title": title, "start_date": started, "leaving_date": left, "contract": "permanent"}))


def add_old_records(store: Store, home_id: HomeId) -> None:
    """Children, incidents and staff from long ago (and some still kept), for a home."""
    with store.write() as w:
        old = _child(w, home_id, "C-1960", "AB", date(1948, 5, 10), date(1960, 1, 4), date(1964, 7, 31))
        died = _child(w, home_id, "C-2008", "DE", date(1995, 6, 1), date(2008, 3, 1), None)
        here = _child(w, home_id, "C-2024", "FG", date(2011, 2, 28), date(2024, 9, 1), None)
        utc = timezone.utc
        _incident(w, home_id, "restraint", datetime(1962, 3, 5, 14, 0, tzinfo=utc), [old])
        _incident(w, home_id, "restraint", datetime(1963, 1, 9, 9, 0, tzinfo=utc), [old, here])  # FG's record is kept
        _incident(w, home_id, "other", datetime(2010, 4, 20, 20, 30, tzinfo=utc), [died], reg40=["death"])
        holt = _person(w, home_id, "Graham Holt", "Night worker", date(1999, 9, 1), date(2008, 5, 31))
        # An entry made after he left (a late supervision note): the staff record counts from it.
        w.insert(supervision_sessions, {"staff_id": holt, "kind": "supervision", "held_on": date(2009, 6, 30),
                                        "supervisor": "Priya Fairbairn"})
        _person(w, home_id, "Moira Keane", "", date(2012, 1, 9), date(2019, 3, 31))
        _person(w, home_id, "Nadia Stone", "", date(2015, 4, 1), None)
