"""The pack written by a second process: the same workbook, and nothing left behind when it goes wrong."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from carehome_desk.demo import DemoOptions, build_demo
from carehome_desk.export import writer_process
from carehome_desk.export.evidence_pack import ExportCancelled, PackOptions, export_pack, plan_pack
from carehome_desk.export.pack_incidents import incident_sheets
from carehome_desk.export.pack_workforce import workforce_sheets
from carehome_desk.export.pack_writer import CHECK_EVERY
from carehome_desk.export.sheet import Col, Kind, SheetData
from carehome_desk.export.writer_process import (
    InlineWriter,
    ProcessWriter,
    WriterFailed,
    catch_up,
    open_writer,
    prestart,
    stop_spare,
)
from carehome_desk.paths import temp_dir
from carehome_desk.progress import Progress
from carehome_desk.reference.bank_holidays import bank_holidays
from carehome_desk.store import Store
from tests.conftest import FIXED_NOW, Clock

NEVER = lambda: False  # noqa: E731 - a cancel check that never cancels


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("writer") / "demo.sqlite3", DemoOptions(today=FIXED_NOW.date()))


@pytest.fixture
def demo(demo_db: Path) -> Iterator[Store]:
    with Store.open(demo_db, create=False, clock=Clock()) as store:
        yield store


def _folders() -> set[str]:
    """The writer processes' private folders that exist now (in tmp/ inside the data folder)."""
    return {p.name for p in temp_dir().glob("pack-*")}


def _contents(path: Path) -> dict[str, object]:
    """Every sheet's cells, number formats, frozen pane, print titles and autofilter, in sheet order."""
    wb = load_workbook(path)
    return {ws.title: ([[(c.value, c.number_format) for c in row] for row in ws.iter_rows()],
                       ws.freeze_panes, ws.print_title_rows, ws.auto_filter.ref, len(ws.conditional_formatting))
            for ws in wb.worksheets}


def test_the_writer_process_writes_the_same_workbook_as_this_process(demo: Store, tmp_path: Path) -> None:
    before = _folders()
    by_process = export_pack(demo, PackOptions(tmp_path / "process.xlsx", writer="process"))
    inline = export_pack(demo, PackOptions(tmp_path / "inline.xlsx", writer="inline"))
    assert by_process.sheets == inline.sheets
    assert _contents(tmp_path / "process.xlsx") == _contents(tmp_path / "inline.xlsx")
    assert load_workbook(tmp_path / "process.xlsx").sheetnames[:3] == ["Cover", "Annex A", "Staff"]
    made = sorted(p.name for p in tmp_path.iterdir() if p.name != "userdata")  # the data folder aside
    assert made == ["inline.xlsx", "process.xlsx"]  # no .part files
    assert _folders() <= before  # its temporary folder is gone


def test_sheets_sent_a_home_at_a_time_are_the_sheets_built_for_all_homes_at_once(tmp_path: Path) -> None:
    db = build_demo(tmp_path / "two.sqlite3", DemoOptions(scale=2, today=FIXED_NOW.date()))
    with Store.open(db, create=False, clock=Clock()) as store:
        plan = plan_pack(store, PackOptions(tmp_path / "unused.xlsx"))
        homes = store.homes.list()
        settings = store.settings.get()
        at_once = incident_sheets([(h, store.children.list(h.id), store.incidents.list(h.id)) for h in homes],
                                  plan.period, plan.now, bank_holidays(), settings.incident_review_days, False,
                                  staff_names={m.id: m.full_name for m in store.staff.list(include_archived=True)})
        at_once += workforce_sheets([(h, store.workforce.snapshot(h.id)) for h in homes], settings, plan.period,
                                    plan.today)
        by_home = {sheet.name: sheet for sheet in plan.sheets}
        for sheet in at_once:
            assert (by_home[sheet.name].columns, by_home[sheet.name].rows) == (sheet.columns, sheet.rows), sheet.name
        assert {row[0] for row in by_home["Incident log"].rows} == {h.name for h in homes}  # each row says its home
        process = export_pack(store, PackOptions(tmp_path / "process.xlsx", writer="process"))
        inline = export_pack(store, PackOptions(tmp_path / "inline.xlsx", writer="inline"))
    assert process.sheets == inline.sheets == {s.name: len(s.rows) for s in plan.sheets}
    assert _contents(tmp_path / "process.xlsx") == _contents(tmp_path / "inline.xlsx")
    log = load_workbook(tmp_path / "process.xlsx")["Incident log"]
    assert log.max_row == 2 + len(by_home["Incident log"].rows) and log.auto_filter.ref == f"A2:L{log.max_row}"


class CancelWhileWriting(Progress):
    def report(self, done: int, total: int, text: str = "") -> None:
        if text == "Writing the workbook":
            self.cancel()


