"""The dashboard's figures in slices, kept between recomputes so a save works out only what it touched.

A slice is one home's share of one area: its workforce (the staff registers), its incidents
(with the children, for reg 40's recipients) or its quality cycle. Each kept slice names the
registers it read; a save's ``Changes`` drops the slices that read a register it names, and the
next compute works those out again from the store while the others are reused. So an incident
save recounts the incident tiles, the incident steps of the needs list and the clocks, and leaves
every staff member's training and checks as they were.

Two things move figures without a save, and both drop slices too: a new day (every status may
move at midnight, so everything is worked out again), and the clock passing the due moment of
an incident step still open (it turns overdue): an incident slice is kept only until the
earliest such moment. Kept that way, the merged answer is what a compute from nothing gives.

Plain Python (no Qt). One ``SliceCache`` belongs to one worker thread: it is not shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from carehome_desk.models.changes import Register
from carehome_desk.services.dashboard_kept import Area, SliceCache, T
from carehome_desk.models.children import Child
from carehome_desk.models.deadlines import StepStatus, utc
from carehome_desk.models.home import Home
from carehome_desk.models.incidents import Incident
from carehome_desk.models.ids import HomeId, IncidentId, StaffId
from carehome_desk.models.quality import Action, Reg44Visit, Reg45Review
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.status import Requirement
from carehome_desk.models.workforce import WorkforceSnapshot, workforce_requirements
from carehome_desk.services import dashboard
from carehome_desk.services.dashboard_tile import Tile
from carehome_desk.services.dashboard_clocks import Clocks, clocks_of
from carehome_desk.reference.bank_holidays import bank_holidays
from carehome_desk.services.due import DueItem, IncidentSteps, due_items, incident_entry, judged_at, \
    quality_requirements_of, step_requirements
from carehome_desk.services.evidence import Period
from carehome_desk.store import Store

def _first_due(entries: list[IncidentSteps]) -> datetime | None:
    """The earliest due moment of a step still open (it turns overdue just after): None when there is none."""
    dues = [s.due_at for e in entries for s in e.steps if s.status is StepStatus.DUE and s.due_at is not None]
    return min(dues, key=utc, default=None)


@dataclass(frozen=True)
class _StepsKept:
    """One incident's steps and what they were worked out from."""

    basis: tuple[object, ...]  # the incident, its children on record, the home, the review days
    entry: IncidentSteps
    since: datetime
    until: datetime | None

    def holds(self, now: datetime) -> bool:
        """True while no open step has fallen due since they were worked out."""
        return utc(self.since) <= utc(now) and (self.until is None or utc(now) <= utc(self.until))


#: The slices a home's needs come from (each reads the records its row counts too).
NEEDS_SLICES = ("workforce needs", "incident needs", "quality needs")


def _forever(value: T) -> tuple[T, None]:
    return value, None


