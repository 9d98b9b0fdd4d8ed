"""PySide6's import check ("does this module's source say PySide6?") answered from the file's bytes.

PySide6's import hook (its ``__feature__`` machinery) meets every module an ``import`` statement names once
PySide6 is loaded and records, the first time, whether the module's source holds the word "PySide6" (0) or
not (-1: nothing to switch). It finds out with ``inspect.getsource``: linecache reads the whole file through a
text decoder, splits it into lines, keeps them for the rest of the run and joins them again: about 0.14 ms a
module, where reading the bytes takes 0.04 ms. After PySide6 the window's start imports SQLAlchemy and the
store (166 modules named by an import on the way), and every page loaded on a click pays it too (30 for
Quality); linecache ended a run holding 5 MB of source text.

``quicken`` puts ``uses_pyside`` in place of the hook's check, which answers the same question for the same
file: a module's ``__file__`` (an absolute path ending ``.py``, as ``inspect.getsourcefile`` would return
it) is read as bytes, its encoding found as ``tokenize.open`` finds it, and

- in UTF-8 (every file of ours, SQLAlchemy's, the standard library's) the text holds "PySide6" exactly when
  the bytes hold ``b"PySide6"``, as an ASCII byte never stands inside another character's bytes; so a file
  without those bytes is "no" without decoding it;
- otherwise (the bytes are there, or another encoding) the file is decoded strictly and the text searched;
- a file PySide6 could not read (a bad encoding cookie, bytes its encoding cannot decode) is "no", as
  PySide6's check says "no" when ``getsource`` fails.

Anything else (no ``__file__``, a compiled or sourceless module, a relative path, a file linecache already
holds, a file that cannot be opened) is given to PySide6's own check, unchanged. So the record PySide6 keeps
for each module is the one it would have kept; nothing in this application chooses a ``__feature__`` anyway
(that needs ``from __feature__ import …``, which no module here has), so no answer switches anything.

It is installed only when PySide6's feature module has the shape this was written for (PySide6 6.11): a
``pyside_feature_dict`` dict, a ``feature_imported`` that looks up ``_mod_uses_pyside`` in that module's
namespace, and a ``_mod_uses_pyside`` that calls ``getsource`` and tests for "PySide6". Should a later PySide6
keep its record elsewhere or test something else, nothing is replaced and the hook reads sources as before.
"""

from __future__ import annotations

import io
import linecache
import os
import tokenize
from collections.abc import Callable
from types import CodeType, ModuleType

WORD = "PySide6"
_UTF8 = ("utf-8", "utf-8-sig")


def uses_pyside(module: object, pyside_check: Callable[[object], bool]) -> bool:
    """Whether ``module``'s source holds the word "PySide6", as ``pyside_check`` (PySide6's own) would answer."""
    path = getattr(module, "__file__", None) if isinstance(module, ModuleType) else None
    if not (isinstance(path, str) and path.endswith(".py") and os.path.isabs(path)) or path in linecache.cache:
        return pyside_check(module)
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return pyside_check(module)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:  # a cookie naming no known encoding, or a first line that is not UTF-8
        return False
    if encoding in _UTF8 and WORD.encode() not in data:
        return False
    try:
        return WORD in data.decode(encoding)
    except UnicodeDecodeError:
        return False


def _code(function: object) -> CodeType | None:
    code = getattr(function, "__code__", None)
    return code if isinstance(code, CodeType) else None


def quicken(feature: object) -> bool:
    """Give PySide6's feature module ``uses_pyside`` in place of its own check, if it has the expected shape.

    Returns whether it did (or had already). Leaves the module untouched otherwise."""
    pyside_check = getattr(feature, "_mod_uses_pyside", None)
    if getattr(pyside_check, "pyside_check", None) is not None:
        return True  # already given
    imported = getattr(feature, "feature_imported", None)
    imported_code, check_code = _code(imported), _code(pyside_check)
    namespace = getattr(feature, "__dict__", None)
    if (not isinstance(getattr(feature, "pyside_feature_dict", None), dict) or imported_code is None
            or check_code is None or getattr(imported, "__globals__", None) is not namespace
            or "_mod_uses_pyside" not in imported_code.co_names
            or "pyside_feature_dict" not in imported_code.co_names
            or "getsource" not in check_code.co_names or WORD not in check_code.co_consts
            or not callable(pyside_check)):
        return False
    original: Callable[[object], bool] = pyside_check

    def quick_check(module: object) -> bool:
        return uses_pyside(module, original)

    quick_check.pyside_check = original  # type: ignore[attr-defined]
    setattr(feature, "_mod_uses_pyside", quick_check)
    return True
