"""The 'Training in date' and 'DBS in date' figures count due-soon items as in date, and say how many, in the
settings' due-soon window."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from carehome_desk.models.staff import StaffDetails, StaffRole
from carehome_desk.models.training import TrainingRecord
from carehome_desk.services.evidence import Period, home_metrics
from carehome_desk.store import Store
from tests.conftest import FIXED_NOW, oak_lodge

TODAY = FIXED_NOW.date()  # 22/11/2026


def test_training_in_date_says_how_many_are_due_soon_in_the_settings_window(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge())
    ann, _ = store.staff.add(home.id, StaffDetails("Ann Achieved", StaffRole.RESIDENTIAL_WORKER, date(2022, 1, 3)))
    fire = next(c for c in store.workforce.courses() if c.name == "Fire safety")
    # Done 10/12/2025: the yearly refresher is due 10/12/2026, 18 days on (inside 30, outside 10).
    store.workforce.add_training(TrainingRecord(ann.id, fire.id, date(2025, 12, 10)))
    figure = home_metrics(store, home, Period(TODAY, TODAY))["training_in_date"]
    found = re.fullmatch(r"\d+% \((\d+) of (\d+); (\d+) due within 30 days\)", figure.text)
    assert found is not None, figure.text
    assert int(found.group(3)) == 1 and int(found.group(1)) >= 1
    assert "due-soon warning (30 days, Home settings)" in figure.how

    store.settings.save(replace(store.settings.get(), due_soon_days=10))
    figure = home_metrics(store, home, Period(TODAY, TODAY))["training_in_date"]
    assert figure.text.endswith("; 0 due within 10 days)")


def test_dbs_in_date_with_no_staff_says_there_is_none_to_count(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge())
    assert home_metrics(store, home, Period(TODAY, TODAY))["dbs_in_date"].text == "none to count"
