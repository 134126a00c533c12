"""Checks of understanding: the multiple-choice quizzes in every episode (CONTRIBUTING.md).

A quiz is a `::::{admonition} Check your understanding` block with `:class: quiz`: a question,
then three or four `:::{dropdown}` options lettered A., B., ... Each option's body is its
feedback, hidden until the learner opens it: "Right." for exactly one option, "Not quite." for
the others, each followed by why. `quiz_problems` returns what is wrong with an episode's quizzes,
so the same function runs on the real episodes (expecting nothing) and on broken text (expecting
it to complain).

Every wrong option names, in the source only, the misconception it targets: a MyST comment line
`% misconception: ...` inside the option, before its feedback. MyST drops comment lines, so the
site never shows them. Across the lesson, the right answer may be the longest option (or the
shortest) in at most 40% of the quizzes: option length must not give the answer away. And each
objective that once had no quiz (issue "Quizzes without cues") keeps one, in `OBJECTIVE_QUIZZES`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tools import myst, quiz_cells

ROOT = Path(__file__).resolve().parents[1]
EPISODES = sorted((ROOT / "episodes").glob("[0-9][0-9]-*.md"))

TITLE = "Check your understanding"
RIGHT, WRONG = "Right.", "Not quite."
OPEN = re.compile(r"^(:{3,})\{([\w-]+)\}[ \t]*(.*)$")
CLOSE = re.compile(r"^(:{3,})[ \t]*$")
OPTION = re.compile(r"^([A-Z])\.\s+(\S.*)$")
PER_EPISODE = (2, 3)
COMMENT = re.compile(r"^%")  # a MyST comment line: kept in the source, dropped from the page
MISCONCEPTION = re.compile(r"^%\s*misconception:\s*(.*?)\s*$")
MAX_CUE_RATE = 0.4  # the most quizzes whose right answer may be the longest (or the shortest) option
# Objectives that had no quiz: the episode that teaches each, and a phrase that the question or an
# option of one of its quizzes must contain (case-insensitive).
OBJECTIVE_QUIZZES = {
    "open weights versus open source": ("01", "open source"),
    "top-k and top-p sampling": ("02", "top_p"),
    "chat templates": ("04", "template"),
    "batching and left padding": ("05", "padding"),
    "chunk size in retrieval": ("07", "chunk size"),
    "knowledge cut-off": ("08", "cut-off"),
}


# ------------------------------------------------------------------ reading ------------------


def is_quiz(block: myst.Block) -> bool:
    return block.directive == "admonition" and "quiz" in block.classes


def quizzes(text: str) -> list[myst.Block]:
    return [b for b in myst.read(text).blocks if is_quiz(b)]


def feedback(option: myst.Block) -> str:
    """What the learner reads on opening an option: its body without comment lines."""
    return "\n".join(line for line in option.body.splitlines() if not COMMENT.match(line)).strip()


def misconceptions(text: str) -> list[str]:
    """The misconceptions that `% misconception: ...` lines of a text name."""
    return [m.group(1) for line in text.splitlines() if (m := MISCONCEPTION.match(line))]


def right_letter(quiz: myst.Block) -> str | None:
    """The letter of the option whose feedback starts with "Right.", if exactly one does."""
    letters = [OPTION.match(c.argument).group(1) for c in quiz.children
               if c.directive == "dropdown" and OPTION.match(c.argument)
               and feedback(c).startswith(RIGHT)]
    return letters[0] if len(letters) == 1 else None


def shown_length(text: str) -> int:
    """About how many characters an option's text takes on the page: a glued value is a short
    number, a role shows its text, backticks do not show."""
    text = re.sub(r"\{glue(?::\w+)?\}`[^`]*`", "0.00", text)
    text = re.sub(r"\{[\w:-]+\}`([^`<]*?)\s*(?:<[^`]*>)?`", r"\1", text)
    return len(text.replace("`", ""))


def option_lengths(quiz: myst.Block) -> tuple[list[int], int] | None:
    """The shown length of every option's text, and the index of the right one (None if unclear)."""
    options = [c for c in quiz.children if c.directive == "dropdown" and OPTION.match(c.argument)]
    rights = [i for i, o in enumerate(options) if feedback(o).startswith(RIGHT)]
    if len(options) < 2 or len(rights) != 1:
        return None
    return [shown_length(OPTION.match(o.argument).group(2)) for o in options], rights[0]


