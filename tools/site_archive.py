"""Sphinx extension: after every successful HTML build, pack the site into one archive.

    _build/llm-lesson-site.zip   the whole site in a folder `llm-lesson-site/`

The site works opened from disk (file://): pages, formulas (MathJax is served from the site
itself) and search. So the archive can travel on a USB stick to a classroom without a network:
unzip it and open llm-lesson-site/index.html. _config.yml loads this as a local extension.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

ARCHIVE = "llm-lesson-site.zip"
FOLDER = "llm-lesson-site"


def pack(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    site = Path(app.outdir)
    archive = site.parent / ARCHIVE
    tmp = archive.with_suffix(".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for path in sorted(site.rglob("*")):
            if path.is_file() and path.name != ".buildinfo":
                out.write(path, f"{FOLDER}/{path.relative_to(site).as_posix()}")
    tmp.replace(archive)


def setup(app):
    app.connect("build-finished", pack)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
