"""Reg 40 recipients paragraph by paragraph, as the regulation words them, with the home's and children's authorities."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from carehome_desk.models.children import Child
from carehome_desk.models.dates import UK
from carehome_desk.models.deadlines import notification_steps
from carehome_desk.models.home import HomeDetails
from carehome_desk.models.ids import ChildId, IncidentId
from carehome_desk.models.incidents import Incident, IncidentType, Recipient, Reg40
from carehome_desk.models.recipients import (
    NotifyContext,
    authority_key,
    is_secretary_of_state,
    not_needed,
    notify_context,
    recipient_note,
    recipients_for,
    required_recipients,
    same_authority,
)

R = Recipient
START = datetime(2026, 6, 10, 10, 0, tzinfo=UK)


def death_steps(context: NotifyContext) -> dict[str, str]:
    """Recipient value -> the step's note, for a death with this context."""
    inc = Incident(type=IncidentType.OTHER, occurred_at=START, child_ids=(ChildId(1),), summary="s", notifiable=True,
                   reg40_paragraphs=(Reg40.DEATH,), id=IncidentId(1))
    return {s.key.split(":")[2]: s.note for s in notification_steps(inc, START, context)}


def test_death_where_the_host_authority_placed_the_child_needs_no_host_notice() -> None:
    ctx = NotifyContext(("Leeds City Council",), "Leeds")
    assert recipients_for(Reg40.DEATH, ctx) == [R.OFSTED, R.PLACING_AUTHORITY, R.SECRETARY_OF_STATE, R.ICB]
    assert set(death_steps(ctx)) == {"ofsted", "placing_authority", "secretary_of_state", "icb"}
    assert (R.HOST_AUTHORITY, "Reg 40(1)(d): not needed, Leeds is the placing authority") in not_needed(
        (Reg40.DEATH,), ctx)


def test_death_where_another_authority_placed_the_child_needs_the_host_authority() -> None:
    ctx = NotifyContext(("Kirklees Council",), "Leeds City Council")
    assert recipients_for(Reg40.DEATH, ctx) == [R.OFSTED, R.PLACING_AUTHORITY, R.SECRETARY_OF_STATE,
                                                R.HOST_AUTHORITY, R.ICB]
    assert death_steps(ctx)["host_authority"] == ""  # known, so nothing to record


def test_death_where_the_secretary_of_state_placed_the_child() -> None:
    ctx = NotifyContext(("Youth Custody Service",), "Leeds")
    needed = recipients_for(Reg40.DEATH, ctx)
    assert R.SECRETARY_OF_STATE not in needed and R.HOST_AUTHORITY in needed
    assert [r for r, _why in not_needed((Reg40.DEATH,), ctx)] == [R.SECRETARY_OF_STATE]
    assert R.SECRETARY_OF_STATE not in recipients_for(Reg40.DEATH, NotifyContext(("Secretary of State for "
                                                                                   "Justice",), "Leeds"))


def test_death_in_a_secure_home_adds_the_prisons_and_probation_ombudsman() -> None:
    ctx = NotifyContext(("Leeds",), "Leeds", secure_home=True)
    assert recipients_for(Reg40.DEATH, ctx)[-1] is R.PPO
    assert R.PPO.label == "Prisons and Probation Ombudsman"
    assert R.PPO not in recipients_for(Reg40.DEATH, NotifyContext(("Leeds",), "Leeds"))
    assert R.PPO not in recipients_for(Reg40.OTHER_SERIOUS, ctx)  # only after a death


def test_death_with_the_home_authority_not_recorded_needs_the_host_notice_and_says_why() -> None:
    ctx = NotifyContext(("Leeds",), "")
    assert R.HOST_AUTHORITY in recipients_for(Reg40.DEATH, ctx)
    note = death_steps(ctx)["host_authority"]
    assert "record the home's local authority on Home settings to know whether this is needed" in note
    assert death_steps(ctx)["secretary_of_state"] == ""


def test_death_with_a_placing_authority_not_recorded_needs_both_and_says_why() -> None:
    ctx = NotifyContext(("",), "Leeds")
    assert {R.SECRETARY_OF_STATE, R.HOST_AUTHORITY} <= set(recipients_for(Reg40.DEATH, ctx))
    assert "placing authority on the Children page" in recipient_note(R.HOST_AUTHORITY, Reg40.DEATH, ctx)
    assert "placing authority on the Children page" in recipient_note(R.SECRETARY_OF_STATE, Reg40.DEATH, ctx)
    no_children = NotifyContext((), "Leeds")
    assert R.HOST_AUTHORITY in recipients_for(Reg40.DEATH, no_children)


