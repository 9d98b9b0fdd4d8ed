"""One set of words for a count and its noun: never "1 people" or "record(s)"."""

from __future__ import annotations

import pytest

from carehome_desk.models.counted import counted, noun_for, plural


@pytest.mark.parametrize(("count", "noun", "expected"), [
    (1, "person", "1 person"), (2, "person", "2 people"), (0, "person", "0 people"),
    (1, "record", "1 record"), (2, "record", "2 records"), (1, "child", "1 child"), (3, "child", "3 children"),
    (2, "guess", "2 guesses"), (2, "entry", "2 entries"), (2, "day", "2 days"),
    (2, "Ofsted notification", "2 Ofsted notifications"), (2199, "change", "2,199 changes"),
])
def test_a_count_takes_the_noun_it_needs(count: int, noun: str, expected: str) -> None:
    assert counted(count, noun) == expected


def test_a_plural_given_is_used_for_any_count_but_one() -> None:
    assert counted(1, "month in the period", "months in the period") == "1 month in the period"
    assert counted(4, "month in the period", "months in the period") == "4 months in the period"
    assert noun_for(1, "is", "are") == "is" and noun_for(2, "is", "are") == "are"


def test_plural_of_a_phrase_changes_its_last_word() -> None:
    assert plural("first-aider") == "first-aiders"
    assert plural("box") == "boxes" and plural("match") == "matches"
