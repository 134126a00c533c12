"""The lesson's one reader of its MyST Markdown pages (episodes, with their exercises and quizzes).

It parses with the markdown-it parser that MyST-Parser itself builds (`create_md_parser`, with
the extensions _config.yml enables), so front matter, headings, code fences and directive fences
(nested ones included) are read exactly as the site reads them. The tests (test_lesson,
test_quizzes) and tools/generated_pages.py read episodes through `read`.

    page = read(text)
    page.front_matter        {"teaching": 40, "exercises": 25} (None without front matter)
    page.headings            [Heading(level, title, line), ...]
    page.blocks              every directive block, nested ones included, in order of opening
    page.blocks_of("exercise")

A `Block` has its directive, argument, options (the leading `:name: value` lines), body (the
text after the options; where a child block sits, the marker CHILD), the 0-based lines it spans
in the page (`start`, `end`, end excluded), `line` (1-based, as an editor shows it), `depth` (0
at the top level), `section` (the last heading of level 2 or more above it, at the top level;
"" before the first) and `children`. `unclosed` is true when its closing fence never came, so
the block ran on to the end of the page or of the block around it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHILD = "\0child"  # where a child block sits in its parent's body
OPTION = re.compile(r"^:([\w-]+):[ \t]*(.*)$")


@dataclass
class Heading:
    level: int
    title: str
    line: int  # 0-based


@dataclass
class Block:
    directive: str
    argument: str
    options: dict[str, str]
    body: str
    start: int
    end: int
    depth: int = 0
    section: str = ""
    unclosed: bool = False
    children: list[Block] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.start + 1

    @property
    def classes(self) -> list[str]:
        return self.options.get("class", "").split()


@dataclass
class Page:
    text: str
    front_matter: dict | None
    headings: list[Heading]
    blocks: list[Block]
    code_lines: set[int]  # 0-based lines of backtick fences, code or directive (fences included)

    @property
    def title(self) -> str:
        titles = [h.title for h in self.headings if h.level == 1]
        return titles[0] if titles else ""

    def blocks_of(self, directive: str) -> list[Block]:
        return [b for b in self.blocks if b.directive == directive]

    def section_of(self, line: int, deepest: int = 6) -> str:
        """The last heading of level 2 to `deepest` above the 0-based line ("" before the first)."""
        above = [h.title for h in self.headings if 2 <= h.level <= deepest and h.line < line]
        return above[-1] if above else ""


@functools.cache
def parser():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    config = yaml.safe_load((ROOT / "_config.yml").read_text()) or {}
    extensions = set((config.get("parse") or {}).get("myst_enable_extensions") or [])
    return create_md_parser(MdParserConfig(enable_extensions=extensions), RendererHTML)


def read(text: str) -> Page:
    tokens = parser().parse(text)
    front = next((t for t in tokens if t.type == "front_matter"), None)
    meta = (yaml.safe_load(front.content) or {}) if front else None
    headings = [Heading(int(t.tag[1]), tokens[i + 1].content.strip(), t.map[0])
                for i, t in enumerate(tokens) if t.type == "heading_open"]
    page = Page(text, meta, headings, [], set())
    _read_blocks(page, tokens, text.splitlines(), offset=0, depth=0, parent=None)
    return page


def _read_blocks(page: Page, tokens, lines: list[str], offset: int, depth: int, parent: Block | None) -> None:
    """Add the directive blocks among `tokens` (their lines numbered from `offset`) to the page."""
    for token in tokens:
        if token.type not in ("colon_fence", "fence") or token.map is None:
            continue
        start, end = token.map[0] + offset, token.map[1] + offset
        match = re.match(r"^\{([\w:-]+)\}\s*(.*)$", token.info.strip())
        if token.type == "fence":  # code, or a directive that shows code or output: not prose
            page.code_lines.update(range(start, end))
        if not match:
            continue
        content = token.content.splitlines()
        options = {}
        while content and (option := OPTION.match(content[0])):
            options[option.group(1)] = option.group(2).strip()
            content = content[1:]
        last = lines[token.map[1] - 1].strip() if token.map[1] - 1 < len(lines) else ""
        fence = re.escape(token.markup[0]) + f"{{{len(token.markup)},}}"  # as many marks or more
        closed = token.map[1] - token.map[0] > 1 and re.fullmatch(fence, last) is not None
        block = Block(match.group(1), match.group(2).strip(), options, "", start, end, depth,
                      page.section_of(start) if depth == 0 else parent.section, not closed)
        page.blocks.append(block)
        if parent is not None:
            parent.children.append(block)
        body_start = start + 1 + len(options)  # the body's first line in the page
        inner = parser().parse("\n".join(content))
        before = len(page.blocks)
        _read_blocks(page, inner, content, body_start, depth + 1, block)
        spans = [(child.start - body_start, child.end - body_start) for child in page.blocks[before:]
                 if child.depth == depth + 1]
        body, index = [], 0
        for child_start, child_end in spans:
            body += content[index:child_start] + [CHILD]
            index = child_end
        block.body = "\n".join(body + content[index:])
