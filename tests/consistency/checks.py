"""What the consistency suite asserts of one store: the tiles against Annex A, `due` against the
register pages' own models, and the pack's training matrix against the screen's, cell for cell.

Each function reads what a user would see (the dashboard's tiles, the xlsx read back with
openpyxl, the Qt-free rows the pages draw) and fails with the home and figure that disagree.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from carehome_desk.services import dashboard
from carehome_desk.services.due import DueItem, due_items
from carehome_desk.services.evidence import Period, last_months
from carehome_desk.export.evidence_pack import PackOptions, export_pack
from carehome_desk.models.home import Home
from carehome_desk.models.percent import percent_text
from carehome_desk.models.recruitment import CheckKind
from carehome_desk.models.status import Status
from carehome_desk.store import Store
from carehome_desk.ui.workforce.checks_table_model import build_vetting_rows, check_state
from carehome_desk.ui.workforce.staff_table_model import build_staff_rows
from carehome_desk.ui.workforce.training_matrix_model import build_matrix

Sheet = list[list[object]]


def pack_period(today: date) -> Period:
    """The last 12 months, as the dashboard and the pack both count them."""
    return last_months(today)


def export(store: Store, folder: Path, period: Period) -> dict[str, Sheet]:
    """Every home's pack for the period, inline, read back as rows of cell values per sheet."""
    out = folder / f"pack-{period.start}-{period.end}.xlsx"
    export_pack(store, PackOptions(out, start=period.start, end=period.end, writer="inline"))
    book = load_workbook(out, read_only=True)
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    finally:
        book.close()


def _table(rows: Sheet, first: str) -> tuple[list[str], list[list[object]]]:
    """The header row (the one that starts with ``first``, or with 'Home' then ``first``) and the rows under it."""
    for i, row in enumerate(rows):
        cells = [str(c) if c is not None else "" for c in row]
        if cells[:1] == [first] or cells[:2] == ["Home", first]:
            return cells, [r for r in rows[i + 1:] if any(c not in (None, "") for c in r)]
    raise AssertionError(f"no header row starting {first!r}")


def annex_figures(sheets: dict[str, Sheet], home: Home, several: bool) -> dict[str, str]:
    """Item → figure for one home in the Annex A sheet."""
    header, rows = _table(sheets["Annex A"], "Item")
    out = {}
    for row in rows:
        values = ["" if c is None else str(c) for c in row]
        if several:
            if values[0] != home.name:
                continue
            values = values[1:]
        out[values[0]] = values[1]
    return out


def _leading_int(text: str) -> int:
    match = re.match(r"\s*(\d+)", text)
    assert match, text
    return int(match.group(1))


def _counted(words: str) -> dict[str, int]:
    """'2 achieved, 1 enrolled, 0 overdue' → {'achieved': 2, 'enrolled': 1} (zeros left out)."""
    out = {}
    for part in words.split(","):
        match = re.match(r"\s*(\d+) (.+?)\s*$", part)
        if match and int(match.group(1)):
            out[match.group(2)] = int(match.group(1))
    return out


