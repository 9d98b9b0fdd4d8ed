"""Small random histories (hypothesis): a few staff with random DBS, checks, training and supervision, a few
incidents with random step times. `due`, the pages, the dashboard tiles and the pack must agree on every one."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from carehome_desk import paths
from carehome_desk.models.children import ChildDetails, LegalStatus
from carehome_desk.models.dates import UK
from carehome_desk.models.dbs import DbsCertificate, DbsLevel, Workforce
from carehome_desk.models.incidents import IncidentDetails, IncidentType, MissingDetails, RestraintDetails
from carehome_desk.models.recruitment import CheckKind, RecruitmentCheck
from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.supervision import Session, SessionKind
from carehome_desk.models.training import TrainingRecord
from carehome_desk.store import Store
from tests.conftest import oak_lodge
from tests.consistency.checks import (
    due_matches_pages,
    export,
    matrices_match,
    pack_period,
    tiles_match_annex_a,
    training_trend_ends_at_the_figure,
    workforce_tile_matches_due,
)

TODAY = date(2026, 11, 22)
NOW = datetime.combine(TODAY, time(10, 0), tzinfo=UK)

days_ago = st.integers(min_value=0, max_value=1500)
maybe_hours = st.one_of(st.none(), st.integers(min_value=1, max_value=24 * 8))

person = st.fixed_dictionaries({
    "role": st.sampled_from([StaffRole.REGISTERED_MANAGER, StaffRole.RESIDENTIAL_WORKER, StaffRole.TEAM_LEADER,
                             StaffRole.ANCILLARY]),
    "started": st.integers(min_value=1, max_value=2500),
    "certificate": st.one_of(st.none(),
                             st.tuples(st.just(DbsLevel.ENHANCED), st.just(Workforce.CHILD), st.just(True), days_ago),
                             st.tuples(st.sampled_from(list(DbsLevel)), st.sampled_from(list(Workforce)),
                                       st.booleans(), days_ago)),
    "dbs_ticked": st.booleans(),
    "other_checks": st.booleans(),
    "training": st.lists(st.tuples(st.integers(min_value=0, max_value=5), days_ago), max_size=4),
    "sessions": st.lists(st.tuples(st.sampled_from(list(SessionKind)), st.integers(min_value=0, max_value=500)),
                         max_size=3),
})
incident = st.fixed_dictionaries({
    "kind": st.sampled_from([IncidentType.RESTRAINT, IncidentType.MISSING, IncidentType.POLICE]),
    "hours_ago": st.one_of(st.integers(min_value=1, max_value=72), st.integers(min_value=73, max_value=24 * 500)),
    "record": maybe_hours, "staff": maybe_hours, "child": maybe_hours,
    "ehc": st.booleans(),
})


def _write(store: Store, people: list[dict[str, object]], incidents: list[dict[str, object]]) -> None:
    home, _ = store.homes.add(oak_lodge())
    courses = store.workforce.courses()
    for n, p in enumerate(people):
        started = TODAY - timedelta(days=int(p["started"]))  # type: ignore[call-overload]
        member, _ = store.staff.add(home.id, StaffDetails(f"Person {n}", p["role"], started,  # type: ignore[arg-type]
                                                          staff_ref=f"E{n:03}"))
        cert = p["certificate"]
        if cert is not None:
            level, workforce, barred, ago = cert  # type: ignore[misc]
            store.workforce.add_certificate(DbsCertificate(member.id, f"{n:012}", TODAY - timedelta(days=ago),
                                                           level, workforce, barred))
        kinds = [CheckKind.DBS] if p["dbs_ticked"] else []
        kinds += [k for k in CheckKind if k is not CheckKind.DBS] if p["other_checks"] else []
        for kind in kinds:
            store.workforce.save_check(RecruitmentCheck(member.id, kind, True, started, "RM"))
        seen: set[object] = set()
        for index, ago in p["training"]:  # type: ignore[attr-defined]
            course = courses[index % len(courses)]
            done = max(started, TODAY - timedelta(days=ago))
            if (course.id, done) not in seen:
                seen.add((course.id, done))
                store.workforce.add_training(TrainingRecord(member.id, course.id, done))
        for kind, ago in p["sessions"]:  # type: ignore[attr-defined]
            held = max(started, TODAY - timedelta(days=ago))
            if (kind, held) not in seen:
                seen.add((kind, held))
                store.workforce.add_session(Session(member.id, kind, held, "RM"))
    child, _ = store.children.add(home.id, ChildDetails("C01", "AB", date(2011, 3, 4), date(2024, 1, 10),
                                                        "Northmoor County Council", LegalStatus.SECTION_31))

    def after(at: datetime, hours: object) -> datetime | None:
        moment = at + timedelta(hours=int(hours)) if hours is not None else None  # type: ignore[call-overload]
        return moment if moment is not None and moment <= NOW else None

    for i in incidents:
        at = NOW - timedelta(hours=int(i["hours_ago"]))  # type: ignore[call-overload]
        kind = i["kind"]
        if kind is IncidentType.RESTRAINT:
            details: object = RestraintDetails(behaviour="Tried to hit a peer", measure="Standing hold",
                                               duration_minutes=2, ehc_plan_planned=bool(i["ehc"]),
                                               record_made_at=after(at, i["record"]),
                                               staff_spoken_at=after(at, i["staff"]), signed_by="RM",
                                               child_spoken_at=after(at, i["child"]))
            extra: dict[str, object] = {"notifiable": False, "reg40_rationale": "Brief hold, no injury."}
        elif kind is IncidentType.MISSING:
            back = after(at, i["record"])
            offered = after(back, i["staff"]) if back is not None else None
            details = MissingDetails(returned_at=back, rhi_offered_at=offered,
                                     rhi_offered_by="Northmoor County Council" if offered else "")
            extra = {}
        else:
            details = None
            extra = {}
        store.incidents.add(home.id, IncidentDetails(kind, at, (child.id,), "What happened.",  # type: ignore[arg-type]
                                                     details=details, **extra))  # type: ignore[arg-type]


_WORKER = {"role": StaffRole.RESIDENTIAL_WORKER, "started": 400, "certificate": None, "dbs_ticked": False,
           "other_checks": True, "training": [], "sessions": []}
_RESTRAINT = {"kind": IncidentType.RESTRAINT, "hours_ago": 3, "record": None, "staff": None, "child": None,
              "ehc": False}


# The two histories issue 16 reported, then random ones.
@example(people=[{**_WORKER, "certificate": (DbsLevel.ENHANCED, Workforce.CHILD, True, 90)}], incidents=[])
@example(people=[_WORKER], incidents=[_RESTRAINT])
@settings(max_examples=40, deadline=None, database=None, phases=(Phase.explicit, Phase.generate),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(people=st.lists(person, min_size=1, max_size=3), incidents=st.lists(incident, max_size=3))
def test_a_random_history_gives_one_answer_everywhere(people: list[dict[str, object]],
                                                       incidents: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        paths.init(base / "userdata")
        store = Store.open(base / "home.sqlite3", user="tester", clock=lambda: NOW)
        try:
            _write(store, people, incidents)
            period = pack_period(TODAY)
            sheets = export(store, base, period)
            # Each check asserts figure by figure and returns how many it compared.
            compared = [tiles_match_annex_a(store, sheets, period, TODAY, NOW), due_matches_pages(store, TODAY),
                        workforce_tile_matches_due(store, TODAY, NOW),
                        training_trend_ends_at_the_figure(store, TODAY, NOW), matrices_match(store, sheets, TODAY)]
        finally:
            store.close()
    assert compared[0] > 0  # the Annex A figures are there to compare even for an empty history
