"""Layer rules that keep the core headless (docs/code-map.md: Qt only in ui/, pure models, lazy heavy imports)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "carehome_desk"


def test_core_and_cli_load_without_qt_matplotlib_or_openpyxl() -> None:
    code = (
        "import pkgutil, importlib, sys, carehome_desk\n"
        "for m in pkgutil.walk_packages(carehome_desk.__path__, 'carehome_desk.'):\n"
        "    if '.ui' in m.name or m.name.endswith('__main__') or '.migrations' in m.name: continue\n"
        "    importlib.import_module(m.name)\n"
        "from carehome_desk.cli import build_parser, main\n"
        "assert main(['homes', '--db', sys.argv[1]]) == 1\n"
        "heavy = sorted(n for n in ('PySide6', 'matplotlib', 'openpyxl') if n in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, "/nonexistent/x.sqlite3"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_ui_imports_pyside6_and_models_stay_pure() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        found = imports_of(path)
        if not rel.startswith("ui/") and "PySide6" in found:
            offenders.append(f"{rel} imports PySide6")
        if rel.startswith("models/") and found & {"sqlalchemy", "sqlite3", "alembic", "PySide6"}:
            offenders.append(f"{rel} imports storage or Qt")
        text = path.read_text(encoding="utf-8")
        if "pyplot" in text:
            offenders.append(f"{rel} mentions pyplot")
    assert offenders == []