def tiles_match_annex_a(store: Store, sheets: dict[str, Sheet], period: Period, today: date,
                        now: datetime) -> int:
    """Every tile with an Annex A figure shows the same figure; returns how many figures were compared."""
    homes = store.homes.list()
    compared = 0
    for home in homes:
        where = f"{home.name} on {today}"
        tiles = {t.key: t for t in dashboard.tiles(store, home, today, now, period=period)}
        annex = annex_figures(sheets, home, len(homes) > 1)
        assert _leading_int(tiles["restraints"].detail) == int(annex["Incidents of restraint (8a)"]), where
        away_missing = (int(annex["Times away from placement without authorisation (9a)"])
                        + int(annex["Missing from care episodes"]))
        assert _leading_int(tiles["missing"].detail) == away_missing, where
        level3 = _counted(tiles["level3"].value + ", " + tiles["level3"].detail)
        annex3 = annex["Care staff Level 3 status"]
        assert level3 == ({} if annex3 == "none" else _counted(annex3)), where
        level5, annex5 = tiles["level5"], annex["Registered manager's Level 5"]
        if annex5 == "no registered manager recorded":
            # With no staff at all the tile has nothing to count yet: "No data yet", never a status.
            assert (level5.value, level5.status) in (("No registered manager recorded", Status.MISSING),
                                                     (dashboard.NO_DATA, None)), where
        else:
            progress, status = annex5.split(" — ")
            shown = level5.value.lower()
            word = "achieved" if shown.startswith(("achieved", "equivalent")) else (
                "enrolled" if shown.startswith("enrolled") else "not started")
            assert (word, level5.status.label.lower() if level5.status else "") == (progress, status), where
        for key, item in (("rhi_offered", "Return home interviews offered"),
                          ("notifications_on_time", "Reg 40 notifications within 24 hours")):
            figure = annex[item]
            expected = figure.split(" ")[0] if "%" in figure else "—"
            assert tiles[key].value == expected, (where, key, tiles[key], figure)
            if "%" in figure:
                assert tiles[key].detail.startswith(figure), (where, key)
        # The restraint steps tile speaks of the same restraints the count counts.
        restraints = int(annex["Incidents of restraint (8a)"])
        steps = shown_detail(tiles["restraint_steps_on_time"])
        if restraints:
            assert "No restraints" not in steps and "no restraints" not in steps, (where, steps)
            if tiles["restraint_steps_on_time"].value == "—":
                assert steps.startswith(f"{restraints} restraint"), (where, steps)
        compared += 9
    return compared


def shown_detail(tile: dashboard.Tile) -> str:
    """The words the dashboard page shows under a tile (its own hint when the core has nothing to count)."""
    from carehome_desk.ui.dashboard.dashboard_page import DashboardPage  # the page's rule itself, not a copy

    return DashboardPage._with_hint(None, tile).detail  # type: ignore[arg-type]


WORKFORCE_AREAS = ("Qualification", "Recruitment check", "DBS", "Training", "Supervision")


def workforce_tile_matches_due(store: Store, today: date, now: datetime) -> int:
    """The Workforce compliance tile's overdue, missing and due-soon counts are `due`'s workforce items."""
    items = due_items(store, today)
    for home in store.homes.list():
        tile = next(t for t in dashboard.tiles(store, home, today, now) if t.key == "workforce")
        counts = _counted(tile.detail)
        listed = [i.requirement for i in items if i.home.id == home.id and i.requirement.area in WORKFORCE_AREAS]
        for status in (Status.OVERDUE, Status.MISSING, Status.DUE_SOON):
            n = sum(r.status is status for r in listed)
            assert counts.get(status.label.lower(), 0) == n, (home.name, status, tile.detail)
    return len(items)


def homes_summary_matches_tiles(store: Store, today: date, now: datetime) -> int:
    """The all-homes table's figures are each home's own tiles' (30-day restraints and missing, compliance)."""
    summaries = dashboard.all_homes(store, today)
    for summary in summaries:
        tiles = {t.key: t for t in dashboard.tiles(store, summary.home, today, now)}
        assert tiles["restraints"].value == f"{summary.restraints_30} in 30 days", summary.home.name
        assert tiles["missing"].value == f"{summary.missing_30} in 30 days", summary.home.name
        pct = summary.workforce_percent
        words = f"{percent_text(pct)} {dashboard.IN_DATE_OR_DUE_SOON}" if pct is not None else dashboard.NO_DATA
        assert tiles["workforce"].value == words, summary.home.name
    return len(summaries)


