"""The bench's first start of a day: the start snapshot as a window left idle the day before leaves it.

Before each measured run of the row "first window, first start of the day", a process of its own (not
timed) opens the demo file with its clock a day back, keeps that day's tiles as the window does, and
works out the coming days' (today's among them) as the window does once idle. The measured run then
starts as `carehome-desk --db FILE` starts on the first morning after: its first frame is today's tiles
as they were worked out ahead yesterday, when nothing was saved since.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_KEPT_AHEAD = r"""
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from PySide6.QtCore import QSettings
from carehome_desk import start_snapshot as ss
from carehome_desk.services.dashboard_ahead import tiles_ahead
from carehome_desk.services.dashboard_data import Part, PeriodSpec, Request, compute
from carehome_desk.store import Store
from carehome_desk.ui.widgets.period_selector import CHOICES, DEFAULT
db, ini = Path(sys.argv[1]), sys.argv[2]
for name in (ss.FILENAME, ss.CHARTS_FILENAME):
    (ss.data_dir() / name).unlink(missing_ok=True)
spec = CHOICES[DEFAULT][1] or PeriodSpec()
period = repr(spec)
yesterday_now = datetime.now(timezone.utc) - timedelta(days=1)
with Store.open(db, create=False, clock=lambda: yesterday_now) as store:
    homes = store.homes.list()
    wanted = str(QSettings(ini, QSettings.Format.IniFormat).value("main/home", ""))
    home = next((h for h in homes if str(h.id) == wanted), homes[0])
    day = store.today()
    got = compute(store, Request(home.id, day, spec, frozenset({Part.TILES})))
    key = ss.read_key(db, day, period)
    until = got.tiles_until.astimezone(timezone.utc).isoformat() if got.tiles_until else None
    ss.save(ss.Snapshot(key, int(home.id), [(int(h.id), h.name, h.urn) for h in homes], store.settings.is_demo(),
                        "Data: demo", [t.to_dict() for t in got.values[Part.TILES]], until))
    coming = {}
    for d in ss.missing_days(key, int(home.id)):
        ahead = tiles_ahead(store, home.id, spec, d)
        coming[d] = ss.DayTiles([t.to_dict() for t in ahead.tiles],
                                ahead.until.astimezone(timezone.utc).isoformat() if ahead.until else None)
    assert ss.keep_days(key, int(home.id), coming)
"""


def kept_ahead(db: Path, ini: str, out: Path) -> None:
    """Leave the start snapshot in ``out``'s user data folder as yesterday's idle window would have."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CAREHOME_DESK_HOME=str(out / "userdata"))
    subprocess.run([sys.executable, "-c", _KEPT_AHEAD, str(db), ini], check=True, env=env, cwd=out.parent,
                   capture_output=True, timeout=300)
