"""The workforce workbook's sheets and columns: what the template writes is what the importer reads."""

from __future__ import annotations

from carehome_desk.importing.workbook import Column, Kind, SheetSpec
from carehome_desk.importing.workbook import choice_column as _choice
from carehome_desk.models.dbs import DbsLevel, StatusResult, Workforce
from carehome_desk.models.qualifications import DeferralReason, QualificationKind, QualificationStatus
from carehome_desk.models.recruitment import CHECKS, CheckKind
from carehome_desk.models.staff import Contract, StaffRole
from carehome_desk.models.supervision import SessionKind

DATE_HELP = "DD/MM/YYYY, for example 03/04/2024."
STAFF_REF = Column("Staff ref", "person_ref", Kind.TEXT, "The person's Staff ref, as on the Staff sheet. Give this "
                   "or their full name.", aliases=("Ref", "Staff ID", "Employee number", "Payroll number"), width=12)
FULL_NAME = Column("Full name", "person_name", Kind.TEXT, "The person's full name, as on the Staff sheet (not needed "
                   "when the Staff ref is given).", aliases=("Name", "Staff name", "Employee"), width=24)
WHO = ("person_ref", "person_name")
CARE_STARTED = "First in a care role (any children's home)"
MANAGING_STARTED = "First managing a home (any home)"

STAFF = SheetSpec("Staff", "One row per person who works or has worked at the home; leavers stay.", (
    Column("Staff ref", "staff_ref", Kind.TEXT, "Your own reference for the person (HR or payroll number). "
           "Optional, but it lets the other sheets and later imports find them even if their name changes.",
           aliases=STAFF_REF.aliases, width=12),
    Column("Full name", "full_name", Kind.TEXT, "Their full name.", required=True, aliases=FULL_NAME.aliases,
           width=24),
    _choice("Role", "role", {r: r.label for r in StaffRole}, "Their role.", required=True, width=28, extra=(
        ("Manager", StaffRole.REGISTERED_MANAGER), ("Home manager", StaffRole.REGISTERED_MANAGER),
        ("Deputy", StaffRole.DEPUTY), ("Team leader", StaffRole.TEAM_LEADER), ("Senior", StaffRole.TEAM_LEADER),
        ("Senior residential worker", StaffRole.TEAM_LEADER), ("Residential worker", StaffRole.RESIDENTIAL_WORKER),
        ("Residential care worker", StaffRole.RESIDENTIAL_WORKER), ("RCW", StaffRole.RESIDENTIAL_WORKER),
        ("Bank", StaffRole.BANK), ("Agency", StaffRole.AGENCY), ("Ancillary", StaffRole.ANCILLARY),
        ("Other", StaffRole.OTHER))),
    Column("Role title", "role_title", Kind.TEXT, "The provider's own name for the role (for example 'Education "
           "lead'). Needed when Role is Other.", aliases=("Job title",), width=20),
    Column("Care role", "care_role", Kind.TICK, "✓ or ✗: whether the role is a care role (reg 32(4)). Blank: the "
           "role's usual answer (every role except Ancillary and Other is a care role).", width=10),
    Column("Start date", "start_date", Kind.DATE, f"The day they started at the home. {DATE_HELP}", required=True,
           aliases=("Started", "Date started", "Start"), width=12),
    Column("Started current role", "role_start_date", Kind.DATE, "The day they started in their current role, if "
           "later than the start date. The Level 3 and Level 5 deadlines do not count from it (a promotion does "
           f"not restart them): see the two 'First …' columns. {DATE_HELP}",
           aliases=("Role start date", "Date started in role"), width=14),
    Column("Leaving date", "leaving_date", Kind.DATE, f"Their last day, for leavers. {DATE_HELP}",
           aliases=("Left", "Date left"), width=12),
    _choice("Contract", "contract", {c: c.label for c in Contract}, "Blank: Permanent.", width=14,
            aliases=("Contract type",)),
    Column("Hours per week", "hours_per_week", Kind.NUMBER, "Contracted hours a week (for example 37.5).",
           aliases=("Hours", "Contracted hours"), width=10),
    Column("Lives at the home", "lives_at_home", Kind.TICK, "✓ or ✗ (Schedule 4 asks). Blank: ✗.",
           aliases=("Lives in",), width=10),
    Column("Induction completed", "induction_completed", Kind.DATE, f"When their induction was completed. {DATE_HELP}",
           aliases=("Induction",), width=14),
    Column("Probation completed", "probation_completed", Kind.DATE, f"When their probation was passed. {DATE_HELP}",
           aliases=("Probation",), width=14),
    Column(CARE_STARTED, "care_started_on", Kind.DATE, "Care roles: the day they first started in a care role in "
           "any children's home, here or earlier. Reg 32(4): Level 3 is due 2 years after this date; a promotion "
           "between care roles does not restart it, but moving into care from a non-care role starts it. Blank: "
           "the start date here, listed for you to confirm on the Staff page if they changed role here. "
           f"{DATE_HELP}", aliases=("First in a care role", "First care role", "Started in care"), width=18),
    Column(MANAGING_STARTED, "managing_started_on", Kind.DATE, "The registered manager: the day they first started "
           "managing any children's home, here or earlier. Reg 28: Level 5 is due 3 years after this date. Blank: "
           f"the start of their current role here, listed for you to confirm on the Staff page. {DATE_HELP}",
           aliases=("First managing a home", "First managing", "Started managing"), width=18),
), anchors=("staff_ref", "full_name"))

