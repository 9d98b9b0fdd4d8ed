"""Make the old Excel 97-2003 (.xls) copies of the import corpus's shapes, once, with LibreOffice.

No Python library writes .xls files that calamine and Excel both read the way Excel's own do, and CI
machines may not have LibreOffice, so the files are made here and kept in tests/data/own/. Run again
after changing a shape in tests/importing/own/corpus.py:

    PYTHONPATH=. python scripts/make_xls_corpus.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.importing.own import corpus, corpus_write  # noqa: E402


def main() -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice (soffice) is needed to write .xls files.", file=sys.stderr)
        return 1
    target = corpus.XLS_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sources = [corpus_write.write_xlsx(make(), work / f"{name}.xlsx") for name, make in corpus.SHAPES.items()]
        # a private profile, so a LibreOffice the user has open is left alone
        profile = (work / "profile").as_uri()
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xls",
                        "--outdir", str(target), *map(str, sources)], check=True, capture_output=True, timeout=300)
    for name in corpus.SHAPES:
        print(target / f"{name}.xls")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
