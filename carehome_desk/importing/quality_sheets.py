"""The quality workbook's sheets and columns (Reg 44, Reg 45, inspections): what the template writes is what
the importer reads."""

from __future__ import annotations

from enum import Enum

from carehome_desk.importing.workbook import Column, Kind, SheetSpec, choice_column
from carehome_desk.importing.workforce_sheets import DATE_HELP
from carehome_desk.models.home import Grade, Judgement
from carehome_desk.models.quality import ASSURANCE_OUTCOMES, InspectionKind


class AssuranceOutcome(str, Enum):
    """The single judgement of an assurance inspection, in Ofsted's words (SCCIF)."""

    NO_SERIOUS_CONCERNS = ASSURANCE_OUTCOMES[0]
    SERIOUS_CONCERNS = ASSURANCE_OUTCOMES[1]


class YesNo(str, Enum):
    """A Y/N cell (ticks and crosses are read too)."""

    YES = "Y"
    NO = "N"


_YES_NO_WORDS = [(word, YesNo.YES) for word in ("yes", "✓", "✔", "true", "announced")] + [
    (word, YesNo.NO) for word in ("no", "✗", "✘", "x", "false", "unannounced")]


class FindingKind(str, Enum):
    """What an inspection finding is."""

    REQUIREMENT = "requirement"
    RECOMMENDATION = "recommendation"


SENT_TO_OFSTED = ("Report sent to Ofsted", "Date sent to Ofsted", "Sent", "Sent on")
_DONE_ALIASES = ("Actions done", "Actions completed", "Actions completed on", "Date actions done")


def _done_column(what: str) -> Column:
    # History (a year of past visits) must not flood the action plan with actions dealt with long ago.
    return Column("Actions done on", "actions_done_on", Kind.DATE, f"Only if the actions from {what} were all done "
                  "already: the day they were finished. They are then recorded as done on that day, not left open "
                  f"on the action plan; an open one already raised is marked done. Blank: open actions. {DATE_HELP}",
                  aliases=_DONE_ALIASES, width=12)


VISITS = SheetSpec("Reg 44 visits", "One row per visit by the independent person (reg 44): at least one a month. "
                   "Later imports find a visit by its date and visitor.", (
    Column("Visitor", "visitor", Kind.TEXT, "The independent person's name.", required=True,
           aliases=("Independent person", "Independent visitor", "Reg 44 visitor", "Visited by"), width=22),
    Column("Visit date", "visited_on", Kind.DATE, f"The day of the visit. {DATE_HELP}", required=True,
           aliases=("Date", "Date of visit", "Visited", "Visited on"), width=12),
    choice_column("Announced", "announced", {YesNo.YES: "Y", YesNo.NO: "N"}, "Y if the home knew of the visit in "
                  "advance, N if it was unannounced (✓ and ✗, yes and no are read too). Blank: N.",
                  aliases=("Announced visit",), extra=_YES_NO_WORDS, width=10),
    Column("Report received", "report_received_on", Kind.DATE, f"The day the home received the report. {DATE_HELP}",
           aliases=("Report received on", "Date report received", "Report date"), width=12),
    Column("Sent to Ofsted", "sent_to_ofsted_on", Kind.DATE, "The day the report was sent to Ofsted: due before the "
           f"end of the month after the visit (SCCIF). {DATE_HELP}", aliases=SENT_TO_OFSTED, width=12),
    Column("Opinion on safeguarding and well-being", "safeguarded_opinion", Kind.NOTE, "The independent person's "
           "opinion, in their words: are children effectively safeguarded, and does the conduct of the home promote "
           "their well-being (reg 44(4))?", aliases=("Opinion", "Safeguarding opinion", "Independent person's opinion"),
           width=40),
    Column("Recommendations", "recommendations", Kind.NOTE, "One recommendation a line (Alt+Enter starts a new line "
           "in Excel, Ctrl+Enter in LibreOffice). Each new one becomes an action for the registered manager, due a "
           "month after the visit (done already if Actions done on is filled).",
           aliases=("Recommendation", "Recommended actions"), width=40),
    _done_column("this visit's recommendations"),
), anchors=("visitor", "visited_on"))

REVIEWS = SheetSpec("Reg 45 reviews", "One row per quality of care review (reg 45): at least one every 6 months. "
                    "Later imports find a review by its period.", (
    Column("Period from", "period_start", Kind.DATE, f"The first day the review covers. {DATE_HELP}", required=True,
           aliases=("From", "Period start", "Review period from", "Start"), width=12),
    Column("Period to", "period_end", Kind.DATE, f"The last day the review covers. {DATE_HELP}", required=True,
           aliases=("To", "Period end", "Review period to", "End"), width=12),
    Column("Completed", "completed_on", Kind.DATE, f"The day the review was completed. {DATE_HELP}",
           aliases=("Completed on", "Date completed", "Review completed"), width=12),
    Column("Sent to Ofsted", "sent_to_ofsted_on", Kind.DATE, "The day the report was sent to Ofsted: due within 28 "
           f"days of completing the review (reg 45(4)(a)). {DATE_HELP}", aliases=SENT_TO_OFSTED, width=12),
    Column("Summary", "summary", Kind.NOTE, "A short summary of the findings and the actions planned.",
           aliases=("Summary of findings", "Findings", "Notes"), width=50),
), anchors=("period_start", "period_end"))

