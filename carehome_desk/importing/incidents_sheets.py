"""The incidents workbook's sheets and columns: what the template writes is what the importer reads."""

from __future__ import annotations

from carehome_desk.importing.values import DATE_MAYBE_TIME_HELP, DATETIME_HELP, TIME_HELP
from carehome_desk.importing.workbook import Column, Kind, SheetSpec, choice_column
from carehome_desk.importing.workforce_sheets import DATE_HELP
from carehome_desk.models.children import LegalStatus
from carehome_desk.incident_fields import field_keys
from carehome_desk.models.incidents import (
    EnquiryDetails,
    IncidentType,
    MissingDetails,
    Recipient,
    Reg40,
    RestraintDetails,
    RiskLevel,
)

LOCAL = "UK time, as the clock on the wall showed it."

#: Reg 40 paragraphs as typed in a cell: short enough for a drop-down; the full labels are read too.
PARAGRAPHS = {
    Reg40.DEATH: "40(1) Death",
    Reg40.DBS_REFERRAL: "40(3) DBS referral",
    Reg40.SEXUAL_EXPLOITATION: "40(4)(a) Sexual exploitation",
    Reg40.POLICE_SERIOUS: "40(4)(b) Serious police incident",
    Reg40.ALLEGATION: "40(4)(c) Allegation",
    Reg40.CP_START: "40(4)(d)(i) CP enquiry started",
    Reg40.CP_END: "40(4)(d)(ii) CP enquiry concluded",
    Reg40.OTHER_SERIOUS: "40(4)(e) Other serious incident",
}
_PARAGRAPH_WORDS = [(p.label, p) for p in Reg40] + [(p.label.split(":")[0], p) for p in Reg40] + [
    (p.label.split(":")[0].removeprefix("Reg "), p) for p in Reg40] + [(p.label.split(": ")[1], p) for p in Reg40] + [
    (text.split(" ", 1)[1], p) for p, text in PARAGRAPHS.items()] + [
    ("CSE", Reg40.SEXUAL_EXPLOITATION), ("Police", Reg40.POLICE_SERIOUS), ("CP start", Reg40.CP_START),
    ("CP end", Reg40.CP_END), ("CP enquiry start", Reg40.CP_START), ("CP enquiry end", Reg40.CP_END),
    ("Other", Reg40.OTHER_SERIOUS), ("Serious incident", Reg40.OTHER_SERIOUS)]
PARAGRAPHS_ALLOWED = ", ".join(PARAGRAPHS.values())

INCIDENT_REF = Column("Incident ref", "ref", Kind.TEXT, "The incident's ref, as on the Incidents sheet.",
                      required=True, aliases=("Ref", "Incident", "Incident no", "Incident number", "Log number"),
                      width=12)

CHILDREN = SheetSpec("Children", "One row per child who lives or has lived at the home; children who have left "
                     "stay. Use a reference and initials; the full name is optional.", (
    Column("Reference", "reference", Kind.TEXT, "Your reference for the child (for example C-031). The Incidents "
           "sheet names children by it, and later imports find them by it.", required=True,
           aliases=("Child ref", "Ref", "Child reference", "Child ID"), width=12),
    Column("Initials", "initials", Kind.TEXT, "One to four letters.", required=True, width=9),
    Column("Date of birth", "date_of_birth", Kind.DATE, DATE_HELP, required=True, aliases=("DOB", "Born"),
           width=12),
    Column("Admission date", "admission_date", Kind.DATE, f"The day they came to live at the home. {DATE_HELP}",
           required=True, aliases=("Admitted", "Date admitted", "Placement start", "Start date"), width=12),
    Column("Placing authority", "placing_authority", Kind.TEXT, "The local authority that placed them.",
           aliases=("Local authority", "LA", "Placing LA"), width=26),
    choice_column("Legal status", "legal_status", {s: s.label for s in LegalStatus}, "Blank: Section 31 (care "
                  "order).", width=30, extra=(
                      ("Section 20", LegalStatus.SECTION_20), ("Accommodated", LegalStatus.SECTION_20),
                      ("Section 31", LegalStatus.SECTION_31), ("Care order", LegalStatus.SECTION_31),
                      ("Full care order", LegalStatus.SECTION_31), ("Section 38", LegalStatus.SECTION_38),
                      ("Interim care order", LegalStatus.SECTION_38), ("ICO", LegalStatus.SECTION_38),
                      ("Remand", LegalStatus.REMAND), ("Remanded", LegalStatus.REMAND))),
    Column("Planned admission", "admission_planned", Kind.TICK, "✓ if the admission was planned, ✗ if it was an "
           "emergency. Blank: ✓.", aliases=("Planned",), width=10),
    Column("Leaving date", "leaving_date", Kind.DATE, f"Their last day at the home, for children who have left. "
           f"{DATE_HELP}", aliases=("Left", "Date left", "Placement end"), width=12),
    Column("Planned ending", "ending_planned", Kind.TICK, "For children who have left: ✓ if the ending was planned, "
           "✗ if not.", aliases=("Ending planned",), width=10),
    Column("Full name", "full_name", Kind.TEXT, "Optional. Kept in the register, never shown in exports unless you "
           "ask.", aliases=("Name",), width=22),
), anchors=("reference", "initials"))