def length_cue_problems(found: list[tuple[str, myst.Block]]) -> list[str]:
    """Whether option length gives answers away: the right answer must be the longest option (ties
    included) in at most MAX_CUE_RATE of the quizzes, and the shortest in at most as many."""
    measured = [(name, quiz, lengths) for name, quiz in found if (lengths := option_lengths(quiz))]
    problems = []
    for word, extreme in (("longest", max), ("shortest", min)):
        cued = [f"{name}:{quiz.line}" for name, quiz, (sizes, right) in measured
                if sizes[right] == extreme(sizes)]
        rate = len(cued) / len(measured) if measured else 0.0
        if rate > MAX_CUE_RATE:
            problems.append(
                f"the right answer is the {word} option in {len(cued)} of {len(measured)} quizzes "
                f"({rate:.0%}; at most {MAX_CUE_RATE:.0%} allowed): make the wrong options as specific "
                f"as the right one, or tighten it, without padding. Quizzes: {', '.join(cued)}")
    return problems


def asked_text(quiz: myst.Block) -> str:
    """The question and the options' texts: what a learner reads before opening anything."""
    question = quiz.body.split(myst.CHILD)[0]
    return " ".join([question] + [c.argument for c in quiz.children]).lower()


def uncovered_objectives(episodes: dict[str, str]) -> list[str]:
    """The objectives of OBJECTIVE_QUIZZES that no quiz of their episode asks about. `episodes`
    maps an episode's number ("01") to its text."""
    missing = []
    for objective, (number, phrase) in OBJECTIVE_QUIZZES.items():
        asked = [asked_text(q) for q in quizzes(episodes.get(number, ""))]
        if not any(phrase.lower() in text for text in asked):
            missing.append(f"episode {number}: no quiz asks about {objective} (no {phrase!r} in a question or option)")
    return missing


# ------------------------------------------------------------------ checks -------------------


def one_quiz_problems(quiz: myst.Block) -> list[str]:
    where = f"quiz at line {quiz.line}"
    problems = []
    if quiz.unclosed:
        problems.append(f"{where}: its fence is never closed")
    if quiz.argument != TITLE:
        problems.append(f"{where}: title must be {TITLE!r}, not {quiz.argument!r}")
    if quiz.depth != 0:
        problems.append(f"{where}: must sit at the top level of the page, not inside another block")
    if not quiz.section or quiz.section == "Further reading":
        problems.append(f"{where}: must follow the section that teaches its concept")
    question, *between = quiz.body.split(myst.CHILD)
    if not question.strip():
        problems.append(f"{where}: has no question before its options")
    if misconceptions(question):
        problems.append(f"{where}: a misconception comment belongs inside the option it explains")
    if "".join(between).strip():
        problems.append(f"{where}: text after the first option must be inside an option")
    options = quiz.children
    if any(o.directive != "dropdown" for o in options):
        problems.append(f"{where}: every option must be a dropdown")
    options = [o for o in options if o.directive == "dropdown"]
    if not 3 <= len(options) <= 4:
        problems.append(f"{where}: needs 3 or 4 options, has {len(options)}")
    rights = 0
    for index, option in enumerate(options):
        expected = "ABCD"[index] if index < 4 else "?"
        label = OPTION.match(option.argument)
        if not label:
            problems.append(f"{where}: option {index + 1} must start with '{expected}. ' and its text")
        elif label.group(1) != expected:
            problems.append(f"{where}: option {label.group(1)} should be lettered {expected}")
        if "open" in option.options:
            problems.append(f"{where}: option {expected} must stay closed until the learner opens it")
        said = feedback(option)
        named = misconceptions(option.body)
        if option.children:
            problems.append(f"{where}: option {expected} must not contain blocks")
        if not said:
            problems.append(f"{where}: option {expected} has no feedback")
            continue
        prefix = RIGHT if said.startswith(RIGHT) else WRONG if said.startswith(WRONG) else None
        if prefix is None:
            problems.append(f"{where}: option {expected} feedback must start with {RIGHT!r} or {WRONG!r}")
            continue
        rights += prefix == RIGHT
        if len(said[len(prefix):].strip()) < 20:
            problems.append(f"{where}: option {expected} feedback must say why, after {prefix!r}")
        if prefix == WRONG and (len(named) != 1 or len(named[0].split()) < 3):
            problems.append(f"{where}: option {expected} needs one line '% misconception: ...' "
                            "naming, in a few words, the misconception it targets")
        if prefix == RIGHT and named:
            problems.append(f"{where}: option {expected} is the right answer, yet names a misconception")
    if options and rights != 1:
        problems.append(f"{where}: needs exactly one {RIGHT!r} option, has {rights}")
    return problems


