"""A deterministic fictional children's home (or N of them) for trying the app and for benchmarks.

Same seed and same 'today' give the same database. Every later register adds its own records
here, so the demo always shows every page with realistic data. All names are invented.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from carehome_desk.demo.incidents import DemoStaff, add_children_and_incidents
from carehome_desk.demo.quality import add_quality
from carehome_desk.demo.workforce import add_workforce
from carehome_desk.models.dates import UK
from carehome_desk.models.calendar_math import add_months
from carehome_desk.models.home import Grade, HomeDetails, Judgement
from carehome_desk.models.staff_incidents import restraint_course
from carehome_desk.progress import NO_PROGRESS, Progress
from carehome_desk.store import Store, StoreError

HOME_NAMES = [
    "Oak Lodge", "Willow House", "Beech View", "Rowan Cottage", "Hawthorn House", "Larch Court",
    "Elm Bank", "Alder Lodge", "Hazel Grove", "Maple House", "Cedar View", "Birch Lodge",
]
TOWNS = [
    ("Ashby Fields", "Leicestershire", "LE65"), ("Kettleby", "Northamptonshire", "NN15"),
    ("Harrowdale", "North Yorkshire", "YO61"), ("Millbridge", "Shropshire", "SY4"),
    ("Stanworth", "Lancashire", "PR7"), ("Wellcombe", "Devon", "EX16"),
]
STREETS = ["Church Lane", "Station Road", "Meadow Close", "Mill Street", "Park View", "Orchard Way"]
FIRST = ["Sarah", "James", "Priya", "Daniel", "Aisha", "Tom", "Helen", "Marcus", "Joanne", "Kwame", "Emma", "Gareth"]
LAST = ["Whitfield", "Okafor", "Hughes", "Patel", "Brennan", "Lowther", "Adeyemi", "Carter", "Nowak", "Fairbairn"]
GRADE_WEIGHTS = [
    (Grade.OUTSTANDING, 2), (Grade.GOOD, 6), (Grade.REQUIRES_IMPROVEMENT, 2), (Grade.INADEQUATE, 0),
]


@dataclass(frozen=True)
class DemoOptions:
    """How big a demo to build, from which seed, as of which day."""

    scale: int = 1
    seed: int = 2015
    today: date | None = None


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _grade(rng: random.Random) -> Grade:
    grades = [g for g, _ in GRADE_WEIGHTS]
    weights = [w for _, w in GRADE_WEIGHTS]
    return rng.choices(grades, weights=weights)[0]


def demo_home(rng: random.Random, index: int, today: date, used_urns: set[str]) -> HomeDetails:
    """One fictional home; index > 0 gives the extra homes of a larger demo."""
    base = HOME_NAMES[index % len(HOME_NAMES)]
    name = base if index < len(HOME_NAMES) else f"{base} {index // len(HOME_NAMES) + 1}"
    while True:
        urn = f"SC{rng.randint(100000, 999999)}"
        if urn not in used_urns:
            used_urns.add(urn)
            break
    town, county, district = rng.choice(TOWNS)
    address = (
        f"{rng.randint(2, 98)} {rng.choice(STREETS)}\n{town}\n{county}\n"
        f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    )
    registered = today - timedelta(days=rng.randint(4 * 365, 9 * 365))
    inspected = today - timedelta(days=rng.randint(60, 300))
    protected = _grade(rng)
    leadership = _grade(rng)
    # The overall judgement follows the two sub-judgements (SCCIF): never better than either.
    order = list(Grade)
    overall = max(protected, leadership, key=order.index)
    return HomeDetails(
        name=name,
        urn=urn,
        address=address,
        registered_manager=_person(rng),
        responsible_individual=_person(rng),
        registration_date=registered,
        # The demo's records start a year back, when the home began using carehome-desk (Reg 44 from then).
        records_start=add_months(today.replace(day=1), -12),
        local_authority=f"{county} County Council",
        last_inspection_date=inspected,
        last_inspection_grades={
            Judgement.OVERALL: overall,
            Judgement.HELPED_PROTECTED: protected,
            Judgement.LEADERSHIP: leadership,
        },
    )


def demo_now(store: Store, today: date) -> datetime:
    """The moment the demo is built as of: 09:00 UK on ``today``, or earlier if the clock says so.

    Built for the real today before 09:00, a later moment would put the newest records in the future.
    """
    nine = datetime.combine(today, time(9, 0), tzinfo=UK)
    return min(nine, store.now().astimezone(UK)) if today == store.today() else nine


def populate(store: Store, options: DemoOptions, progress: Progress = NO_PROGRESS) -> None:
    """Add the demo records to an open (normally empty) store, through its repositories and batch writers."""
    rng = random.Random(options.seed)
    today = options.today or store.today()
    now = demo_now(store, today)
    if not store.settings.is_demo():
        store.settings.mark_demo()
    used: set[str] = {h.urn for h in store.homes.list(include_archived=True)}
    courses = store.workforce.courses()
    for index in range(options.scale):
        if progress.cancelled():
            raise StoreError("The demo was cancelled.")
        home, _ = store.homes.add(demo_home(rng, index, today, used))
        with store.workforce.batch() as workforce:  # one transaction per home: fast, and still audited
            prefix = f"H{index + 1:03d}-"
            add_workforce(workforce, rng, home.id, home.registered_manager, today, courses, prefix)
        care = [s for s in store.staff.list(home.id) if s.role.default_care_role]
        staff = DemoStaff(care, {s.id: store.workforce.training_for(s.id) for s in care}, restraint_course(courses))
        with store.incidents.batch() as incidents:
            add_children_and_incidents(incidents, rng, home.id, now, home.registered_manager, staff,
                                       prefix if options.scale > 1 else "")
        add_quality(store, rng, home, today)
        progress.report(index + 1, options.scale, "Adding homes and their staff")


def build_demo(path: Path, options: DemoOptions, progress: Progress = NO_PROGRESS) -> Path:
    """Create a new demo database at ``path``; refuses to overwrite any existing file.

    It is built beside the target under a temporary name and renamed at the end, so a
    failure never leaves a half-made database under the chosen name.
    """
    if path.exists():
        raise StoreError(f"{path} already exists. The demo never overwrites a file: choose a new name.")
    partial = path.with_name(path.name + ".building")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        # With a fixed 'today', the audit trail's times are fixed too (09:00 UK that day).
        fixed = datetime.combine(options.today, time(9, 0), tzinfo=UK) if options.today else None
        clock = (lambda: fixed) if fixed is not None else None
        with Store.open(partial, user="demo", clock=clock) as store:
            populate(store, options, progress)
        os.replace(partial, path)
    except BaseException:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return path