INCIDENTS = SheetSpec("Incidents", "One row per incident, for one or more children. Restraints, missing and "
                      "away episodes, child protection enquiries and notifications have their own sheets, linked "
                      "by the Incident ref.", (
    Column("Incident ref", "ref", Kind.TEXT, "Any reference of your own (for example 2026-014). The Restraint, "
           "Missing and away and Notifications sheets use it to say which incident a row belongs to. It is not "
           "stored: later imports find the incident by its type, date, time and children.",
           aliases=INCIDENT_REF.aliases, width=12),
    Column("Date", "date", Kind.DATE, f"The day it happened. {DATE_HELP}", required=True,
           aliases=("Incident date", "Date of incident"), width=12),
    Column("Time", "time", Kind.TIME, f"When it happened: {TIME_HELP}, {LOCAL} On the night the clocks go back, "
           "01:00 to 01:59 happens twice: add BST (the first) or GMT (the second), for example 01:30 BST.",
           required=True, aliases=("Time of incident", "Start time"), width=9),
    choice_column("Type", "type", {t: t.label for t in IncidentType}, "Missing from care and away without "
                  "authorisation are kept apart, as Ofsted counts them separately.", required=True, width=30, extra=(
                      ("Restraint", IncidentType.RESTRAINT), ("Physical intervention", IncidentType.RESTRAINT),
                      ("Measure of control", IncidentType.RESTRAINT), ("Missing", IncidentType.MISSING),
                      ("Missing from home", IncidentType.MISSING), ("Away", IncidentType.AWAY),
                      ("Absent", IncidentType.AWAY), ("Unauthorised absence", IncidentType.AWAY),
                      ("Police", IncidentType.POLICE), ("Allegation", IncidentType.ALLEGATION),
                      ("CP enquiry", IncidentType.CP_ENQUIRY), ("Section 47", IncidentType.CP_ENQUIRY),
                      ("Exploitation", IncidentType.EXPLOITATION), ("CSE", IncidentType.EXPLOITATION),
                      ("CCE", IncidentType.EXPLOITATION), ("Self harm", IncidentType.SELF_HARM),
                      ("Accident", IncidentType.ACCIDENT), ("Injury", IncidentType.ACCIDENT),
                      ("Illness", IncidentType.ILLNESS), ("Medication", IncidentType.MEDICATION),
                      ("Medication error", IncidentType.MEDICATION), ("Medication refusal", IncidentType.MEDICATION),
                      ("Sanction", IncidentType.SANCTION), ("Consequence", IncidentType.SANCTION))),
    Column("Children", "children", Kind.TEXT, "The children's references, as on the Children sheet or already "
           "recorded, separated by commas (for example C-031, C-032); 'AB (C-031)', initials and reference as the app "
           "shows a child, is read too. Needed except for an allegation, a complaint "
           "or other.", aliases=("Child", "Child ref", "Child refs", "Children involved", "Young person",
                                  "Young people"), width=16),
    Column("Location", "location", Kind.TEXT, "Where it happened.", aliases=("Where", "Place"), width=16),
    Column("Summary", "summary", Kind.NOTE, "What happened, briefly.", required=True,
           aliases=("Description", "What happened", "Details"), width=40),
    Column("Staff involved", "staff_involved", Kind.TEXT, "The staff involved, separated by commas: names on the "
           "staff register are linked to it; others (agency staff, visitors) are kept as written.",
           aliases=("Staff",), width=22),
    Column("Reg 40 notifiable", "notifiable", Kind.TICK, "Yes if it is notifiable under reg 40, No if not; blank "
           "(or Not decided) if not decided yet. Blank with a paragraph: yes.", aliases=("Notifiable", "Reg 40"),
           width=10),
    Column("Reg 40 paragraphs", "paragraphs", Kind.TEXT, "The paragraph(s) it is notifiable under, separated by "
           f"commas. One or more of: {PARAGRAPHS_ALLOWED}.", aliases=("Reg 40 paragraph", "Paragraph",
                                                                        "Paragraphs"), width=24),
    Column("Rationale", "reg40_rationale", Kind.NOTE, "Why it is, or is not, notifiable (Ofsted asks either way).",
           aliases=("Reg 40 rationale", "Reason"), width=30),
    Column("Reviewed on", "reviewed_on", Kind.DATE, f"The day the manager reviewed it. {DATE_HELP} Recorded as the "
           "start of that day (or the incident's time, on the day itself).", aliases=("Review date", "Date reviewed"),
           width=12),
    Column("Reviewed by", "reviewed_by", Kind.TEXT, "Who reviewed it (needed with a review).", width=18),
    Column("Review note", "review_note", Kind.NOTE, "The manager's review: what was learned, and any actions "
           "(needed with a review).", aliases=("Review", "Manager's review", "Manager review"), width=30),
), anchors=("ref", "type", "summary"))

