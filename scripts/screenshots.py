"""Take the screenshots in docs/ from the real window on the demo home (offscreen Qt).

    .venv/bin/python scripts/screenshots.py            # writes docs/*.png
    .venv/bin/python scripts/screenshots.py staff training recruitment-checks   # just those pages
    .venv/bin/python scripts/screenshots.py dashboard   # also its trends, and all homes on a 3-home demo
    .venv/bin/python scripts/screenshots.py children incidents
    .venv/bin/python scripts/screenshots.py quality    # each tab, the comparison and the dialogs
    .venv/bin/python scripts/screenshots.py password   # set-up with a password, recovery key, lock screen
    .venv/bin/python scripts/screenshots.py audit      # Change history's audit trail check: intact, and findings
    .venv/bin/python scripts/screenshots.py restore    # File → Restore from backup…
    .venv/bin/python scripts/screenshots.py welcome    # the welcome box and its set-up form

Screen size and Windows display scaling (every page and the dialogs the helpers open, at one size):

    .venv/bin/python scripts/screenshots.py --size 1366x768             # a small laptop at 100%
    .venv/bin/python scripts/screenshots.py --size 1920x1080 --scale 1.5 # 150%: a 1280×720 window
    .venv/bin/python scripts/screenshots.py --size 1366x768 --scale 1.25 staff --out /tmp/shots

--size is the screen in pixels and --scale the display scaling (1.25 for 125%, 1.5 for 150%),
given to Qt as QT_SCALE_FACTOR, so text and controls grow as on Windows, the window gets
the screen's size divided by the scale, and each picture has the screen's own pixels. With either option the
pictures go to --out (a new folder in the temporary folder unless given), not docs/, and the
file names keep the helpers' usual "1366x768": the folder's name says the real size.

Uses a fixed 'today' and seed so the pictures only change when the screens do.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import date, datetime, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1366x768") from exc
    return width, height


def _scale(text: str) -> float:
    value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    if not 1 <= value <= 3:
        raise argparse.ArgumentTypeError("the scaling is between 1 (100%) and 3 (300%)")
    return value


parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("pages", nargs="*", help="only these pages or sets (staff, quality, password…)")
parser.add_argument("--size", type=_size, default=None, metavar="WxH", help="the screen in pixels, e.g. 1366x768")
parser.add_argument("--scale", type=_scale, default=None, help="display scaling: 1.25 (125%%) or 1.5 (150%%)")
parser.add_argument("--out", type=Path, default=None, help="the folder for the pictures (with --size or --scale)")
ARGS = parser.parse_args()
SCREEN = ARGS.size or (1920, 1080)
SCALE = ARGS.scale or 1.0
#: The window's size in Qt's logical pixels: None for the usual 1366×768 and 1920×1080 pair.
WINDOW: tuple[int, int] | None = None
work = Path(tempfile.mkdtemp(prefix="carehome-shots-"))
if ARGS.size or ARGS.scale:
    WINDOW = (round(SCREEN[0] / SCALE), round(SCREEN[1] / SCALE))
    DOCS = ARGS.out or work / f"shots-{SCREEN[0]}x{SCREEN[1]}-{round(SCALE * 100)}pc"
else:
    DOCS = ARGS.out or ROOT / "docs"
screen = work / "screen.json"
screen.write_text(json.dumps({"screens": [{"name": "desk", "x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1],
                                           "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
if SCALE != 1:
    # Qt's own scaling, as Windows display scaling drives it: the offscreen screen's "dpr" changes the
    # screen's reported ratio but widgets still paint at 1, so the pictures would not show it.
    os.environ["QT_SCALE_FACTOR"] = f"{SCALE:g}"
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
os.environ["CAREHOME_DESK_USER"] = "Priya Fairbairn"

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from carehome_desk import paths  # noqa: E402
from carehome_desk.demo import DemoOptions, build_demo  # noqa: E402
from carehome_desk.models.dates import UK  # noqa: E402
from carehome_desk.store import Store  # noqa: E402
from carehome_desk.ui.main_window import MainWindow  # noqa: E402
from carehome_desk.ui.widgets.style import APP_STYLE  # noqa: E402
from carehome_desk.ui.settings.welcome_dialog import WelcomeDialog  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import audit_shots  # noqa: E402
import dashboard_shots  # noqa: E402
import incident_shots  # noqa: E402
import password_shots  # noqa: E402
import quality_shots  # noqa: E402
import restore_shots  # noqa: E402
import workforce_shots  # noqa: E402


TODAY = date(2026, 11, 22)


def slug(title: str) -> str:
    """'Recruitment checks' -> 'recruitment-checks'."""
    return title.lower().replace(" ", "-")


def shoot_welcome(app: QApplication) -> None:
    """The welcome box, then its set-up form with the manager's start date refused at its field."""
    dialog = WelcomeDialog(date(2026, 11, 22))
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(DOCS / "welcome.png"))
    dialog.setup_button.click()
    dialog.name.setText("Hawthorn House")
    dialog.urn.setText("SC246810")
    dialog.manager.setText("Sam Patel")
    dialog.manager_started.line.setText("31/02/2026")
    dialog.create_button.click()
    for _ in range(6):
        app.processEvents()
    dialog.grab().save(str(DOCS / "welcome-setup.png"))
    dialog.reject()
    dialog.deleteLater()


