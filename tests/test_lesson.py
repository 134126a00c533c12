"""Lesson structure: the conventions of CONTRIBUTING.md, checked on every episode and notebook.

Each check is a function that returns a list of problems, so the same function is run on the
real lesson (expecting none) and on a deliberately broken page (expecting it to complain).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tools import myst

ROOT = Path(__file__).resolve().parents[1]
EPISODES = sorted((ROOT / "episodes").glob("[0-9][0-9]-*.md"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
PAGES = (EPISODES + sorted((ROOT / "learners").glob("*.md")) + sorted((ROOT / "instructors").glob("*.md"))
         + [ROOT / "index.md"])
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO_URL = CONFIG["repository"]["url"].rstrip("/")
REPO = REPO_URL.removeprefix("https://github.com/")
DEPRECATED = {
    "torch_dtype=": "use dtype=",
    "max_length=": "use max_new_tokens=",
    "from langchain.chat_models": "import from the provider package (langchain_ollama, ...)",
    "langchain_community": "use the provider packages (langchain_ollama, langchain_huggingface)",
    "use_auth_token": "use token=",
}


# ------------------------------------------------------------------ helpers ------------------


def front_matter(text: str) -> dict | None:
    return myst.read(text).front_matter


def blocks(page: myst.Page) -> list[tuple[str, str]]:
    """(directive, class or label) for every directive block, nested ones included, in order."""
    found = []
    for block in page.blocks:
        if block.directive == "admonition":
            found.append((block.directive, " ".join(block.classes)))
        elif block.directive == "exercise":
            found.append((block.directive, block.options.get("label", "")))
        elif block.directive == "solution":
            found.append((block.directive, block.argument + ("|dropdown" if "dropdown" in block.classes else "")))
        else:
            found.append((block.directive, block.argument))
    return found


def notebook(path: Path) -> dict:
    return json.loads(path.read_text())


def code_cells(nb: dict) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def markdown_of(path: Path) -> str:
    if path.suffix == ".ipynb":
        return "\n".join("".join(c["source"]) for c in notebook(path)["cells"]
                         if c["cell_type"] == "markdown")
    return path.read_text()


# ------------------------------------------------------------------ checks -------------------


def episode_problems(text: str) -> list[str]:
    problems = []
    page = myst.read(text)
    meta = page.front_matter
    if meta is None:
        return ["no front matter"]
    for key in ("teaching", "exercises"):
        if not isinstance(meta.get(key), int) or meta[key] <= 0:
            problems.append(f"front matter needs a positive whole number of {key} minutes")
    if len([h for h in page.headings if h.level == 1]) != 1:  # a code comment is no heading
        problems.append("needs exactly one H1 title")
    found = blocks(page)
    classes = [b for d, b in found if d == "admonition"]
    top = [" ".join(b.classes) for b in page.blocks if b.depth == 0 and not b.section]
    for needed in ("questions", "objectives"):
        if needed not in top:
            problems.append(f"{needed} block missing before the first section")
    if not classes or classes[-1] != "keypoints":
        problems.append("keypoints block must be the last block")
    exercises = [b for d, b in found if d == "exercise"]
    solutions = [b for d, b in found if d == "solution"]
    if len(exercises) < 2:
        problems.append("needs at least two exercises")
    for label in exercises:
        if not label:
            problems.append("exercise without :label:")
        elif f"{label}|dropdown" not in solutions:
            problems.append(f"exercise {label} has no hidden (dropdown) solution")
    for label in solutions:
        if label.split("|")[0] not in exercises:
            problems.append(f"solution {label} answers no exercise")
    return problems


def image_problems(path: Path) -> list[str]:
    text, problems = markdown_of(path), []
    images = []  # (target, alt text)
    for figure in myst.read(text).blocks_of("figure"):
        images.append((figure.argument, figure.options.get("alt", "")))
    images += [(t, a) for a, t in re.findall(r"!\[([^\]]*)\]\(([^)\s]+)", text)]
    for match in re.finditer(r"<img\b[^>]*>", text):
        src = re.search(r'src="([^"]+)"', match.group(0))
        alt = re.search(r'alt="([^"]*)"', match.group(0))
        images.append((src.group(1) if src else "", alt.group(1) if alt else ""))
    for target, alt in images:
        if target.startswith(("http://", "https://")):
            problems.append(f"{target}: web image (the site must work offline)")
        elif not (path.parent / target).resolve().is_file():
            problems.append(f"{target}: file does not exist")
        if len(alt.strip()) < 15:
            problems.append(f"{target}: needs a descriptive alt text")
    return problems


def notebook_problems(nb: dict, name: str) -> list[str]:
    problems = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count")):
            problems.append("committed with outputs: clear them")
            break
    first = "".join(nb["cells"][0]["source"])
    colab = f"https://colab.research.google.com/github/{REPO}/blob/main/notebooks/{name}"
    if colab not in first:
        problems.append(f"first cell needs the Open in Colab link {colab}")
    episode = f"../episodes/{name.replace('.ipynb', '.md')}"
    if episode not in first:
        problems.append(f"first cell needs a link to {episode}")
    for source in code_cells(nb):
        for pattern in (r"\binput\(", r"\bgetpass\(", r"\blogin\(", r"notebook_login"):
            if re.search(pattern, source):
                problems.append(f"a cell waits for a person: {pattern}")
        for old, advice in DEPRECATED.items():
            if old in source:
                problems.append(f"deprecated API {old!r}: {advice}")
    return problems


# ------------------------------------------------------------------ tests on the lesson ------


def test_there_are_episodes_and_notebooks_in_pairs():
    assert EPISODES, "no episodes found"
    assert [p.stem for p in EPISODES] == [p.stem for p in NOTEBOOKS]


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.name)
def test_episode_structure(path):
    assert episode_problems(path.read_text()) == []


@pytest.mark.parametrize("path", PAGES + NOTEBOOKS, ids=lambda p: p.name)
def test_images_exist_with_alt_text(path):
    assert image_problems(path) == []


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.name)
def test_episode_links_its_notebook(path):
    assert f"{{doc}}`../notebooks/{path.stem}`" in path.read_text()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_conventions(path):
    assert notebook_problems(notebook(path), path.name) == []


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.name)
def test_episode_code_uses_current_apis(path):
    code = "\n".join(re.findall(r"```python\n(.*?)```", path.read_text(), re.S))
    assert [old for old in DEPRECATED if old in code] == []


def test_toc_lists_every_page():
    toc = (ROOT / "_toc.yml").read_text()
    listed = set(re.findall(r"file:\s*(\S+)", toc))
    expected = {f"episodes/{p.stem}" for p in EPISODES} | {f"notebooks/{p.stem}" for p in NOTEBOOKS}
    expected |= {f"learners/{p.stem}" for p in (ROOT / "learners").glob("*.md")}
    expected |= {f"instructors/{p.stem}" for p in (ROOT / "instructors").glob("*.md")}
    assert expected <= listed
    assert all((ROOT / f"{name}.md").is_file() or (ROOT / f"{name}.ipynb").is_file()
               for name in listed)


def exercises_of(text: str) -> list[tuple[str, list[str], str]]:
    """(label, classes, body) of every exercise block."""
    return [(b.options.get("label", ""), b.classes, b.body) for b in myst.read(text).blocks_of("exercise")]


def exercise_problems(text: str) -> list[str]:
    """Each exercise starts with its time and is core or stretch; the times add up; one is core."""
    problems, minutes = [], 0
    found = exercises_of(text)
    for label, classes, body in found:
        if len([c for c in classes if c in ("core", "stretch")]) != 1:
            problems.append(f"exercise {label} needs exactly one of :class: core and :class: stretch")
        time = re.match(r"\s*\((\d+) min\b", body)
        if time:
            minutes += int(time.group(1))
        else:
            problems.append(f"exercise {label} does not start with its time, '(N min'")
    if found and not any("core" in classes for _, classes, _ in found):
        problems.append("needs at least one core exercise")
    declared = (front_matter(text) or {}).get("exercises")
    if found and minutes != declared:
        problems.append(f"the exercises' times add up to {minutes} minutes, the front matter says {declared}")
    return problems


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.name)
def test_every_exercise_is_core_or_stretch_and_timed(path):
    assert exercise_problems(path.read_text()) == []


def test_exercise_checks_catch_a_broken_episode():
    problems = exercise_problems(BROKEN_EPISODE)
    assert "exercise lonely needs exactly one of :class: core and :class: stretch" in problems
    assert "exercise lonely does not start with its time, '(N min'" in problems
    assert "needs at least one core exercise" in problems
    both = BROKEN_EPISODE.replace(":label: lonely\n", ":label: lonely\n:class: core stretch\n")
    assert "exercise lonely needs exactly one of :class: core and :class: stretch" in exercise_problems(both)
    timed = BROKEN_EPISODE.replace("teaching: 10\n", "teaching: 10\nexercises: 5\n").replace(
        ":label: lonely\n", ":label: lonely\n:class: stretch\n\n(10 min, alone.) Do it.\n")
    assert exercise_problems(timed) == ["needs at least one core exercise",
                                        "the exercises' times add up to 10 minutes, the front matter says 5"]


def test_core_and_stretch_labels_are_styled():
    """The site shows each exercise's class: a label before its number (see _static/lesson.css)."""
    css = (ROOT / "_static" / "lesson.css").read_text()
    for klass, word in (("core", "Core"), ("stretch", "Stretch")):
        rule = re.search(rf"div\.exercise\.{klass} > \.admonition-title > \.caption-number::before"
                         rf"\s*\{{[^}}]*content:\s*\"{word}\"", css)
        assert rule, f"no label for {klass} exercises in lesson.css"


