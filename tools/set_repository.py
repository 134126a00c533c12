"""Make everything that links to the repository agree with `repository.url` in _config.yml.

    python tools/set_repository.py

Run it after changing the address (for a fork). It rewrites the "Open in Colab" links in the
notebooks, `repository-code` in CITATION.cff and the address in README.md. The launch buttons of
the website read _config.yml directly. tests/test_lesson.py checks that they all agree.
"""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"].rstrip("/")
    repo = url.removeprefix("https://github.com/")
    colab = re.compile(r"https://colab\.research\.google\.com/github/[^/\s)]+/[^/\s)]+/blob/")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        text = path.read_text()
        new = colab.sub(f"https://colab.research.google.com/github/{repo}/blob/", text)
        if new != text:
            path.write_text(new)
            print(f"updated {path.relative_to(ROOT)}")
    citation = ROOT / "CITATION.cff"
    text = citation.read_text()
    new = re.sub(r"(?m)^repository-code: .*$", f'repository-code: "{url}"', text)
    if new != text:
        citation.write_text(new)
        print("updated CITATION.cff")
    readme = ROOT / "README.md"
    text = readme.read_text()
    new = re.sub(r"(?m)^Repository: .*$", f"Repository: {url}", text)
    if new != text:
        readme.write_text(new)
        print("updated README.md")


if __name__ == "__main__":
    main()
