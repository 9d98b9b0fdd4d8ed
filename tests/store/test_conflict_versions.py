"""Two people saving one record: the second is refused with both versions and who saved the first."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from carehome_desk.store import ConflictError, Store
from tests.conftest import Clock, oak_lodge


def test_the_refusal_shows_the_saved_version_beside_yours_and_who_saved_it(store: Store,
                                                                         store_target: Path | str) -> None:
    home, _ = store.homes.add(oak_lodge())
    with Store.open(store_target, user="Helen at the office", clock=Clock()) as other:
        theirs = other.homes.get(home.id)
        other.homes.update(home.id, replace(theirs.details, registered_manager="Marcus Nowak"),
                           expect_version=theirs.version)
    with pytest.raises(ConflictError) as refused:
        store.homes.update(home.id, replace(home.details, registered_manager="Priya Mistry", name="Oak Lodge"),
                           expect_version=home.version)
    text = str(refused.value)
    assert text.startswith("This record was changed elsewhere")
    assert ("The saved version (saved by Helen at the office at 10:00 22/11/2026): registered manager "
            "“Marcus Nowak” where yours has “Priya Mistry”.") in text
    assert refused.value.theirs == {"registered_manager": "Marcus Nowak"}
    assert refused.value.mine == {"registered_manager": "Priya Mistry"}
    assert store.homes.get(home.id).registered_manager == "Marcus Nowak"  # theirs stands
