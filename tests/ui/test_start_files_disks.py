"""The files kept beside the database for the next start (the tiles, the charts, the charts' layouts) on a
full disk, a read-only data folder, a loose umask, and from a newer version: never an error, nothing lost,
no half-written file left behind, private from the first byte.

Real files: the data folder is a tiny tmpfs filled to the brim, or one remounted read-only (as root; else a
folder without write permission, which root would ignore).
"""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from carehome_desk import paths, start_snapshot
from carehome_desk.kept_files import settle
from carehome_desk.ui.dashboard import chart_snapshot
from carehome_desk.ui.app import AppController
from carehome_desk.ui.dashboard.chart_render import LAYOUTS_FILE, ChartSpec, Renderer, Size
from tests.ui.test_start_snapshot import controllers, first_run, plain_db  # noqa: F401 - fixtures

__all__ = ["controllers", "plain_db"]

MONTHS = [date(2026, m, 1) for m in range(1, 7)]
INCIDENTS = ChartSpec("incidents", "last 6 months", months=MONTHS, labels=[f"{m:%b %y}" for m in MONTHS],
                      values={"Complaint": [1.0, 0.0, 2.0, 0.0, 1.0, 3.0], "Restraint": [0.0, 1.0, 0.0, 0.0, 2.0, 0.0]})
TRAINING = ChartSpec("training", "last 6 months", months=MONTHS, labels=[f"{m:%b %y}" for m in MONTHS],
                     values={"Training in date (%)": [50.0, 60.0, 70.0, 80.0, 90.0, 100.0]})
SIZE = Size(480, 330, 1.0, 96.0)
KEY = {"file": "/somewhere/home.sqlite3", "dev": 1, "ino": 2, "audit": [7, "ab" * 32], "schema": "0042",
       "day": "2026-12-07", "period": "PeriodSpec()", "version": "1.0"}
ROOT = os.geteuid() == 0


def snapshot(words: str = "Data: home.sqlite3") -> start_snapshot.Snapshot:
    return start_snapshot.Snapshot(dict(KEY), 1, [(1, "Oak Lodge", "SC123456")], False, words, [], None)


def _mount(where: Path, options: str) -> None:
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode(errors='replace').strip()}")


@contextmanager
def mounted(where: Path, options: str) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    _mount(where, options)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Callable[[], None]]:
    """A data folder on a 64 KiB tmpfs; call the fixture's value to fill it to the last byte."""
    if not ROOT:
        pytest.skip("a tiny tmpfs needs root")
    with mounted(tmp_path / "small", "size=64k,mode=0700") as folder:
        paths.init(folder)

        def fill() -> None:
            with open(folder / "filler", "wb", buffering=0) as f:
                try:
                    while True:
                        f.write(b"\0" * 4096)
                except OSError:
                    pass

        yield fill
        paths.init(None)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Callable[[], None]]:
    """A data folder; call the fixture's value to make it read-only (a remount as root, else chmod)."""
    folder = tmp_path / "data"
    with (mounted(folder, "size=1m,mode=0700") if ROOT else _plain(folder)):
        paths.init(folder)

        def freeze() -> None:
            if ROOT:
                subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
            else:
                folder.chmod(0o500)

        yield freeze
        if not ROOT:
            folder.chmod(0o700)
        paths.init(None)


@contextmanager
def _plain(folder: Path) -> Iterator[Path]:
    folder.mkdir(mode=0o700)
    yield folder


def layouts_file() -> Path:
    """The layouts' file (its folder made: the app makes it before any chart is drawn)."""
    paths.data_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
    return paths.data_dir() / LAYOUTS_FILE


def keep_charts(specs: dict[str, ChartSpec]) -> None:
    chart_snapshot.save(KEY, 1, specs)
    settle()  # written on a thread of their own: wait for it


def keep_tiles(kept: start_snapshot.Snapshot) -> None:
    start_snapshot.save(kept)
    settle()


def draw(renderer: Renderer, name: str, spec: ChartSpec) -> bytes:
    """Draw, and wait for the layouts to be kept."""
    rgba = renderer.render(name, spec, SIZE).rgba
    settle()
    return rgba


def leftovers() -> set[str]:
    return {p.name for p in paths.data_dir().iterdir()} - {"filler", start_snapshot.FILENAME,
                                                          start_snapshot.CHARTS_FILENAME, LAYOUTS_FILE}


