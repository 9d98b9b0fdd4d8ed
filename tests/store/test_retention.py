"""The retention review of a home (issue 15 part 6): what is listed, and that nothing is deleted."""

from __future__ import annotations

from carehome_desk.store import Store
from carehome_desk.store.schema import children, incidents, staff
from tests.conftest import oak_lodge
from tests.retention_data import EXPECTED, add_old_records


def counts(store: Store) -> tuple[int, int, int]:
    with store.read() as conn:
        return tuple(conn.execute(t.select()).fetchall().__len__() for t in (children, incidents, staff))  # type: ignore[return-value]


def test_the_review_lists_each_record_past_its_period_with_why_and_since(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge())
    add_old_records(store, home.id)
    before = counts(store)
    found = store.retention.review(home.id, store.today())
    assert [(f.register, f.record, f.since, f.basis.value) for f in found] == EXPECTED
    assert "75 years from the date of birth" in found[1].reason and "Reg 36" in found[1].reason
    assert "15 years from the child's death before 18" in found[5].reason
    assert "Reg 37(2)(c)" in found[3].reason and "provider policy, not law" in found[0].reason
    assert counts(store) == before  # nothing is deleted, nothing archived


def test_the_providers_personnel_period_is_used(store: Store) -> None:
    from dataclasses import replace

    home, _ = store.homes.add(oak_lodge())
    add_old_records(store, home.id)
    store.settings.save(replace(store.settings.get(), personnel_file_years=10))
    found = store.retention.review(home.id, store.today())
    assert [f.record for f in found if f.basis.value == "policy"] == ["Graham Holt (Night worker), left 31/05/2008"]


def test_another_home_and_a_new_home_have_nothing_past(store: Store) -> None:
    home, _ = store.homes.add(oak_lodge())
    other, _ = store.homes.add(oak_lodge(name="Ash House", urn="SC654321"))
    add_old_records(store, home.id)
    assert store.retention.review(other.id, store.today()) == []
