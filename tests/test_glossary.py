"""The glossary in learners/reference.md: every {term} role on a page points at an entry, and the
entries stay in alphabetical order. Sphinx only warns about a missing term, and only when the whole
site is built, so a renamed entry (such as "Recall@k" becoming "Hit rate at k (hit@k)") would
otherwise leave dangling links unnoticed.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY_PAGE = ROOT / "learners" / "reference.md"
PAGES = (sorted((ROOT / "episodes").glob("*.md")) + sorted((ROOT / "learners").glob("*.md"))
         + sorted((ROOT / "instructors").glob("*.md")) + [ROOT / "index.md"])


def glossary_terms(text: str) -> list[str]:
    """The entries of the ```{glossary} block, in order: unindented lines inside the block."""
    block = re.search(r"^```\{glossary\}\n(.*?)^```", text, re.S | re.M)
    if block is None:
        return []
    return [line.strip() for line in block.group(1).splitlines() if line.strip() and not line[0].isspace()]


def term_targets(text: str) -> list[str]:
    """The target of every {term} role: `text <Target>` or plain `Target`."""
    targets = []
    for content in re.findall(r"\{term\}`([^`]+)`", text):
        explicit = re.fullmatch(r"(?s).*<([^<>]+)>\s*", content)
        targets.append((explicit.group(1) if explicit else content).strip())
    return targets


def dangling_terms(pages: dict[str, str], terms: list[str]) -> list[str]:
    known = {t.lower() for t in terms}  # Sphinx matches glossary terms without regard to case
    return [f"{name}: {{term}} {target!r} is not in the glossary"
            for name, text in pages.items() for target in term_targets(text) if target.lower() not in known]


def order_problems(terms: list[str]) -> list[str]:
    return [f"{b!r} should come before {a!r}" for a, b in zip(terms, terms[1:]) if a.lower() > b.lower()]


def test_glossary_has_entries():
    assert len(glossary_terms(GLOSSARY_PAGE.read_text())) >= 50


def test_every_term_role_points_at_a_glossary_entry():
    terms = glossary_terms(GLOSSARY_PAGE.read_text())
    pages = {str(p.relative_to(ROOT)): p.read_text() for p in PAGES}
    assert sum(len(term_targets(t)) for t in pages.values()) >= 50  # the roles were found at all
    assert dangling_terms(pages, terms) == []


def test_glossary_is_in_alphabetical_order():
    assert order_problems(glossary_terms(GLOSSARY_PAGE.read_text())) == []


def test_checks_catch_a_broken_glossary():
    glossary = "```{glossary}\nZebra\n  An animal.\n\nApple\n  A fruit.\n```\n"
    terms = glossary_terms(glossary)
    assert terms == ["Zebra", "Apple"]
    assert order_problems(terms) == ["'Apple' should come before 'Zebra'"]
    page = "An {term}`apple <Apple>`, a {term}`zebra`, and a {term}`pear <Pear>`."
    assert term_targets(page) == ["Apple", "zebra", "Pear"]
    assert dangling_terms({"page.md": page}, terms) == ["page.md: {term} 'Pear' is not in the glossary"]
