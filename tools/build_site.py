"""Build the website as the tests and the publishing workflow build it.

    .venv/bin/python tools/build_site.py

Runs `jupyter-book build . --all --warningiserror --keep-going` with the lesson's Ollama stand-in
serving on a free port (OLLAMA_HOST points at it; its log: _build/ollama-standin-site.log), after
removing the old pages (a page that left the book must not linger). `--all` reads every page
again, so pages, glued numbers and printed output all come from the cache as it is now.
Notebooks that the tests have just run come from the execution cache (_build/.jupyter_cache) and
are not executed again; the others are executed now, notebooks 6 and 7 against the stand-in, as
in the tests. So the site shows the run whose output the episodes quote (their `run-output` blocks
check those quotes), whatever else runs on this machine: a real Ollama serves other model files,
and without any server the notebooks would take their other route. Exits with the build's status.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from llm_lesson import servers

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    shutil.rmtree(ROOT / "_build" / "html", ignore_errors=True)
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    try:
        with servers.ollama_standin(log=ROOT / "_build" / "ollama-standin-site.log"):
            return subprocess.run([str(jupyter_book), "build", str(ROOT), "--all", "--warningiserror", "--keep-going"],
                                  check=False).returncode
    except servers.ServerError as error:
        print(f"The Ollama stand-in did not start: {error}. Run `python3 tools/setup.py` first.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
