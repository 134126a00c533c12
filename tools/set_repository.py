"""Make everything that links to the repository agree with `repository.url` in _config.yml.

    python tools/set_repository.py

Run it after changing the address (for a fork). It rewrites the "Open in Colab" links in the
notebooks, their set-up cells (tools/setup_cells.py: `lesson_repo`, from which a notebook opened
alone in Colab fetches the data), `repository-code` in CITATION.cff and the address in README.md.
The launch buttons of the website read _config.yml directly. tests/test_lesson.py checks that they all agree.
"""

import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: find tools/
from tools import setup_cells, type_along  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def rewrite(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text()
    new = re.sub(pattern, replacement, text, flags=re.M)
    if new != text:
        path.write_text(new)
        print(f"updated {path.relative_to(ROOT)}")


def main() -> None:
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"].rstrip("/")
    repo = url.removeprefix("https://github.com/")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        rewrite(path, r"https://colab\.research\.google\.com/github/[^/\s)]+/[^/\s)]+/blob/",
                f"https://colab.research.google.com/github/{repo}/blob/")
    setup_cells.main([])
    type_along.main([])  # the type-along copies follow their notebooks
    rewrite(ROOT / "CITATION.cff", r"^repository-code: .*$", f'repository-code: "{url}"')
    rewrite(ROOT / "README.md", r"^Repository: .*$", f"Repository: {url}")
    rewrite(ROOT / "learners" / "setup.md", r"git clone \S+", f"git clone {url}.git")


if __name__ == "__main__":
    main()
