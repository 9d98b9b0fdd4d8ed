"""Reference data shipped in resources/: read once, cached."""

from __future__ import annotations

import json
from datetime import date
from functools import cache

from carehome_desk.models.working_days import parse_holidays
from carehome_desk.paths import resources_dir


@cache
def bank_holidays() -> frozenset[date]:
    """England and Wales bank holidays (resources/bank-holidays-england.json)."""
    data = json.loads((resources_dir() / "bank-holidays-england.json").read_text(encoding="utf-8"))
    return parse_holidays(data["dates"])