def homes_summary_matches_own_lists(store: Store, today: date) -> int:
    """Each all-homes row's overdue, missing and due-soon counts are its home's own needs list's, and the
    all-homes list holds each home's own list unchanged; returns how many items were compared."""
    from carehome_desk.services.dashboard_data import Part, PeriodSpec, Request, compute

    homes = store.homes.list()
    request = Request(homes[0].id, today, PeriodSpec(), frozenset({Part.HOMES, Part.NEEDS}), 1, all_homes=True)
    values = compute(store, request).values
    summaries = values[Part.HOMES] or dashboard.all_homes(store, today)  # the view shows rows for several homes
    assert isinstance(summaries, list)
    rows = {r.home.id: r for r in summaries}
    every = values[Part.NEEDS]
    assert isinstance(every, list)
    compared = 0
    snapshots = store.workforce.snapshots()  # every home's at once: each exactly the home's own read
    for home in homes:
        assert snapshots[home.id] == store.workforce.snapshot(home.id), home.name
        own = due_items(store, today, urn=home.urn)
        counts = Counter(i.requirement.status for i in own)
        row = rows[home.id]
        assert (row.overdue, row.missing, row.due_soon) == (
            counts[Status.OVERDUE], counts[Status.MISSING], counts[Status.DUE_SOON]), home.name
        assert [i.as_json() for i in every if i.home.id == home.id] == [i.as_json() for i in own], home.name
        compared += len(own)
    return compared


def training_trend_ends_at_the_figure(store: Store, today: date, now: datetime) -> int:
    """The training chart's last point (today) is the 'Training in date' figure of the evidence."""
    from carehome_desk.services.evidence import home_metrics

    homes = store.homes.list()
    for home in homes:
        series = dashboard.training_compliance_trend(store, home, today)
        figure = home_metrics(store, home, Period(today, today), now)["training_in_date"].value
        assert series.values["Training in date (%)"][-1] == pytest_approx(figure or 0.0), home.name
    return len(homes)


def pytest_approx(value: float) -> object:
    import pytest

    return pytest.approx(value)


def due_matches_pages(store: Store, today: date) -> int:
    """Each workforce `due` item has the same status on the page that shows its record; returns how many."""
    settings = store.settings.get()
    items = due_items(store, today)
    compared = 0
    for home in store.homes.list():
        snap = store.workforce.snapshot(home.id)
        staff_rows = {int(r.member.id): r for r in build_staff_rows(snap, settings, today)}
        vetting = {int(r.member.id): r for r in build_vetting_rows(snap, today)}
        courses, matrix_rows = build_matrix(snap, settings, today)
        matrix = {(int(r.member.id), f"course:{int(c.id)}"): cell
                  for r in matrix_rows for c, cell in zip(courses, r.cells, strict=True)}
        mine = [i.requirement for i in items if i.home.id == home.id]
        workforce = [r for r in mine if r.area in WORKFORCE_AREAS]
        for req in workforce:
            row = staff_rows[req.subject_id]
            shown = {r.key: r.status for r in row.requirements}
            assert shown.get(req.key) is req.status, (home.name, req)
            if req.area == "Training":
                assert matrix[(req.subject_id, req.key)].status is req.status, (home.name, req)
            if req.area == "Recruitment check":
                kind = CheckKind(req.key.split(":", 1)[1])
                assert (check_state(vetting[req.subject_id], kind) == "missing") == (req.status is Status.MISSING), \
                    (home.name, req)
            compared += 1
        # The Staff › DBS tab (the area-DBS requirement) and the vetting summary's Schedule 2 para 2 line agree:
        # a certificate the tab shows in date is never listed as missing.
        for row in staff_rows.values():
            tab = next((r for r in row.requirements if r.area == "DBS"), None)
            if tab is not None and tab.status in (Status.IN_DATE, Status.DUE_SOON):
                assert not any(r.subject_id == int(row.member.id) and r.key == "check:dbs" for r in workforce), \
                    (home.name, row.member.full_name, tab)
                assert check_state(vetting[int(row.member.id)], CheckKind.DBS) != "missing", row.member.full_name
        # And the other way: what the pages show as needing action is in `due`.
        listed = {(r.subject_id, r.key) for r in workforce}
        for row in staff_rows.values():
            for r in row.requirements:
                if r.status.needs_action:
                    assert (r.subject_id, r.key) in listed, (home.name, r)
        for row in vetting.values():
            for kind in CheckKind:
                if check_state(row, kind) == "missing":
                    assert (int(row.member.id), f"check:{kind.value}") in listed, (home.name, row.member, kind)
    return compared + incidents_match_page(store, today, items) + quality_matches_page(store, today, items)


