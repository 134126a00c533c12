"""Build the website as the tests and the publishing workflow build it.

    .venv/bin/python tools/build_site.py                 build (executes what the cache lacks)
    .venv/bin/python tools/build_site.py --cached-only   fail if the build executed anything

Runs `jupyter-book build . --all --warningiserror --keep-going` with the lesson's Ollama stand-in
serving on a free port (OLLAMA_HOST points at it; its log: _build/ollama-standin-site.log), after
removing the old pages (a page that left the book must not linger). `--all` reads every page
again, so pages, glued numbers and printed output all come from the cache as it is now.
Notebooks that the tests have just run come from the execution cache (`execute.cache_path` in
_config.yml, else Jupyter Book's default _build/.jupyter_cache) and are not executed again; the
others are executed now, notebooks 6 and 7 against the stand-in, as in the tests. So the site
shows the run whose output the episodes quote (their `run-output` blocks check those quotes),
whatever else runs on this machine: a real Ollama serves other model files, and without any
server the notebooks would take their other route. Exits with the build's status.

With `--cached-only` (the tests use it after their notebook run), the build must take every
notebook from the cache: if jupyter-cache holds a record afterwards that it did not hold before,
the build executed that notebook (a cache miss: a changed cache path, or a bump of myst-nb,
jupyter-cache or nbval that changed how notebooks are matched), and the script says which and
exits with 1. It reads the cache through jupyter-cache's public API only.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def execution_cache(book: Path = ROOT) -> Path:
    """The folder where Jupyter Book 1 (myst-nb, jupyter-cache) keeps executed notebooks."""
    config = yaml.safe_load((book / "_config.yml").read_text()) or {}
    path = (config.get("execute") or {}).get("cache_path")
    return (book / path) if path else book / "_build" / ".jupyter_cache"


def cache_records(cache: Path) -> dict[int, tuple[str, str]]:
    """{record id: (notebook, when it was cached)} of the execution cache; empty if it has none."""
    if not cache.exists():
        return {}
    from jupyter_cache import get_cache

    return {r.pk: (r.uri, str(r.created)) for r in get_cache(str(cache)).list_cache_records()}


def build(book: Path = ROOT, cached_only: bool = False, standin: bool = True) -> int:
    """Build the book; with `cached_only`, fail when the build executed a notebook."""
    shutil.rmtree(book / "_build" / "html", ignore_errors=True)
    cache = execution_cache(book)
    before = cache_records(cache)
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    if standin:
        from llm_lesson import servers

        try:
            server = servers.ollama_standin(log=book / "_build" / "ollama-standin-site.log")
            server.__enter__()
        except servers.ServerError as error:
            print(f"The Ollama stand-in did not start: {error}. Run `python3 tools/setup.py` first.",
                  file=sys.stderr)
            return 1
    else:
        server = contextlib.nullcontext()
    try:
        status = subprocess.run([str(jupyter_book), "build", str(book), "--all", "--warningiserror",
                                 "--keep-going"], check=False).returncode
    finally:
        server.__exit__(None, None, None)
    executed = sorted(uri for pk, (uri, created) in cache_records(cache).items()
                      if before.get(pk, (uri, None))[1] != created)
    if cached_only and executed:
        names = ", ".join(Path(uri).name for uri in executed)
        print(f"The build executed {len(executed)} notebook(s) that the test run should have provided "
              f"from the cache in {cache}: {names}. Check execute.cache_path in _config.yml and the "
              "versions of myst-nb, jupyter-cache and nbval.", file=sys.stderr)
        return 1
    return status


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cached-only", action="store_true",
                        help="fail if the build executed a notebook instead of taking it from the cache")
    return build(cached_only=parser.parse_args(argv).cached_only)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
