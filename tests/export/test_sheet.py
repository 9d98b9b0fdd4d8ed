"""The manifest's checksum of a sheet: SHA-256 of canonical JSON, one line per row, so anyone can recompute it."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone
from enum import Enum

import pytest

from carehome_desk.export.sheet import Col, Kind, SheetData


class Plain(Enum):
    A = "a-value"


def test_the_digest_is_sha256_of_one_canonical_json_line_per_row() -> None:
    summer = timezone(timedelta(hours=1))
    rows = [[date(2024, 2, 29), datetime(2026, 3, 29, 1, 30), datetime(2026, 3, 29, 2, 30, tzinfo=summer),
             Kind.STATUS, Plain.A, None, 3, 2.5, True, 'Zoë "q"'], []]
    expected = ('["2024-02-29","2026-03-29T01:30:00","2026-03-29T02:30:00+01:00","status","a-value",null,3,2.5,true,'
                '"Zoë \\"q\\""]\n[]\n')
    assert SheetData("x", "x", [Col("a")], rows).digest() == hashlib.sha256(expected.encode()).hexdigest()
    assert SheetData("x", "x", [Col("a")], []).digest() == hashlib.sha256(b"").hexdigest()


def test_a_value_with_no_canonical_form_is_refused() -> None:
    with pytest.raises(TypeError, match="no canonical form"):
        SheetData("x", "x", [Col("a")], [[object()]]).digest()