def quality_matches_page(store: Store, today: date, items: list[DueItem]) -> int:
    """Open actions and unsent Reg 44 / Reg 45 reports: `due`'s status is the Quality page's word."""
    from carehome_desk.ui.quality.quality_common import action_state
    from carehome_desk.ui.quality.reg44_table_model import build_reg44_rows
    from carehome_desk.ui.quality.reg45_tab import review_state

    window = store.settings.get().due_soon_days
    words = {Status.OVERDUE: "Overdue", Status.DUE_SOON: "Due soon"}
    compared = 0
    for home in store.homes.list():
        listed = {r.key: r.status for i in items if i.home.id == home.id for r in [i.requirement]}
        shown: dict[str, str] = {}
        for a in store.quality.actions(home.id):
            shown[f"action:{int(a.id)}"] = action_state(a, today, window).word
        for row in build_reg44_rows(store.quality.visits(home.id), today, window, home.name, home.reg44_from):
            if row.visit is not None and row.visit.sent_to_ofsted_on is None:
                shown[f"reg44:report:{int(row.visit.id)}"] = row.word
        for r in store.quality.reviews(home.id):
            if r.send_by is not None and r.sent_to_ofsted_on is None:
                shown[f"reg45:report:{int(r.id)}"] = review_state(r, today, window)[0]
        for key, word in shown.items():
            status = listed.get(key)
            expected = words.get(status) if status is not None else None
            if expected is None:
                assert not word.startswith(("Overdue", "Due soon")), (home.name, key, word)
            else:
                assert word.startswith(expected), (home.name, key, word, status)
            compared += 1
    return compared


STEP_STATUS = {"overdue": Status.OVERDUE, "due": Status.DUE_SOON, "not_offered": Status.MISSING}


def incidents_match_page(store: Store, today: date, items: list[DueItem]) -> int:
    """Each incident step `due` lists has the same standing in the Incidents page's row, and the other way."""
    from carehome_desk.ui.incidents.incident_table_model import build_row

    now = store.now()
    review_days = store.settings.get().incident_review_days
    compared = 0
    for home in store.homes.list():
        kids = {c.id: c for c in store.children.list(home.id, include_archived=True)}  # as the page reads them
        listed = {(r.subject_id, r.key): r.status for i in items if i.home.id == home.id
                  for r in [i.requirement] if r.area == "Incident"}
        for incident in store.incidents.list(home.id):
            row = build_row(incident, kids, now, review_days, home)
            for step in row.steps:
                shown = STEP_STATUS.get(step.status.value)
                if step.status.value == "not_offered" and step.note.startswith("The home challenged"):
                    shown = None
                assert listed.pop((int(incident.id), f"incident:{step.key}"), None) is shown, (home.name, step)
                compared += 1
        assert not listed, (home.name, listed)  # nothing in `due` the page does not show
    return compared


def matrices_match(store: Store, sheets: dict[str, Sheet], today: date) -> int:
    """The pack's Training matrix equals each home's screen matrix cell for cell; returns how many cells."""
    settings = store.settings.get()
    homes = store.homes.list()
    several = len(homes) > 1
    header, rows = _table(sheets["Training matrix"], "Name")
    pack_courses = header[2:] if several else header[1:]
    compared = 0
    for home in homes:
        courses, screen = build_matrix(store.workforce.snapshot(home.id), settings, today)
        mine = [r[1:] if several else r for r in rows if not several or r[0] == home.name]
        assert [str(r[0]) for r in mine] == [r.member.full_name for r in screen], home.name
        names = [c.name for c in courses]
        assert set(names) <= set(pack_courses), home.name
        for pack_row, screen_row in zip(mine, screen, strict=True):
            cells = dict(zip(pack_courses, pack_row[1:], strict=True))
            on_screen = dict(zip(names, screen_row.cells, strict=True))
            for course in pack_courses:
                word = str(cells[course])
                cell = on_screen.get(course)
                if cell is None or cell.status is None:
                    assert word == "—", (home.name, screen_row.member.full_name, course, word)
                else:
                    assert word.startswith(cell.status.label), (home.name, screen_row.member.full_name, course,
                                                                word, cell)
                compared += 1
    return compared