def quiz_problems(text: str) -> list[str]:
    """Everything wrong with the quizzes of one episode; an empty list when they are in shape."""
    found = quizzes(text)
    problems = []
    low, high = PER_EPISODE
    if not low <= len(found) <= high:
        problems.append(f"needs {low} or {high} quizzes, has {len(found)}")
    elif len({q.section for q in found}) < 2:
        problems.append("quizzes must follow the sections that teach their concepts, not sit together")
    for quiz in found:
        problems += one_quiz_problems(quiz)
    return problems


# ------------------------------------------------------------------ tests on the lesson ------


def test_there_are_episodes():
    assert EPISODES, "no episodes found"


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.name)
def test_episode_quizzes(path):
    assert quiz_problems(path.read_text()) == []


def test_the_right_letter_varies():
    """A learner should not be able to guess: no letter is right in more than half the quizzes."""
    letters = Counter(right_letter(q) for path in EPISODES for q in quizzes(path.read_text()))
    total = sum(letters.values())
    assert total and len(letters) >= 3, letters
    assert max(letters.values()) <= total / 2, letters


def test_option_length_gives_nothing_away():
    """A test-wise learner picks the longest option; that must not beat chance by much."""
    found = [(path.name, q) for path in EPISODES for q in quizzes(path.read_text())]
    assert len(found) >= 2 * len(EPISODES)
    assert length_cue_problems(found) == []


def test_the_recap_page_asks_one_question_per_episode():
    """learners/recap.md, for the recap that opens each workshop day after the first: one quiz per
    episode under its title, in the episodes' order, each in shape, without a length cue."""
    text = (ROOT / "learners" / "recap.md").read_text()
    found = quizzes(text)
    titles = [f"Episode {int(p.name[:2])}: {myst.read(p.read_text()).title}" for p in EPISODES]
    assert [q.section for q in found] == titles
    assert [p for q in found for p in one_quiz_problems(q)] == []
    assert length_cue_problems([("recap", q) for q in found]) == []


def test_every_listed_objective_has_a_quiz():
    episodes = {path.name[:2]: path.read_text() for path in EPISODES}
    assert uncovered_objectives(episodes) == []


def test_the_notebooks_carry_their_episodes_quizzes(tmp_path):
    """Each quiz is also a markdown cell of its episode's notebook, as tools/quiz_cells.py writes it
    from the episode (numbers as the cell keeps them: tests/test_site.py checks them against the run)."""
    for episode in EPISODES:
        notebook = ROOT / "notebooks" / (episode.stem + ".ipynb")
        written = quiz_cells.with_quizzes(episode, notebook, build=tmp_path)
        assert written == notebook.read_text(encoding="utf-8"), f"{notebook.name}: run tools/quiz_cells.py"
        cells = [c for c in json.loads(written)["cells"] if quiz_cells.TAG in c["metadata"].get("tags", [])]
        assert len(cells) == len(quizzes(episode.read_text()))
        for cell in cells:
            text = "".join(cell["source"])
            assert "{glue" not in text and "% misconception" not in text and "{term}" not in text
            assert text.count("<details>") == text.count("</details>") in (3, 4)


def test_a_quiz_cell_follows_its_section_and_notices_edits(tmp_path):
    """A quiz goes at the end of the notebook section it names; an edited quiz makes the notebook
    out of date; a section the notebook lacks stops the tool with one sentence."""
    episode, notebook = tmp_path / "02-demo.md", tmp_path / "02-demo.ipynb"
    cells = [{"cell_type": "markdown", "id": f"c{i}", "metadata": {}, "source": [text]} for i, text in
             enumerate(["# Demo", "## 1. Logits", "Some text.", "## 2. Sampling", "## Exercise: one"])]
    notebook.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    quiz = GOOD_QUIZ.replace(":class: quiz\n", ":class: quiz\n% notebook: Logits\n")
    episode.write_text("# Demo\n\n## The next token\n" + quiz)
    written = json.loads(quiz_cells.with_quizzes(episode, notebook, build=tmp_path))
    assert [c["id"] for c in written["cells"]] == ["c0", "c1", "c2", "quiz-02-1", "c3", "c4"]
    notebook.write_text(json.dumps(written))
    assert quiz_cells.with_quizzes(episode, notebook, build=tmp_path) == json.dumps(written, indent=1) + "\n"
    episode.write_text(episode.read_text().replace("Token ids", "Token numbers"))
    assert "Token numbers" in quiz_cells.with_quizzes(episode, notebook, build=tmp_path)
    episode.write_text(episode.read_text().replace("% notebook: Logits", "% notebook: Beams"))
    with pytest.raises(SystemExit, match="no section 'Beams'"):
        quiz_cells.with_quizzes(episode, notebook, build=tmp_path)


