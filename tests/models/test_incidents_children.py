from datetime import date, datetime, timedelta

from carehome_desk.models.children import ChildDetails, validate_child
from carehome_desk.models.chronology import chronology
from carehome_desk.models.children import Child
from carehome_desk.models.dates import UK
from carehome_desk.models.ids import ChildId, IncidentId
from carehome_desk.models.incidents import (
    Incident,
    IncidentDetails,
    IncidentType,
    Reg40,
    RestraintDetails,
    prohibited_sanction_warnings,
    validate_incident,
)

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UK)


def test_child_register_rules() -> None:
    ok = ChildDetails(reference="C-031", initials="a.b.", date_of_birth=date(2011, 5, 1),
                      admission_date=date(2025, 1, 10))
    assert validate_child(ok, NOW.date()) == {}
    assert ok.normalised().initials == "AB"
    bad = ChildDetails(reference=" ", initials="ABCDE", date_of_birth=date(2011, 5, 1),
                       admission_date=date(2010, 1, 1), leaving_date=date(2009, 1, 1), ending_planned=True)
    assert set(validate_child(bad, NOW.date())) == {"reference", "initials", "admission_date", "leaving_date"}
    assert ok.normalised().label() == "AB (C-031)" and ok.age_on(date(2026, 4, 30)) == 14 and ok.age_on(date(2026, 5, 1)) == 15


def test_names_appear_only_when_asked() -> None:
    child = ChildDetails(reference="C-031", initials="AB", date_of_birth=date(2011, 5, 1),
                         admission_date=date(2025, 1, 10), full_name="Alex Brown")
    assert "Alex" not in child.label()
    assert child.label(include_names=True) == "Alex Brown (C-031)"


def test_incident_validation() -> None:
    base = IncidentDetails(IncidentType.RESTRAINT, NOW - timedelta(hours=2), (ChildId(1),), "Held to keep safe")
    assert validate_incident(base, NOW) == {}
    problems = validate_incident(IncidentDetails(IncidentType.RESTRAINT, NOW + timedelta(minutes=1), (), " ",
                                                 notifiable=True), NOW)
    assert set(problems) == {"occurred_at", "child_ids", "summary", "reg40_paragraphs", "reg40_rationale"}
    early = IncidentDetails(IncidentType.RESTRAINT, NOW - timedelta(hours=2), (ChildId(1),), "x",
                            details=RestraintDetails(record_made_at=NOW - timedelta(hours=3),
                                                     staff_spoken_at=NOW - timedelta(hours=1)))
    assert set(validate_incident(early, NOW)) == {"record_made_at", "signed_by"}
    decided = IncidentDetails(IncidentType.POLICE, NOW - timedelta(hours=2), (ChildId(1),), "x", notifiable=True,
                              reg40_paragraphs=(Reg40.POLICE_SERIOUS,), reg40_rationale="Arrest")
    assert validate_incident(decided, NOW) == {}


def test_sanctions_that_look_like_reg_19_measures_are_flagged() -> None:
    assert prohibited_sanction_warnings("No dinner tonight") == ["Reg 19(b): withholding or forcing food or drink"]
    assert prohibited_sanction_warnings("Phone taken away for the weekend")[0].startswith("Reg 19(c)")
    assert prohibited_sanction_warnings("Everyone loses the trip because of one child")[0].startswith("Reg 19(j)")
    assert prohibited_sanction_warnings("Pay for the window from pocket money") != []
    assert prohibited_sanction_warnings("Pay for the window from pocket money", reparation=True) == []
    assert prohibited_sanction_warnings("Earlier bedtime on Saturday") == []


def test_chronology_in_date_order() -> None:
    child = Child(reference="C-1", initials="AB", date_of_birth=date(2011, 1, 1), admission_date=date(2025, 1, 10),
                  leaving_date=date(2026, 6, 1), ending_planned=False, id=ChildId(1))
    mine = Incident(IncidentType.MISSING, datetime(2025, 3, 1, 20, 0, tzinfo=UK), (ChildId(1),), "Missing",
                    id=IncidentId(2))
    earlier = Incident(IncidentType.RESTRAINT, datetime(2025, 2, 1, 9, 0, tzinfo=UK), (ChildId(1), ChildId(2)),
                       "Hold", id=IncidentId(1))
    other = Incident(IncidentType.ACCIDENT, datetime(2025, 2, 2, 9, 0, tzinfo=UK), (ChildId(2),), "Fall",
                     id=IncidentId(3))
    entries = chronology(child, [mine, other, earlier])
    assert [e.kind for e in entries] == ["admission", "restraint", "missing", "leaving"]
    assert entries[-1].text == "Unplanned ending"
