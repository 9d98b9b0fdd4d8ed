"""A home's manager importing their own training matrix on a group's server: the records land in their home;
remembering the mapping (a provider-wide setting, the owner's on a server) is refused by the server, and the
import stands with a line saying the mapping was not remembered."""

from __future__ import annotations

from pathlib import Path

from carehome_desk.importing.own.engine import remembered_mapping, suggest
from carehome_desk.importing.own.mapping import Layout
from carehome_desk.importing.own.readers import read_source
from carehome_desk.progress import NO_PROGRESS
from carehome_desk.store import Store
from carehome_desk.ui.exports.own_import_session import run_import
from tests.conftest import Clock
from tests.importing.own.corpus import matrix_file
from tests.store.test_access_server import Group, group  # noqa: F401


def test_a_manager_imports_a_matrix_and_is_told_the_mapping_was_not_remembered(group: Group, tmp_path: Path) -> None:
    source = read_source(matrix_file(tmp_path, "xlsx"))
    with Store.open(group.url("priya"), user="Priya", clock=Clock()) as store:
        mapping = suggest(source, Layout.MATRIX, store.workforce.courses())
        mapping.sheets = mapping.sheets[:1]
        for sheet in mapping.sheets:
            for column in sheet.columns:
                column.confirmed = True
        result, remembered = run_import(store, group.oak, source, mapping, NO_PROGRESS)
        assert result.written and not result.errors
        assert any("not remembered for next time" in line for line in result.reported)
        assert not remembered
        assert remembered_mapping(store, source, Layout.MATRIX, group.oak) is None
        names = {m.full_name for m in store.staff.list()}
    trained = group.sql("carehome", "SELECT count(*) FROM training_records t JOIN staff s ON s.id = t.staff_id "
                        "WHERE s.home_id = %s", (group.oak,))
    assert trained[0][0] > 0 and len(names) > 1
