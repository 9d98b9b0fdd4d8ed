"""Evidence pack sheets for quality assurance: self-evaluation, actions, Reg 44, Reg 45, inspections."""

from __future__ import annotations

from datetime import date

from carehome_desk.services.evidence import Period
from carehome_desk.export.sheet import Col, Kind, SheetData
from carehome_desk.reference.framework import sccif
from carehome_desk.models.calendar_math import add_months
from carehome_desk.models.evaluation import Evaluation
from carehome_desk.models.home import Home, Judgement
from carehome_desk.models.quality import (
    Action,
    Inspection,
    Reg44Visit,
    Reg45Review,
    reg44_missed_months,
    reg44_owed_months,
    reg44_start,
)
from carehome_desk.models.status import classify

HOME = Col("Home", Kind.TEXT, 18)


def _on_time(done: date | None, due: date | None, today: date) -> str:
    if due is None:
        return ""
    if done is None:
        return "Overdue" if today > due else "Due"
    return "Done on time" if done <= due else "Done late"


#: The sheets ``quality_sheets`` builds, in order (the writer creates them before they are built).
SHEETS = ("Self-evaluation", "Action plan", "Reg 44 visits", "Reg 45 reviews", "Inspections")


def quality_sheets(homes: list[tuple[Home, list[Evaluation], list[Action], list[Reg44Visit], list[Reg45Review],
                                     list[Inspection]]], period: Period, today: date,
                   window_days: int) -> list[SheetData]:
    """Latest self-evaluation; action plan; Reg 44 visits; Reg 45 reviews; inspections and findings."""
    several = len(homes) > 1
    lead = [HOME] if several else []
    evaluation = SheetData("Self-evaluation", "Self-evaluation (latest)", lead + [
        Col("Evaluated", Kind.DATE, 12), Col("Judgement", Kind.TEXT, 30), Col("Criterion", Kind.TEXT, 30),
        Col("Grade", Kind.TEXT, 18), Col("Strengths", Kind.TEXT, 40), Col("Areas to develop", Kind.TEXT, 40),
        Col("Evidence", Kind.TEXT, 40), Col("Linked evidence", Kind.TEXT, 50)],
        note="The latest self-evaluation against the SCCIF version it records; judgement rows first.")
    actions = SheetData("Action plan", "Action plan", lead + [
        Col("Action", Kind.TEXT, 44), Col("Owner", Kind.TEXT, 18), Col("Due", Kind.DATE, 12),
        Col("Status", Kind.STATUS, 12), Col("Progress", Kind.TEXT, 12), Col("Completed", Kind.DATE, 12),
        Col("Source", Kind.TEXT, 22), Col("From", Kind.TEXT, 24), Col("Regulation or paragraph", Kind.TEXT, 18)],
        note="Actions open now, and actions completed in the period.")
    visits = SheetData("Reg 44 visits", "Reg 44 independent person visits", lead + [
        Col("Month", Kind.TEXT, 14), Col("Visited", Kind.DATE, 12), Col("Visitor", Kind.TEXT, 26),
        Col("Announced", Kind.TEXT, 10), Col("Report received", Kind.DATE, 12), Col("Sent to Ofsted", Kind.DATE, 12),
        Col("Report due", Kind.DATE, 12), Col("Report to Ofsted", Kind.STATUS, 14), Col("Opinion", Kind.TEXT, 40),
        Col("Recommendations", Kind.TEXT, 50)],
        note="Reg 44(1),(3): at least monthly. SCCIF: the report reaches Ofsted before the end of the month after the "
             "visit. Months with no visit are listed as such; a month the period starts or ends part-way through "
             "shows all its visits.")
    reviews = SheetData("Reg 45 reviews", "Reg 45 quality of care reviews", lead + [
        Col("From", Kind.DATE, 12), Col("To", Kind.DATE, 12), Col("Completed", Kind.DATE, 12),
        Col("Sent to Ofsted", Kind.DATE, 12), Col("Due (28 days)", Kind.DATE, 12), Col("Report to Ofsted", Kind.STATUS, 14),
        Col("Summary", Kind.TEXT, 80)],
        note="Reg 45(1): at least every 6 months; reg 45(4)(a): report to Ofsted within 28 days of completion.")
    inspections = SheetData("Inspections", "Inspection history, requirements and recommendations", lead + [
        Col("Inspected", Kind.DATE, 12), Col("Type", Kind.TEXT, 20), Col("Overall", Kind.TEXT, 22),
        Col("Helped and protected", Kind.TEXT, 22), Col("Leaders and managers", Kind.TEXT, 22),
        Col("Finding", Kind.TEXT, 50), Col("Requirement or recommendation", Kind.TEXT, 16),
        Col("Regulation or paragraph", Kind.TEXT, 16), Col("Due", Kind.DATE, 12), Col("Action status", Kind.STATUS, 14)],
        note="Each Ofsted inspection with its judgements; each requirement and recommendation with the action taken.")
    for home, evals, acts, vis, revs, insps in homes:
        pre = [home.name] if several else []
        latest = max(evals, key=lambda e: e.evaluated_on) if evals else None
        if latest is not None:
            framework = sccif(latest.framework_id)
            for area in framework.areas:
                grade = latest.judgements.get(area.judgement)
                evaluation.rows.append(pre + [latest.evaluated_on, area.title, "(judgement)",
                                              grade.label if grade else "", "", "", "", ""])
                for c in area.criteria:
                    e = latest.entries.get(c.id)
                    if e is None:
                        continue
                    evaluation.rows.append(pre + [latest.evaluated_on, area.title, f"{c.id} {c.title}",
                                                  e.grade.label if e.grade else "", e.strengths, e.areas_to_develop,
                                                  e.evidence, "; ".join(link.shown for link in e.links)])
        for a in acts:
            if a.status.closed and not (a.completed_on and period.holds(a.completed_on)):
                continue
            status = "Done" if a.status.value == "done" else "Dropped" if a.status.closed else \
                classify(a.due, today, window_days).label
            actions.rows.append(pre + [a.title, a.owner, a.due, status, a.status.label, a.completed_on,
                                       a.source.label, a.source_ref, a.regulation])
        _reg44_rows(visits, pre, home, vis, period, today)
        for r in revs:
            if not (period.holds(r.period_end) or (r.completed_on and period.holds(r.completed_on))):
                continue
            reviews.rows.append(pre + [r.period_start, r.period_end, r.completed_on, r.sent_to_ofsted_on, r.send_by,
                                       _on_time(r.sent_to_ofsted_on, r.send_by, today) if r.completed_on else "Not completed",
                                       r.summary])
        for i in insps:
            words = [i.judgements[j].label if j in i.judgements else "" for j in Judgement]
            if i.kind.value == "assurance":
                words = [i.assurance_outcome, "", ""]
            findings = i.findings or ()
            if not findings:
                inspections.rows.append(pre + [i.inspected_on, i.kind.label, *words, "", "", "", None, ""])
            for f in findings:
                linked = next((a for a in acts if a.title == f.text and a.source_ref.endswith(
                    i.inspected_on.strftime("%d/%m/%Y"))), None)
                state = ("Done" if linked and linked.status.value == "done" else
                         linked.status.label if linked else "No action recorded")
                inspections.rows.append(pre + [i.inspected_on, i.kind.label, *words, f.text,
                                               "Requirement" if f.is_requirement else "Recommendation", f.regulation,
                                               f.due, state])
    return [evaluation, actions, visits, reviews, inspections]


