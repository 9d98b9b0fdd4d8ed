"""Quality registers through the real store, and evidence figures computed from known records."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from carehome_desk.services.due import due_items
from carehome_desk.services.evidence import Period, home_metrics, proposed_links, reg45_draft
from carehome_desk.reference.framework import CURRENT_SCCIF
from carehome_desk.models.changes import Register
from carehome_desk.models.children import ChildDetails
from carehome_desk.models.dates import UK
from carehome_desk.models.evaluation import CriterionEntry, Evaluation, EvidenceLink, LinkKind
from carehome_desk.models.home import Grade, Judgement
from carehome_desk.models.incidents import IncidentDetails, IncidentType, MissingDetails, RestraintDetails
from tests.reg35_particulars import complete
from carehome_desk.models.quality import Finding, Inspection, InspectionKind, Reg44Visit, Reg45Review
from carehome_desk.store import Store, ValidationError
from tests.conftest import FIXED_NOW, oak_lodge

TODAY = FIXED_NOW.date()


@pytest.fixture
def home(store: Store):  # type: ignore[no-untyped-def]
    h, _ = store.homes.add(oak_lodge())
    return h


def test_evaluation_round_trip_keeps_grades_text_and_links(store: Store, home) -> None:  # type: ignore[no-untyped-def]
    link = EvidenceLink(LinkKind.METRIC, "restraint_steps_on_time", "Reg 35 steps on time: 90%", date(2026, 11, 1))
    e = Evaluation(home.id, date(2026, 11, 1), CURRENT_SCCIF, "Autumn review", {Judgement.OVERALL: Grade.GOOD},
                   {"HP3": CriterionEntry(Grade.GOOD, "Debriefs on time", "Child's views", "Audit of 12 records",
                                          (link,))})
    saved, _ = store.quality.save_evaluation(e)
    (loaded,) = store.quality.evaluations(home.id)
    assert loaded == saved and loaded.entries["HP3"].links == (link,)
    with pytest.raises(ValidationError):
        store.quality.save_evaluation(Evaluation(home.id, date(2026, 11, 23), CURRENT_SCCIF))


def test_visit_recommendations_and_inspection_findings_become_actions(store: Store, home) -> None:  # type: ignore[no-untyped-def]
    store.quality.save_visit(Reg44Visit(home.id, "Margaret Ellis", date(2026, 10, 5),
                                        recommendations=("Update risk assessment", " ")), owner="Priya")
    store.quality.save_inspection(Inspection(home.id, date(2026, 4, 9), judgements={Judgement.OVERALL: Grade.GOOD},
                                             findings=(Finding("Supervise", True, "Reg 33(4)(b)", date(2026, 6, 1)),)),
                                  owner="Priya")
    titles = {(a.title, a.source.value, a.due) for a in store.quality.actions(home.id)}
    assert titles == {("Update risk assessment", "reg44", date(2026, 11, 5)),
                      ("Supervise", "ofsted_requirement", date(2026, 6, 1))}
    assert store.quality.inspections(home.id)[0].findings[0].regulation == "Reg 33(4)(b)"
    items = {i.requirement.requirement for i in due_items(store, TODAY)}
    assert {"Supervise", "Update risk assessment"} <= items
    assert any(r.startswith("Reg 44 report for 05/10/2026") for r in items)


def test_a_newer_full_inspection_becomes_the_homes_last_inspection(store: Store, home) -> None:  # type: ignore[no-untyped-def]
    assert home.last_inspection_date == TODAY.replace(month=4)
    older = Inspection(home.id, TODAY.replace(month=3), judgements={Judgement.OVERALL: Grade.INADEQUATE})
    _, changes = store.quality.save_inspection(older)  # entered afterwards: history, not the latest
    assert not changes.touches(Register.HOMES) and store.homes.get(home.id).last_inspection_date == TODAY.replace(month=4)
    visit = Inspection(home.id, TODAY - timedelta(days=10), InspectionKind.MONITORING)
    store.quality.save_inspection(visit)  # only a full inspection is 'the last inspection'
    assert store.homes.get(home.id).last_inspection_date == TODAY.replace(month=4)
    newer = Inspection(home.id, TODAY - timedelta(days=3), judgements={
        Judgement.OVERALL: Grade.REQUIRES_IMPROVEMENT, Judgement.LEADERSHIP: Grade.GOOD})
    _, changes = store.quality.save_inspection(newer)
    updated = store.homes.get(home.id)
    assert changes.touches(Register.HOMES) and updated.version == home.version + 1
    assert updated.last_inspection_date == TODAY - timedelta(days=3)
    assert updated.last_inspection_grades == {Judgement.OVERALL: Grade.REQUIRES_IMPROVEMENT,
                                              Judgement.LEADERSHIP: Grade.GOOD}  # not recorded: not kept from before


def test_an_inspection_on_the_day_already_in_home_settings_fills_in_only_its_grades(store: Store, home) -> None:  # type: ignore[no-untyped-def]
    assert len(home.last_inspection_grades) == 3
    same_day = Inspection(home.id, home.last_inspection_date, judgements={Judgement.OVERALL: Grade.OUTSTANDING})
    store.quality.save_inspection(same_day)
    grades = store.homes.get(home.id).last_inspection_grades
    assert grades[Judgement.OVERALL] is Grade.OUTSTANDING
    assert grades[Judgement.LEADERSHIP] == home.last_inspection_grades[Judgement.LEADERSHIP]  # kept


def test_an_inspection_home_settings_cannot_take_saves_nothing(store: Store) -> None:
    new, _ = store.homes.add(replace(oak_lodge(urn="SC765432"), last_inspection_date=None, last_inspection_grades={}))
    before_registration = new.registration_date - timedelta(days=1)  # type: ignore[operator]
    with pytest.raises(ValidationError) as raised:
        store.quality.save_inspection(Inspection(new.id, before_registration))
    assert "registered" in raised.value.problems["inspected_on"]
    assert store.quality.inspections(new.id) == [] and store.homes.get(new.id).last_inspection_date is None


def test_recommendations_added_to_a_visit_later_become_actions_in_the_same_save(store: Store, home) -> None:  # type: ignore[no-untyped-def]
    visit, _ = store.quality.save_visit(Reg44Visit(home.id, "Margaret Ellis", date(2026, 10, 5),
                                                   recommendations=("Update risk assessment",)), owner="Priya")
    store.quality.save_visit(replace(visit, recommendations=("Update risk assessment", "Review bedtimes")),
                             owner="Priya")
    titles = sorted(a.title for a in store.quality.actions(home.id))
    assert titles == ["Review bedtimes", "Update risk assessment"]  # the old one is not raised twice
    store.quality.save_visit(replace(visit, recommendations=("Update risk assessment", "Review bedtimes", "More")))
    assert len(store.quality.actions(home.id)) == 2  # no owner named: the visit saves, no action is raised


def test_an_inspection_whose_finding_cannot_become_an_action_saves_nothing(store: Store, home) -> None:  # type: ignore[no-untyped-def]
    before = store.homes.get(home.id)
    bad = Inspection(home.id, TODAY - timedelta(days=1), findings=(
        Finding("Supervise", True, "Reg 33(4)(b)"), Finding("  ", False)))
    with pytest.raises(ValidationError) as raised:
        store.quality.save_inspection(bad, owner="Priya")
    assert "findings" in raised.value.problems
    assert store.quality.inspections(home.id) == [] and store.quality.actions(home.id) == []
    assert store.homes.get(home.id) == before  # the home's last inspection is untouched too


def test_review_dates_are_checked(store: Store, home) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        store.quality.save_review(Reg45Review(home.id, date(2026, 1, 1), date(2026, 6, 30), date(2026, 6, 1)))
    assert "before the end of the period" in caught.value.problems["completed_on"]


def test_evidence_figures_from_known_records(store: Store, home) -> None:  # type: ignore[no-untyped-def]
    child, _ = store.children.add(home.id, ChildDetails("C-1", "AB", date(2011, 1, 1), date(2026, 1, 5)))
    start = datetime(2026, 9, 1, 10, 0, tzinfo=UK)
    for shift, record_after in ((0, 2), (3, 30)):  # the second record is made 30 hours after: late
        at = start + timedelta(days=shift)
        details = complete(record_made_at=at + timedelta(hours=record_after),
                                   staff_spoken_at=at + timedelta(hours=40), signed_by="RM",
                                   child_spoken_at=at + timedelta(hours=50))
        store.incidents.add(home.id, IncidentDetails(IncidentType.RESTRAINT, at, (child.id,), "Hold",
                                                     "Lounge", details=details))
    back = start + timedelta(days=10, hours=5)
    store.incidents.add(home.id, IncidentDetails(IncidentType.MISSING, start + timedelta(days=10), (child.id,), "Out",
                                                 details=MissingDetails(returned_at=back,
                                                                        rhi_offered_at=back + timedelta(hours=30))))
    store.incidents.add(home.id, IncidentDetails(IncidentType.AWAY, start + timedelta(days=12), (child.id,), "Away",
                                                 details=MissingDetails(returned_at=back + timedelta(days=2),
                                                                        rhi_not_offered=True, home_challenged=True)))
    store.incidents.add(home.id, IncidentDetails(IncidentType.RESTRAINT, start - timedelta(days=60), (child.id,),
                                                 "Outside the period"))
    m = home_metrics(store, home, Period(date(2026, 9, 1), date(2026, 11, 22)))
    assert m["restraints"].text == "2"
    assert m["restraint_steps_on_time"].text == "83% (5 of 6)"  # only the late record missed its 24 hours
    assert (m["missing_episodes"].text, m["away_episodes"].text) == ("1", "1")
    assert m["rhi_offered"].text == "50% (1 of 2)"
    assert m["rhi_challenged"].text == "100% (1 of 1)"
    assert m["restraint_steps_on_time"].how.startswith("Reg 35(3) steps")
    links = proposed_links(m, CURRENT_SCCIF, TODAY)
    assert [link.ref for link in links["HP3"]] == ["restraints", "restraint_steps_on_time"]
    draft = reg45_draft(store, home, Period(date(2026, 9, 1), date(2026, 11, 22)))
    assert "Restraint / measure of control: 2 (1)" in draft  # the July one falls in the previous period
    assert "Reg 35 steps on time: 83% (5 of 6)" in draft