def load_generated_pages():
    """tools/generated_pages.py as a module (tools/ is not a package)."""
    import importlib.util
    import sys

    if "generated_pages" not in sys.modules:
        spec = importlib.util.spec_from_file_location("generated_pages", ROOT / "tools" / "generated_pages.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["generated_pages"] = module  # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
    return sys.modules["generated_pages"]


def test_generated_pages_are_up_to_date():
    """The schedule, the pilot-feedback template and the key points are what the script writes."""
    for path, text in load_generated_pages().pages().items():
        name = path.relative_to(ROOT)
        assert path.is_file(), f"{name} is missing: run .venv/bin/python tools/generated_pages.py"
        assert path.read_text() == text, f"{name} is out of date: run .venv/bin/python tools/generated_pages.py"


def test_schedule_agrees_with_the_episodes():
    """The schedule's table repeats each episode's minutes (teaching, quizzes at three minutes each,
    exercises, core and stretch) and the totals; the landing page links the schedule instead of
    repeating it."""
    page = (ROOT / "instructors" / "schedule.md").read_text()
    rows = {slug: tuple(map(int, numbers)) for slug, *numbers in re.findall(
        r"<\.\./episodes/([\w-]+)>`" + r"\s*\|\s*(\d+)" * 5 + r"\s*\|", page)}
    expected = {}
    for path in EPISODES:
        text = path.read_text()
        meta = front_matter(text)
        kinds = {"core": 0, "stretch": 0}
        for _, classes, body in exercises_of(text):
            for kind in kinds:
                if kind in classes:
                    kinds[kind] += int(re.match(r"\s*\((\d+) min", body).group(1))
        quizzes = sum(1 for b in myst.read(text).blocks if "quiz" in b.classes)
        expected[path.stem] = (meta["teaching"], 3 * quizzes, meta["exercises"], kinds["core"], kinds["stretch"])
    assert rows == expected
    total = re.search(r"\|\s*total" + r"\s*\|\s*(\d+)" * 5 + r"\s*\|", page)
    assert tuple(map(int, total.groups())) == tuple(map(sum, zip(*expected.values())))
    index = (ROOT / "index.md").read_text()
    assert "<instructors/schedule>`" in index
    assert not re.search(r"<episodes/[\w-]+>`\s*\|\s*\d+", index), "index.md repeats the minutes"


def schedule_days(page: str) -> dict[str, list[tuple[int, int, str, int]]]:
    """'Track A, Day 1' (and so on): the rows of each day's table as (start, end, what, minutes)."""
    days, track = {}, ""
    for part in re.split(r"^(#{2,3} .+)$", page, flags=re.M):
        if part.startswith("## "):
            track = part[3:].split(":")[0]
        elif part.startswith("### "):
            current = days.setdefault(f"{track}, {part[4:]}", [])
        elif track:
            for h1, m1, h2, m2, what, minutes in re.findall(
                    r"^\| (\d\d):(\d\d)–(\d\d):(\d\d) \| (.+?) \| (\d+) \|$", part, re.M):
                current.append((int(h1) * 60 + int(m1), int(h2) * 60 + int(m2), what, int(minutes)))
    return days


def schedule_problems(page: str, stems: list[str]) -> list[str]:
    """The workshop rules: 09:00 start, no gaps, blocks of at most 90 minutes, breaks of 15, 60
    and 15 minutes in that order, split episodes numbered part 1/n to n/n; every episode in
    Track A; Track B one day that reaches the chatbot and RAG episodes."""
    days, problems = schedule_days(page), []
    if not any(name.startswith("Track A") for name in days):
        problems.append("no Track A days")
    if [name for name in days if name.startswith("Track B")] != ["Track B, The day"]:
        problems.append("Track B is not one day")
    for name, rows in days.items():
        if not rows:
            problems.append(f"{name} has no times")
            continue
        if rows[0][0] != 9 * 60:
            problems.append(f"{name} does not start at 09:00")
        block, breaks, parts = 0, [], {}
        for (start, end, what, minutes), following in zip(rows, rows[1:] + [None]):
            if end - start != minutes or (following and following[0] != end):
                problems.append(f"{name}: the times of {what} do not add up")
            if what.startswith("*"):
                breaks.append((what.strip("*"), minutes))
                block = 0
                continue
            block += minutes
            if block > 90:
                problems.append(f"{name}: more than 90 minutes without a break at {what}")
            part = re.search(r"^(.*), part (\d)/(\d)", what)
            if part:
                parts.setdefault(part.group(1), []).append((int(part.group(2)), int(part.group(3))))
                if minutes < 20:
                    problems.append(f"{name}: a part of {part.group(1)} lasts {minutes} minutes, under 20")
        if breaks != [("Morning break", 15), ("Lunch", 60), ("Afternoon break", 15)][:len(breaks)]:
            problems.append(f"{name}: breaks {breaks}")
        for label, numbers in parts.items():
            if numbers != [(i, len(numbers)) for i in range(1, len(numbers) + 1)]:
                problems.append(f"{name}: the parts of {label} are numbered {numbers}")
    track_a = " ".join(what for name, rows in days.items() if name.startswith("Track A") for *_, what, _ in rows)
    problems += [f"Track A misses {stem}" for stem in stems if f"<../episodes/{stem}>" not in track_a]
    track_b = " ".join(what for *_, what, _ in days.get("Track B, The day", []))
    problems += [f"Track B misses {stem}" for stem in ("06-chatbots", "07-rag")
                 if f"<../episodes/{stem}>" not in track_b]
    return problems


def test_schedule_keeps_the_workshop_rules():
    page = (ROOT / "instructors" / "schedule.md").read_text()
    assert schedule_problems(page, [p.stem for p in EPISODES]) == []


def test_schedule_checks_catch_a_broken_schedule():
    page = (ROOT / "instructors" / "schedule.md").read_text()
    lunches = re.finditer(r"^\| (\d\d:\d\d)–(\d\d:\d\d) \| \*Lunch\* \| 60 \|$", page, re.M)
    # a day with an afternoon break: without lunch, its breaks are out of order
    lunch = next(m for m in lunches if "*Afternoon break*" in page[m.end():].split("###", 1)[0])
    no_lunch = page.replace(lunch.group(0), f"| {lunch.group(1)}–{lunch.group(2)} | Working lunch | 60 |")
    problems = schedule_problems(no_lunch, ["01-introduction", "99-missing"])
    assert any("more than 90 minutes without a break" in p for p in problems)
    assert any(p.endswith("breaks [('Morning break', 15), ('Afternoon break', 15)]") for p in problems)
    assert "Track A misses 99-missing" in problems
    late = page.replace("| 09:00–", "| 09:30–", 1)
    assert any("does not start at 09:00" in p for p in schedule_problems(late, []))
    assert "Track B is not one day" in schedule_problems(page.replace("### The day", "### Day 1\n\n"
                                                                      "### Day 2"), [])
    first_part = re.search(r"^\| (\d\d:\d\d)–(\d\d):(\d\d) \| (.+?, part 1/2.*?) \| (\d+) \|$", page, re.M)
    shorter = page.replace(first_part.group(0), f"| {first_part.group(1)}–{first_part.group(2)}:"
                           f"{int(first_part.group(3)):02d} | {first_part.group(4)} | 15 |")
    assert any("under 20" in p for p in schedule_problems(shorter, []))


def test_episodes_carry_a_teachable_number_of_words_a_minute():
    """Taught words per planned minute within WORDS_PER_MINUTE (tools/generated_pages.py says
    which words count); the schedule shows the numbers."""
    tool = load_generated_pages()
    episodes = tool.read_episodes()
    assert tool.density_problems(episodes) == []
    assert all(e.teaching and e.taught_words > 300 for e in episodes)  # the count found the prose


def test_pages_say_how_many_days_track_a_takes():
    """The schedule decides how many days teach everything; the pages that say it agree."""
    schedule = (ROOT / "instructors" / "schedule.md").read_text()
    track_a = schedule.split("## Track A", 1)[1].split("\n## ", 1)[0]
    days = len(re.findall(r"^### Day \d+$", track_a, re.M))
    word = {2: "two", 3: "three", 4: "four"}[days]
    for page in ("README.md", "index.md", "instructors/instructor-notes.md"):
        text = " ".join((ROOT / page).read_text().split())
        assert f"{word} days" in text, f"{page} should say Track A takes {word} days"
        assert not re.search(r"\b(?:two|three|four) days with every", text.replace(f"{word} days with every", ""))


def quoted_messages(text: str) -> list[tuple[str, str, str]]:
    """(message, source, template) for every ```text block followed by a `% source:` comment."""
    found = []
    for match in re.finditer(r"```text\n(.*?)\n```\n% source: ([^\n]+)\n(?:% template: ([^\n]+)\n)?", text, re.S):
        found.append((match.group(1), match.group(2).strip(), (match.group(3) or "").strip()))
    return found


def test_the_helper_guide_quotes_real_messages():
    """Each message the troubleshooting FAQ shows comes from the file it names: whole, or, where
    the code fills in values, a fragment of 25 characters or more found in both."""
    guide = (ROOT / "instructors" / "helper-guide.md").read_text()
    quoted = quoted_messages(guide)
    assert len(quoted) >= 10 and guide.count("% source:") == len(quoted)
    for message, source, template in quoted:
        if source.startswith("third-party"):
            continue
        code = (ROOT / source).read_text()
        if template:
            assert len(template) >= 25 and template in message and template in code, (source, template)
        else:
            assert message in code, (source, message)


def test_survey_asks_about_every_objective():
    """The survey's statements before and after are the landing page's objectives, word for word."""
    index = (ROOT / "index.md").read_text()
    section = index.split("## What you will be able to do", 1)[1].split("\n## ", 1)[0]
    objectives = re.findall(r"^- (.+)$", section, re.M)
    assert len(objectives) >= 4
    before, after = (ROOT / "instructors" / "survey.md").read_text().split("## After the workshop")
    for objective in objectives:
        statement = f"| I can {objective[0].lower()}{objective[1:]} |"
        assert statement in before and statement in after, objective
    for part in (before, after):
        assert len(re.findall(r"^\s*\| I can ", part, re.M)) == len(objectives)


def test_instructor_timings_agree_with_the_front_matter():
    """Episodes' instructor notes and the instructor page repeat the minutes: keep them equal."""
    expected = [(front_matter(p.read_text())["teaching"], front_matter(p.read_text())["exercises"])
                for p in EPISODES]
    in_episodes = []
    for path in EPISODES:
        found = re.search(r"About (\d+) minutes of teaching and (\d+) of exercises", path.read_text())
        assert found, f"{path.name}: instructor note gives no timing"
        in_episodes.append((int(found.group(1)), int(found.group(2))))
    assert in_episodes == expected
    page = (ROOT / "instructors" / "instructor-notes.md").read_text()
    on_page = [(int(t), int(e)) for t, e in
               re.findall(r"\*\*Timing\.\*\* (\d+) minutes of teaching, (\d+) of exercises", page)]
    assert on_page == expected


def test_repository_address_agrees_everywhere():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["repository-code"].rstrip("/") == REPO_URL
    assert f"Repository: {REPO_URL}" in (ROOT / "README.md").read_text()
    assert f"git clone {REPO_URL}.git" in (ROOT / "learners" / "setup.md").read_text()
    for path in NOTEBOOKS:
        for source in code_cells(notebook(path)):
            for address in re.findall(r'lesson_repo = "([^"]*)"', source):
                assert address == REPO_URL, path.name


def test_ci_runs_exactly_the_readme_commands():
    """.ci/run is README's two commands: what a newcomer types is what CI proves."""
    readme = (ROOT / "README.md").read_text()
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    commands = [c for c in ci_lines if c and not c.startswith(("#", "set ", "cd ", "start=", "last=",
                                                                "phase", "trap"))]
    for marker in ("setup-command", "test-command"):
        command = re.search(rf"<!-- {marker} -->\n```bash\n(.+?)\n```", readme).group(1)
        assert command in commands, marker
    assert len(commands) == 2, commands


# ------------------------------------------------------------------ the checks can fail ------


BROKEN_EPISODE = """---
teaching: 10
---

# A page

## First section

:::{admonition} Questions
:class: questions
- late
:::

::::{exercise} Lonely
:label: lonely
::::

![](missing.png)
"""


def test_checks_catch_a_broken_episode(tmp_path):
    problems = episode_problems(BROKEN_EPISODE)
    assert "front matter needs a positive whole number of exercises minutes" in problems
    assert "questions block missing before the first section" in problems
    assert "objectives block missing before the first section" in problems
    assert "keypoints block must be the last block" in problems
    assert "exercise lonely has no hidden (dropdown) solution" in problems
    page = tmp_path / "page.md"
    page.write_text(BROKEN_EPISODE + '\n<img src="https://example.org/x.png" alt="x">\n')
    image = image_problems(page)
    assert any("does not exist" in p for p in image) and any("web image" in p for p in image)
    assert any("alt text" in p for p in image)


def test_checks_catch_a_broken_notebook():
    nb = {"cells": [
        {"cell_type": "markdown", "source": ["# Title"], "metadata": {}},
        {"cell_type": "code", "source": ["name = input('name?')\n",
                                         "m = load(torch_dtype=x)"],
         "outputs": [{"output_type": "stream", "text": "hi"}], "execution_count": 1,
         "metadata": {}},
    ]}
    problems = notebook_problems(nb, "99-broken.ipynb")
    assert len(problems) == 5, problems


def test_one_version_everywhere():
    """CITATION.cff, the package and the newest changelog entry name the same release."""
    import tomllib

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    package = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    newest = re.search(r"^## \[([0-9.]+)\] - (\d{4}-\d{2}-\d{2})", (ROOT / "CHANGELOG.md").read_text(), re.M)
    assert str(citation["version"]) == package == newest.group(1)
    assert str(citation["date-released"]) == newest.group(2)


def test_the_sites_extensions_are_jupyter_books_without_thebe():
    """_config.yml lists Sphinx's extensions itself, to leave out sphinx_thebe (live code on Binder,
    which the lesson does not use; it writes a configuration script naming unpkg.com into every
    page). Jupyter Book 1 has no switch for that, so this checks the list against Jupyter Book's
    own defaults: when an upgrade changes them, update the list in _config.yml to match."""
    from jupyter_book.config import get_default_sphinx_config

    ours = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]["extensions"]
    defaults = [name for name in get_default_sphinx_config()["extensions"] if name != "sphinx_thebe"]
    assert ours == defaults + ["sphinx_exercise", "site_archive", "run_output"]
