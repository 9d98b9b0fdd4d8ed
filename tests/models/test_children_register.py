"""The register of children's own rules: a planned admission still to come, references compared, archived names."""

from __future__ import annotations

from datetime import date, datetime, timezone

from carehome_desk.models.children import Child, ChildDetails, on_register, reference_key, validate_child
from carehome_desk.models.ids import ChildId

TODAY = date(2026, 11, 22)


def details(**overrides: object) -> ChildDetails:
    values: dict[str, object] = dict(reference="C06", initials="BX", date_of_birth=date(2012, 1, 1),
                                     admission_date=date(2026, 1, 5))
    values.update(overrides)
    return ChildDetails(**values)  # type: ignore[arg-type]


def test_a_planned_admission_may_be_entered_ahead_and_is_arriving_not_living_here() -> None:
    child = Child(**details(admission_date=date(2026, 11, 30)).__dict__, id=ChildId(1))
    assert validate_child(child.details, TODAY) == {}
    assert child.arriving(TODAY) and not child.is_resident(TODAY)
    assert child.is_resident(date(2026, 11, 30)) and not child.arriving(date(2026, 11, 30))  # from that day


def test_an_emergency_admission_in_the_future_is_refused() -> None:
    problems = validate_child(details(admission_date=date(2026, 11, 30), admission_planned=False), TODAY)
    assert "emergency admission is recorded once the child has arrived" in problems["admission_date"]
    assert validate_child(details(admission_date=TODAY, admission_planned=False), TODAY) == {}


def test_a_future_leaving_date_is_still_refused() -> None:
    problems = validate_child(details(leaving_date=date(2026, 12, 1), ending_planned=True), TODAY)
    assert problems["leaving_date"].startswith("The leaving date is in the future")


def test_references_compare_whatever_the_capitals_and_spaces() -> None:
    assert reference_key(" c06 ") == reference_key("C06") == "c06"
    assert reference_key("C-031") != reference_key("C031")  # a different reference is still different


def test_an_archived_child_is_named_as_archived_and_left_off_the_register() -> None:
    live = Child(**details().__dict__, id=ChildId(1))
    archived = Child(**details(reference="C07", initials="ZZ", full_name="Zara Zed").__dict__, id=ChildId(2),
                     archived_at=datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc), archive_reason="entered twice")
    assert live.named() == "BX (C06)"
    assert archived.named() == "ZZ (C07, archived)"
    assert archived.named(include_names=True) == "Zara Zed (C07, archived)"
    assert on_register([live, archived]) == [live]
