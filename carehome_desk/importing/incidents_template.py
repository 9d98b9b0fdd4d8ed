"""The blank incidents workbook: children, incidents and their restraint, missing and notification sheets."""

from __future__ import annotations

from pathlib import Path

from carehome_desk.importing.incidents_sheets import INCIDENT_REF, INCIDENTS, PARAGRAPHS, SHEETS
from carehome_desk.importing.template import write_template
from carehome_desk.models.incidents import IncidentType

GUIDANCE = (
    "Fill in the sheets you need and leave the others empty. Keep each header row as it is: columns the "
    "importer does not know are ignored, and the header row may sit lower down.",
    "Children: one row each, named by your reference and initials (the full name is optional). The Incidents "
    "sheet names children by their reference, separated by commas.",
    "Incidents: give each one an Incident ref of your own. The Restraint, Missing and away, CP enquiries and "
    "Notifications sheets use it to say which incident a row belongs to.",
    "CP enquiries: when the enquiry started and concluded, with the time (03/04/2026 14:30): the reg 40(4)(d) "
    "notices are timed from them. Where only the date is known, give the date alone: the notice is then counted "
    "from the end of that day (reg 40: without delay; Guide 14.13: within 24 hours).",
    "Dates: DD/MM/YYYY, for example 03/04/2026. Times: HH:MM on the 24-hour clock, UK time as the clock on the wall "
    "showed it (BST in summer, GMT in winter). A date and time in one cell: 03/04/2026 14:30.",
    "Clock changes: a time in the hour the clocks skip in March did not happen and is reported. On the night they "
    "go back in October, 01:00 to 01:59 happens twice: write 01:30 BST or 01:30 GMT to say which.",
    "Ticks and crosses: ✓ (or yes) and ✗ (or no). An impossible date (31/02/2026) is reported, never guessed.",
    "Importing the same file again changes nothing: children are found by reference; incidents by type, date, time "
    "and children; notifications by incident, recipient, paragraph and time sent. A blank cell never clears what "
    "is already recorded.",
    "Every row with a problem is listed by sheet, row and column, and nothing is saved until every row is right "
    "(or you choose to skip the bad rows). Try it first with: carehome-desk import incidents FILE.xlsx --dry-run",
)


def _needed(sheet_name: str, field: str, required: bool) -> str:
    if sheet_name == INCIDENTS.name and field == INCIDENT_REF.field:
        return "If other sheets refer to it"
    if sheet_name == INCIDENTS.name and field == "children":
        return "Yes, for most types"
    return "Yes" if required else ""


def write_incidents_template(path: Path) -> None:
    """Write the blank incidents import workbook to ``path`` (via a temporary file renamed over it)."""
    write_template(path, "carehome-desk: children and incidents import", GUIDANCE, SHEETS, needed=_needed, appendix=(
        ("Incident types (Type column):", [t.label for t in IncidentType]),
        ("Reg 40 paragraphs (Reg 40 paragraphs and Paragraph columns):", list(PARAGRAPHS.values())),
    ))
