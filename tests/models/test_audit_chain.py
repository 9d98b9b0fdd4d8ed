"""The chain hash is a pure function of the previous hash and every field of the row."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from carehome_desk.models.audit_chain import GENESIS, canonical_content, row_hash
from carehome_desk.models.dates import UK

AT = datetime(2026, 6, 1, 9, 30, 15, 120000, tzinfo=timezone.utc)
ROW = (GENESIS, 7, AT, "Sam", "staff", "3", "update", '{"a": 1}', '{"a": 2}')


def test_the_hash_is_stable_and_known() -> None:
    assert row_hash(*ROW) == row_hash(*ROW)
    assert len(row_hash(*ROW)) == 64
    assert canonical_content(*ROW[1:]) == (
        '["carehome-desk audit v1",7,"2026-06-01T09:30:15.120000+00:00","Sam","staff","3","update",'
        '"{\\"a\\": 1}","{\\"a\\": 2}"]')


@pytest.mark.parametrize("index, other", [
    (0, "1" * 64), (1, 8), (2, AT + timedelta(microseconds=1)), (3, "Sam "), (4, "children"), (5, "4"),
    (6, "delete"), (7, None), (8, '{"a": 3}')])
def test_every_field_changes_the_hash(index: int, other: object) -> None:
    changed = list(ROW)
    changed[index] = other
    assert row_hash(*changed) != row_hash(*ROW)  # type: ignore[arg-type]


def test_the_same_instant_in_another_zone_hashes_alike_and_naive_times_are_refused() -> None:
    local = list(ROW)
    local[2] = AT.astimezone(UK)
    assert row_hash(*local) == row_hash(*ROW)  # type: ignore[arg-type]
    local[2] = AT.replace(tzinfo=None)
    with pytest.raises(ValueError):
        row_hash(*local)  # type: ignore[arg-type]


def test_text_a_record_cannot_encode_still_hashes() -> None:
    odd = list(ROW)
    odd[8] = '{"note": "\ud800 lone surrogate, ünïcode"}'
    assert len(row_hash(*odd)) == 64  # type: ignore[arg-type]