def catalogue_fields(details_type: type, *columns: Column) -> tuple[Column, ...]:
    """A details sheet's columns, checked against the incident field catalogue: every field exactly once.

    A field the catalogue (the form's list) gains without a column here, or a column for a field
    it lacks, stops the import module loading, so the template cannot drift from the form. The
    template keeps its own column order, which filled-in templates already follow.
    """
    fields = [c.field for c in columns]
    keys = field_keys(details_type)
    if sorted(fields) != sorted(keys):
        raise ValueError(f"{details_type.__name__} columns {sorted(fields)} are not the catalogue's {sorted(keys)}")
    return columns


RESTRAINT = SheetSpec("Restraint", "One row per restraint or measure of control on the Incidents sheet: the reg "
                      "35(3) record and the three statutory steps.", (
    INCIDENT_REF, *catalogue_fields(RestraintDetails,
    Column("Behaviour", "behaviour", Kind.NOTE, "The behaviour that led to the measure.",
           aliases=("Behaviour that led to it",), width=28),
    Column("Measure", "measure", Kind.TEXT, "The measure used (for example 'two-person standing hold').",
           aliases=("Measure used", "Hold"), width=24),
    Column("Duration (minutes)", "duration_minutes", Kind.NUMBER, "How long it lasted, in whole minutes.",
           aliases=("Minutes",), width=10),
    Column("Tried first", "alternatives_tried", Kind.NOTE, "What was tried first.",
           aliases=("Alternatives tried", "What was tried first", "De-escalation"), width=24),
    Column("Used by", "used_by", Kind.TEXT, "Who used the measure.", width=18),
    Column("Others present", "others_present", Kind.TEXT, "Who else was present.", aliases=("Witnesses",),
           width=18),
    Column("Effect", "effect", Kind.NOTE, "Its effect.", width=20),
    Column("Injuries", "injuries", Kind.NOTE, "Any injury, to the child or anyone else.", width=18),
    Column("Medical treatment", "medical_treatment", Kind.NOTE, "Any medical treatment given.", width=18),
    Column("Planned under an EHC plan", "ehc_plan_planned", Kind.TICK, "✓ if it was planned under the child's EHC "
           "plan (the reg 35 steps then do not apply). Blank: ✗.", aliases=("EHC plan",), width=10),
    Column("Record made at", "record_made_at", Kind.DATETIME, f"When the record was made: {DATETIME_HELP}. Due "
           "within 24 hours of the measure (reg 35(3)).", aliases=("Recorded at",), width=17),
    Column("Staff spoken to at", "staff_spoken_at", Kind.DATETIME, "When the registered person (or someone they "
           f"authorised) spoke to the staff member and signed the record: {DATETIME_HELP}. Due within 48 hours.",
           width=17),
    Column("Signed by", "signed_by", Kind.TEXT, "Who spoke to the staff member and signed (needed with the time "
           "above).", width=18),
    Column("Child spoken to at", "child_spoken_at", Kind.DATETIME, "When the child was spoken to about it: "
           f"{DATETIME_HELP}. Due within 5 days (ideally 24 hours).", width=17),
    Column("Child's comments", "child_comments", Kind.NOTE, "What the child said.", aliases=("Child comments",),
           width=24)),
), anchors=("ref",))

