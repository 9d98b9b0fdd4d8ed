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