def test_a_full_disk_keeps_the_last_tiles_whole_and_leaves_no_partial_file(full_disk: Callable[[], None]) -> None:
    keep_tiles(snapshot())
    before = start_snapshot.snapshot_path().read_text(encoding="utf-8")
    full_disk()
    keep_tiles(snapshot("Data: home.sqlite3 " + "x" * 20000))  # no error: the next start is the usual one
    assert start_snapshot.snapshot_path().read_text(encoding="utf-8") == before
    assert leftovers() == set()


def test_a_full_disk_keeps_the_last_charts_whole_and_leaves_no_partial_file(full_disk: Callable[[], None]) -> None:
    keep_charts({"incidents": INCIDENTS})
    before = chart_snapshot.charts_path().read_text(encoding="utf-8")
    full_disk()
    keep_charts({"incidents": INCIDENTS, "training": TRAINING, "restraint": INCIDENTS, "grades": TRAINING})
    assert chart_snapshot.charts_path().read_text(encoding="utf-8") == before
    assert chart_snapshot.load(KEY, 1) == {"incidents": INCIDENTS}
    assert leftovers() == set()


def test_a_full_disk_leaves_no_half_written_layouts_and_the_chart_is_drawn(full_disk: Callable[[], None]) -> None:
    renderer = Renderer(layouts_file())
    draw(renderer, "Incidents", INCIDENTS)
    before = layouts_file().read_text(encoding="utf-8")
    full_disk()
    picture = draw(renderer, "Training", TRAINING)  # a new layout, not kept: the disk is full
    assert picture == Renderer().render("Training", TRAINING, SIZE).rgba
    assert layouts_file().read_text(encoding="utf-8") == before
    assert leftovers() == set()


@pytest.mark.parametrize("write", ["tiles", "charts", "layouts"])
def test_a_read_only_data_folder_is_never_an_error(read_only: Callable[[], None], write: str) -> None:
    keep_tiles(snapshot())
    keep_charts({"incidents": INCIDENTS})
    draw(Renderer(layouts_file()), "Incidents", INCIDENTS)
    kept = {p.name: p.read_bytes() for p in paths.data_dir().iterdir()}
    read_only()
    if write == "tiles":
        keep_tiles(snapshot("Data: elsewhere"))
    elif write == "charts":
        keep_charts({"training": TRAINING})
    else:
        drawn = draw(Renderer(layouts_file()), "Training", TRAINING)
        assert drawn == Renderer().render("Training", TRAINING, SIZE).rgba
    assert {p.name: p.read_bytes() for p in paths.data_dir().iterdir()} == kept  # nothing lost, nothing half-made
    start_snapshot.forget()  # the first frame's clean-up after a spoilt file: no error either
    assert start_snapshot.snapshot_path().exists()


def test_every_kept_file_is_private_from_its_first_byte_even_under_a_loose_umask(data_home: Path) -> None:
    old = os.umask(0o022)
    try:
        keep_tiles(snapshot())
        keep_charts({"incidents": INCIDENTS})
        draw(Renderer(layouts_file()), "Incidents", INCIDENTS)
    finally:
        os.umask(old)
    for name in (start_snapshot.FILENAME, start_snapshot.CHARTS_FILENAME, LAYOUTS_FILE):
        assert stat.S_IMODE((data_home / name).stat().st_mode) == 0o600, name
    assert {p.name for p in data_home.iterdir()} == {start_snapshot.FILENAME, start_snapshot.CHARTS_FILENAME,
                                                     LAYOUTS_FILE}


