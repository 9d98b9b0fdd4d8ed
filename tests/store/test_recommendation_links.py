"""A Reg 44 recommendation's action stays tied to it whatever either wording becomes (and upgrade 0009)."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

from carehome_desk.export.pack_quality import quality_sheets
from carehome_desk.models.ids import ActionId
from carehome_desk.models.quality import ActionStatus, Reg44Visit
from carehome_desk.models.recommendations import recommendation_actions, unlinked_visit_actions
from carehome_desk.services.due import due_items
from carehome_desk.services.evidence import Period
from carehome_desk.services.history_words import RecordNames, changed_text
from carehome_desk.store import Store
from carehome_desk.ui.history.history_page import describe
from tests.conftest import FIXED_NOW, oak_lodge

TODAY = FIXED_NOW.date()
FIXTURE_0008 = Path(__file__).parent.parent / "data" / "schema_0008.sqlite3"
FIRE, ROOM, DRILL = ("Check the fire log weekly", "Talk to AC about her room",
                     "Review the fire drill log: one night drill is overdue")


def _visit(store: Store, *lines: str) -> Reg44Visit:
    home, _ = store.homes.add(oak_lodge())
    visit, _ = store.quality.save_visit(Reg44Visit(home.id, "Margaret Ellis", date(2026, 10, 11),
                                                   recommendations=lines), owner="Priya Fairbairn")
    return visit


def _due_actions(store: Store) -> list[str]:
    return sorted(i.requirement.requirement for i in due_items(store, TODAY) if i.requirement.area == "Action")


def test_correcting_a_recommendation_keeps_its_one_action_in_the_plan_due_and_the_pack(store: Store) -> None:
    visit = _visit(store, FIRE, ROOM)
    (first, second) = store.quality.actions(visit.home_id)
    corrected, _ = store.quality.save_visit(replace(visit, recommendations=("Check the fire log every week", ROOM)),
                                            owner="Priya Fairbairn", in_place={1: 1})  # typed over in the form
    actions = store.quality.actions(visit.home_id)
    assert [(a.id, a.title, a.recommendation_no) for a in actions] == [(first.id, FIRE, 1), (second.id, ROOM, 2)]
    assert [e.table for e in store.audit.entries(limit=1)] == ["reg44_visits"]  # the actions were not touched
    assert f"Recommendations: {FIRE}; {ROOM} → Check the fire log every week; {ROOM}" in describe(
        store.audit.entries(limit=1)[0])
    # The action keeps its own wording and stays the corrected line's action.
    assert recommendation_actions(corrected, actions) == [("Check the fire log every week", first), (ROOM, second)]
    assert _due_actions(store) == [FIRE, ROOM]
    home = store.homes.get(visit.home_id)
    sheets = {s.name: s for s in quality_sheets([(home, [], actions, [corrected], [], [])],
                                                Period(date(2026, 4, 1), TODAY), TODAY, 30)}
    assert [row[0] for row in sheets["Action plan"].rows] == [FIRE, ROOM]
    assert [row[-1] for row in sheets["Reg 44 visits"].rows if row[1] == date(2026, 10, 11)] == [
        f"Check the fire log every week\n{ROOM}"]


def test_a_replaced_recommendation_gets_its_own_action_and_the_done_one_stays_done(store: Store) -> None:
    visit = _visit(store, ROOM)
    (room,) = store.quality.actions(visit.home_id)
    store.quality.save_action(replace(room, status=ActionStatus.DONE, completed_on=date(2026, 10, 20)))
    # 84% alike, but another child's recommendation: nothing said it was the same line corrected.
    saved, _ = store.quality.save_visit(replace(visit, recommendations=("Talk to BX about his room",)),
                                        owner="Priya Fairbairn")
    actions = store.quality.actions(visit.home_id)
    bx = next(a for a in actions if a.title == "Talk to BX about his room")
    assert recommendation_actions(saved, actions) == [("Talk to BX about his room", bx)]
    assert (bx.status, bx.due, bx.recommendation_no) == (ActionStatus.OPEN, date(2026, 11, 11), 1)
    assert _due_actions(store) == ["Talk to BX about his room"]
    done = next(a for a in actions if a.id == room.id)
    assert (done.status, done.recommendation_no, done.visit_id) == (ActionStatus.DONE, None, visit.id)
    assert done.note == (f"The recommendation \u201c{ROOM}\u201d was removed from the Reg 44 visit of 11/10/2026; "
                         "this action was left as done.")
    assert [a.id for a in unlinked_visit_actions(saved, actions)] == [room.id]


def test_rewording_the_action_keeps_it_as_the_recommendations_action(store: Store) -> None:
    visit = _visit(store, FIRE, DRILL)
    drill = store.quality.actions(visit.home_id)[1]
    store.quality.save_action(replace(drill, title="Book a night fire drill this month"))
    pairs = recommendation_actions(visit, store.quality.actions(visit.home_id))
    assert [(text, a.title if a else None) for text, a in pairs] == [(FIRE, FIRE),
                                                                     (DRILL, "Book a night fire drill this month")]


def test_moving_lines_and_adding_one_renumbers_the_actions_and_raises_one(store: Store) -> None:
    visit = _visit(store, FIRE, ROOM)
    moved, _ = store.quality.save_visit(replace(visit, recommendations=("Repaint the hall", ROOM, FIRE)),
                                        owner="Priya Fairbairn")
    pairs = recommendation_actions(moved, store.quality.actions(visit.home_id))
    assert [(text, a.title if a else None) for text, a in pairs] == [
        ("Repaint the hall", "Repaint the hall"), (ROOM, ROOM), (FIRE, FIRE)]
    assert len(store.quality.actions(visit.home_id)) == 3


def test_removing_a_recommendation_drops_or_keeps_its_action_as_asked_and_says_so(store: Store) -> None:
    visit = _visit(store, FIRE, ROOM, DRILL)
    store.quality.save_visit(replace(visit, recommendations=(ROOM, DRILL)), drop_removed=True)
    fire = next(a for a in store.quality.actions(visit.home_id) if a.title == FIRE)
    assert (fire.status, fire.recommendation_no, fire.visit_id) == (ActionStatus.DROPPED, None, visit.id)
    assert fire.note == (f"The recommendation \u201c{FIRE}\u201d was removed from the Reg 44 visit of 11/10/2026; "
                         "this action was dropped.")
    latest, _ = store.quality.save_visit(replace(visit, recommendations=(DRILL,)))
    kept = next(a for a in store.quality.actions(visit.home_id) if a.title == ROOM)
    assert (kept.status, kept.recommendation_no) == (ActionStatus.OPEN, None)
    assert kept.note.endswith("this action was kept open.")
    actions = store.quality.actions(visit.home_id)
    assert [a.title for a in unlinked_visit_actions(latest, actions)] == [FIRE, ROOM]
    assert [(t, a.title if a else None) for t, a in recommendation_actions(latest, actions)] == [(DRILL, DRILL)]
    assert _due_actions(store) == [DRILL, ROOM]  # the dropped one is no longer due; the kept one still is
    # The trail says it in the form's words: the visit by its date, not its record number.
    entry = store.audit.entries(table="actions", record_id=fire.id)[0]
    assert changed_text(entry) == "Status, Note, Recommendation number on the visit"  # in the form's order
    names = RecordNames()
    names.refresh(store)
    added = describe(store.audit.entries(table="actions", record_id=fire.id)[-1], names)
    assert "Raised from the Reg 44 visit: 11/10/2026 — Margaret Ellis" in added
    assert "Recommendation number on the visit: 1" in added


def test_a_visit_redated_takes_its_actions_reference_with_it_unless_the_manager_retyped_it(store: Store) -> None:
    visit = _visit(store, FIRE, ROOM)
    fire, room = store.quality.actions(visit.home_id)
    store.quality.save_action(replace(room, source_ref="visit by Margaret Ellis"))
    store.quality.save_visit(replace(visit, visited_on=date(2026, 10, 12)))
    fire, room = store.quality.actions(visit.home_id)
    assert (fire.source_ref, fire.recommendation_no) == ("visit 12/10/2026", 1)
    assert (room.source_ref, room.recommendation_no) == ("visit by Margaret Ellis", 2)


def test_upgrade_0009_links_the_actions_raised_by_their_wording_once(tmp_path: Path) -> None:
    db = tmp_path / "carehome.sqlite3"
    shutil.copy(FIXTURE_0008, db)
    with Store.open(db) as store:
        assert store.open_report.found_revision == "0008"
        (home,) = store.homes.list()
        first, second = store.quality.visits(home.id)
        actions = store.quality.actions(home.id)
        by_title = {a.title: a for a in actions}
        pairs = recommendation_actions(first, actions)
        # The corrected line keeps the action raised for its new wording; the reworded action (close wording)
        # is still its recommendation's; the action left from the old wording shows as the visit's, unlinked.
        assert [(text, a.title if a else None) for text, a in pairs] == [
            ("Check the fire log every week", "Check the fire log every week"), (ROOM, ROOM),
            (DRILL, "Review the fire drill log: book a night drill")]
        assert [a.title for a in unlinked_visit_actions(first, actions)] == [FIRE]
        assert [(t, a.id if a else None) for t, a in recommendation_actions(second, actions)] == [
            (ROOM, next(a.id for a in actions if a.visit_id == second.id))]
        assert (by_title["Repaint the hall"].visit_id, by_title["Repaint the hall"].recommendation_no) == (None, None)
        assert store.audit.verify().intact
        upgraded = [e for e in store.audit.entries(table="actions") if e.user == "carehome-desk upgrade"]
        assert sorted(int(e.record_id) for e in upgraded) == sorted(int(a.id) for a in actions)
    with Store.open(db) as again:  # linked once: a second open changes nothing
        assert again.open_report.backup is None
        assert len([e for e in again.audit.entries(table="actions") if e.user == "carehome-desk upgrade"]) == 6


def test_upgrade_0009_leaves_an_action_typed_for_a_visit_unlinked_as_one_typed_today_is(tmp_path: Path) -> None:
    db = tmp_path / "carehome.sqlite3"
    shutil.copy(FIXTURE_0008, db)
    with sqlite3.connect(db) as conn:  # a follow-up the manager added by hand before the upgrade, "From" the visit
        conn.execute("INSERT INTO actions (home_id, title, owner, due, source, source_ref, regulation, status, "
                     "completed_on, note, archived_at, archive_reason) VALUES (1, 'Update the missing-from-care "
                     "protocol after the visit', 'Priya', '2026-12-09', 'reg44', 'visit 09/11/2026', '', 'open', "
                     "NULL, '', NULL, '')")
    conn.close()
    with Store.open(db) as store:
        assert store.open_report.found_revision == "0008"
        (home,) = store.homes.list()
        first, second = store.quality.visits(home.id)
        actions = store.quality.actions(home.id)
        typed = next(a for a in actions if a.title.startswith("Update the missing-from-care protocol"))
        assert (typed.visit_id, typed.recommendation_no, typed.source_ref) == (None, None, "visit 09/11/2026")
        assert unlinked_visit_actions(second, actions) == []  # not "a recommendation later removed"
        assert [(t, a.title if a else None) for t, a in recommendation_actions(second, actions)] == [(ROOM, ROOM)]
        assert [a.title for a in unlinked_visit_actions(first, actions)] == [FIRE]  # a corrected line's first action
        # The same action typed after the upgrade is stored the same way.
        later, _ = store.quality.save_action(replace(typed, id=ActionId(0), title="Ask the visitor for the notes"))
        assert (later.visit_id, later.recommendation_no) == (typed.visit_id, typed.recommendation_no)
