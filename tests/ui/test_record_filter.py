"""The filter box over every register table: any column, any case, and never out of date."""

from __future__ import annotations

from dataclasses import dataclass

from carehome_desk.ui.widgets.record_table_model import Column, RecordTableModel
from carehome_desk.ui.widgets.sort_proxy import RecordSortProxy


@dataclass(frozen=True)
class Row:
    name: str
    role: str


def table(rows: list[Row]) -> tuple[RecordTableModel[Row], RecordSortProxy]:
    model: RecordTableModel[Row] = RecordTableModel([Column("Name", lambda r: r.name), Column("Role", lambda r: r.role)])
    model.set_rows(rows)
    proxy = RecordSortProxy()
    proxy.setSourceModel(model)
    return model, proxy


def shown(proxy: RecordSortProxy) -> list[str]:
    return sorted(str(proxy.index(r, 0).data()) for r in range(proxy.rowCount()))


def test_text_in_any_column_matches_ignoring_case_and_only_within_a_column(qtbot) -> None:  # type: ignore[no-untyped-def]
    model, proxy = table([Row("Ann Ødegård", "Night worker"), Row("Ben Cole", "Deputy manager"),
                          Row("ANNA Price", "Cook")])
    proxy.setFilterFixedString("ann")
    assert shown(proxy) == ["ANNA Price", "Ann Ødegård"]
    proxy.setFilterFixedString("ØDEGÅRD")  # case-folded beyond ASCII
    assert shown(proxy) == ["Ann Ødegård"]
    proxy.setFilterFixedString("manager")  # the second column counts
    assert shown(proxy) == ["Ben Cole"]
    proxy.setFilterFixedString("cole deputy")  # never across two columns
    assert shown(proxy) == []
    proxy.setFilterFixedString("")
    assert proxy.rowCount() == 3


def test_the_filter_follows_new_rows_and_changed_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    model, proxy = table([Row("Ann Lee", "Cook")])
    proxy.setFilterFixedString("manager")
    assert shown(proxy) == []
    model.set_rows([Row("Ann Lee", "Registered manager"), Row("Ben Cole", "Cook")])  # a reload after a save
    assert shown(proxy) == ["Ann Lee"]
    model._rows[1] = Row("Ben Cole", "Deputy manager")  # a change in place, announced as models do
    model.dataChanged.emit(model.index(1, 0), model.index(1, 1))
    proxy.setFilterFixedString("manager")
    assert shown(proxy) == ["Ann Lee", "Ben Cole"]