QUALIFICATIONS = SheetSpec("Qualifications", "One row per person per diploma (Level 3 or Level 5).", (
    STAFF_REF, FULL_NAME,
    _choice("Diploma", "kind", {k: k.short for k in QualificationKind}, "Level 3 for care staff, Level 5 for the "
            "registered manager.", required=True, aliases=("Qualification", "Level"), width=10,
            extra=[(k.full_title, k) for k in QualificationKind] + [("L3", QualificationKind.LEVEL3),
                                                                     ("L5", QualificationKind.LEVEL5)]),
    _choice("Status", "status", {s: s.label for s in QualificationStatus}, "Blank: Achieved if there is an "
            "achieved date, Enrolled if there is an enrolled date.", width=12, extra=(
                ("Completed", QualificationStatus.ACHIEVED), ("Qualified", QualificationStatus.ACHIEVED),
                ("In progress", QualificationStatus.ENROLLED), ("Working towards", QualificationStatus.ENROLLED),
                ("Registered", QualificationStatus.ENROLLED))),
    Column("Enrolled", "enrolled_date", Kind.MONTH_DATE, f"When they enrolled. {DATE_HELP} A month and year "
           "(April 2024) is accepted here and recorded as the 1st.", aliases=("Enrolled date", "Date enrolled"),
           width=12),
    Column("Achieved", "achieved_date", Kind.MONTH_DATE, f"When they achieved it. {DATE_HELP} A month and year "
           "(April 2024) is accepted here and recorded as the 1st.", aliases=("Achieved date", "Date achieved"),
           width=12),
    Column("Equivalent qualification", "equivalent_name", Kind.TEXT, "An equivalent qualification you accepted "
           "instead, if any.", width=24),
    Column("Equivalence reasoning", "equivalence_reasoning", Kind.NOTE, "Why it is equivalent (needed with an "
           "equivalent qualification).", width=30),
    Column("Deferred to", "deferred_to", Kind.DATE, f"The date the deadline is deferred to, if deferred. {DATE_HELP}",
           width=12),
    _choice("Deferral reason", "deferral_reason", {d: d.label.capitalize() for d in DeferralReason},
            "Needed with a deferral.", width=18, extra=(("Part time", DeferralReason.PART_TIME),)),
    Column("Deferral note", "deferral_note", Kind.NOTE, "Anything more about the deferral.", width=24),
), anchors=WHO)

CHECKS_SHEET = SheetSpec("Checks", "One row per person per safer-recruitment check (Schedule 2, plus right to work "
                         "and health, which are practice).", (
    STAFF_REF, FULL_NAME,
    _choice("Check", "kind", {k: s.short for k, s in CHECKS.items()}, "Which check (the full name also works).",
            required=True, width=12, extra=[(s.label, k) for k, s in CHECKS.items()] + [
                ("Identity", CheckKind.IDENTITY), ("Reference 1", CheckKind.REFERENCE_RECENT),
                ("Reference 2", CheckKind.REFERENCE_SECOND), ("Right to work", CheckKind.RIGHT_TO_WORK),
                ("Employment history", CheckKind.EMPLOYMENT_HISTORY), ("Qualifications", CheckKind.QUALIFICATIONS),
                ("Reason for leaving", CheckKind.REASON_FOR_LEAVING)]),
    Column("Done", "done", Kind.TICK, "✓ when the check is complete, ✗ when not. Blank with a date: done.", width=8),
    Column("Date done", "done_date", Kind.DATE, f"When it was completed. {DATE_HELP}",
           aliases=("Date", "Date checked", "Completed"), width=12),
    Column("Verified by", "verified_by", Kind.TEXT, "Who verified it (needed when done).",
           aliases=("Checked by",), width=20),
    Column("Not applicable", "not_applicable", Kind.TICK, "✓ if the check does not apply to them (only Ref 1, "
           "Leaving and Quals can); say why in Note.", aliases=("N/A", "NA"), width=10),
    Column("Note", "note", Kind.NOTE, "Anything more.", aliases=("Notes", "Comments"), width=30),
), anchors=WHO)

