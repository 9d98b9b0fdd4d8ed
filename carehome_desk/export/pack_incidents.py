"""Evidence pack sheets for children and incidents: register, log, restraint, missing, reg 40, complaints."""

from __future__ import annotations

from datetime import datetime

from carehome_desk.services.evidence import Period
from carehome_desk.export.sheet import Col, Kind, SheetData
from carehome_desk.incident_fields import field_keys
from carehome_desk.models.children import Child, on_register
from carehome_desk.models.dates import UK
from carehome_desk.models.deadlines import Step, StepStatus, incident_steps
from carehome_desk.models.home import Home
from carehome_desk.models.ids import ChildId, StaffId
from carehome_desk.models.incidents import (
    AllegationDetails,
    ComplaintDetails,
    Incident,
    IncidentType,
    MissingDetails,
    Recipient,
    Reg40,
    RestraintDetails,
)
from carehome_desk.models.staff_names import staff_text
from carehome_desk.models.recipients import notify_context
from carehome_desk.models.working_days import BankHolidays

HOME = Col("Home", Kind.TEXT, 18)


def local(moment: datetime | None) -> datetime | None:
    """A time as UK wall clock, without zone (spreadsheets have none)."""
    return moment.astimezone(UK).replace(tzinfo=None) if moment is not None else None


def step_word(step: Step | None) -> str:
    """'Done on time', 'Done late', 'Overdue', 'Due', 'Exempt'…"""
    return step.status.label if step is not None else ""


#: The Restraint log's columns for the catalogue's restraint fields (incident_fields), in the catalogue's
#: order; a timed step's outcome follows its time. The EHC-plan tick is shown as 'Exempt' in the step
#: columns. A field the catalogue gains and this map lacks stops the pack being built, not silently left out.
RESTRAINT_COLUMNS: dict[str, tuple[Col, ...]] = {
    "behaviour": (Col("Behaviour", Kind.TEXT, 30),),
    "measure": (Col("Measure", Kind.TEXT, 26),),
    "duration_minutes": (Col("Minutes", Kind.NUMBER, 8),),
    "alternatives_tried": (Col("Tried first", Kind.TEXT, 26),),
    "used_by": (Col("Used by", Kind.TEXT, 18),),
    "others_present": (Col("Also present", Kind.TEXT, 18),),
    "effect": (Col("Effect", Kind.TEXT, 20),),
    "injuries": (Col("Injuries", Kind.TEXT, 18),),
    "medical_treatment": (Col("Medical treatment", Kind.TEXT, 18),),
    "ehc_plan_planned": (),
    "record_made_at": (Col("Record made (≤ 24 h)", Kind.DATETIME, 16), Col("Record", Kind.STATUS, 12)),
    "staff_spoken_at": (Col("Staff spoken to and signed (≤ 48 h)", Kind.DATETIME, 16),
                        Col("Staff step", Kind.STATUS, 12)),
    "signed_by": (Col("Signed by", Kind.TEXT, 18),),
    "child_spoken_at": (Col("Child spoken to (≤ 5 days)", Kind.DATETIME, 16), Col("Child step", Kind.STATUS, 12)),
    "child_comments": (Col("Child's comments", Kind.TEXT, 30),),
}
_RESTRAINT_STEPS = {"record_made_at": "reg35_record", "staff_spoken_at": "reg35_staff", "child_spoken_at": "reg35_child"}


def restraint_cells(r: RestraintDetails, steps: dict[str, Step]) -> list[object]:
    """The Restraint log's cells for one record's catalogue fields (RESTRAINT_COLUMNS)."""
    exempt = "Exempt (EHC plan)" if r.ehc_plan_planned else None
    cells: list[object] = []
    for key in field_keys(RestraintDetails):
        if not RESTRAINT_COLUMNS[key]:
            continue
        value = getattr(r, key)
        cells.append(local(value) if isinstance(value, datetime) else value)
        if key in _RESTRAINT_STEPS:
            step = steps.get(_RESTRAINT_STEPS[key])
            word = step_word(step)
            if key == "record_made_at" and step is not None and step.note and not step.status.done:
                # Reg 35(3)(a): a record time with particulars missing is not a record made.
                note = step.note.split(" — ", 1)[-1]
                word += f" — {note[0].lower()}{note[1:]}"
            cells.append(exempt or word)
    return cells


def child_in_period(child: Child, period: Period) -> bool:
    """Lived at the home at some point in the period."""
    return child.admission_date <= period.end and (child.leaving_date is None or child.leaving_date >= period.start)


#: The sheets ``incident_sheets`` builds, in order (the writer creates them before they are built).
SHEETS = ("Children", "Incident log", "Restraint log", "Missing and away", "Reg 40 notifications", "Complaints",
          "Allegations")


