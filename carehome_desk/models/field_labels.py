"""Words for stored field names, shared by every page that describes a record or a change, and the command line."""

from __future__ import annotations

from carehome_desk.models.home import Judgement

FIELD_LABELS: dict[str, str] = {
    "name": "Name",
    "urn": "Ofsted URN",
    "address": "Address",
    "registered_manager": "Registered manager",
    "responsible_individual": "Responsible individual",
    "registration_date": "Registration date",
    "local_authority": "Local authority (host)",
    "records_start": "Records here start",
    "secure": "Secure children's home",
    "care_started_on": "First in a care role",
    "managing_started_on": "First managing a home",
    "dates_to_confirm": "Dates to confirm",
    "last_inspection_date": "Last full inspection",
    "grade_overall": Judgement.OVERALL.label,
    "grade_helped_protected": Judgement.HELPED_PROTECTED.label,
    "grade_leadership": Judgement.LEADERSHIP.label,
    "status": "Status",
    "note": "Note",
    "recommendations": "Recommendations",
    "visit_id": "Raised from the Reg 44 visit",
    "recommendation_no": "Recommendation number on the visit",
    "archived_at": "Archived",
    "archive_reason": "Archive reason",
}

FIELD_LABELS.update({
    "home_id": "Home", "staff_id": "Person", "course_id": "Course", "child_id": "Child", "incident_id": "Incident",
    "full_name": "Full name", "role": "Role", "role_title": "Role title", "care_role": "Care role",
    "start_date": "Started at the home", "role_start_date": "Started in this role", "leaving_date": "Leaving date",
    "contract": "Contract", "hours_per_week": "Hours per week", "lives_at_home": "Lives at the home",
    "staff_ref": "Staff reference", "induction_completed": "Induction completed",
    "probation_completed": "Probation completed", "reference": "Reference", "summary": "Summary",
    "completed_on": "Completed on", "sent_to_ofsted_on": "Sent to Ofsted on", "judgements": "Judgements",
})

#: A column whose words differ from one table to another ('kind' is a qualification, a check, a session…).
TABLE_FIELD_LABELS: dict[str, dict[str, str]] = {
    "qualifications": {"kind": "Qualification", "enrolled_date": "Enrolled on", "achieved_date": "Achieved on",
                       "equivalent_name": "Equivalent qualification",
                       "equivalence_reasoning": "Why it is equivalent", "deferred_to": "Relevant date deferred to",
                       "deferral_reason": "Deferral reason", "deferral_note": "Deferral note"},
    "recruitment_checks": {"kind": "Check", "done": "Done", "done_date": "Done on", "verified_by": "Verified by",
                           "not_applicable": "Does not apply"},
    "dbs_certificates": {"certificate_number": "Certificate number", "issue_date": "Issue date", "level": "Level",
                         "workforce": "Workforce", "barred_list_children": "Children's barred list checked",
                         "update_service": "On the Update Service"},
    "dbs_status_checks": {"checked_on": "Checked on", "result": "Result", "checked_by": "Checked by"},
    "courses": {"renewal_months": "Renew every (months)", "required_for": "Required for", "basis": "Basis",
                "source": "Source", "first_aid": "First aid course", "archived": "Archived"},
    "training_records": {"completed": "Completed on", "expiry_override": "Expires on",
                         "provider": "Training provider", "certificate_ref": "Certificate reference"},
    "supervision_sessions": {"kind": "Kind", "held_on": "Held on", "supervisor": "Given by"},
    "children": {"initials": "Initials", "date_of_birth": "Date of birth", "admission_date": "Admitted on",
                 "leaving_date": "Left on", "placing_authority": "Placing authority", "legal_status": "Legal status",
                 "admission_planned": "Planned admission", "ending_planned": "Planned ending"},
    "incidents": {"type": "Type", "occurred_at": "Date and time", "location": "Location",
                  "staff_involved": "Others involved (agency, visitors)", "details": "Details",
                  "notifiable": "Notifiable to Ofsted (Reg 40)", "reg40_paragraphs": "Reg 40 paragraphs",
                  "reg40_rationale": "Reg 40 reason", "other_recipients": "Other people to tell",
                  "reviewed_at": "Reviewed at", "reviewed_by": "Reviewed by", "review_note": "Review note"},
    "incident_staff": {"staff_id": "Staff member"},
    "notifications": {"recipient": "Told", "recipient_name": "Name", "paragraph": "Reg 40 paragraph",
                      "sent_at": "Sent at", "method": "How", "reference": "Their reference"},
    "evaluations": {"evaluated_on": "Date", "framework_id": "Framework", "title": "Title", "entries": "Criteria"},
    "actions": {"title": "What needs doing", "owner": "Owner", "due": "Due by", "source": "Source",
                "source_ref": "From", "regulation": "Regulation or Guide paragraph", "completed_on": "Done on"},
    "reg44_visits": {"visitor": "Visitor", "visited_on": "Visited on", "announced": "Announced",
                     "report_received_on": "Report received on", "safeguarded_opinion": "Opinion on safeguarding"},
    "reg45_reviews": {"period_start": "Period from", "period_end": "Period to"},
    "inspections": {"inspected_on": "Inspected on", "kind": "Kind", "assurance_outcome": "Assurance outcome",
                    "findings": "Requirements and recommendations"},
}

#: Columns that mean nothing to a manager: record numbers, the version counter, a course's place in the list,
#: an incident's time again in UTC (its UK time is shown), the certificate a status check belongs to (named above).
NOT_SHOWN = frozenset({"id", "version", "position", "occurred_utc", "certificate_id"})


def field_label(table: str, key: str) -> str:
    """A stored column in a manager's words, as the forms label it ('Started at the home', never 'start_date')."""
    words = TABLE_FIELD_LABELS.get(table, {}).get(key) or FIELD_LABELS.get(key)
    return words or key.replace("_", " ").strip().capitalize()
