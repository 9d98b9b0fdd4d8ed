"""PySide6's import check answered from the file's bytes (ui/pyside_import_check.py): the same answers, fewer reads.

The quick check is compared with PySide6's own on every module this process has loaded, on files in other
encodings and on files PySide6 cannot read; in a fresh process started as the window starts, the record the
hook keeps for every module loaded after PySide6 is the one PySide6's own check gives, and no module's
source is read through ``inspect.getsource``. Where PySide6's feature module has another shape, nothing is
replaced.
"""

from __future__ import annotations

import importlib
import json
import linecache
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
import PySide6  # noqa: F401 - loads PySide6's feature module

from carehome_desk.ui.pyside_import_check import quicken, uses_pyside


def pysides_check() -> Callable[[object], bool]:
    """PySide6's own check, whether or not the quick one has been given to it in this process."""
    check = getattr(sys.modules["__feature__"], "_mod_uses_pyside")
    original = getattr(check, "pyside_check", check)
    assert callable(original)
    return original  # type: ignore[no-any-return]


def a_module(path: Path, name: str = "some_module") -> ModuleType:
    module = ModuleType(name)
    module.__file__ = str(path)
    return module


def test_the_quick_check_answers_as_pysides_own_for_every_module_loaded() -> None:
    for name in ("carehome_desk.store", "carehome_desk.ui.quality.quality_page",
                 "carehome_desk.ui.children.children_page", "sqlalchemy.dialects.sqlite", "openpyxl"):
        importlib.import_module(name)
    linecache.clearcache()  # a file linecache holds goes to PySide6's own check: start with none held
    modules = list(sys.modules.values())
    quick = [uses_pyside(module, pysides_check()) for module in modules]  # before PySide6's own fills linecache
    own = [pysides_check()(module) for module in modules]
    assert quick == own
    names = {module.__name__: answer for module, answer in zip(modules, quick)}
    assert names["carehome_desk.ui.quality.quality_page"] is True
    assert names["sqlalchemy.sql.compiler"] is False and names["json.decoder"] is False
    assert len(modules) > 500


@pytest.mark.parametrize(("content", "says"), [
    ("# -*- coding: latin-1 -*-\n'''Café'''\nfrom PySide6 import QtCore\n".encode("latin-1"), True),
    ("# -*- coding: latin-1 -*-\n'''Café: no Qt here'''\n".encode("latin-1"), False),
    ("# coding: cp1252\n'''PySide6 – in the docstring'''\n".encode("cp1252"), True),
    (b"# coding: cp500\n" + "x = 'EBCDIC: the word is not in the bytes as ASCII: PySide6'\n".encode("cp500"), True),
    (b"\xef\xbb\xbf'''A byte-order mark, then PySide6'''\n", True),
    (b"\xef\xbb\xbf'''A byte-order mark, nothing else'''\r\n", False),
    (b"'''Windows line ends'''\r\nimport PySide6\r\n", True),
    (b"'''Not UTF-8 further down'''\n\n\nx = '\xff PySide6'\n", False),  # PySide6 cannot decode it: "no"
    (b"'''Not UTF-8, without the word'''\n\n\nx = '\xff'\n", False),
    (b"# coding: no-such-encoding\nimport PySide6\n", False),  # nor read a file with a cookie it does not know
    (b"", False),
])
def test_a_file_in_another_encoding_or_unreadable_gets_pysides_answer(tmp_path: Path, content: bytes,
                                                                      says: bool) -> None:
    path = tmp_path / "some_module.py"
    path.write_bytes(content)
    module = a_module(path)
    quick = uses_pyside(module, pysides_check())
    assert quick is says
    assert pysides_check()(module) is says


def test_what_the_quick_check_does_not_read_itself_goes_to_pysides_check(tmp_path: Path) -> None:
    asked: list[object] = []

    def check(module: object) -> bool:
        asked.append(module)
        return True

    (tmp_path / "some_module.py").write_text("x = 1\n")
    (tmp_path / "folder.py").mkdir()
    linecache.clearcache()
    held = tmp_path / "held.py"
    held.write_text("x = 1\n")
    linecache.getlines(str(held))  # a file linecache already holds: PySide6 would use its lines
    others = [sys, a_module(tmp_path / "gone.py"), a_module(Path("some_module.py")),
              a_module(tmp_path / "compiled.cpython-311-x86_64-linux-gnu.so"), a_module(held), "not a module",
              a_module(tmp_path / "folder.py")]
    assert [uses_pyside(module, check) for module in others] == [True] * len(others)
    assert asked == others
    asked.clear()
    assert uses_pyside(a_module(tmp_path / "some_module.py"), check) is False
    assert asked == []