DBS = SheetSpec("DBS", "One row per DBS certificate.", (
    STAFF_REF, FULL_NAME,
    Column("Certificate number", "certificate_number", Kind.DIGITS, "The 12-digit certificate number. Keep the "
           "column formatted as Text so leading zeros stay.", required=True,
           aliases=("DBS number", "Certificate no", "DBS certificate number", "Cert number"), width=16),
    Column("Issue date", "issue_date", Kind.DATE, f"The date on the certificate. {DATE_HELP}", required=True,
           aliases=("Issued", "Date of issue", "Date issued"), width=12),
    _choice("Level", "level", {lv: lv.label for lv in DbsLevel}, "Blank: Enhanced.", width=12),
    _choice("Workforce", "workforce", {w: w.label for w in Workforce}, "Blank: Child workforce.", width=24, extra=(
        ("Child", Workforce.CHILD), ("Children", Workforce.CHILD), ("Child and adult", Workforce.CHILD_AND_ADULT),
        ("Both", Workforce.CHILD_AND_ADULT), ("Adult", Workforce.ADULT), ("Other", Workforce.OTHER))),
    Column("Children's barred list", "barred_list_children", Kind.TICK, "✓ if the certificate includes the "
           "children's barred list check, ✗ if not.", required=True,
           aliases=("Barred list", "Barred list checked", "Childrens barred list"), width=12),
    Column("Update Service", "update_service", Kind.TICK, "✓ if they subscribe to the DBS Update Service. Blank: ✗.",
           aliases=("Update Service subscriber", "On the Update Service"), width=10),
    Column("Note", "note", Kind.NOTE, "Anything more (not the certificate's content).", aliases=("Notes",), width=24),
), anchors=WHO + ("certificate_number",))

STATUS_CHECKS = SheetSpec("DBS status checks", "One row per online Update Service status check.", (
    Column("Certificate number", "certificate_number", Kind.DIGITS, "The 12-digit number of the certificate "
           "checked (on the DBS sheet or already recorded).", required=True, aliases=DBS.columns[2].aliases,
           width=16),
    Column("Checked on", "checked_on", Kind.DATE, f"The day of the check. {DATE_HELP}", required=True,
           aliases=("Date", "Date checked"), width=12),
    _choice("Result", "result", {r: r.label for r in StatusResult}, "What the Update Service said.", required=True,
            width=30, extra=(("No change", StatusResult.NO_CHANGE), ("New information", StatusResult.NEW_INFORMATION),
                             ("Not found", StatusResult.NOT_FOUND))),
    Column("Checked by", "checked_by", Kind.TEXT, "Who ran the check.", required=True, width=20),
    Column("Note", "note", Kind.NOTE, "Anything more.", aliases=("Notes",), width=24),
), anchors=("certificate_number",))

TRAINING = SheetSpec("Training", "One row per course someone completed.", (
    STAFF_REF, FULL_NAME,
    Column("Course", "course", Kind.TEXT, "The course's name as in the app's course catalogue (the default names "
           "are listed below).", required=True, aliases=("Course name", "Training"), width=30),
    Column("Completed", "completed", Kind.DATE, f"The day they completed it. {DATE_HELP}", required=True,
           aliases=("Date completed", "Completed on", "Date"), width=12),
    Column("Expiry", "expiry_override", Kind.DATE, "Leave blank: the app works it out from the course's renewal "
           f"interval. Fill in only to override it. {DATE_HELP}", aliases=("Expires", "Expiry date"), width=12),
    Column("Provider", "provider", Kind.TEXT, "Who delivered it.", aliases=("Trainer", "Training provider"),
           width=22),
    Column("Certificate ref", "certificate_ref", Kind.TEXT, "The certificate's reference, if any.",
           aliases=("Certificate", "Certificate reference"), width=16),
), anchors=WHO + ("course",))

SUPERVISION = SheetSpec("Supervision", "One row per supervision or appraisal held.", (
    STAFF_REF, FULL_NAME,
    _choice("Type", "kind", {k: k.label for k in SessionKind}, "Blank: Supervision.", width=14,
            extra=(("Annual appraisal", SessionKind.APPRAISAL),)),
    Column("Date", "held_on", Kind.DATE, f"The day it was held. {DATE_HELP}", required=True,
           aliases=("Held on", "Date held"), width=12),
    Column("Supervisor", "supervisor", Kind.TEXT, "Who gave it.", required=True,
           aliases=("Supervised by", "Given by", "Appraiser"), width=20),
    Column("Note", "note", Kind.NOTE, "Anything more (not the content of the session).", aliases=("Notes",),
           width=30),
), anchors=WHO)

#: In the order they are imported: people first, then what refers to them.
SHEETS = (STAFF, QUALIFICATIONS, CHECKS_SHEET, DBS, STATUS_CHECKS, TRAINING, SUPERVISION)