def _reg44_rows(sheet: SheetData, pre: list[str], home: Home, vis: list[Reg44Visit], period: Period,
                today: date) -> None:
    """One row per visit, month by month through the period, and a 'Missing' row for each month with none.

    A month a visit was owed for (``reg44_owed_months``, one rule with `due`, the dashboard and the
    cover) shows every visit in that month, even one just outside a period that starts or ends part-way
    through it: that visit is why the month is not missing. A month not yet owed (this month) shows the
    period's own visits. Months before the home was registered (or its records here start) are not listed.
    """
    owed = set(reg44_owed_months(home.reg44_from, vis, today, period.start, period.end))
    missed = set(reg44_missed_months(home.reg44_from, vis, today, period.start, period.end))
    month = max(period.start.replace(day=1), reg44_start(home.reg44_from, vis, today))
    while month <= period.end:
        label = month.strftime("%B %Y")
        if month in missed:
            sheet.rows.append(pre + [label, None, "No visit recorded", "", None, None, None, "Missing", "", ""])
        in_month = sorted((v for v in vis if v.visited_on.replace(day=1) == month
                           and (month in owed or period.holds(v.visited_on))), key=lambda v: v.visited_on)
        for v in in_month:
            sheet.rows.append(pre + [label, v.visited_on, v.visitor, "Yes" if v.announced else "No",
                                     v.report_received_on, v.sent_to_ofsted_on, v.report_due,
                                     _on_time(v.sent_to_ofsted_on, v.report_due, today), v.safeguarded_opinion,
                                     "\n".join(v.recommendations)])
        month = add_months(month, 1)
