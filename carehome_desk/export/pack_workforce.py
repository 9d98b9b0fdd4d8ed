"""Evidence pack sheets for the workforce: staff, training matrix, vetting summary, DBS, supervision."""

from __future__ import annotations

from datetime import date

from carehome_desk.services.evidence import Period
from carehome_desk.export.sheet import Col, Kind, SheetData
from carehome_desk.models.home import Home
from carehome_desk.models.diplomas import manager_level5
from carehome_desk.models.qualifications import CONFIRM_KEY, clock_start, required_kind
from carehome_desk.models.recruitment import CHECKS, check_mark
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.models.staff import StaffMember
from carehome_desk.models.status import Requirement, Status
from carehome_desk.models.training import Course
from carehome_desk.models.training_matrix import matrix_cells, training_matrix, used_courses
from carehome_desk.models.workforce import WorkforceSnapshot, staff_requirements

HOME = Col("Home", Kind.TEXT, 18)


def in_period(staff: StaffMember, period: Period) -> bool:
    """Worked at the home at some point in the period."""
    return (staff.archived_at is None and staff.start_date <= period.end
            and (staff.leaving_date is None or staff.leaving_date >= period.start))


def _status_text(req: Requirement | None) -> str:
    return req.status.label if req is not None else "Not required"


#: The sheets ``workforce_sheets`` builds, in order (the writer creates them before they are built).
SHEETS = ("Staff", "Training matrix", "Recruitment checks", "DBS", "Supervision")


