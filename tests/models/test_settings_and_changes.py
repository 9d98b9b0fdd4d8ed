import pytest

from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.ids import HomeId
from carehome_desk.models.settings import POLICY_HELP, ProviderSettings, rate_status, validate_settings
from carehome_desk.models.status import Status


def test_defaults_are_the_documented_practice_values() -> None:
    s = ProviderSettings()
    assert (s.due_soon_days, s.supervision_weeks, s.dbs_recheck_years) == (30, 6, 3)


def test_stored_values_override_and_junk_falls_back() -> None:
    s = ProviderSettings.from_mapping({"due_soon_days": 14, "supervision_weeks": "x", "dbs_recheck_years": True,
                                       "unknown": 5})
    assert s == ProviderSettings(due_soon_days=14)


def test_out_of_range_values_are_problems() -> None:
    problems = validate_settings(ProviderSettings(due_soon_days=0, dbs_recheck_years=11))
    assert set(problems) == {"due_soon_days", "dbs_recheck_years"}
    assert validate_settings(ProviderSettings(due_soon_days=1, dbs_recheck_years=10)) == {}


def test_changes_always_include_the_audit_trail() -> None:
    c = Changes.of(Register.HOMES)
    assert c.touches(Register.HOMES) and c.touches(Register.AUDIT)
    assert not c.touches(Register.SETTINGS)
    assert not Changes() and bool(c)
    assert (c | Changes.of(Register.SETTINGS)).touches(Register.SETTINGS)


def test_changes_say_their_homes_only_when_every_write_merged_said() -> None:
    one, two = HomeId(1), HomeId(2)
    at_one = Changes.of(Register.INCIDENTS, home=one)
    assert at_one.homes == {one} and Changes.of(Register.INCIDENTS).homes is None
    assert (at_one | Changes.of(Register.TRAINING, home=two)).homes == {one, two}
    assert (at_one | Changes.of(Register.COURSES)).homes is None  # a write that did not say: any home
    assert (Changes() | at_one).homes == (at_one | Changes()).homes == {one}  # nothing saved adds no home
    assert at_one == Changes.of(Register.INCIDENTS)  # the same registers: the same change to a page


@pytest.mark.parametrize(("value", "target", "status"), [
    (95.0, 95, Status.IN_DATE),       # exactly on target
    (94.9, 95, Status.DUE_SOON),      # below the target
    (80.0, 95, Status.DUE_SOON),
    (79.9, 95, Status.OVERDUE),       # far below: under 80%
    (90.0, 90, Status.IN_DATE),       # the provider's own, lower, target
    (75.0, 70, Status.IN_DATE),
    (69.9, 70, Status.OVERDUE),       # a target under 80%: below it is far below
])
def test_an_on_time_rate_is_judged_against_the_providers_target(value: float, target: int, status: Status) -> None:
    assert rate_status(value, target) is status


def test_the_on_time_target_is_a_setting_with_limits() -> None:
    assert ProviderSettings().on_time_target_percent == 95
    assert POLICY_HELP["on_time_target_percent"].label == "On-time target"
    assert validate_settings(ProviderSettings(on_time_target_percent=101)) == {
        "on_time_target_percent": "Choose a value from 50 to 100%."}