# ------------------------------------------------------------------ the checks can fail ------


GOOD_QUIZ = """
::::{admonition} Check your understanding
:class: quiz

What does the softmax turn logits into?

:::{dropdown} A. Token ids
% misconception: the model's output scores are token ids.
Not quite. Token ids come from the tokeniser, before the model runs.
:::

:::{dropdown} B. Probabilities
Right. They are positive and sum to 1 over the vocabulary.
:::

:::{dropdown} C. Percentages of the vocabulary
% misconception: a probability is a share of the vocabulary.
Not quite. A probability is a share of belief, not a share of tokens.
:::
::::
"""

BROKEN_EPISODE = """---
teaching: 10
exercises: 5
---

# A page

::::{admonition} Check your understanding
:class: quiz

Asked before any section has taught it.

:::{dropdown} A. One
Right. Because it is the first option and says so at length.
:::

:::{dropdown} B. Two
Right. Two options claim to be right, which a learner cannot resolve.
:::

:::{dropdown} D. Three
:::
::::

## A section

::::{admonition} Check your understanding
:class: quiz

:::{dropdown} A. Only option
:open:
Correct. It does not start with either of the two agreed words.
:::
::::

:::::{exercise} An exercise
:label: ep99-one

::::{admonition} Check your understanding
:class: quiz

Nested inside an exercise.

:::{dropdown} A. First
Not quite.
:::

:::{dropdown} B. Second
% misconception: the second option is as good as any.
Not quite. Wrong because it is the second option of a quiz without a right one.
:::

:::{dropdown} C. Third
% misconception: a quiz may have no right option.
Not quite. Wrong as well, because the test needs one option to be right.
:::
::::
:::::
"""


def test_a_good_quiz_passes():
    page = "## One section\n" + GOOD_QUIZ + "\n## Another section\n" + GOOD_QUIZ
    assert quiz_problems(page) == []
    first = quizzes(page)[0]
    assert right_letter(first) == "B"
    assert [c.argument for c in first.children] == [
        "A. Token ids", "B. Probabilities", "C. Percentages of the vocabulary"]
    assert first.section == "One section" and first.depth == 0


def test_checks_catch_broken_quizzes():
    """Two right answers, an option without feedback, a wrong letter, an open answer, a nested quiz."""
    problems = quiz_problems(BROKEN_EPISODE)
    expected = [
        "quiz at line 8: must follow the section that teaches its concept",
        "quiz at line 8: option D should be lettered C",
        "quiz at line 8: option C has no feedback",
        "quiz at line 8: needs exactly one 'Right.' option, has 2",
        "quiz at line 27: has no question before its options",
        "quiz at line 27: needs 3 or 4 options, has 1",
        "quiz at line 27: option A must stay closed until the learner opens it",
        "quiz at line 27: option A feedback must start with 'Right.' or 'Not quite.'",
        "quiz at line 27: needs exactly one 'Right.' option, has 0",
        "quiz at line 39: must sit at the top level of the page, not inside another block",
        "quiz at line 39: option A feedback must say why, after 'Not quite.'",
        "quiz at line 39: option A needs one line '% misconception: ...' naming, in a few words, "
        "the misconception it targets",
        "quiz at line 39: needs exactly one 'Right.' option, has 0",
    ]
    assert sorted(problems) == sorted(expected), problems


