from dataclasses import replace
from datetime import date

import pytest

from carehome_desk.models.home import Grade, HomeDetails, Judgement, normalise_urn, urn_problem, validate_home

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("urn", ["SC123456", "SC1234567", "sc 123456", " SC123456 ", "123456", "2512345", "12345678"])
def test_accepts_childrens_home_urns(urn: str) -> None:
    assert urn_problem(urn) is None


@pytest.mark.parametrize("urn", ["", "SC", "SC12345", "SC12345678", "XY123456", "12345", "123456789", "SC12345A", "S C 1"])
def test_rejects_other_text_with_a_helpful_message(urn: str) -> None:
    problem = urn_problem(urn)
    assert problem is not None
    assert "SC followed by" in problem


def test_normalises_urn_to_ofsted_form() -> None:
    assert normalise_urn(" sc 123 456 ") == "SC123456"


def valid() -> HomeDetails:
    return HomeDetails(name="Oak Lodge", urn="SC123456", registration_date=date(2019, 5, 1),
                       last_inspection_date=date(2026, 4, 9),
                       last_inspection_grades={Judgement.OVERALL: Grade.GOOD})


def test_valid_home_has_no_problems() -> None:
    assert validate_home(valid(), TODAY) == {}


def test_name_is_required() -> None:
    assert validate_home(replace(valid(), name="   "), TODAY) == {"name": "Enter the home's name."}


def test_registration_today_is_fine_but_tomorrow_is_future() -> None:
    assert validate_home(replace(valid(), registration_date=TODAY, last_inspection_date=TODAY), TODAY) == {}
    problems = validate_home(replace(valid(), registration_date=date(2026, 11, 23)), TODAY)
    assert problems["registration_date"] == "The registration date is in the future."


def test_inspection_before_registration_is_refused() -> None:
    problems = validate_home(replace(valid(), last_inspection_date=date(2019, 4, 30)), TODAY)
    assert "before the home was registered" in problems["last_inspection_date"]
    # the same day as registration is possible
    assert validate_home(replace(valid(), last_inspection_date=date(2019, 5, 1)), TODAY) == {}


def test_grades_need_an_inspection_date() -> None:
    problems = validate_home(replace(valid(), last_inspection_date=None), TODAY)
    assert "date of the inspection" in problems["last_inspection_date"]


def test_grade_words_are_ofsteds() -> None:
    assert [g.value for g in Grade] == ["outstanding", "good", "requires improvement to be good", "inadequate"]
    assert Grade.REQUIRES_IMPROVEMENT.label == "Requires improvement to be good"


def test_normalised_trims_text() -> None:
    d = replace(valid(), name="  Oak Lodge ", address="  1 Lane  \n  Town  ", urn="sc123456").normalised()
    assert (d.name, d.address, d.urn) == ("Oak Lodge", "1 Lane\nTown", "SC123456")
