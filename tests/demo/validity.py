"""Every stored record checked with the models' own validate_* rules, as a form or an import would check it.

Used by the demo tests: a demo built for any ``today`` must hold nothing a user could not have entered
on that day (no date in the future, no step before its incident, no check before its certificate).
"""

from __future__ import annotations

from datetime import datetime, timezone

from carehome_desk.models.children import validate_child
from carehome_desk.models.dates import UK
from carehome_desk.models.dbs import validate_certificate, validate_status_check
from carehome_desk.models.home import validate_home
from carehome_desk.models.incidents import validate_incident
from carehome_desk.models.qualifications import validate_qualification
from carehome_desk.models.quality import validate_action, validate_inspection, validate_review, validate_visit
from carehome_desk.models.recruitment import validate_check
from carehome_desk.models.staff import validate_staff
from carehome_desk.models.supervision import validate_session
from carehome_desk.models.training import validate_training
from carehome_desk.store import Store
from carehome_desk.store.incidents import validate_notification


def invalid_records(store: Store, now: datetime) -> list[str]:
    """One line per record the app's own checks refuse as of ``now`` (empty when all are valid)."""
    today = now.astimezone(UK).date()
    found: list[str] = []

    def note(what: str, problems: dict[str, str]) -> None:
        found.extend(f"{what}: {key}: {text}" for key, text in sorted(problems.items()))

    for home in store.homes.list():
        note(f"home {home.name}", validate_home(home.details, today))
        snap = store.workforce.snapshot(home.id)
        courses = {c.id: c for c in snap.courses}
        for member in snap.staff:
            who = f"{home.name} / {member.full_name}"
            note(who, validate_staff(member.details, today))
            for q in snap.qualifications.get(member.id, {}).values():
                note(f"{who} {q.kind.value}", validate_qualification(q, today))
            for c in snap.checks.get(member.id, {}).values():
                note(f"{who} check {c.kind.value}", validate_check(c, today))
            for cert in snap.certificates.get(member.id, []):
                note(f"{who} DBS", validate_certificate(cert, today))
                for s in snap.status_checks.get(cert.id, []):
                    note(f"{who} DBS status check", validate_status_check(s, cert.issue_date, today))
            for session in snap.sessions.get(member.id, []):
                note(f"{who} {session.kind.value} {session.held_on}", validate_session(session, member, today))
        for (_, course_id), records in snap.training.items():
            for t in records:
                note(f"{home.name} training {t.id}", validate_training(t, courses[course_id], today))
        for child in store.children.list(home.id):
            note(f"{home.name} child {child.reference}", validate_child(child.details, today))
        for i in store.incidents.list(home.id):
            what = f"{home.name} {i.type.value} at {i.occurred_at.isoformat()}"
            note(what, validate_incident(i.editable, now))
            for n in i.notifications:
                note(f"{what} notification", validate_notification(n, i.occurred_at, now))
            if i.reviewed_at is not None:
                reviewed = i.reviewed_at.replace(tzinfo=i.reviewed_at.tzinfo or timezone.utc)
                if not i.occurred_at.astimezone(timezone.utc) <= reviewed.astimezone(timezone.utc) <= now:
                    found.append(f"{what}: reviewed_at: {reviewed.isoformat()} is not between the incident and now")
        for v in store.quality.visits(home.id):
            note(f"{home.name} Reg 44 visit {v.visited_on}", validate_visit(v, today))
        for r in store.quality.reviews(home.id):
            note(f"{home.name} Reg 45 review {r.period_end}", validate_review(r, today))
            if r.sent_to_ofsted_on and r.sent_to_ofsted_on > today:  # validate_review leaves this to the form
                found.append(f"{home.name} Reg 45 review {r.period_end}: sent_to_ofsted_on: in the future")
        for insp in store.quality.inspections(home.id):
            note(f"{home.name} inspection {insp.inspected_on}", validate_inspection(insp, today))
        for a in store.quality.actions(home.id):
            note(f"{home.name} action {a.title}", validate_action(a, today))
    return found