def incident_sheets(homes: list[tuple[Home, list[Child], list[Incident]]], period: Period, now: datetime,
                    holidays: BankHolidays, review_days: int, include_names: bool,
                    several: bool | None = None, staff_names: dict[StaffId, str] | None = None) -> list[SheetData]:
    """Children; incident log; restraint log; missing and away; reg 40 notifications; complaints; allegations.

    ``several``: whether the pack covers more than one home (each row then starts with its home),
    for building one home's part at a time; by default, whether ``homes`` has more than one.
    ``staff_names``: full names of the staff register (by id), for "Staff involved": the staff linked
    to the incident, then the people not on the register.
    """
    names = staff_names or {}
    several = len(homes) > 1 if several is None else several
    lead = [HOME] if several else []
    name_cols = [Col("Full name", Kind.TEXT, 22)] if include_names else []
    children = SheetData("Children", "Children (register)", lead + [
        Col("Reference", Kind.TEXT, 12), Col("Initials", Kind.TEXT, 9)] + name_cols + [
        Col("Age at period end", Kind.NUMBER, 9), Col("Admitted", Kind.DATE, 12), Col("Planned admission", Kind.TEXT, 10),
        Col("Left", Kind.DATE, 12), Col("Planned ending", Kind.TEXT, 10), Col("Placing authority", Kind.TEXT, 26),
        Col("Legal status", Kind.TEXT, 24)],
        note="Children living at the home at any time in the period (Schedule 4 para 1). "
             + ("Full names included at the manager's request." if include_names else
                "Initials and references only: names are left out to minimise personal data (UK GDPR)."))
    log = SheetData("Incident log", "Incident log", lead + [
        Col("Date and time", Kind.DATETIME, 16), Col("Type", Kind.TEXT, 26), Col("Children", Kind.TEXT, 18),
        Col("Location", Kind.TEXT, 14), Col("Summary", Kind.TEXT, 50), Col("Staff involved", Kind.TEXT, 24),
        Col("Reg 40 notifiable", Kind.TEXT, 12), Col("Steps", Kind.STATUS, 14), Col("Reviewed on", Kind.DATETIME, 16),
        Col("Reviewed by", Kind.TEXT, 18), Col("Review note", Kind.TEXT, 40)],
        note="Every incident with a date in the period, oldest first.")
    restraint = SheetData("Restraint log", "Restraint and measures of control (reg 35)", lead + [
        Col("Date and time", Kind.DATETIME, 16), Col("Children", Kind.TEXT, 16)]
        + [col for key in field_keys(RestraintDetails) for col in RESTRAINT_COLUMNS[key]],
        note="Reg 35(3): record within 24 hours; the registered or authorised person speaks to the staff member and "
             "signs within 48 hours; speaks to the child within 5 days (Guide 9.60: ideally 24 hours). Planned "
             "restraint under an EHC plan is exempt (reg 35(4)).")
    missing = SheetData("Missing and away", "Missing from care and away without authorisation", lead + [
        Col("Category", Kind.TEXT, 22), Col("Went missing", Kind.DATETIME, 16), Col("Children", Kind.TEXT, 16),
        Col("Returned", Kind.DATETIME, 16), Col("Hours away", Kind.NUMBER, 8), Col("Risk", Kind.TEXT, 8),
        Col("Police informed", Kind.DATETIME, 16), Col("Police reference", Kind.TEXT, 14),
        Col("Placing authority informed", Kind.DATETIME, 16), Col("Return interview offered", Kind.DATETIME, 16),
        Col("Offered by", Kind.TEXT, 22), Col("Return interview (≤ 72 h)", Kind.STATUS, 14),
        Col("Home challenged", Kind.TEXT, 10)],
        note="Missing from care and away from placement without authorisation kept apart, as Ofsted counts them. "
             "The 72-hour return interview timescale is from the 2014 statutory guidance (secondary source).")
    reg40 = SheetData("Reg 40 notifications", "Reg 40 notifications", lead + [
        Col("Incident date", Kind.DATETIME, 16), Col("Type", Kind.TEXT, 24), Col("Children", Kind.TEXT, 16),
        Col("Paragraph", Kind.TEXT, 40), Col("Recipient", Kind.TEXT, 20), Col("Sent", Kind.DATETIME, 16),
        Col("Within 24 hours", Kind.STATUS, 14), Col("Ofsted reference", Kind.TEXT, 14), Col("Method", Kind.TEXT, 16),
        Col("Rationale", Kind.TEXT, 40)],
        note="Each recipient reg 40 requires, per paragraph: 'without delay'; Guide 14.13 sets a system to notify "
             "within 24 hours. Decisions not to notify are listed with their rationale, and incidents not yet decided "
             "with whether the decision is still within 24 hours ('Due') or past them ('Overdue').")
    complaints = SheetData("Complaints", "Complaints", lead + [
        Col("Made", Kind.DATETIME, 16), Col("From", Kind.TEXT, 18), Col("Summary", Kind.TEXT, 40),
        Col("Action", Kind.TEXT, 30), Col("Outcome", Kind.TEXT, 30), Col("Closed", Kind.DATE, 12)],
        note="Complaints made in the period, with their outcomes.")
    allegations = SheetData("Allegations", "Allegations against staff", lead + [
        Col("Made", Kind.DATETIME, 16), Col("Staff member", Kind.TEXT, 20), Col("Summary", Kind.TEXT, 40),
        Col("LADO referral", Kind.DATETIME, 16), Col("Within 1 working day", Kind.STATUS, 14),
        Col("Outcome", Kind.TEXT, 30)],
        note="LADO referral within one working day is practice (Working Together and local procedures).")
    for home, kids, incidents in homes:
        pre = [home.name] if several else []
        by_id: dict[ChildId, Child] = {k.id: k for k in kids}

        def who(ids: tuple[ChildId, ...]) -> str:
            return ", ".join(by_id[c].named(include_names) for c in ids if c in by_id)

        for k in on_register(kids):
            if child_in_period(k, period):
                children.rows.append(pre + [k.reference, k.initials] + ([k.full_name] if include_names else []) + [
                    k.age_on(period.end), k.admission_date, "Yes" if k.admission_planned else "No (emergency)",
                    k.leaving_date, {True: "Yes", False: "No", None: ""}[k.ending_planned], k.placing_authority,
                    k.legal_status.label])
        for inc in sorted(incidents, key=lambda i: i.occurred_at.timestamp()):
            if not period.holds(inc.occurred_at):
                continue
            steps = incident_steps(inc, now, holidays, review_days, notify_context(inc.child_ids, by_id, home))
            key = {s.key: s for s in steps}
            statutory = [s for s in steps if s.key != "review"]
            overall = ("Overdue" if any(s.status is StepStatus.OVERDUE for s in statutory) else
                       "Due" if any(s.status is StepStatus.DUE for s in statutory) else
                       "Done late" if any(s.status is StepStatus.DONE_LATE for s in statutory) else
                       "Not offered" if any(s.status is StepStatus.NOT_OFFERED for s in statutory) else
                       "Complete")
            notifiable = {True: "Yes", False: "No", None: "Not decided"}[inc.notifiable]
            log.rows.append(pre + [local(inc.occurred_at), inc.type.label, who(inc.child_ids), inc.location,
                                   inc.summary, staff_text(inc, names), notifiable, overall, local(inc.reviewed_at),
                                   inc.reviewed_by, inc.review_note])
            d = inc.details
            if inc.type is IncidentType.RESTRAINT:
                r = d if isinstance(d, RestraintDetails) else RestraintDetails()
                restraint.rows.append(pre + [local(inc.occurred_at), who(inc.child_ids)] + restraint_cells(r, key))
            elif inc.type in (IncidentType.MISSING, IncidentType.AWAY):
                m = d if isinstance(d, MissingDetails) else MissingDetails()
                hours = (round((m.returned_at - inc.occurred_at).total_seconds() / 3600, 1)
                         if m.returned_at else None)
                missing.rows.append(pre + [
                    inc.type.label, local(inc.occurred_at), who(inc.child_ids), local(m.returned_at), hours,
                    m.risk_level.value.capitalize(), local(m.police_informed_at), m.police_reference,
                    local(m.placing_authority_informed_at), local(m.rhi_offered_at), m.rhi_offered_by,
                    step_word(key.get("rhi")) if m.returned_at else "Still away",
                    "Yes" if m.home_challenged else ("No" if m.rhi_not_offered else "")])
            elif inc.type is IncidentType.COMPLAINT:
                c = d if isinstance(d, ComplaintDetails) else ComplaintDetails()
                complaints.rows.append(pre + [local(inc.occurred_at), c.from_whom, inc.summary, c.action, c.outcome,
                                              c.closed_on])
            elif inc.type is IncidentType.ALLEGATION:
                a = d if isinstance(d, AllegationDetails) else AllegationDetails()
                allegations.rows.append(pre + [local(inc.occurred_at), a.staff_name, inc.summary,
                                               local(a.lado_referred_at), step_word(key.get("lado")), a.outcome])
            if inc.notifiable is False:
                reg40.rows.append(pre + [local(inc.occurred_at), inc.type.label, who(inc.child_ids), "Not notifiable",
                                         "", None, "", "", "", inc.reg40_rationale])
            elif inc.notifiable is None:  # nobody has decided: 'Due' within 24 hours of the incident, then 'Overdue'
                reg40.rows.append(pre + [local(inc.occurred_at), inc.type.label, who(inc.child_ids), "Not decided yet",
                                         "", None, step_word(key.get("reg40_decision")), "", "", ""])
            for step in steps:
                if not step.key.startswith("reg40:"):
                    continue
                _, paragraph, recipient = step.key.split(":")
                sent = [n for n in inc.notifications if n.paragraph.value == paragraph
                        and n.recipient.value == recipient]
                reference = next((n.reference for n in sent if n.reference), "")
                reg40.rows.append(pre + [
                    local(inc.occurred_at), inc.type.label, who(inc.child_ids), Reg40(paragraph).label,
                    Recipient(recipient).label,
                    local(step.done_at), step.status.label, reference, sent[0].method if sent else "",
                    inc.reg40_rationale])
    return [children, log, restraint, missing, reg40, complaints, allegations]
