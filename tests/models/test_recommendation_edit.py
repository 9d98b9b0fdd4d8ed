"""Which earlier Reg 44 recommendation each line of an edited visit is: kept, corrected, moved, added, removed."""

from __future__ import annotations

from datetime import date

from carehome_desk.models.ids import HomeId, VisitId
from carehome_desk.models.quality import Action, ActionSource, Reg44Visit
from carehome_desk.models.recommendations import recommendation_actions, recommendation_edit, visit_follow_up

FIRE = "Check the fire log weekly"
ROOM = "Talk to AC about her room"


def test_a_corrected_wording_is_the_same_recommendation_not_a_new_one() -> None:
    edit = recommendation_edit((FIRE, ROOM), ("Check the fire log every week", ROOM))
    assert edit.kept == {1: 1, 2: 2}
    assert (edit.reworded, edit.added, edit.removed) == ((1,), (), ())


def test_moved_lines_keep_their_numbers_mapped_and_a_new_line_is_added() -> None:
    edit = recommendation_edit((FIRE, ROOM), ("Repaint the hall", ROOM, FIRE))
    assert edit.kept == {1: 3, 2: 2}
    assert (edit.reworded, edit.added, edit.removed) == ((), (1,), ())


def test_a_line_replaced_by_different_words_is_removed_and_the_new_one_added() -> None:
    edit = recommendation_edit((FIRE, ROOM), (FIRE, "Book first aid training for two staff"))
    assert edit.kept == {1: 1}
    assert (edit.added, edit.removed) == ((2,), (2,))


def test_follow_up_raises_actions_only_for_added_lines_each_naming_its_visit_and_number() -> None:
    visit = Reg44Visit(HomeId(1), "Margaret Ellis", date(2026, 10, 11), recommendations=(
        "Check the fire log every week", ROOM, "Repaint the hall"), id=VisitId(7))
    raised = visit_follow_up(visit, (FIRE, ROOM), "Priya")
    assert [(a.title, a.visit_id, a.recommendation_no, a.due) for a in raised] == [
        ("Repaint the hall", 7, 3, date(2026, 11, 11))]


def test_an_action_is_found_by_its_link_whatever_either_wording_says() -> None:
    visit = Reg44Visit(HomeId(1), "Margaret Ellis", date(2026, 10, 11), recommendations=(FIRE, ROOM), id=VisitId(7))
    reworded = Action(HomeId(1), "Ask AC what she wants in her room", "Priya", date(2026, 11, 11),
                      ActionSource.REG44, "visit 11/10/2026", visit_id=VisitId(7), recommendation_no=2)
    other_visit = Action(HomeId(1), FIRE, "Priya", date(2026, 11, 11), ActionSource.REG44, "visit 11/10/2026",
                         visit_id=VisitId(8), recommendation_no=1)
    assert recommendation_actions(visit, [reworded, other_visit]) == [(FIRE, None), (ROOM, reworded)]