def test_with_several_children_a_recipient_is_needed_if_any_child_needs_it() -> None:
    ctx = NotifyContext(("Leeds", "Kirklees"), "Leeds")
    assert R.HOST_AUTHORITY in recipients_for(Reg40.DEATH, ctx)
    both_host = NotifyContext(("Leeds City Council", "leeds"), "Leeds")
    assert R.HOST_AUTHORITY not in recipients_for(Reg40.DEATH, both_host)
    mixed = NotifyContext(("Youth Custody Service", "Leeds"), "Leeds")
    assert R.SECRETARY_OF_STATE in recipients_for(Reg40.DEATH, mixed)  # one child placed by Leeds
    assert R.HOST_AUTHORITY in recipients_for(Reg40.DEATH, mixed)  # one child placed by the YCS


def test_dbs_referral_reg_40_3() -> None:
    ctx = NotifyContext(("Kirklees",), "Leeds", secure_home=True)
    assert recipients_for(Reg40.DBS_REFERRAL, ctx) == [R.OFSTED, R.PLACING_AUTHORITY]
    assert recipients_for(Reg40.DBS_REFERRAL, NotifyContext()) == [R.OFSTED, R.PLACING_AUTHORITY]


@pytest.mark.parametrize("paragraph", [Reg40.SEXUAL_EXPLOITATION, Reg40.POLICE_SERIOUS, Reg40.ALLEGATION,
                                       Reg40.CP_START, Reg40.CP_END, Reg40.OTHER_SERIOUS])
def test_reg_40_4_ofsted_and_the_placing_authority_always(paragraph: Reg40) -> None:
    for ctx in (NotifyContext(("Kirklees",), "Leeds", True), NotifyContext(), NotifyContext(("YCS",), "")):
        assert recipients_for(paragraph, ctx) == [R.OFSTED, R.PLACING_AUTHORITY]
        assert recipient_note(R.PLACING_AUTHORITY, paragraph, ctx) == ""
    assert not_needed((paragraph,), NotifyContext()) == []


def test_each_paragraph_gets_only_its_own_recipients() -> None:
    inc = Incident(type=IncidentType.OTHER, occurred_at=START, child_ids=(ChildId(1),), summary="s", notifiable=True,
                   reg40_paragraphs=(Reg40.DEATH, Reg40.POLICE_SERIOUS), id=IncidentId(1))
    keys = {s.key for s in notification_steps(inc, START, NotifyContext(("Kirklees",), "Leeds"))}
    assert "reg40:death:icb" in keys and "reg40:police_serious:icb" not in keys
    assert "reg40:police_serious:placing_authority" in keys
    assert required_recipients((Reg40.DEATH, Reg40.POLICE_SERIOUS), NotifyContext(("Kirklees",), "Leeds")) == [
        R.OFSTED, R.PLACING_AUTHORITY, R.SECRETARY_OF_STATE, R.HOST_AUTHORITY, R.ICB]
    assert required_recipients((), NotifyContext()) == []


@pytest.mark.parametrize("a, b", [("Leeds City Council", "Leeds"), ("LEEDS  city council", "leeds"),
                                  ("Brighton & Hove City Council", "Brighton and Hove"),
                                  ("North Yorkshire County Council", "North Yorkshire"),
                                  ("London Borough of Camden", "Camden Council"),
                                  ("City of York Council", "York"), ("Wigan Metropolitan Borough Council", "Wigan"),
                                  ("The Royal Borough of Greenwich", "Greenwich")])
def test_authority_names_compare_ignoring_case_spaces_and_council(a: str, b: str) -> None:
    assert same_authority(a, b)


def test_different_or_missing_authorities_are_not_the_same() -> None:
    assert not same_authority("Leeds", "Kirklees")
    assert not same_authority("North Yorkshire", "York")
    assert not same_authority("", "")
    assert authority_key("  St. Helens  Council ") == "st helens"
    assert is_secretary_of_state("Youth Custody Service (YCS)")
    assert not is_secretary_of_state("Leeds")


def test_notify_context_is_built_from_the_incidents_children_and_the_home() -> None:
    kids = {ChildId(1): Child("C1", "AB", date(2010, 1, 1), date(2025, 1, 1), placing_authority="Kirklees",
                              id=ChildId(1)),
            ChildId(2): Child("C2", "CD", date(2011, 1, 1), date(2025, 1, 1), id=ChildId(2))}
    home = HomeDetails(name="Oak House", urn="SC123456", local_authority="Leeds", secure=True)
    ctx = notify_context((ChildId(1), ChildId(2), ChildId(7)), kids, home)
    assert ctx == NotifyContext(("Kirklees", "", ""), "Leeds", True)
    assert not ctx.placing_known
    assert notify_context((), {}, None) == NotifyContext()
