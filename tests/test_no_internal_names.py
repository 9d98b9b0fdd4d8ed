"""Nothing internal reaches a user: no planning-file names in the pack, the CLI's help, the README, the
shipped resources, the docs or any text the package holds (window labels, tooltips, help, docstrings).

The team plans in files outside the product; a manager or an inspector who reads "domain.md" or an
"UNVERIFIED" label is sent to something they cannot open. Rules cite docs/rules.md instead.
"""

from __future__ import annotations

import argparse
import ast
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from carehome_desk.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
# File names in any case; the planning label only as written there (a user may well read "unverified").
INTERNAL = re.compile(r"(?i:domain\.md|spreadsheets\.md|ui-guide|architecture\.md|\bshared/|planning file)|UNVERIFIED")


def internal(text: str) -> list[str]:
    """The internal names found in ``text``."""
    return sorted({m.group(0) for m in INTERNAL.finditer(text)})


def test_the_pattern_catches_what_it_is_for() -> None:
    assert internal("Source: shared/domain.md §9 (UNVERIFIED)") == ["UNVERIFIED", "domain.md", "shared/"]
    assert internal("Colours as in ui-guide.md; see architecture.md") == ["architecture.md", "ui-guide"]
    assert internal("Source: Reg 32(4); see docs/rules.md. A shared office PC.") == []


def _parsers(parser: argparse.ArgumentParser, name: str = "carehome-desk") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


def test_no_command_help_names_an_internal_file() -> None:
    helps = {name: p.format_help() for name, p in _parsers(build_parser())}
    assert len(helps) > 10 and "carehome-desk demo" in helps and "carehome-desk home add" in helps
    assert {name: internal(text) for name, text in helps.items() if internal(text)} == {}


def test_readme_docs_and_resources_name_no_internal_file() -> None:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
             *sorted(p for p in (ROOT / "resources").rglob("*") if p.suffix in (".json", ".md", ".txt"))]
    assert (ROOT / "docs" / "rules.md").exists() and (ROOT / "docs" / "code-map.md").exists()
    found = {str(p.relative_to(ROOT)): internal(p.read_text(encoding="utf-8")) for p in files}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_no_text_in_the_package_names_an_internal_file() -> None:
    """Every string the code holds: labels, tooltips, help texts, messages, sheet notes, docstrings."""
    found: dict[str, list[str]] = {}
    for module in sorted((ROOT / "carehome_desk").rglob("*.py")):
        source = module.read_text(encoding="utf-8")
        strings = [node.value for node in ast.walk(ast.parse(source))
                   if isinstance(node, ast.Constant) and isinstance(node.value, str)]
        comments = [line for line in source.splitlines() if "#" in line]  # a developer reads these: point at docs/
        hits = internal("\n".join(strings + comments))
        if hits:
            found[str(module.relative_to(ROOT))] = hits
    assert found == {}


def test_the_evidence_pack_names_no_internal_file(tmp_path: Path) -> None:
    from carehome_desk.demo import DemoOptions, build_demo
    from carehome_desk.export.evidence_pack import PackOptions, export_pack
    from carehome_desk.store import Store

    db = build_demo(tmp_path / "demo.sqlite3", DemoOptions(today=date(2026, 11, 22)))
    with Store.open(db, create=False) as store:
        result = export_pack(store, PackOptions(out=tmp_path / "pack.xlsx", writer="inline"))
    with zipfile.ZipFile(result.path) as pack:  # every sheet, note, the Manifest and the document properties
        parts = {name: pack.read(name).decode("utf-8", "replace") for name in pack.namelist()
                 if name.endswith((".xml", ".rels", ".vml"))}
    assert any("Annex" in text for text in parts.values())
    assert {name: internal(text) for name, text in parts.items() if internal(text)} == {}