def workforce_sheets(homes: list[tuple[Home, WorkforceSnapshot]], settings: ProviderSettings, period: Period,
                     today: date, several: bool | None = None, courses: list[Course] | None = None
                     ) -> list[SheetData]:
    """Staff and qualifications; training matrix; safer-recruitment checks; DBS; supervision.

    ``several`` as for ``incident_sheets``. The matrix is the core's ``training_matrix`` (the
    one the Training page draws): a column for each course anyone needs or holds, or for each
    of ``courses`` when given, so that building one home at a time every part has the same columns.
    """
    several = len(homes) > 1 if several is None else several
    lead = [HOME] if several else []
    staff_sheet = SheetData("Staff", "Staff and qualifications", lead + [
        Col("Name", Kind.TEXT, 24), Col("Role", Kind.TEXT, 24), Col("Care role", Kind.TEXT, 10),
        Col("Started", Kind.DATE, 12), Col("In role since", Kind.DATE, 12),
        Col("Diploma counted from", Kind.DATE, 12), Col("Left", Kind.DATE, 12),
        Col("Contract", Kind.TEXT, 12), Col("Hours a week", Kind.NUMBER, 8), Col("Lives at the home", Kind.TEXT, 9),
        Col("Diploma required", Kind.TEXT, 12), Col("Qualification status", Kind.STATUS, 14),
        Col("Due by", Kind.DATE, 12), Col("Qualification detail", Kind.TEXT, 40), Col("Rule", Kind.TEXT, 40),
        Col("Reg 32(7)", Kind.TEXT, 30)],
        note="Staff who worked at the home at any time in the period (Schedule 4 para 2); statuses as on the day "
             "the pack was made. Level 3 is counted from first starting in a care role in any children's home "
             "(reg 32(4): promotions do not restart it); Level 5 from first managing any children's home (reg 28).")
    if courses is None:
        courses = matrix_courses(homes, settings, today)
    matrix = SheetData("Training matrix", "Training matrix", lead + [Col("Name", Kind.TEXT, 24)] +
                       [Col(c.name, Kind.STATUS, 16) for c in courses],
                       note="Current staff × courses; each cell the status word and the date the training runs out "
                            "(or was due). '—' means not required for that person.")
    check_kinds = list(CHECKS)
    checks = SheetData("Recruitment checks", "Safer-recruitment checks (vetting summary)", lead + [
        Col("Name", Kind.TEXT, 24), Col("Started", Kind.DATE, 12)] +
        [Col(f"{CHECKS[k].short} ({CHECKS[k].source if CHECKS[k].basis.value == 'law' else 'practice'})",
             Kind.STATUS, 16) for k in check_kinds] + [Col("Reg 32(7)", Kind.TEXT, 40)],
        note="Schedule 2 of the 2015 Regulations; right to work and health are practice, labelled so.")
    dbs = SheetData("DBS", "DBS certificates and Update Service checks", lead + [
        Col("Name", Kind.TEXT, 24), Col("Certificate number", Kind.TEXT, 16), Col("Issued", Kind.DATE, 12),
        Col("Level", Kind.TEXT, 10), Col("Workforce", Kind.TEXT, 18), Col("Children's barred list", Kind.TEXT, 10),
        Col("Update Service", Kind.TEXT, 10), Col("Last status check", Kind.DATE, 12),
        Col("Result", Kind.TEXT, 24), Col("Checked by", Kind.TEXT, 18), Col("Recheck due", Kind.DATE, 12),
        Col("Status", Kind.STATUS, 12), Col("Rule", Kind.TEXT, 40)],
        note="The certificate's number and date, not its content (DBS code of practice).")
    supervision = SheetData("Supervision", "Supervision, appraisal, induction and probation", lead + [
        Col("Name", Kind.TEXT, 24), Col("Requirement", Kind.TEXT, 18), Col("Status", Kind.STATUS, 12),
        Col("Due", Kind.DATE, 12), Col("Detail", Kind.TEXT, 30), Col("Rule", Kind.TEXT, 50)],
        note="Reg 33: supervision (cadence is provider policy), appraisal at least yearly, induction, probation.")
    for home, snap in homes:
        pre = [home.name] if several else []
        grid = training_matrix(snap, settings, today, courses)
        for staff in snap.staff:
            if not in_period(staff, period):
                continue
            reqs = staff_requirements(snap, staff, settings, today) if staff.is_current(today) else []
            qual = next((r for r in reqs if r.area == "Qualification" and r.key != CONFIRM_KEY), None)
            diploma = required_kind(staff)
            flag = snap.reg_32_7_flag(staff, today) if staff.is_current(today) else None
            staff_sheet.rows.append(pre + [
                staff.full_name, staff.role_name, "Yes" if staff.is_care_role else "No", staff.start_date,
                staff.role_start_date, clock_start(diploma, staff) if diploma else None, staff.leaving_date,
                staff.contract.label, staff.hours_per_week,
                "Yes" if staff.lives_at_home else "No", qual.requirement if qual else "None",
                _status_text(qual) if staff.is_current(today) else "Left", qual.due if qual else None,
                qual.detail if qual else "", qual.source if qual else "", flag or ""])
            if not staff.is_current(today):
                continue
            cells = [matrix_cell_text(grid.cell(staff.id, course.id).requirement) for course in courses]
            matrix.rows.append(pre + [staff.full_name] + cells)
            mine = snap.vetting(staff)
            marks = [check_mark(mine.get(kind)) for kind in check_kinds]
            checks.rows.append(pre + [staff.full_name, staff.start_date] + marks + [flag or ""])
            cert = snap.latest_certificate(staff.id)
            status_checks = sorted(snap.status_checks.get(cert.id, []), key=lambda s: s.checked_on) if cert else []
            last = status_checks[-1] if status_checks else None
            dreq = next((r for r in reqs if r.area == "DBS"), None)
            dbs.rows.append(pre + [
                staff.full_name, cert.certificate_number if cert else "", cert.issue_date if cert else None,
                cert.level.label if cert else "", cert.workforce.label if cert else "",
                ("Yes" if cert.barred_list_children else "No") if cert else "",
                ("Yes" if cert.update_service else "No") if cert else "", last.checked_on if last else None,
                last.result.label if last else "", last.checked_by if last else "", dreq.due if dreq else None,
                _status_text(dreq), dreq.source if dreq else ""])
            for r in reqs:
                if r.area == "Supervision":
                    supervision.rows.append(pre + [staff.full_name, r.requirement, r.status.label, r.due, r.detail,
                                                   r.source])
    return [staff_sheet, matrix, checks, dbs, supervision]


def matrix_cell_text(r: Requirement | None) -> str:
    """The pack's words for a matrix cell: '—', 'Missing', 'In date 03/04/2027', 'Due soon …', 'Overdue …'."""
    if r is None:
        return "—"
    if r.status is Status.MISSING:
        return "Missing"
    return f"{r.status.label} {r.due.strftime('%d/%m/%Y') if r.due else 'no renewal'}"


def matrix_courses(homes: list[tuple[Home, WorkforceSnapshot]], settings: ProviderSettings,
                   today: date) -> list[Course]:
    """The training matrix's courses: those anyone at any of the homes needs or holds, in display order."""
    catalogue = [c for _, snap in homes for c in snap.active_courses()]
    cells = [key for _, snap in homes for key in matrix_cells(snap, settings, today)]
    return used_courses(catalogue, cells)


def level5_text(homes: list[tuple[Home, WorkforceSnapshot]], settings: ProviderSettings, today: date) -> str:
    """The registered manager's Level 5 status in one line per home."""
    lines = []
    for home, snap in homes:
        level5 = manager_level5(snap, settings, today)
        if level5.manager is None:
            lines.append(f"{home.name}: no registered manager recorded")
            continue
        r = level5.requirement
        lines.append(f"{home.name}: {level5.manager.full_name} — {r.detail if r else 'not recorded'}"
                     + (f" ({r.status.label.lower()})" if r else ""))
    return "; ".join(lines)
