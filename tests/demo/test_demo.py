from datetime import date
from pathlib import Path

import pytest

from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.store import Store, StoreError

TODAY = date(2026, 11, 22)


def homes_in(path: Path) -> list[tuple[object, ...]]:
    with Store.open(path, create=False) as store:
        return [(h.name, h.urn, h.address, h.registered_manager, h.responsible_individual, h.registration_date,
                 h.last_inspection_date, tuple(sorted((j.value, g.value) for j, g in h.last_inspection_grades.items())))
                for h in store.homes.list()]


def test_same_seed_and_day_give_the_same_demo(tmp_path: Path) -> None:
    a = build_demo(tmp_path / "a.sqlite3", DemoOptions(scale=2, seed=7, today=TODAY))
    b = build_demo(tmp_path / "b.sqlite3", DemoOptions(scale=2, seed=7, today=TODAY))
    c = build_demo(tmp_path / "c.sqlite3", DemoOptions(scale=2, seed=8, today=TODAY))
    assert homes_in(a) == homes_in(b)
    assert homes_in(a) != homes_in(c)


def test_scale_gives_that_many_valid_homes_dated_before_today(tmp_path: Path) -> None:
    path = build_demo(tmp_path / "big.sqlite3", DemoOptions(scale=5, today=TODAY))
    with Store.open(path, create=False) as store:
        homes = store.homes.list()
        assert store.settings.is_demo()
    assert len(homes) == 5
    assert len({h.urn for h in homes}) == 5 and len({h.name for h in homes}) == 5
    for h in homes:
        assert h.registration_date is not None and h.last_inspection_date is not None
        assert h.registration_date < h.last_inspection_date < TODAY
        assert h.registered_manager and h.responsible_individual


def test_demo_refuses_to_overwrite_and_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "mine.sqlite3"
    target.write_text("real data")
    with pytest.raises(StoreError, match="already exists"):
        build_demo(target, DemoOptions())
    assert target.read_text() == "real data"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.sqlite3"]


def test_a_cancelled_demo_leaves_nothing_behind(tmp_path: Path) -> None:
    from carehome_desk.progress import Progress

    progress = Progress()
    progress.cancel()
    with pytest.raises(StoreError, match="cancelled"):
        build_demo(tmp_path / "demo.sqlite3", DemoOptions(scale=5), progress)
    assert list(tmp_path.iterdir()) == []


def test_demo_workforce_has_the_gaps_an_inspector_would_look_for(tmp_path: Path) -> None:
    from carehome_desk.models.staff import StaffRole
    from carehome_desk.models.status import Status
    from carehome_desk.models.workforce import reg_32_7_flags, workforce_requirements

    path = build_demo(tmp_path / "demo.sqlite3", DemoOptions(today=TODAY))
    with Store.open(path, create=False) as store:
        (home,) = store.homes.list()
        snap = store.workforce.snapshot(home.id)
        reqs = workforce_requirements(snap, store.settings.get(), TODAY)
    by_area: dict[str, list] = {}
    for r in reqs:
        by_area.setdefault(r.area, []).append(r)
    manager = next(s for s in snap.staff if s.role is StaffRole.REGISTERED_MANAGER)
    assert manager.full_name == home.registered_manager
    (level5,) = [r for r in by_area["Qualification"] if r.subject_id == manager.id]
    assert level5.requirement == "Level 5" and level5.detail.startswith("enrolled")
    quals = [r.detail for r in by_area["Qualification"]]
    assert any(d.startswith("achieved") for d in quals) and any(d.startswith("enrolled") for d in quals)
    assert any("deferred to" in d for d in quals) and any(d.startswith("equivalent") for d in quals)
    training = {r.status for r in by_area["Training"]}
    assert {Status.OVERDUE, Status.DUE_SOON, Status.IN_DATE} <= training
    assert [r.status for r in by_area["DBS"]].count(Status.DUE_SOON) >= 1
    assert any(r.key == "supervision" and r.status is Status.OVERDUE for r in by_area["Supervision"])
    assert len(reg_32_7_flags(snap, TODAY)) == 1
    assert any(s.leaving_date for s in snap.staff)  # a leaver kept in the record


def test_demo_children_and_incidents_are_realistic(tmp_path: Path) -> None:
    from datetime import datetime, time

    from carehome_desk.models.dates import UK
    from carehome_desk.models.deadlines import StepStatus, incident_steps
    from carehome_desk.models.incidents import IncidentType
    from carehome_desk.models.recipients import notify_context
    from carehome_desk.reference.bank_holidays import bank_holidays

    path = build_demo(tmp_path / "demo.sqlite3", DemoOptions(today=TODAY))
    now = datetime.combine(TODAY, time(9, 0), tzinfo=UK)
    with Store.open(path, create=False) as store:
        (home,) = store.homes.list()
        kids = store.children.list(home.id)
        incidents = store.incidents.list(home.id)
    assert any(k.leaving_date for k in kids) and any(k.is_resident(TODAY) for k in kids)
    assert all(k.full_name == "" for k in kids)  # pseudonymous by default
    kinds = {i.type for i in incidents}
    assert {IncidentType.RESTRAINT, IncidentType.MISSING, IncidentType.AWAY} <= kinds
    first = min(i.occurred_at for i in incidents)
    assert (TODAY - first.date()).days > 2 * 365  # three years of history
    by_id = {k.id: k for k in kids}
    steps = [s for i in incidents
             for s in incident_steps(i, now, bank_holidays(), 7, notify_context(i.child_ids, by_id, home))]
    late_restraint = [s for s in steps if s.key.startswith("reg35") and s.status is StepStatus.DONE_LATE]
    assert late_restraint
    assert any(s.key == "rhi" and s.status is StepStatus.NOT_OFFERED for s in steps)
    notified = [i for i in incidents if i.notifiable and i.notifications]
    assert any(any(n.reference for n in i.notifications) for i in notified)
    assert any(all(not n.reference for n in i.notifications if n.recipient.value == "ofsted") for i in notified)
    assert any(s.status is StepStatus.DUE for s in steps)  # something counting down today
    enquiries = [i.details for i in incidents if i.type is IncidentType.CP_ENQUIRY]
    assert enquiries and all(getattr(e, "started_at", None) is not None for e in enquiries)  # times, not days
    assert not any(s.note.startswith("Time not recorded") for s in steps)


def test_demo_quality_cycle(tmp_path: Path) -> None:
    from carehome_desk.models.quality import ActionStatus

    path = build_demo(tmp_path / "demo.sqlite3", DemoOptions(today=TODAY))
    with Store.open(path, create=False) as store:
        (home,) = store.homes.list()
        evaluations = store.quality.evaluations(home.id)
        (inspection,) = store.quality.inspections(home.id)
        visits = store.quality.visits(home.id)
        reviews = store.quality.reviews(home.id)
        actions = store.quality.actions(home.id)
    assert len(evaluations) == 2 and evaluations[0].evaluated_on < evaluations[1].evaluated_on
    assert sum(f.is_requirement for f in inspection.findings) == 2
    assert inspection.inspected_on == home.last_inspection_date
    months = {(v.visited_on.year, v.visited_on.month) for v in visits}
    assert len(visits) == 11 and len(months) == 11  # twelve months, one missed
    assert len(reviews) == 2 and all(r.completed_on and r.summary for r in reviews)
    assert {a.status for a in actions} >= {ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.IN_PROGRESS}
