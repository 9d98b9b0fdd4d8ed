"""The dashboard's charts kept from the last run, drawn in the first frame before the store is open.

When the four charts' figures reflect every save so far, they are kept (as ``ChartSpec``: plain
figures) in a private file in the data folder under the start snapshot's key for the day they were
drawn (start_snapshot.py ``read_key``: the file's identity, the audit trail's newest row and hash,
the schema, the UK day, the period and the app's version). Unlike the tiles, they are kept for that
day only: the first start of a day draws them once the worker has their figures (still within the
dashboard's target). At the next start, the first frame's key has just been
checked against the records: when the kept charts carry that very key and are for the home on show,
the chart process draws them while the store is still being opened, and the worker's figures, once
they come, replace a chart only where they differ (they cannot, for the same records). Never for an
encrypted file or a server database (no key is read for them). A missing, corrupt or foreign file is
ignored: the charts are then drawn once the worker has their figures, as before.

Standard library only (and no Qt, no matplotlib).
"""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

from carehome_desk.kept_files import OtherFormat, check_format
from carehome_desk.paths import data_dir
from carehome_desk.start_snapshot import CHARTS_FILENAME, MAX_BYTES
from carehome_desk.ui.dashboard.chart_render import KINDS, ChartSpec

log = logging.getLogger("carehome_desk")

FILENAME = CHARTS_FILENAME
FORMAT = 1


def charts_path() -> Path:
    """Where the kept charts live: the private data folder."""
    return data_dir() / FILENAME


def _day(text: Any) -> date | None:
    return date.fromisoformat(text) if text is not None else None


def spec_to_json(spec: ChartSpec) -> dict[str, Any]:
    """A chart's figures as JSON values (dates as ISO days)."""
    return {"kind": spec.kind, "words": spec.words, "months": [m.isoformat() for m in spec.months],
            "labels": list(spec.labels), "values": {k: list(v) for k, v in spec.values.items()},
            "days": [d.isoformat() for d in spec.days],
            "first": spec.first.isoformat() if spec.first else None,
            "last": spec.last.isoformat() if spec.last else None,
            "grade_ticks": [[float(k), v] for k, v in spec.grade_ticks.items()]}


def spec_from_json(raw: dict[str, Any]) -> ChartSpec:
    """The ``ChartSpec`` written by ``spec_to_json``; ValueError when it is not one."""
    if raw["kind"] not in KINDS:
        raise ValueError("not a chart this dashboard draws")
    values = raw["values"]
    if not isinstance(values, dict) or not all(isinstance(v, list) for v in values.values()):
        raise ValueError("a chart's values are not as written")
    return ChartSpec(str(raw["kind"]), str(raw["words"]), [date.fromisoformat(m) for m in raw["months"]],
                     [str(label) for label in raw["labels"]], {str(k): list(v) for k, v in values.items()},
                     [date.fromisoformat(d) for d in raw["days"]], _day(raw["first"]), _day(raw["last"]),
                     {float(k): str(v) for k, v in raw["grade_ticks"]})


def save(key: dict[str, Any], home_id: int, specs: dict[str, ChartSpec]) -> None:
    """Keep ``specs`` (chart kind → figures) for the records ``key`` describes, private (0600) from its first
    byte, replacing the last ones whole."""
    from carehome_desk.kept_files import write_soon

    try:
        text = json.dumps({"format": FORMAT, "key": key, "home_id": home_id,
                           "charts": {kind: spec_to_json(spec) for kind, spec in specs.items()}}, sort_keys=True)
    except (TypeError, ValueError) as exc:  # a figure JSON cannot hold: not kept, drawn from the store next time
        log.warning("start charts not kept: %s", type(exc).__name__)
        return
    write_soon(charts_path(), text, "start charts")  # off this thread: a disk's flush is slow


def load(key: dict[str, Any], home_id: int) -> dict[str, ChartSpec]:
    """The charts kept for exactly these records (``key``, just checked against the file) and home; {} if none."""
    from carehome_desk.kept_files import settle

    file = charts_path()
    settle(file)  # ones this process is still writing are read whole
    if not file.is_file():
        return {}
    try:
        if file.stat().st_size > MAX_BYTES:
            raise ValueError("too big to be kept charts")
        raw = check_format(json.loads(file.read_text(encoding="utf-8")), FORMAT)
        if raw["key"] != key or raw["home_id"] != home_id:
            return {}
        return {str(kind): spec_from_json(spec) for kind, spec in raw["charts"].items()}
    except OtherFormat:
        return {}  # a newer version's: left for it
    except Exception as exc:  # noqa: BLE001 - whatever is in that file, the charts are drawn the usual way
        log.warning("start charts ignored: %s could not be read (%s)", file.name, type(exc).__name__)
        forget()
        return {}


def forget() -> None:
    """Remove the kept charts."""
    from carehome_desk.kept_files import settle

    try:
        settle(charts_path(), drop=True)  # nothing waiting to be written comes back after
        charts_path().unlink(missing_ok=True)
    except OSError as exc:
        log.warning("start charts could not be removed: %s", exc)
