"""The incident field catalogue: which fields each incident type's details hold, in the law's own order.

One list, read by the incident form (its sections, captions and hints), the import template
(its columns must be these fields, in this order) and the evidence pack's sheets.
"""

from __future__ import annotations

from dataclasses import dataclass

from carehome_desk.models.incidents import (
    AllegationDetails,
    ComplaintDetails,
    EnquiryDetails,
    MissingDetails,
    PoliceDetails,
    RestraintDetails,
    SanctionDetails,
    SearchDetails,
)


@dataclass(frozen=True)
class Spec:
    """One field of a type's details: the dataclass attribute, its caption, how it is entered, a hint.

    Kinds: 'line', 'text' (a few lines), 'minutes', 'datetime', 'moment' (a date and time a clock starts
    from, keeping an older record's day-only ``*_on`` value), 'date', 'check' (the caption is the tick
    box's own text), 'risk', 'police_called', 'staff'.
    """

    key: str
    label: str
    kind: str = "line"
    hint: str = ""


@dataclass(frozen=True)
class Section:
    """A titled group of fields."""

    title: str
    specs: tuple[Spec, ...]
    intro: str = ""


RHI_SOURCE = ("Expected within 72 hours of the return (2014 statutory guidance on children who go missing; "
              "secondary source — the primary text is not confirmed).")

RESTRAINT = (
    Section("Reg 35(3)(a): what the record must hold", (
        Spec("behaviour", "Behaviour that led to it", "text"),
        Spec("measure", "The measure used", "text",
             "Restricting liberty of movement counts as restraint (reg 2; Guide 9.42)."),
        Spec("duration_minutes", "How long (minutes)", "minutes"),
        Spec("alternatives_tried", "Tried first to avoid it", "text"),
        Spec("used_by", "Used by", "line"),
        Spec("others_present", "Others present", "line"),
        Spec("effect", "How effective; consequences", "text"),
        Spec("injuries", "Injuries (anyone)", "line", "To the child or anyone else; write ‘None’ if none."),
        Spec("medical_treatment", "Medical treatment", "line"),
        Spec("ehc_plan_planned", "Planned and used routinely under the child's EHC plan", "check",
             "Reg 35(4): the three steps below then do not apply. Non-routine restraint under a plan is "
             "still recorded."),
    ), "In the regulation's order; the child, date, time and location are above."),
    Section("Reg 35(3): the three statutory steps", (
        Spec("record_made_at", "Record made", "datetime", "Reg 35(3)(a): within 24 hours of the measure."),
        Spec("staff_spoken_at", "Spoke to the staff member", "datetime",
             "Reg 35(3)(b): within 48 hours the registered person (or someone they authorised) speaks to "
             "the staff member and signs the record."),
        Spec("signed_by", "Signed by", "line"),
        Spec("child_spoken_at", "Spoke to the child", "datetime",
             "Reg 35(3)(c): within 5 days; Guide 9.60: ideally within 24 hours."),
        Spec("child_comments", "The child's comments", "text", "Guide 9.60: offer the child the chance to add "
             "their own comments, and advocacy."),
    )),
)

MISSING = (
    Section("The episode", (
        Spec("returned_at", "Returned at", "datetime", "Leave empty while the child is still away."),
        Spec("whereabouts_known", "Whereabouts known while away", "check",
             "Known whereabouts with concern is ‘away from placement without authorisation’; unknown is "
             "‘missing from care’ (2014 guidance; secondary source)."),
        Spec("risk_level", "Risk level", "risk"),
        Spec("police_informed_at", "Police informed at", "datetime"),
        Spec("police_reference", "Police reference", "line"),
        Spec("placing_authority_informed_at", "Placing authority informed", "datetime"),
    )),
    Section("Return home interview", (
        Spec("rhi_offered_at", "Offered at", "datetime", RHI_SOURCE),
        Spec("rhi_offered_by", "Offered by", "line", "The placing authority's service or worker."),
        Spec("rhi_not_offered", "The placing authority did not offer an interview", "check"),
        Spec("home_challenged", "The home challenged the placing authority", "check",
             "SCCIF: the home is expected to challenge an authority that does not offer one."),
        Spec("challenge_note", "Challenge note", "text"),
    ), "The placing authority must offer one every time the child returns (Guide 9.30)."),
)

SECTIONS: dict[type, tuple[Section, ...]] = {
    RestraintDetails: RESTRAINT,
    MissingDetails: MISSING,
    AllegationDetails: (Section("Allegation against staff", (
        Spec("staff_id", "Member of staff", "staff"),
        Spec("staff_name", "Name as recorded", "line", "Filled in from the staff list; type it if they are not on it."),
        Spec("lado_referred_at", "Referred to the LADO", "datetime",
             "Within one working day (Working Together and local procedures; practice, not law)."),
        Spec("outcome", "Outcome", "text"),
    ), "Reg 40(4)(c) makes an allegation of abuse against the home or its staff notifiable to Ofsted."),),
    EnquiryDetails: (Section("Child protection enquiry", (
        Spec("started_at", "Started", "moment", "Reg 40(4)(d)(i): notify Ofsted and each relevant person without "
             "delay when it starts; Guide 14.13: within 24 hours of this time."),
        Spec("concluded_at", "Concluded", "moment", "Reg 40(4)(d)(ii): notify them again when it concludes, "
             "with the outcome; within 24 hours of this time."),
        Spec("outcome", "Outcome", "text", "The conclusion notice must include the outcome."),
    ), "The date and time each happened, UK time: the notices are timed from them. A record with only the "
       "day is counted from the end of that day until the time is added."),),
    ComplaintDetails: (Section("Complaint (reg 39)", (
        Spec("from_whom", "From whom", "line"),
        Spec("action", "Action taken", "text"),
        Spec("outcome", "Outcome", "text"),
        Spec("closed_on", "Closed on", "date"),
    ), "Reg 39(3): record each complaint, the action taken and the outcome."),),
    SanctionDetails: (Section("Sanction or consequence", (
        Spec("sanction", "Sanction", "text"),
        Spec("reparation", "Reasonable reparation agreed with the child", "check",
             "Reg 19(f) allows reasonable reparation; other fines are prohibited."),
    )),),
    PoliceDetails: (Section("Police involvement", (
        Spec("called_out", "How the police were involved", "police_called"),
        Spec("police_reference", "Police reference", "line"),
    ), "Reg 40(4)(b): notifiable when the registered person considers it serious."),),
    SearchDetails: (Section("Search", (
        Spec("reason", "Reason", "text"),
        Spec("consent_sought", "The child's consent was sought", "check"),
        Spec("risk_assessment", "Risk assessment", "text"),
    ), "SCCIF: record the reason, efforts to gain consent, any risk assessment and management oversight."),),
}


def field_keys(details_type: type) -> tuple[str, ...]:
    """The catalogue's fields of one details type, in order (the form's, the import's and the pack's)."""
    return tuple(spec.key for section in SECTIONS.get(details_type, ()) for spec in section.specs)


def label(details_type: type, key: str) -> str:
    """The form's caption of one field."""
    return next(s.label for section in SECTIONS[details_type] for s in section.specs if s.key == key)