def main() -> int:
    only = set(ARGS.pages)
    paths.init(work)
    app = QApplication(sys.argv[:1])
    app.setStyleSheet(APP_STYLE)
    DOCS.mkdir(parents=True, exist_ok=True)
    if not only or "password" in only:
        password_shots.shoot(app, DOCS, work, TODAY)
    if not only or "restore" in only:
        restore_shots.shoot(app, DOCS, work, TODAY)
    if "welcome" in only:
        shoot_welcome(app)
    if only <= {"password", "restore", "welcome"} and only:
        print(f"Screenshots written to {DOCS}")
        return 0
    db = build_demo(work / "demo.sqlite3", DemoOptions(today=TODAY))
    # The same fixed day as the demo, so statuses (and pictures) do not drift with the calendar.
    now = datetime.combine(TODAY, time(10, 0), tzinfo=UK)
    store = Store.open(db, clock=lambda: now)
    window = MainWindow(store, QSettings(str(work / "window.ini"), QSettings.Format.IniFormat))
    DOCS.mkdir(parents=True, exist_ok=True)
    sizes = [(1366, 768), (1920, 1080)]
    if WINDOW is not None:
        sizes = [WINDOW]
        # The area helpers size the window for their own 1366×768 pictures; here every picture is
        # at the one size asked for, so their resizes keep it (a screenshot script's shortcut).
        window.resize(*WINDOW)
        window.resize = lambda *_: QMainWindow.resize(window, *WINDOW)  # type: ignore[method-assign]
    for width, height in sizes:
        window.resize(width, height)
        window.show()
        for row, page in enumerate(window.pages):
            if only and slug(page.title) not in only:
                continue
            window.nav.setCurrentRow(row)
            workforce_shots.settle(app)
            if page is window.staff_page:
                workforce_shots.pick_person(window, "details")
                workforce_shots.settle(app)
            incident_shots.prepare(window, app)
            dashboard_shots.prepare(window, app)
            audit_shots.prepare(window, app)
            window.grab().save(str(DOCS / f"{slug(page.title)}-{width}x{height}.png"))
            if slug(page.title) == "quality":  # and each of its tabs
                quality_shots.shoot_tabs(app, window, DOCS, f"{width}x{height}")
    if not only or "dashboard" in only:
        dashboard_shots.shoot(app, window, DOCS, work, TODAY)
    if not only or only & {"staff", "training", "recruitment-checks"}:
        workforce_shots.shoot(app, window, DOCS)
    if not only or "incidents" in only:
        incident_shots.shoot(app, window, DOCS)
    if not only or "quality" in only:
        quality_shots.shoot(app, window, DOCS)
    if not only or "audit" in only:
        audit_shots.shoot(app, DOCS, work, db, now)
    if only:
        window.close()
        store.close()
        print(f"Screenshots written to {DOCS}")
        return 0
    # An edit refused at the field: what a manager sees after typing a wrong URN.
    window.resize(*(WINDOW or (1366, 768)))
    home_page = next(page for page in window.pages if slug(page.title) == "home-settings")
    window.nav.setCurrentRow(window.pages.index(home_page))
    home_page.urn.setText("SC12")
    home_page.save()
    app.processEvents()
    window.grab().save(str(DOCS / "home-settings-invalid-urn.png"))
    home_page.discard()
    shoot_welcome(app)
    window.close()
    store.close()
    print(f"Screenshots written to {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
