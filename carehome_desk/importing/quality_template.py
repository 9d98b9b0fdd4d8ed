"""The blank quality workbook: Reg 44 visits, Reg 45 reviews, inspections and their findings."""

from __future__ import annotations

from pathlib import Path

from carehome_desk.importing.quality_sheets import FINDINGS, INSPECTIONS, SHEETS, AssuranceOutcome
from carehome_desk.importing.template import write_template
from carehome_desk.models.home import Grade

GUIDANCE = (
    "Fill in the sheets you need and leave the others empty. Keep each header row as it is: columns the importer "
    "does not know are ignored, and the header row may sit lower down.",
    "Dates: DD/MM/YYYY, for example 03/04/2026. Date cells, 3.4.26 and 3 April 2026 are read too. An impossible date "
    "(31/02/2026) is reported, never guessed, and so is a visit, inspection or completed review dated in the future.",
    "Y/N and ticks: Y (or ✓, yes) and N (or ✗, no).",
    "Inspections: the three judgements of a full inspection in Ofsted's words only: Outstanding, Good, Requires "
    "improvement to be good, Inadequate. An assurance inspection has one outcome instead. A full inspection later "
    "than the one in Home settings becomes the home's last inspection there, with its grades.",
    "Actions: each new Reg 44 recommendation, and each requirement and recommendation on the Inspection findings "
    "sheet, becomes an action for the registered manager on the action plan, as when they are typed in the app. "
    "For visits and inspections whose actions were dealt with long ago, fill in Actions done on (the day they were "
    "finished, not before the visit or inspection and not in the future): the actions are then recorded as done on "
    "that day instead of open and overdue. Filled in later, it marks the open actions of that row done; a blank "
    "cell never reopens a done action.",
    "Importing the same file again changes nothing: visits are found by date and visitor, reviews by their period, "
    "inspections by date and type, findings by their inspection and wording. A blank cell never clears what is "
    "already recorded.",
    "Every row with a problem is listed by sheet, row and column, and nothing is saved until every row is right "
    "(or you choose to skip the bad rows). Try it first with: carehome-desk import quality FILE.xlsx --dry-run",
)


def _needed(sheet_name: str, field: str, required: bool) -> str:
    if sheet_name == INSPECTIONS.name and field == "assurance_outcome":
        return "For an assurance inspection"
    if sheet_name == FINDINGS.name and field == "regulation":
        return "For a requirement"
    if sheet_name == FINDINGS.name and field == "inspection_kind":
        return "If two share the date"
    return "Yes" if required else ""


def write_quality_template(path: Path) -> None:
    """Write the blank quality import workbook to ``path`` (via a temporary file renamed over it)."""
    write_template(path, "carehome-desk: Reg 44 visits, Reg 45 reviews and inspections import", GUIDANCE, SHEETS,
                   needed=_needed, appendix=(
                       ("Grades, in Ofsted's words (the three judgement columns of a full inspection):",
                        [g.label for g in Grade]),
                       ("Assurance outcomes, in Ofsted's words (the setting …):",
                        [o.value for o in AssuranceOutcome]),
                   ))
