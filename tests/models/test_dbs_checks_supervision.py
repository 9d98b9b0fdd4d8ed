"""DBS recheck policy, Schedule 2 checks and the reg 32(7) flag, supervision cadence."""

from datetime import date, timedelta

from carehome_desk.models.dbs import (
    DbsCertificate,
    DbsLevel,
    DbsStatusCheck,
    StatusResult,
    Workforce,
    dbs_requirement,
    validate_certificate,
)
from carehome_desk.models.ids import DbsId, StaffId
from carehome_desk.models.recruitment import CHECKS, CheckKind, RecruitmentCheck, check_requirements, started_before_checks
from carehome_desk.models.staff import Contract
from carehome_desk.models.status import Basis, Status
from carehome_desk.models.supervision import Session, SessionKind, supervision_requirements
from tests.models.workforce_helpers import person

CERT = DbsCertificate(StaffId(7), "001234567890", date(2023, 11, 22), id=DbsId(1))


def dbs(today: date, cert: DbsCertificate | None = CERT, checks: list[DbsStatusCheck] | None = None):  # type: ignore[no-untyped-def]
    return dbs_requirement(person(), cert, checks or [], today, 3, 30)


def test_recheck_due_three_years_after_issue_by_policy_not_law() -> None:
    req = dbs(date(2026, 10, 23))
    assert (req.status, req.due) == (Status.DUE_SOON, date(2026, 11, 22))
    assert dbs(date(2026, 10, 22)).status is Status.IN_DATE
    assert dbs(date(2026, 11, 23)).status is Status.OVERDUE
    assert req.basis is Basis.PRACTICE and "the law sets none" in req.source


def test_update_service_check_restarts_the_clock_and_new_information_is_overdue() -> None:
    from dataclasses import replace

    on_us = replace(CERT, update_service=True)
    ok = DbsStatusCheck(DbsId(1), date(2025, 12, 1), StatusResult.NO_CHANGE, "RM")
    req = dbs(date(2026, 12, 1), on_us, [ok])
    assert req.due == date(2028, 12, 1) and req.status is Status.IN_DATE
    bad = DbsStatusCheck(DbsId(1), date(2026, 2, 1), StatusResult.NEW_INFORMATION, "RM")
    req = dbs(date(2026, 3, 1), on_us, [ok, bad])
    assert req.status is Status.OVERDUE and "new information" in req.detail
    # The certificate itself may no longer satisfy Schedule 2 para 2: a gap in law, not in the recheck policy.
    assert req.basis is Basis.LAW and "policy" not in req.source  # the law's words only, as due and the pack say


def test_wrong_level_or_workforce_is_a_gap_in_law() -> None:
    from dataclasses import replace

    for cert in (replace(CERT, level=DbsLevel.STANDARD), replace(CERT, barred_list_children=False),
                 replace(CERT, workforce=Workforce.ADULT), None):
        req = dbs(date(2024, 1, 1), cert)
        assert req.status is Status.MISSING and req.basis is Basis.LAW


def test_certificate_number_is_twelve_digits() -> None:
    assert validate_certificate(CERT, date(2026, 1, 1)) == {}
    from dataclasses import replace

    assert "certificate_number" in validate_certificate(replace(CERT, certificate_number="12345"), date(2026, 1, 1))


def test_a_short_certificate_number_is_refused_with_its_length() -> None:
    from dataclasses import replace

    today = date(2026, 1, 1)
    assert validate_certificate(replace(CERT, certificate_number="1234"), today) == {
        "certificate_number": "A DBS certificate number is 12 digits; this has 4."}
    assert validate_certificate(replace(CERT, certificate_number="0012 3456 78901"), today) == {
        "certificate_number": "A DBS certificate number is 12 digits; this has 13."}


def test_spaces_or_hyphens_between_groups_are_allowed_and_taken_out() -> None:
    from dataclasses import replace

    from carehome_desk.models.dbs import certificate_number_digits

    for typed in ("0012 3456 7890", "0012-3456-7890", " 001234567890 ", "0012\u00a03456\u00a07890"):
        assert validate_certificate(replace(CERT, certificate_number=typed), date(2026, 1, 1)) == {}, typed
        assert certificate_number_digits(typed) == "001234567890"


def test_only_the_digits_0_to_9_make_a_certificate_number() -> None:
    from dataclasses import replace

    for typed in ("00123456789O", "00123456789\u00b2", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661"):
        problems = validate_certificate(replace(CERT, certificate_number=typed), date(2026, 1, 1))
        assert problems == {"certificate_number": "A DBS certificate number is 12 digits (0 to 9); "
                                                  "this has letters or other characters."}, typed


def all_checks(*, missing: tuple[CheckKind, ...] = ()) -> dict[CheckKind, RecruitmentCheck]:
    return {k: RecruitmentCheck(StaffId(7), k, done=True, done_date=date(2024, 1, 2), verified_by="RM")
            for k in CHECKS if k not in missing}


def test_practice_checks_are_labelled_practice() -> None:
    reqs = {r.key: r for r in check_requirements(person(), all_checks(missing=(CheckKind.RIGHT_TO_WORK,)))}
    assert reqs["check:right_to_work"].basis is Basis.PRACTICE
    assert reqs["check:right_to_work"].status is Status.MISSING
    assert reqs["check:identity"].basis is Basis.LAW and reqs["check:identity"].source == "Schedule 2 para 1"


def test_reg_32_7_flag_until_every_statutory_check_is_done() -> None:
    staff = person(start=date(2026, 11, 1))
    today = date(2026, 11, 22)
    flag = started_before_checks(staff, all_checks(missing=(CheckKind.REFERENCE_SECOND,)), today)
    assert flag is not None and "Ref 2" in flag and "supervised" in flag
    # Practice checks do not keep the flag up.
    assert started_before_checks(staff, all_checks(missing=(CheckKind.HEALTH,)), today) is None
    # Without ID or DBS the exception does not apply at all.
    worse = started_before_checks(staff, all_checks(missing=(CheckKind.DBS,)), today)
    assert worse is not None and "only once identity and the DBS" in worse
    # Not started yet: nothing to flag.
    assert started_before_checks(person(start=date(2026, 12, 1)), {}, today) is None


def test_supervision_cadence_appraisal_induction_probation() -> None:
    staff = person(start=date(2025, 1, 6), induction_completed=date(2025, 3, 1))
    sessions = [Session(StaffId(7), SessionKind.SUPERVISION, date(2026, 10, 1), "RM"),
                Session(StaffId(7), SessionKind.APPRAISAL, date(2025, 11, 23), "RM")]
    today = date(2026, 11, 12)
    reqs = {r.key: r for r in supervision_requirements(staff, sessions, today, 6, 30, 12, 6)}
    assert reqs["supervision"].due == date(2026, 10, 1) + timedelta(weeks=6)
    assert reqs["supervision"].status is Status.DUE_SOON
    assert reqs["appraisal"].due == date(2026, 11, 23) and reqs["appraisal"].basis is Basis.LAW
    assert reqs["induction"].status is Status.IN_DATE
    assert reqs["probation"].status is Status.OVERDUE and reqs["probation"].due == date(2025, 7, 6)
    later = {r.key: r for r in supervision_requirements(staff, sessions, date(2026, 11, 13), 6, 30, 12, 6)}
    assert later["supervision"].status is Status.OVERDUE  # one day past six weeks
    bank = {r.key for r in supervision_requirements(person(contract=Contract.BANK), [], today, 6, 30, 12, 6)}
    assert "probation" not in bank  # probation is for permanent appointments
