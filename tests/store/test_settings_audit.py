"""A policy save audits only what changed, each as a change from what it was (a default until first saved)."""

from __future__ import annotations

from dataclasses import replace

from carehome_desk.models.audit import AuditAction
from carehome_desk.models.settings import ProviderSettings
from carehome_desk.services.history_words import changed_text, record_label, setting_text
from carehome_desk.store import Store
from carehome_desk.store.schema import settings


def test_a_first_change_is_one_row_from_the_default_and_untouched_values_are_not_written(store: Store) -> None:
    store.settings.save(replace(store.settings.get(), supervision_weeks=4))

    rows = store.audit.entries(table="settings")
    assert [(e.record_id, e.action, e.before, e.after) for e in rows] == [
        ("supervision_weeks", AuditAction.UPDATE, {"key": "supervision_weeks", "value": 6},
         {"key": "supervision_weeks", "value": 4})]
    assert changed_text(rows[0]) == "6 weeks → 4 weeks"
    assert record_label(rows[0]) == "Setting: Supervision every"
    assert store.settings.get() == ProviderSettings(supervision_weeks=4)
    assert store.audit.verify().intact  # the stored row is the audited one

    store.settings.save(replace(store.settings.get(), supervision_weeks=5))

    rows = store.audit.entries(table="settings")
    assert len(rows) == 2
    assert (rows[0].before, rows[0].after) == ({"key": "supervision_weeks", "value": 4},
                                               {"key": "supervision_weeks", "value": 5})
    assert changed_text(rows[0]) == "4 weeks → 5 weeks"
    assert store.audit.verify().intact


def test_two_values_changed_make_two_rows_and_a_save_with_nothing_changed_makes_none(store: Store) -> None:
    store.settings.save(ProviderSettings(supervision_weeks=4, incident_review_days=2))
    store.settings.save(ProviderSettings(supervision_weeks=4, incident_review_days=2))

    rows = store.audit.entries(table="settings")
    assert sorted((e.record_id, changed_text(e)) for e in rows) == [
        ("incident_review_days", "7 days → 2 days"), ("supervision_weeks", "6 weeks → 4 weeks")]
    assert {e.action for e in rows} == {AuditAction.UPDATE}


def test_a_database_whose_first_save_stored_every_value_reads_and_shows_correctly(store: Store) -> None:
    # As earlier versions saved a first policy change: every value inserted, each with an 'Added' row.
    with store.write() as w:
        for key, value in ProviderSettings(supervision_weeks=4).to_mapping().items():
            w.insert(settings, {"key": key, "value": value})

    assert store.settings.get() == ProviderSettings(supervision_weeks=4)
    added = {e.record_id: e for e in store.audit.entries(table="settings")}
    assert setting_text(added["on_time_target_percent"]) == "95% (the default)"
    assert setting_text(added["lock_after_minutes"]) == "5 minutes (the default)"
    assert setting_text(added["supervision_weeks"]) == "4 weeks (the default is 6 weeks)"

    store.settings.save(replace(store.settings.get(), supervision_weeks=5, lock_after_minutes=0))

    newest = store.audit.entries(table="settings", limit=2)
    assert sorted(changed_text(e) for e in newest) == ["4 weeks → 5 weeks", "5 minutes → Never"]
    assert len(store.audit.entries(table="settings")) == 13 + 2
    assert store.audit.verify().intact
