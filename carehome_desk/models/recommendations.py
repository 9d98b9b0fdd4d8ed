"""Reg 44 recommendations and the actions raised from them.

An action raised from a recommendation names its visit (by the visit's record, not its date)
and the recommendation's number on that visit (1 for the first line). The wording is not the
link: correcting a recommendation keeps its one action, and the action keeps its own wording
(the manager may have reworded it in the action plan). When a visit's lines are edited,
``recommendation_edit`` works out which earlier line each line now is: the same wording
anywhere in the list (a line moved), else the line the visit form saw edited in place (a
correction). Wording alone never makes a changed line the same recommendation: two different
recommendations in one home are often worded alike ("Talk to AC about her room", "Talk to BX
about his room"), and the old one's action may be done. So where nobody says a line was edited in
place (an import), a changed line is a new recommendation with a new action, and the earlier
line, matched by none, was removed: its action stays, with a note."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Mapping

from carehome_desk.models.calendar_math import add_months
from carehome_desk.models.dates import format_uk
from carehome_desk.models.quality import Action, ActionSource, Reg44Visit, visit_ref

@dataclass(frozen=True)
class RecommendationEdit:
    """How a visit's recommendations changed, by number (1 for the first line).

    ``kept`` maps each earlier number to its number now (a line moved, corrected or left alone);
    ``reworded`` lists the numbers now whose wording changed; ``added`` the new lines; ``removed``
    the earlier numbers no line stands for any more.
    """

    kept: dict[int, int]
    reworded: tuple[int, ...]
    added: tuple[int, ...]
    removed: tuple[int, ...]


def recommendation_edit(before: tuple[str, ...], after: tuple[str, ...],
                        in_place: Mapping[int, int] | None = None) -> RecommendationEdit:
    """Which earlier recommendation each line now is: the same wording first, then a line edited in place.

    ``in_place`` maps an earlier number to the number now of the line the visit form saw typed over (the
    manager corrected that line, or said it is the same recommendation); without it a changed line is new.
    """
    kept: dict[int, int] = {}
    free = list(range(len(after)))
    for i, text in enumerate(before):  # the same wording, wherever it now stands
        j = next((j for j in free if after[j] == text), None)
        if j is not None:
            kept[i] = j
            free.remove(j)
    for number, now in sorted((in_place or {}).items()):  # a correction, as the form saw it
        i, j = number - 1, now - 1
        if i not in kept and 0 <= i < len(before) and j in free:
            kept[i] = j
            free.remove(j)
    return RecommendationEdit(
        kept={i + 1: j + 1 for i, j in kept.items()},
        reworded=tuple(sorted(j + 1 for i, j in kept.items() if before[i] != after[j])),
        added=tuple(j + 1 for j in free),
        removed=tuple(i + 1 for i in range(len(before)) if i not in kept))


def visit_actions(visit: Reg44Visit, actions: list[Action]) -> list[Action]:
    """Every action raised from this visit's recommendations (a removed recommendation's too)."""
    return [a for a in actions if a.visit_id is not None and int(a.visit_id) == int(visit.id)]


def recommendation_actions(visit: Reg44Visit, actions: list[Action]) -> list[tuple[str, Action | None]]:
    """Each recommendation of a visit with the action raised from it.

    By the link the action keeps (its visit and the recommendation's number); an action that holds no
    link (typed into an imported action plan) is matched by the visit's date and the same wording.
    """
    linked = {a.recommendation_no: a for a in visit_actions(visit, actions) if a.recommendation_no is not None}
    ref = visit_ref(visit)
    loose = {a.title: a for a in actions if a.visit_id is None and a.source is ActionSource.REG44
             and a.source_ref == ref}
    return [(text, linked.get(n) or loose.get(text)) for n, text in enumerate(visit.recommendations, start=1)]


def unlinked_visit_actions(visit: Reg44Visit, actions: list[Action]) -> list[Action]:
    """Actions raised from this visit whose recommendation was later removed (kept, or dropped, on purpose)."""
    return [a for a in visit_actions(visit, actions) if a.recommendation_no is None]


def visit_follow_up(visit: Reg44Visit, before: tuple[str, ...], owner: str,
                    in_place: Mapping[int, int] | None = None) -> list[Action]:
    """Actions for the recommendations added since ``before`` (all of them for a new visit), due in a month.

    A corrected or moved recommendation is not added: its action stays (``recommendation_edit``).
    """
    edit = recommendation_edit(before, visit.recommendations, in_place)
    return [Action(visit.home_id, visit.recommendations[n - 1], owner, add_months(visit.visited_on, 1),
                   ActionSource.REG44, source_ref=visit_ref(visit), visit_id=visit.id, recommendation_no=n)
            for n in edit.added if visit.recommendations[n - 1].strip()]


def removed_note(visit: Reg44Visit, text: str, dropped: bool, action: Action | None = None) -> str:
    """What the action's note says when its recommendation leaves the visit, in the manager's words."""
    what = ("dropped" if dropped else f"left as {action.status.label.lower()}" if action and action.status.closed
            else "kept open")
    return (f"The recommendation \u201c{text}\u201d was removed from the Reg 44 visit of "
            f"{format_uk(visit.visited_on)}; this action was {what}.")