def test_each_kept_file_is_flushed_to_the_disk_before_it_replaces_the_last_and_not_on_the_callers_thread(
        data_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[tuple[str, str]] = []
    flushed_on: set[threading.Thread] = set()
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        flushed_on.add(threading.current_thread())
        real_fsync(fd)

    def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        events.append(("replace", os.fspath(source)))
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    keep_tiles(snapshot())
    keep_charts({"incidents": INCIDENTS})
    draw(Renderer(layouts_file()), "Incidents", INCIDENTS)
    replaced = [name for verb, name in events if verb == "replace"]
    assert len(replaced) == 3
    for name in replaced:
        assert ("fsync", name) in events[:events.index(("replace", name))], name
    assert threading.current_thread() not in flushed_on  # the window's thread never waits for the disk


def test_a_snapshot_written_by_a_newer_version_is_left_for_it(data_home: Path) -> None:
    newer = {**json.loads(start_snapshot.StartFile.of(snapshot()).to_json()), "format": start_snapshot.FORMAT + 1, "days": {"2026-12-08": {}}}
    start_snapshot.snapshot_path().parent.mkdir(parents=True, exist_ok=True)
    start_snapshot.snapshot_path().write_text(json.dumps(newer), encoding="utf-8")
    keep_charts({"incidents": INCIDENTS})
    assert start_snapshot.load(Path("/somewhere/home.sqlite3"), date(2026, 12, 7), "PeriodSpec()", None) is None
    assert json.loads(start_snapshot.snapshot_path().read_text(encoding="utf-8")) == newer  # not ours to remove
    assert chart_snapshot.charts_path().exists()


SPOILINGS = {
    "positions that are not numbers": lambda key, positions, title: [key, [["a", "b", "c", "d"]] * len(positions),
                                                                      title],
    "positions of two numbers": lambda key, positions, title: [key, [[0.1, 0.1]] * len(positions), title],
    "a title nowhere": lambda key, positions, title: [key, positions, [["x", 1], "sideways"]],
    "a layout of one part": lambda key, positions, title: [key],
}


@pytest.mark.parametrize("spoil", SPOILINGS.values(), ids=SPOILINGS.keys())
def test_spoilt_layouts_whose_key_still_matches_are_laid_out_afresh(
        data_home: Path, spoil: Callable[..., object]) -> None:
    fresh = Renderer().render("Incidents", INCIDENTS, SIZE)
    draw(Renderer(layouts_file()), "Incidents", INCIDENTS)
    kept = json.loads(layouts_file().read_text(encoding="utf-8"))
    kept["layouts"]["Incidents"] = spoil(*kept["layouts"]["Incidents"])
    layouts_file().write_text(json.dumps(kept), encoding="utf-8")
    picture = Renderer(layouts_file()).render("Incidents", INCIDENTS, SIZE)  # no error: laid out afresh
    assert picture.rgba == fresh.rgba


def test_the_window_opens_from_kept_tiles_and_works_on_in_a_read_only_data_folder(  # type: ignore[no-untyped-def]
        qtbot, controllers: Callable[[], AppController], plain_db: Path, read_only: Callable[[], None],
        caplog: pytest.LogCaptureFixture) -> None:
    first_run(qtbot, controllers, plain_db)
    settle()
    kept = {p.name: p.read_bytes() for p in paths.data_dir().iterdir() if p.is_file()}
    read_only()
    controller = controllers()
    with caplog.at_level(logging.WARNING, logger="carehome_desk"):
        assert controller.start(plain_db, explicit=True)
        window = controller.window
        assert window is not None and window.isVisible()  # the first frame, from the kept tiles
        qtbot.waitUntil(lambda: window.attached and window.dashboard.up_to_date(), timeout=20000)
        qtbot.waitUntil(lambda: "start snapshot not kept" in caplog.text, timeout=20000)  # the log, not the manager
    assert window.isVisible()
    assert {p.name: p.read_bytes() for p in paths.data_dir().iterdir() if p.is_file()} == kept


def test_a_pipe_where_the_layouts_were_is_not_read_and_the_chart_is_drawn(data_home: Path) -> None:
    os.mkfifo(layouts_file(), 0o600)  # nothing ever writes to it: reading it would wait for ever
    drawn: list[bytes] = []
    thread = threading.Thread(target=lambda: drawn.append(Renderer(layouts_file()).render("Incidents", INCIDENTS,
                                                                                          SIZE).rgba), daemon=True)
    thread.start()
    thread.join(120)  # only so that a regression fails instead of hanging the suite; nothing is timed
    waited_for_ever = thread.is_alive()
    if waited_for_ever:
        with open(layouts_file(), "wb"):
            pass  # let the reader go
        thread.join()
    assert not waited_for_ever
    assert drawn == [Renderer().render("Incidents", INCIDENTS, SIZE).rgba]


def test_what_a_killed_writer_left_in_the_data_folder_goes_at_the_next_start(data_home: Path) -> None:
    from carehome_desk.private_files import owner_tag, tidy_data_folder

    dead = subprocess.Popen(["true"])  # a process that has ended: its id names the leftovers
    dead.wait()
    tag = owner_tag().replace(str(os.getpid()), str(dead.pid), 1)
    data_home.mkdir(parents=True, exist_ok=True)
    left = [data_home / f"{name}~{tag}.partial" for name in (start_snapshot.FILENAME, LAYOUTS_FILE)]
    running = data_home / f"{start_snapshot.CHARTS_FILENAME}~{owner_tag()}.partial"  # this process's: still writing
    for path in (*left, running):
        path.write_text('{"half": ', encoding="utf-8")
    tidy_data_folder()  # at every start, whichever database is opened
    assert not any(path.exists() for path in left)
    assert running.exists()
