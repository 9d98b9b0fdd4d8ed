"""Reg 44 recommendations and the actions raised from them.

An action raised from a recommendation names its visit (by the visit's record, not its date)
and the recommendation's number on that visit (1 for the first line). The wording is not the
link: correcting a recommendation keeps its one action, and the action keeps its own wording
(the manager may have reworded it in the action plan). When a visit's lines are edited,
``recommendation_edit`` works out which earlier line each line now is: the same wording
anywhere in the list (a line moved), else a close wording (a correction); any other line is
new, and an earlier line matched by none was removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from carehome_desk.models.calendar_math import add_months
from carehome_desk.models.dates import format_uk
from carehome_desk.models.quality import Action, ActionSource, Reg44Visit, visit_ref

#: How alike two wordings must be (0 to 1, case ignored) to be one recommendation corrected, not a new one.
CLOSE_WORDING = 0.6


def _alike(a: str, b: str) -> float:
    return SequenceMatcher(None, a.casefold(), b.casefold(), autojunk=False).ratio()


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


def recommendation_edit(before: tuple[str, ...], after: tuple[str, ...]) -> RecommendationEdit:
    """Which earlier recommendation each line now is: the same wording first, then the closest wording."""
    kept: dict[int, int] = {}
    free = list(range(len(after)))
    for i, text in enumerate(before):  # the same wording, wherever it now stands
        j = next((j for j in free if after[j] == text), None)
        if j is not None:
            kept[i] = j
            free.remove(j)
    for i, text in enumerate(before):  # a correction: the closest wording left, if close enough
        if i in kept or not free:
            continue
        best = max(free, key=lambda j: _alike(text, after[j]))
        if _alike(text, after[best]) >= CLOSE_WORDING:
            kept[i] = best
            free.remove(best)
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


def visit_follow_up(visit: Reg44Visit, before: tuple[str, ...], owner: str) -> list[Action]:
    """Actions for the recommendations added since ``before`` (all of them for a new visit), due in a month.

    A corrected or moved recommendation is not added: its action stays (``recommendation_edit``).
    """
    edit = recommendation_edit(before, visit.recommendations)
    return [Action(visit.home_id, visit.recommendations[n - 1], owner, add_months(visit.visited_on, 1),
                   ActionSource.REG44, source_ref=visit_ref(visit), visit_id=visit.id, recommendation_no=n)
            for n in edit.added if visit.recommendations[n - 1].strip()]


def removed_note(visit: Reg44Visit, text: str, dropped: bool) -> str:
    """What the action's note says when its recommendation leaves the visit, in the manager's words."""
    what = "dropped" if dropped else "kept open"
    return (f"The recommendation \u201c{text}\u201d was removed from the Reg 44 visit of "
            f"{format_uk(visit.visited_on)}; this action was {what}.")