class Slices:
    """One compute's view of the kept slices: the store, the day and the moment figures are judged at."""

    def __init__(self, store: Store, cache: SliceCache, today: date):
        self.store, self.cache, self.today = store, cache, today
        self.now = judged_at(store, today)

    def settings(self) -> ProviderSettings:
        return self.cache.get(("settings",), Area.SETTINGS, self.now, lambda: _forever(self.store.settings.get()))

    def snapshot(self, home: Home) -> WorkforceSnapshot:
        return self.cache.get(("snapshot", home.id), Area.WORKFORCE, self.now,
                              lambda: _forever(self.store.workforce.snapshot(home.id)))

    def records(self, home: Home) -> tuple[list[Child], list[Incident]]:
        """The home's children and incidents, read once for the steps and the tiles."""
        return self.cache.get(("records", home.id), Area.INCIDENTS, self.now, lambda: _forever(
            (self.store.children.list(home.id, include_archived=True), self.store.incidents.list(home.id))))

    def quality_records(self, home: Home) -> tuple[list[Action], list[Reg44Visit], list[Reg45Review]]:
        """The home's actions, Reg 44 visits and Reg 45 reviews, read once for its quality needs and row."""
        quality = self.store.quality
        return self.cache.get(("quality records", home.id), Area.QUALITY, self.now, lambda: _forever(
            (quality.actions(home.id), quality.visits(home.id), quality.reviews(home.id))))

    def steps(self, home: Home) -> list[IncidentSteps]:
        """Every incident of the home with its steps (``home_incident_steps``), kept until the first open
        step's due moment passes. Worked out again, an incident that did not change (nor its children,
        the home or the review days) keeps its steps while none of them has fallen due."""
        def make() -> tuple[list[IncidentSteps], datetime | None]:
            children, incidents = self.records(home)
            review_days = self.settings().incident_review_days
            kids = {c.id: c for c in children}
            holidays = bank_holidays()
            before = self.cache.steps_by_incident.get(home.id, {})
            now: dict[IncidentId, _StepsKept] = {}
            entries = []
            for incident in incidents:
                basis = (incident, tuple(kids.get(c) for c in incident.child_ids), home, review_days)
                kept = before.get(incident.id)
                if kept is None or kept.basis != basis or not kept.holds(self.now):
                    entry = incident_entry(incident, kids, home, review_days, self.now, holidays)
                    kept = _StepsKept(basis, entry, self.now, _first_due([entry]))
                now[incident.id] = kept
                entries.append(kept.entry)
            self.cache.steps_by_incident[home.id] = now
            # The earliest of each incident's own (its steps are the entry's): not every step looked at again.
            return entries, min((k.until for k in now.values() if k.until is not None), key=utc, default=None)
        return self.cache.get(("steps", home.id), Area.INCIDENTS, self.now, make)

    def steps_until(self, home: Home) -> datetime | None:
        """The moment the home's incident steps (and so its incident tiles) stop holding: None, all day."""
        return self._until_steps_move(home)

    def _until_steps_move(self, home: Home) -> datetime | None:
        kept = self.cache.kept.get(("steps", home.id))
        return kept.until if kept is not None else None

    # ---- the needs list, by area ---------------------------------------------------------------

    def workforce_requirements(self, home: Home) -> list[Requirement]:
        """Every requirement of every current member of staff: the needs list's and the workforce tiles'."""
        return self.cache.get(("workforce needs", home.id), Area.WORKFORCE, self.now, lambda: _forever(
            workforce_requirements(self.snapshot(home), self.settings(), self.today)))

    def incident_requirements(self, home: Home) -> list[Requirement]:
        """The unfinished steps of the home's incidents, kept while none has fallen due."""
        return self.cache.get(("incident needs", home.id), Area.INCIDENTS, self.now, lambda: (
            step_requirements(self.steps(home), self.now), self._until_steps_move(home)))

    def quality_requirements(self, home: Home) -> list[Requirement]:
        """The home's open actions, Reg 44 visits and reports, and Reg 45 reviews and reports."""
        return self.cache.get(("quality needs", home.id), Area.QUALITY, self.now, lambda: _forever(
            quality_requirements_of(home, *self.quality_records(home), self.today, self.settings().due_soon_days)))

    def requirements(self, home: Home) -> list[Requirement]:
        """``requirements_for_home``, from the kept areas: workforce, then incidents, then quality."""
        return self.workforce_requirements(home) + self.incident_requirements(home) + self.quality_requirements(home)

    def worked_out(self, home: Home) -> bool:
        """True when every slice of the home's all-homes row and needs is kept and still holds."""
        return all(self.cache.holds((name, home.id), self.now) for name in NEEDS_SLICES)

    def needs(self, urn: str | None) -> list[DueItem]:
        """``dashboard.needs_action`` for one home (by URN) or every home."""
        return due_items(self.store, self.today, urn=urn, now=self.now, requirements=self.requirements)

    def training_memo(self, home: Home) -> dict[StaffId, tuple[object, list[tuple[int, int]]]]:
        """The training chart's per-person counts kept for this home (each keyed on all it was counted from)."""
        return self.cache.training_counts.setdefault(home.id, {})

    # ---- the clocks and the tiles ----------------------------------------------------------------

    def clocks(self, home: Home) -> Clocks:
        """``open_clocks`` from the kept incident steps."""
        return self.cache.get(("clocks", home.id), Area.INCIDENTS, self.now, lambda: (
            clocks_of(self.steps(home)), self._until_steps_move(home)))

    def tiles(self, home: Home, period: Period | None) -> list[Tile]:
        """``dashboard.tiles``: the workforce, incident and quality tiles, each kept on its own."""
        workforce = self.cache.get(("workforce tiles", home.id), Area.WORKFORCE, self.now, lambda: _forever(
            dashboard.workforce_tiles(self.snapshot(home), self.settings(), self.today,
                                      self.workforce_requirements(home))))

        def incident_tiles() -> tuple[list[Tile], datetime | None]:
            children, incidents = self.records(home)
            known = {e.incident.id: list(e.steps) for e in self.steps(home)}
            value = dashboard.incident_tiles(home, children, incidents, self.settings(), self.today, self.now, period,
                                             known=known)
            return value, self._until_steps_move(home)
        incidents = self.cache.get(("incident tiles", home.id, period), Area.INCIDENTS, self.now, incident_tiles)
        quality = self.cache.get(("quality tiles", home.id), Area.QUALITY, self.now, lambda: _forever(
            dashboard.quality_tiles(self.store, home, self.today, self.settings())))
        return workforce + incidents + quality


def slices_for(store: Store, cache: SliceCache | None, today: date, changed: frozenset[Register] | None,
               homes: list[Home] | None = None, changed_homes: frozenset[HomeId] | None = None) -> Slices:
    """A compute's slices over ``cache`` (a fresh one when None: everything worked out from the store).

    ``changed_homes``: the homes the saves were in, when they said (None: any home).
    """
    cache = cache if cache is not None else SliceCache()
    cache.begin(today, changed, changed_homes)
    if homes is not None:  # a home gone (or a URN changed) leaves no slices behind under its id
        ids: set[HomeId] = {h.id for h in homes}
        cache.kept = {k: v for k, v in cache.kept.items() if len(k) < 2 or k[1] in ids or k[0] == "settings"}
        cache.steps_by_incident = {k: v for k, v in cache.steps_by_incident.items() if k in ids}
        cache.training_counts = {k: v for k, v in cache.training_counts.items() if k in ids}
    return Slices(store, cache, today)
