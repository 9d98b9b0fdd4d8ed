"""PySide6, loaded with its import hook told that the modules loaded before it need no reading.

PySide6 installs an import hook (for its ``__feature__`` switches) that reads the whole source of every
module named in an ``import`` statement run after PySide6 is loaded, the first time it meets it, looking for
the word "PySide6": the modules loaded before PySide6 too, as soon as a later module imports them again
(``import logging``, ``from carehome_desk.models.dates import …``): about 80 modules and 3.5 ms on the way to
the first frame. A module loaded before PySide6 cannot have chosen a ``__feature__`` (that needs PySide6
loaded first; nothing here uses one), so each is marked as the hook marks a module without PySide6 in it
(-1: nothing to switch) before the hook would read it. Should a later PySide6 keep that record elsewhere,
nothing is marked and the hook reads them as before.

The modules loaded after it (SQLAlchemy and the store, the window's modules, each page's on its first click)
are still checked, by the same rule, but from the file's bytes rather than through ``inspect.getsource``
(pyside_import_check.py says why the answers are the same, and when it stands aside).

The window's start imports this module before any Qt module (app.py, app_first_frame.py).
"""

from __future__ import annotations

import sys

from carehome_desk.ui.pyside_import_check import quicken

_loaded_before = list(sys.modules)

import PySide6  # noqa: E402 - after the list above: importing PySide6 installs the hook

_record = getattr(sys.modules.get("__feature__"), "pyside_feature_dict", None)
if isinstance(_record, dict):
    for _name in _loaded_before:
        _record.setdefault(_name, -1)
quicken(sys.modules.get("__feature__"))
