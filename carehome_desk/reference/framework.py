"""Loading the framework data files from resources/frameworks (a new Ofsted revision is a new file)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from carehome_desk.models.framework import Framework, QualityStandard, framework_from_dict, standards_from_dict
from carehome_desk.paths import resources_dir

CURRENT_SCCIF = "sccif-childrens-homes-2025"
QUALITY_STANDARDS = "quality-standards-2015"


def _load(name: str) -> dict[str, Any]:
    path = resources_dir() / "frameworks" / f"{name}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def sccif(version: str = CURRENT_SCCIF) -> Framework:
    """A version of the SCCIF for children's homes (the current one by default)."""
    return framework_from_dict(_load(version))


@cache
def quality_standards() -> tuple[QualityStandard, ...]:
    """The nine Quality Standards."""
    return standards_from_dict(_load(QUALITY_STANDARDS))


def available_versions() -> list[str]:
    """Framework files shipped, newest first."""
    folder = resources_dir() / "frameworks"
    names = [p.name[:-5] for p in folder.iterdir() if p.name.startswith("sccif-") and p.name.endswith(".json")]
    return sorted(names, reverse=True)