def test_count_placement_and_fences_are_checked():
    assert quiz_problems("## Only section\n" + GOOD_QUIZ) == ["needs 2 or 3 quizzes, has 1"]
    assert quiz_problems("## S\n" + GOOD_QUIZ * 4) == ["needs 2 or 3 quizzes, has 4"]
    assert quiz_problems("## Only section\n" + GOOD_QUIZ * 2) == [
        "quizzes must follow the sections that teach their concepts, not sit together"]
    # Same colons outside and in: the first inner `:::` closes the quiz, as MyST would.
    flat = GOOD_QUIZ.replace("::::", ":::")
    problems = quiz_problems("## S\n" + flat + "## T\n" + GOOD_QUIZ)
    assert "quiz at line 3: needs 3 or 4 options, has 1" in problems, problems
    unclosed = GOOD_QUIZ.rstrip().removesuffix("::::")
    problems = quiz_problems("## S\n" + GOOD_QUIZ + "## T\n" + unclosed)
    assert problems == ["quiz at line 24: its fence is never closed"], problems


def test_misconception_comments_are_checked():
    """A wrong option without its comment, a right one with one, a comment outside its option;
    and the comment is no part of the feedback."""
    page = "## S\n" + GOOD_QUIZ + "## T\n" + GOOD_QUIZ
    first = quizzes(page)[0]
    assert misconceptions(first.children[0].body) == ["the model's output scores are token ids."]
    assert feedback(first.children[0]).startswith("Not quite. Token ids")
    bare = page.replace("% misconception: a probability is a share of the vocabulary.\n", "", 1)
    assert quiz_problems(bare) == [
        "quiz at line 3: option C needs one line '% misconception: ...' naming, in a few words, "
        "the misconception it targets"]
    vague = page.replace("% misconception: the model's output scores are token ids.", "% misconception: ids", 1)
    assert quiz_problems(vague) == [
        "quiz at line 3: option A needs one line '% misconception: ...' naming, in a few words, "
        "the misconception it targets"]
    marked_right = page.replace("Right. They are", "% misconception: probabilities are right.\nRight. They are", 1)
    assert quiz_problems(marked_right) == ["quiz at line 3: option B is the right answer, yet names a misconception"]
    outside = page.replace("What does the softmax", "% misconception: softmax is magic.\nWhat does the softmax", 1)
    assert quiz_problems(outside) == [
        "quiz at line 3: a misconception comment belongs inside the option it explains"]


def test_length_cue_is_checked():
    """Right answer longest (or shortest) in most quizzes: flagged, with the rate; in the middle: passes."""
    longest = GOOD_QUIZ.replace("B. Probabilities", "B. Probabilities of every next token in the vocabulary")
    found = [("page.md", q) for q in quizzes("## S\n" + longest * 3 + GOOD_QUIZ * 2)]
    problems = length_cue_problems(found)
    assert len(problems) == 1 and "longest option in 3 of 5 quizzes (60%" in problems[0], problems
    shortest = GOOD_QUIZ.replace("B. Probabilities", "B. Odds")
    problems = length_cue_problems([("page.md", q) for q in quizzes("## S\n" + shortest * 2 + GOOD_QUIZ)])
    assert len(problems) == 1 and "shortest option in 2 of 3 quizzes (67%" in problems[0], problems
    middle = [("page.md", q) for q in quizzes("## S\n" + GOOD_QUIZ)]  # right: 13 characters, between 9 and 29
    assert length_cue_problems(middle) == []
    assert option_lengths(quizzes(GOOD_QUIZ)[0]) == ([9, 13, 29], 1)
    assert shown_length("{glue:text}`../notebooks/02-x.ipynb::top_prob:s` and `code`") == 13
    assert shown_length("a {term}`token <Token>` here") == 12


def without_quizzes_asking(text: str, phrase: str) -> str:
    """An episode's text without the quizzes that ask about `phrase` (each cut with the text after it)."""
    pieces = re.split(r"(?=^::::\{admonition\} Check your understanding$)", text, flags=re.M)
    return "".join(p for p in pieces if not (found := quizzes(p)) or phrase not in asked_text(found[0]))


def test_objective_coverage_is_checked():
    """Cut out the quiz about padding, or about chunk size, and the objective is reported."""
    episodes = {path.name[:2]: path.read_text() for path in EPISODES}
    for number, phrase in (("05", "padding"), ("07", "chunk size")):
        cut = {**episodes, number: without_quizzes_asking(episodes[number], phrase)}
        assert len(quizzes(cut[number])) == len(quizzes(episodes[number])) - 1
        missing = uncovered_objectives(cut)
        assert len(missing) == 1 and missing[0].startswith(f"episode {number}: no quiz asks about"), missing
