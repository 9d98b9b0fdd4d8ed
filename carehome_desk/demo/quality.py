"""The demo home's quality cycle: self-evaluations, an inspection, Reg 44 visits, Reg 45 reviews, actions."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from carehome_desk.services.evidence import Period, home_metrics, proposed_links
from carehome_desk.reference.framework import CURRENT_SCCIF, sccif
from carehome_desk.models.calendar_math import add_months
from carehome_desk.models.dates import UK
from carehome_desk.models.evaluation import CriterionEntry, Evaluation
from carehome_desk.models.home import Grade, Home, Judgement
from carehome_desk.models.quality import (
    Action,
    ActionSource,
    ActionStatus,
    Finding,
    Inspection,
    InspectionKind,
    Reg44Visit,
    Reg45Review,
)
from carehome_desk.store import Store

VISITORS = ["Margaret Ellis (independent visitor)", "David Okoro (independent visitor)"]
RECOMMENDATIONS = [
    "Update the missing-from-care risk assessment for the youngest child",
    "Make sure every restraint record is signed within 48 hours",
    "Refresh the bedroom of the newest child with them",
    "Chase the placing authority for the overdue return home interview",
    "Add children's views to the next team meeting minutes",
    "Review the fire drill log: one night drill is overdue",
]
STRENGTHS = {
    Grade.OUTSTANDING: "Consistently strong practice, evidenced in records and children's views.",
    Grade.GOOD: "Good practice overall; children and professionals speak positively.",
    Grade.REQUIRES_IMPROVEMENT: "Some good practice, not yet consistent.",
}


def add_quality(store: Store, rng: random.Random, home: Home, today: date) -> None:
    """Two self-evaluations, the last full inspection, a year of Reg 44 visits, two Reg 45 reviews, actions."""
    manager = home.registered_manager or "Registered manager"
    # The inspection the home's details already describe, with two requirements and a recommendation.
    inspected = home.last_inspection_date or add_months(today, -7)
    inspection = Inspection(
        home.id, inspected, InspectionKind.FULL, dict(home.last_inspection_grades),
        findings=(
            Finding("Make sure restraint records are signed by the registered person within 48 hours.", True,
                    "Reg 35(3)(b)", inspected + timedelta(days=42)),
            Finding("Make sure every member of staff has regular, recorded supervision.", True, "Reg 33(4)(b)",
                    inspected + timedelta(days=60)),
            Finding("Improve how children's views shape the Reg 45 review.", False, "Guide 15.4"),
        ))
    store.quality.save_inspection(inspection, owner=manager)
    for index, action in enumerate(store.quality.actions(home.id)):
        if index == 0:
            store.quality.save_action(_done(action, action.due - timedelta(days=5)))
        elif index == 1:
            store.quality.save_action(_status(action, ActionStatus.IN_PROGRESS))
    # Twelve months of Reg 44 visits, one month missed.
    missed = rng.randint(3, 9)
    for back in range(12, 0, -1):
        month = add_months(today.replace(day=1), -back)
        if back == missed:
            continue
        visited = month + timedelta(days=rng.randint(2, 24))
        received = visited + timedelta(days=rng.randint(5, 15))
        sent = received + timedelta(days=rng.randint(0, 10))
        recs = tuple(rng.sample(RECOMMENDATIONS, rng.randint(0, 2)))
        # Early in a month last month's report may not have arrived yet: it is then awaited, not dated ahead.
        store.quality.save_visit(Reg44Visit(
            home.id, rng.choice(VISITORS), visited, announced=rng.random() < 0.3,
            report_received_on=received if received <= today else None,
            sent_to_ofsted_on=sent if sent <= today else None, recommendations=recs,
            safeguarded_opinion="Children are effectively safeguarded; the home promotes their well-being."),
            owner=manager)
    for action in store.quality.actions(home.id):
        if action.source is ActionSource.REG44 and action.due < today - timedelta(days=30) and rng.random() < 0.7:
            store.quality.save_action(_done(action, min(today, action.due - timedelta(days=rng.randint(0, 9)))))
    # Two Reg 45 reviews.
    for months_ago in (8, 2):
        end = add_months(today.replace(day=1), -months_ago) - timedelta(days=1)
        start = add_months(end + timedelta(days=1), -6)
        completed = end + timedelta(days=rng.randint(5, 15))
        sent = completed + timedelta(days=rng.randint(10, 26))
        review = Reg45Review(home.id, start, end, completed, sent if sent <= today else None)  # not sent ahead
        period = Period(start, end)
        from carehome_desk.services.evidence import reg45_draft

        draft = reg45_draft(store, home, period, datetime.combine(end, time(23, 0), tzinfo=UK))
        store.quality.save_review(Reg45Review(review.home_id, start, end, completed, review.sent_to_ofsted_on,
                                              summary=draft))
    # Two self-evaluations, the later one better in places.
    framework = sccif(CURRENT_SCCIF)
    for months_ago, lift in ((11, 0), (4, 1)):
        day = add_months(today, -months_ago)
        period = Period(add_months(day, -6), day)
        metrics = home_metrics(store, home, period, datetime.combine(day, time(17, 0), tzinfo=UK))
        links = proposed_links(metrics, CURRENT_SCCIF, day)
        entries = {}
        for criterion in framework.criteria:
            roll = rng.random() + lift * 0.25
            grade = Grade.OUTSTANDING if roll > 1.1 else Grade.GOOD if roll > 0.3 else Grade.REQUIRES_IMPROVEMENT
            entries[criterion.id] = CriterionEntry(
                grade=grade, strengths=STRENGTHS[grade],
                areas_to_develop="" if grade is Grade.OUTSTANDING else "Embed this consistently across all shifts.",
                evidence="See linked figures and the Reg 44 reports.", links=links[criterion.id][:2])
        judgements = {j: _fit([e.grade for c, e in entries.items() if framework.criterion(c).judgement is j])
                      for j in (Judgement.HELPED_PROTECTED, Judgement.LEADERSHIP)}
        judgements[Judgement.OVERALL] = max(judgements.values(), key=[g for g in Grade].index)
        store.quality.save_evaluation(Evaluation(home.id, day, CURRENT_SCCIF, f"Self-evaluation {day:%B %Y}",
                                                 judgements, entries))
        # A criterion graded below good gets an action.
        weak = next((c for c, e in entries.items() if e.grade is Grade.REQUIRES_IMPROVEMENT), None)
        if weak:
            status = ActionStatus.DONE if months_ago == 11 else ActionStatus.OPEN
            action = Action(home.id, f"Improve: {framework.criterion(weak).title}", manager,
                            add_months(day, 3), ActionSource.SELF_EVALUATION, source_ref=weak, status=status,
                            completed_on=add_months(day, 2) if status is ActionStatus.DONE else None)
            store.quality.save_action(action)


def _fit(grades: list[Grade | None]) -> Grade:
    """The best-fit grade of a set of criterion grades (the most common; ties go to the lower grade)."""
    counted = [g for g in grades if g is not None]
    order = list(Grade)
    return max(set(counted), key=lambda g: (counted.count(g), order.index(g)))


def _done(action: Action, on: date) -> Action:
    from dataclasses import replace

    return replace(action, status=ActionStatus.DONE, completed_on=on)


def _status(action: Action, status: ActionStatus) -> Action:
    from dataclasses import replace

    return replace(action, status=status)
