"""'Last 12 months' (or 3, or 6): one rule for the dashboard's period and the evidence pack's default."""

from __future__ import annotations

from datetime import date

import pytest

from carehome_desk.export.evidence_pack import default_period
from carehome_desk.services.dashboard_data import PeriodKind, PeriodSpec, resolve
from carehome_desk.services.evidence import Period, last_months
from carehome_desk.store import Store
from tests.conftest import oak_lodge


@pytest.mark.parametrize(("today", "months", "start"), [
    (date(2026, 12, 7), 12, date(2025, 12, 8)),  # 12 months and not a day more
    (date(2028, 2, 29), 12, date(2027, 3, 1)),  # 12 months before 29/02/2028 is 28/02/2027
    (date(2027, 2, 28), 12, date(2026, 3, 1)),
    (date(2029, 2, 28), 12, date(2028, 2, 29)),  # the leap day is the first of the 12 months
    (date(2026, 3, 31), 1, date(2026, 3, 1)),  # a month before 31/03 is 28/02
    (date(2026, 12, 7), 3, date(2026, 9, 8)),
])
def test_last_months_runs_from_the_day_after_the_same_date(today: date, months: int, start: date) -> None:
    assert last_months(today, months) == Period(start, today)


@pytest.mark.parametrize("today", [date(2026, 12, 7), date(2028, 2, 29), date(2027, 2, 28)])
def test_the_dashboard_and_the_packs_default_use_it(store: Store, today: date) -> None:
    home, _ = store.homes.add(oak_lodge(last_inspection_date=None, last_inspection_grades={}))
    for months in (3, 6, 12):
        chart_range = resolve(PeriodSpec(PeriodKind.MONTHS, months), home, today)
        assert chart_range.period == last_months(today, months)
        assert chart_range.first_month == chart_range.period.start.replace(day=1)  # every month it touches
        assert chart_range.words == f"last {months} months (since {chart_range.period.start:%d/%m/%Y})"
    # With no inspection recorded, the pack (and `export` without --from) covers the same 12 months.
    assert default_period(store, [home], today) == last_months(today)
