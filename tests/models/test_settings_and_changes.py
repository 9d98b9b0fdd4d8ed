from carehome_desk.models.changes import Changes, Register
from carehome_desk.models.settings import ProviderSettings, validate_settings


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