_FEATURE_611 = '''
import inspect
pyside_feature_dict = {}

def _mod_uses_pyside(module):
    try:
        source = inspect.getsource(module)
    except (TypeError, OSError, SyntaxError):
        return False
    return "PySide6" in source

def feature_imported(module):
    if hasattr(module, "__name__"):
        name = module.__name__
        if name not in pyside_feature_dict:
            pyside_feature_dict[name] = 0 if _mod_uses_pyside(module) else -1
'''


def a_feature_module(source: str) -> ModuleType:
    feature = ModuleType("__feature__")
    exec(compile(source, "<a feature module>", "exec"), feature.__dict__)
    return feature


def test_the_shape_pyside_611_has_is_given_the_quick_check_and_records_the_same(tmp_path: Path) -> None:
    feature = a_feature_module(_FEATURE_611)
    own = feature._mod_uses_pyside
    assert quicken(feature) is True
    assert feature._mod_uses_pyside is not own and feature._mod_uses_pyside.pyside_check is own
    assert quicken(feature) is True and feature._mod_uses_pyside.pyside_check is own  # not given twice
    (tmp_path / "with_qt.py").write_text("from PySide6.QtCore import QTimer\n")
    (tmp_path / "without.py").write_text("import json\n")
    feature.feature_imported(a_module(tmp_path / "with_qt.py", "with_qt"))
    feature.feature_imported(a_module(tmp_path / "without.py", "without"))
    feature.feature_imported(sys)
    assert feature.pyside_feature_dict == {"with_qt": 0, "without": -1, "sys": -1}


@pytest.mark.parametrize("change", [
    ("pyside_feature_dict = {}", "pyside_feature_dict = None"),  # the record kept elsewhere
    ("def feature_imported(module):", "def feature_seen(module):"),  # the hook's entry point renamed
    ('return "PySide6" in source', 'return "__feature__" in source'),  # another rule
    ("source = inspect.getsource(module)", "source = module.__doc__ or ''"),  # another way of reading
    ("pyside_feature_dict[name] = 0 if _mod_uses_pyside(module) else -1", "pyside_feature_dict[name] = 0"),
])
def test_another_shape_of_pysides_feature_module_is_left_alone(change: tuple[str, str]) -> None:
    old, new = change
    assert old in _FEATURE_611
    feature = a_feature_module(_FEATURE_611.replace(old, new))
    before = dict(feature.__dict__)
    assert quicken(feature) is False
    assert feature.__dict__ == before


def test_a_check_named_from_another_module_or_no_feature_module_is_left_alone() -> None:
    feature = a_feature_module(_FEATURE_611)
    elsewhere = a_feature_module(_FEATURE_611)
    feature.feature_imported = elsewhere.feature_imported  # it would call its own module's check
    own = feature._mod_uses_pyside
    assert quicken(feature) is False
    assert feature._mod_uses_pyside is own
    assert quicken(None) is False
    assert quicken(ModuleType("__feature__")) is False


_START = r"""
import inspect, json, sys
read = []
real = inspect.getsource
inspect.getsource = lambda obj: read.append(str(getattr(obj, "__file__", ""))) or real(obj)
import carehome_desk.ui.pyside_first
feature = sys.modules["__feature__"]
before = set(sys.modules)
read.clear()  # (PySide6 reads two modules' sources while it loads, before the quick check is given)
import carehome_desk.store
from carehome_desk.ui.main_window import MainWindow
from carehome_desk.ui.quality.quality_page import QualityPage
own = feature._mod_uses_pyside.pyside_check
source_files_read = [path for path in read if path.endswith(".py")]
record = feature.pyside_feature_dict
after = [name for name in sys.modules if name not in before and name in record]
print(json.dumps({"source_files_read": source_files_read, "others_read": len(read), "compared": len(after),
                  "with_word": [name for name in after if record[name] == 0],
                  "differing": [name for name in after if record[name] != (0 if own(sys.modules[name]) else -1)]}))
"""


def test_the_window_start_records_pysides_answers_without_reading_a_source() -> None:
    """In a fresh process, as the window starts: the store, the window and a page loaded after PySide6."""
    result = subprocess.run([sys.executable, "-c", _START], capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout.strip().splitlines()[-1])
    assert got["source_files_read"] == []
    assert got["others_read"] > 5  # compiled modules, still given to PySide6's own check
    assert got["differing"] == []
    assert got["compared"] > 150
    assert "carehome_desk.ui.main_window" in got["with_word"]
    assert "carehome_desk.ui.quality.quality_page" in got["with_word"]