def test_cancel_ends_the_writer_and_leaves_nothing(demo: Store, tmp_path: Path) -> None:
    target = tmp_path / "pack.xlsx"
    target.write_bytes(b"yesterday's pack")
    before = _folders()
    with pytest.raises(ExportCancelled):
        export_pack(demo, PackOptions(target, writer="process"), CancelWhileWriting())
    assert target.read_bytes() == b"yesterday's pack"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "userdata") == ["pack.xlsx"]
    assert _folders() <= before


def _sheet(rows: list[list[object]]) -> SheetData:
    return SheetData("Sheet", "A sheet", [Col("Name"), Col("Count", Kind.NUMBER)], rows)


def test_a_writer_that_dies_is_a_plain_error_and_the_target_is_untouched(tmp_path: Path) -> None:
    target = tmp_path / "pack.xlsx"
    target.write_bytes(b"yesterday's pack")
    writer = ProcessWriter("footer", ["Sheet"])
    writer.sheet(_sheet([["a", 1]]))
    os.kill(writer.pid, getattr(signal, "SIGKILL", signal.SIGTERM))  # SIGTERM on Windows ends it at once too
    with pytest.raises(WriterFailed, match="stopped unexpectedly"):
        writer.save(target, NEVER)
    assert target.read_bytes() == b"yesterday's pack"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "userdata") == ["pack.xlsx"]


def test_a_defect_in_the_writer_comes_back_with_its_traceback(tmp_path: Path) -> None:
    target = tmp_path / "pack.xlsx"
    writer = ProcessWriter("footer", ["Sheet"])
    writer.sheet(_sheet([["a row one cell too long", 1, "extra"]]))
    with pytest.raises(RuntimeError, match="(?s)The workbook writer failed.*3 values for 2 columns"):
        writer.save(target, NEVER)
    assert [p.name for p in tmp_path.iterdir() if p.name != "userdata"] == []  # the data folder aside


def test_a_target_in_a_missing_place_is_a_plain_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not a folder"
    blocker.write_text("a file where the folder should be")
    writer = ProcessWriter("footer", ["Sheet"])
    writer.sheet(_sheet([["a", 1]]))
    with pytest.raises(WriterFailed) as caught:
        writer.save(blocker / "pack.xlsx", NEVER)
    assert str(caught.value) == (f"The pack could not be saved to {blocker / 'pack.xlsx'}: {blocker} is a file, "
                                 "not a folder. Nothing was written there.")  # no errno, no temporary name


def test_a_small_pack_built_before_the_writer_starts_up_is_written_here(tmp_path: Path) -> None:
    writer = ProcessWriter("footer", ["Sheet"])
    sheets = [_sheet([["a", 1], ["b", 2]])]
    for sheet in sheets:
        writer.sheet(sheet)
    took_over = catch_up(writer, "footer", ["Sheet"], sheets, NEVER)  # microseconds after start: not ready yet
    assert isinstance(took_over, InlineWriter)
    took_over.save(tmp_path / "pack.xlsx", NEVER)
    rows = [r for r in load_workbook(tmp_path / "pack.xlsx")["Sheet"].iter_rows(min_row=3, values_only=True)]
    assert rows == [("a", 1), ("b", 2)]


def test_a_writer_started_in_advance_is_used_by_the_next_export(demo: Store, tmp_path: Path) -> None:
    prestart()
    spare = writer_process._spare
    assert spare is not None and spare.alive()
    prestart()  # a second call keeps the one already waiting
    assert writer_process._spare is spare
    spare.ready.wait(30)
    writer = open_writer("footer", ["Sheet"], NEVER)
    assert isinstance(writer, ProcessWriter) and writer.pid == spare.process.pid
    assert writer_process._spare is None
    writer.discard()
    assert spare.process.poll() is not None


def test_a_spare_writer_is_ended_when_the_app_closes() -> None:
    prestart()
    spare = writer_process._spare
    assert spare is not None
    stop_spare()
    assert spare.process.poll() is not None and writer_process._spare is None
    assert not spare.folder.exists()


def test_unknown_ways_of_writing_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown way"):
        open_writer("footer", ["Sheet"], NEVER, how="carrier pigeon")


def test_a_cancel_while_this_process_takes_over_leaves_no_temporary_files(tmp_path: Path) -> None:
    def sheet_folders() -> set[str]:
        return {p.name for p in temp_dir().glob("sheets-*")}

    before = sheet_folders()
    writer = ProcessWriter("footer", ["Sheet"])
    big = _sheet([["row", n] for n in range(3 * CHECK_EVERY)])
    with pytest.raises(writer_process.WriterCancelled):
        catch_up(writer, "footer", ["Sheet"], [big], lambda: True)  # not ready yet, and cancelled at once
    assert sheet_folders() <= before