GRADE_HELP = "In Ofsted's words. Only for a full inspection; blank if not recorded."
_KINDS = {InspectionKind.FULL: "Full", InspectionKind.ASSURANCE: "Assurance", InspectionKind.MONITORING: "Monitoring"}
_KIND_WORDS = [(k.label, k) for k in InspectionKind]


def _grade_column(judgement: Judgement, aliases: tuple[str, ...]) -> Column:
    # Only Ofsted's four grades are read: 'requires improvement' or 'satisfactory' is refused, never mapped.
    return choice_column(judgement.label, judgement.value, {g: g.label for g in Grade}, GRADE_HELP, aliases=aliases,
                         width=24)


INSPECTIONS = SheetSpec("Inspections", "One row per Ofsted inspection. A full inspection has the three judgements; "
                        "an assurance inspection has one outcome. Requirements and recommendations go on the "
                        "Inspection findings sheet. Later imports find an inspection by its date and type.", (
    Column("Date", "inspected_on", Kind.DATE, f"The day the inspection began. {DATE_HELP}", required=True,
           aliases=("Inspection date", "Date of inspection", "Inspected on"), width=12),
    choice_column("Type", "kind", _KINDS, "Full, assurance or monitoring inspection.", required=True, width=14,
                  extra=_KIND_WORDS, aliases=("Inspection type",)),
    _grade_column(Judgement.OVERALL, ("Overall", "Overall judgement", "Overall experiences and progress")),
    _grade_column(Judgement.HELPED_PROTECTED, ("Helped and protected", "Help and protection")),
    _grade_column(Judgement.LEADERSHIP, ("Effectiveness of leaders and managers", "Leaders and managers",
                                         "Leadership", "Leadership and management")),
    choice_column("Assurance outcome", "assurance_outcome", {o: o.value for o in AssuranceOutcome},
                  "Only for an assurance inspection: whether the setting has serious or widespread concerns, in "
                  "Ofsted's words.", width=30, aliases=("Assurance judgement",),
                  extra=[(f"The setting {o.value}", o) for o in AssuranceOutcome]),
    Column("Monitoring outcome", "monitoring_outcome", Kind.TEXT, "Only for a monitoring inspection: what it found, "
           "briefly (for example 'compliance notice served').", aliases=("Monitoring note",), width=30),
), anchors=("inspected_on", "kind"))

FINDINGS = SheetSpec("Inspection findings", "One row per requirement or recommendation, for an inspection on the "
                     "Inspections sheet or already recorded. Each becomes an action for the registered manager, due "
                     "by its compliance date (or three months after the inspection), or is recorded as "
                     "done on the Actions done on date when that is filled.", (
    Column("Inspection date", "inspection_date", Kind.DATE, f"The date of the inspection it came from. {DATE_HELP}",
           required=True, aliases=("Date", "Date of inspection"), width=12),
    choice_column("Inspection type", "inspection_kind", _KINDS, "Only needed when two inspections share that date.",
                  width=14, extra=_KIND_WORDS),
    choice_column("Requirement or recommendation", "finding_kind", {k: k.value.capitalize() for k in FindingKind},
                  "A requirement cites a regulation and has a compliance date; a recommendation cites a paragraph "
                  "of the Guide to the Children's Homes Regulations.", required=True, width=16,
                  aliases=("Requirement / recommendation", "Finding type", "Kind"),
                  extra=(("Req", FindingKind.REQUIREMENT), ("Rec", FindingKind.RECOMMENDATION))),
    Column("What Ofsted said", "text", Kind.TEXT, "The requirement or recommendation, as the report words it. "
           "Later imports find it by this text.", required=True, aliases=("Text", "Finding", "Wording", "Details"),
           width=60),
    Column("Regulation or paragraph", "regulation", Kind.TEXT, "The regulation a requirement cites (for example "
           "Reg 12(2)(a)), or the Guide paragraph of a recommendation (for example Guide 15.4). Needed for a "
           "requirement.", aliases=("Regulation", "Paragraph", "Guide paragraph", "Reg"), width=18),
    Column("Compliance date", "due", Kind.DATE, f"For a requirement: the date Ofsted set to comply by. {DATE_HELP}",
           aliases=("Comply by", "Due", "Due date", "Compliance by"), width=12),
    _done_column("this finding"),
), anchors=("inspection_date", "text"))

SHEETS = (VISITS, REVIEWS, INSPECTIONS, FINDINGS)
