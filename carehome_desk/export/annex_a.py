"""Annex A figures for the period, each saying how it was counted ([SCCIF] 'What inspectors ask for')."""

from __future__ import annotations

from collections import Counter
from datetime import date

from carehome_desk.services.evidence import Metric, Period, level5_metric
from carehome_desk.export.sheet import Col, Kind, SheetData
from carehome_desk.services.incident_figures import children_in, count, in_period
from carehome_desk.models.children import Child, on_register
from carehome_desk.models.diplomas import level3_progress
from carehome_desk.models.home import Home
from carehome_desk.models.incidents import Incident, IncidentType, PoliceDetails
from carehome_desk.models.workforce import WorkforceSnapshot
from carehome_desk.models.settings import ProviderSettings


#: The sheet ``annex_a_sheet`` builds.
SHEET = "Annex A"


def annex_a_sheet(homes: list[tuple[Home, list[Child], list[Incident], WorkforceSnapshot, dict[str, Metric]]],
                  settings: ProviderSettings, period: Period, today: date, completed_by: str) -> SheetData:
    """One block of figures per home: question, figure, how it was counted."""
    several = len(homes) > 1
    sheet = SheetData(SHEET, f"Annex A figures, {period.label}", ([Col("Home", Kind.TEXT, 18)] if several else [])
                      + [Col("Item", Kind.TEXT, 46), Col("Figure", Kind.TEXT, 26), Col("How it was counted", Kind.TEXT, 80)],
                      note="Counted from the records for the period; Ofsted's own Annex A form may word questions "
                           "differently: check each figure against the form's current questions on GOV.UK before returning it.")
    for home, named, incidents, snap, metrics in homes:
        kids = on_register(named)
        pre = [home.name] if several else []

        def add(item: str, figure: object, how: str) -> None:
            sheet.rows.append(pre + [item, str(figure), how])

        inside = in_period(period, incidents)  # the counting the dashboard tiles and the figures use

        add("Home name", home.name, "From Home settings.")
        add("URN", home.urn, "Ofsted unique reference number, from Home settings.")
        add("Completed by", completed_by, "The person who made this pack (the audit trail's user label).")
        add("Date completed", today.strftime("%d/%m/%Y"), "The day the pack was made.")
        add("Children admitted", sum(period.holds(k.admission_date) for k in kids),
            "Children with an admission date in the period.")
        add("Children who left", sum(bool(k.leaving_date and period.holds(k.leaving_date)) for k in kids),
            "Children with a leaving date in the period.")
        add("Children living at the home now", sum(k.is_resident(today) for k in kids),
            f"Admitted on or before {today:%d/%m/%Y} and not yet left.")
        add("Incidents of restraint (8a)", count(period, inside, IncidentType.RESTRAINT),
            "Restraint or other measure of control records in the period.")
        add("Children restrained (8b)", children_in(inside, IncidentType.RESTRAINT), "Different children in those records.")
        add("Times away from placement without authorisation (9a)", count(period, inside, IncidentType.AWAY),
            "Episodes recorded as 'away from placement without authorisation' (whereabouts known).")
        add("Children away without authorisation (9b)", children_in(inside, IncidentType.AWAY), "Different children in those episodes.")
        add("Missing from care episodes", count(period, inside, IncidentType.MISSING),
            "Episodes recorded as 'missing from care' (whereabouts unknown), counted apart from 'away'.")
        add("Children missing from care", children_in(inside, IncidentType.MISSING), "Different children in those episodes.")
        add("Return home interviews offered", metrics["rhi_offered"].text, metrics["rhi_offered"].how)
        at_risk = {c for i in inside if i.type is IncidentType.EXPLOITATION for c in i.child_ids}
        current = {k.id for k in kids if k.is_resident(today)}
        add("Children at risk of sexual or criminal exploitation (current)", len(at_risk & current),
            "Children living at the home now with an exploitation concern recorded in the period.")
        police = [i for i in inside if i.type is IncidentType.POLICE]
        callouts = sum(1 for i in police if not isinstance(i.details, PoliceDetails) or i.details.called_out)
        add("Police call-outs", callouts, "Police involvement records in the period where the police were called out.")
        complaints = [i for i in inside if i.type is IncidentType.COMPLAINT]
        add("Complaints", len(complaints), "Complaints made in the period (outcomes on the Complaints sheet).")
        notifiable = [i for i in inside if i.notifiable]
        add("Reg 40 notifications", len(notifiable), "Incidents in the period decided notifiable under reg 40.")
        add("Reg 40 notifications within 24 hours", metrics["notifications_on_time"].text,
            metrics["notifications_on_time"].how)
        roles = Counter[str]()
        for staff in snap.current_staff(today):
            roles[staff.role_name] += 1
        l3 = Counter(level3_progress(snap, settings, today).values())  # as the dashboard's Level 3 tile counts
        for role, n in sorted(roles.items()):
            add(f"Staff: {role}", n, "Current staff in this role (Staff sheet has each person).")
        add("Care staff Level 3 status", ", ".join(f"{n} {w}" for w, n in sorted(l3.items())) or "none",
            "Current care staff other than the manager: Level 3 achieved (or equivalent), enrolled, overdue, not "
            "started (reg 32(4)).")
        # On the day the pack is made, as the Level 3 row above, the cover and the Staff sheet judge it.
        level5 = level5_metric(snap, settings, today)
        add("Registered manager's Level 5", level5.text, f"{level5.how} Judged on {today:%d/%m/%Y}.")
    return sheet