MISSING = SheetSpec("Missing and away", "One row per missing from care or away without authorisation incident on "
                    "the Incidents sheet: the return, who was told, and the return home interview.", (
    INCIDENT_REF, *catalogue_fields(MissingDetails,
    Column("Returned at", "returned_at", Kind.DATETIME, f"When the child came back: {DATETIME_HELP}.",
           aliases=("Returned", "Return time"), width=17),
    Column("Whereabouts known", "whereabouts_known", Kind.TICK, "✓ if staff knew where the child was. Blank: ✗.",
           width=10),
    Column("Police informed at", "police_informed_at", Kind.DATETIME, f"{DATETIME_HELP}.",
           aliases=("Police informed",), width=17),
    Column("Police reference", "police_reference", Kind.TEXT, "The police's reference.",
           aliases=("Police ref", "Crime number"), width=14),
    Column("Placing authority informed at", "placing_authority_informed_at", Kind.DATETIME, f"{DATETIME_HELP}.",
           aliases=("Placing authority informed", "LA informed at"), width=17),
    choice_column("Risk level", "risk_level", {r: r.value.capitalize() for r in RiskLevel}, "The risk assessed. "
                  "Blank: Medium.", aliases=("Risk",), width=10),
    Column("Return interview offered at", "rhi_offered_at", Kind.DATETIME, "When the placing authority offered the "
           f"return home interview: {DATETIME_HELP}. Expected within 72 hours of the return (statutory guidance "
           "for local authorities, a secondary source).", aliases=("RHI offered at", "Return interview offered"),
           width=17),
    Column("Return interview offered by", "rhi_offered_by", Kind.TEXT, "Who offered it.",
           aliases=("RHI offered by",), width=20),
    Column("Return interview not offered", "rhi_not_offered", Kind.TICK, "✓ if no return home interview was "
           "offered.", aliases=("RHI not offered",), width=10),
    Column("Home challenged", "home_challenged", Kind.TICK, "✓ if the home challenged a missing interview.",
           width=10),
    Column("Challenge note", "challenge_note", Kind.NOTE, "How, and what came of it.", width=24)),
), anchors=("ref",))

ENQUIRIES = SheetSpec("CP enquiries", "One row per child protection enquiry on the Incidents sheet: when it started "
                      "and concluded, and the outcome. Reg 40(4)(d) notices are timed from these moments.", (
    INCIDENT_REF, *catalogue_fields(EnquiryDetails,
    Column("Started", "started_at", Kind.DATE_MAYBE_TIME, f"When the enquiry started: {DATE_MAYBE_TIME_HELP}. "
           f"{LOCAL} Without the time, the reg 40(4)(d)(i) notice is counted from the end of that day.",
           aliases=("Started at", "Started on", "Enquiry started", "Start", "Date started"), width=17),
    Column("Concluded", "concluded_at", Kind.DATE_MAYBE_TIME, f"When it concluded: {DATE_MAYBE_TIME_HELP}. "
           f"{LOCAL} Without the time, the reg 40(4)(d)(ii) notice is counted from the end of that day.",
           aliases=("Concluded at", "Concluded on", "Enquiry concluded", "End", "Date concluded"), width=17),
    Column("Outcome", "outcome", Kind.NOTE, "The outcome (needed once it has concluded: the reg 40(4)(d)(ii) notice "
           "must include it).", aliases=("Enquiry outcome", "Result"), width=30)),
), anchors=("ref",))

NOTIFICATIONS = SheetSpec("Notifications", "One row per reg 40 notification sent, for an incident on the "
                          "Incidents sheet.", (
    INCIDENT_REF,
    choice_column("Recipient", "recipient", {r: r.label for r in Recipient}, "Who was told.", required=True,
                  width=22, extra=(
                      ("Local authority", Recipient.PLACING_AUTHORITY), ("LA", Recipient.PLACING_AUTHORITY),
                      ("Placing LA", Recipient.PLACING_AUTHORITY), ("Social worker", Recipient.PLACING_AUTHORITY),
                      ("Host authority", Recipient.HOST_AUTHORITY), ("Host LA", Recipient.HOST_AUTHORITY),
                      ("ICB", Recipient.ICB), ("Other", Recipient.OTHER), ("DfE", Recipient.SECRETARY_OF_STATE),
                      ("PPO", Recipient.PPO), ("Prisons Ombudsman", Recipient.PPO))),
    Column("Recipient name", "recipient_name", Kind.TEXT, "Who exactly (needed for an other relevant person).",
           aliases=("Name", "To"), width=20),
    choice_column("Paragraph", "paragraph", PARAGRAPHS, "The reg 40 paragraph it was sent under.", required=True,
                  width=26, extra=_PARAGRAPH_WORDS, aliases=("Reg 40 paragraph",)),
    Column("Sent at", "sent_at", Kind.DATETIME, f"When it was sent: {DATETIME_HELP}. Target: within 24 hours "
           "(Guide 14.13).", required=True, aliases=("Sent", "Date sent"), width=17),
    Column("Method", "method", Kind.TEXT, "How it was sent (for example Ofsted online form, email).",
           aliases=("How sent",), width=18),
    Column("Ofsted reference", "reference", Kind.TEXT, "The reference Ofsted (or the recipient) gave.",
           aliases=("Reference", "Ofsted ref"), width=16),
), anchors=("ref",))

#: Every accepted spelling of a reg 40 paragraph, reduced by word_key (one list for both sheets).
PARAGRAPH_WORDS = NOTIFICATIONS.column("paragraph").choices

#: In the order they are imported: children, then incidents, then what belongs to an incident.
SHEETS = (CHILDREN, INCIDENTS, RESTRAINT, MISSING, ENQUIRIES, NOTIFICATIONS)
