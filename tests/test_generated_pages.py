"""tools/generated_pages.py: the schedule's layout rules, the short-episode rule, a new episode
picked up from disk, and the errors that stop a page from being written.

tests/test_lesson.py checks the pages on disk; these tests check the script on made-up episodes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_lesson import load_generated_pages, schedule_problems

ROOT = Path(__file__).resolve().parents[1]
pages_tool = load_generated_pages()
Item, LessonError = pages_tool.Item, pages_tool.LessonError


def episode_text(title: str, exercises: list[tuple[str, str, int]], sections: dict[str, int] | None = None,
                 teaching: int = 20) -> str:
    """A small valid episode: sections of a given number of words, then (label, class, minutes)
    exercises in the last section."""
    sections = sections or {"Only section": 50}
    body = [f"---\nteaching: {teaching}\nexercises: {sum(m for *_, m in exercises)}\n---\n", f"# {title}\n"]
    for name, words in sections.items():
        body.append(f"## {name}\n\n" + " ".join(["word"] * words) + "\n")
    for label, klass, minutes in exercises:
        body.append(f"::::{{exercise}} Exercise {label}\n:label: {label}\n:class: {klass}\n\n"
                    f"({minutes} min, alone.) Do it.\n::::\n\n::::{{solution}} {label}\n:class: dropdown\n\n"
                    "Done.\n::::\n")
    body.append(":::{admonition} Key points\n:class: keypoints\n- One thing to remember.\n:::\n")
    return "\n".join(body)


def check_day(items: list) -> None:
    """The day's rows keep the rules: 09:00 start, no gaps, at most 90 minutes between breaks,
    every part of a split item at least MIN_PART long, every item's minutes all placed."""
    rows = pages_tool.day_rows(items)
    assert rows[0][0].startswith("09:00")
    block, placed = 0, {}
    for _, what, _, minutes in rows:
        if what.startswith("*"):
            block = 0
            continue
        block += minutes
        assert block <= pages_tool.BLOCK_MAX, rows
        base = what.split(", part ")[0]
        if ", part " in what:
            assert minutes >= pages_tool.MIN_PART, rows
        placed[base] = placed.get(base, 0) + minutes
    assert placed == {item.label: item.minutes for item in items}


@pytest.mark.parametrize("minutes", [[15, 60], [15, 60, 65, 75, 65], [10, 70, 70, 75, 70, 10],
                                     [15, 100, 100, 100, 10], [15, 55, 55, 55, 55, 55, 25, 10]])
def test_a_day_keeps_the_rules(minutes):
    items = [Item(f"item {i}", m, splits=i not in (0, len(minutes) - 1)) for i, m in enumerate(minutes)]
    check_day(items)


def test_an_item_longer_than_a_block_is_split():
    rows = pages_tool.day_rows([Item("welcome", 15, splits=False), Item("long", 150)])
    assert [what for _, what, _, _ in rows if "long" in what] == ["long, part 1/2", "long, part 2/2"]


def test_a_day_that_cannot_fit_is_refused():
    with pytest.raises(LessonError, match="do not fit"):
        pages_tool.layout([Item("too long", 400)])
    with pytest.raises(LessonError, match="do not fit"):  # items that may not be split, each over 90
        pages_tool.layout([Item(str(i), 95, splits=False) for i in range(2)])


def test_short_teaching_follows_the_share_of_words(tmp_path):
    path = tmp_path / "08-demo.md"
    path.write_text(episode_text("Demo", [("ep08-a", "core", 5)], teaching=40,
                                 sections={"Kept": 100, "Dropped": 300, "Further reading": 500}))
    episode = pages_tool.read_episode(path)
    assert episode.section_words == {"Kept": 100, "Dropped": 300, "Further reading": 500}
    assert pages_tool.short_teaching(episode, ["Kept"]) == 10  # 40 × 100 / 400, further reading not counted
    assert pages_tool.short_teaching(episode, ["Dropped"]) == 30
    with pytest.raises(LessonError, match="no section 'Missing'"):
        pages_tool.short_teaching(episode, ["Missing"])


def test_exercises_and_their_sections_are_read(tmp_path):
    path = tmp_path / "03-demo.md"
    path.write_text(episode_text("Demo", [("ep03-a", "core", 5), ("ep03-b", "stretch", 10)]))
    episode = pages_tool.read_episode(path)
    assert [(e.label, e.kind, e.minutes, e.section) for e in episode.exercise_list] == [
        ("ep03-a", "core", 5, "Only section"), ("ep03-b", "stretch", 10, "Only section")]
    assert (episode.minutes("core"), episode.minutes("stretch")) == (5, 10)
    assert episode.key_points == "- One thing to remember."
    assert episode.section_words == {"Only section": 50}  # exercises and solutions are not counted


def test_an_unmarked_or_untimed_exercise_is_refused(tmp_path):
    path = tmp_path / "03-demo.md"
    path.write_text(episode_text("Demo", [("ep03-a", "core", 5)]).replace(":class: core\n", ""))
    with pytest.raises(LessonError, match="ep03-a needs ':class: core' or ':class: stretch'"):
        pages_tool.read_episode(path)
    path.write_text(episode_text("Demo", [("ep03-a", "core", 5)]).replace("(5 min, alone.)", "Alone."))
    with pytest.raises(LessonError, match="ep03-a does not start with"):
        pages_tool.read_episode(path)


def test_a_new_episode_appears_on_every_page(tmp_path):
    """Episodes are read from disk: one more, and every generated page has it."""
    shutil.copytree(ROOT / "episodes", tmp_path / "episodes")
    stem = f"{len(list((tmp_path / 'episodes').glob('[0-9][0-9]-*.md'))) + 1:02d}-extra"
    (tmp_path / "episodes" / f"{stem}.md").write_text(
        episode_text("An extra episode", [(f"ep{stem[:2]}-a", "core", 10), (f"ep{stem[:2]}-b", "stretch", 20)]))
    pages = {path.relative_to(tmp_path).as_posix(): text for path, text in pages_tool.pages(tmp_path).items()}
    schedule = pages["instructors/schedule.md"]
    stems = sorted(p.stem for p in (tmp_path / "episodes").glob("[0-9][0-9]-*.md"))
    assert schedule_problems(schedule, stems) == []
    track_a, track_b = schedule.split("## Track B")
    assert f"<../episodes/{stem}>`" in track_a and "(teaching 20 + quizzes 0 + exercises 30)" in track_a
    assert f"An extra episode <../episodes/{stem}>`: not part of this track" in track_b
    assert f"## {int(stem[:2])}. An extra episode\n" in pages["learners/key-points.md"]
    assert f"(`ep{stem[:2]}-b`) | stretch | 20 |" in pages["instructors/pilot-feedback.md"]


def test_a_missing_track_b_episode_or_section_is_refused(monkeypatch):
    episodes = pages_tool.read_episodes()
    monkeypatch.setitem(pages_tool.TRACK_B_SECTIONS, 8, ["No such section"])
    with pytest.raises(LessonError, match="no section 'No such section'"):
        pages_tool.schedule_page(episodes)
    monkeypatch.setitem(pages_tool.TRACK_B, 99, "an episode that does not exist")
    with pytest.raises(LessonError, match="episode 99"):
        pages_tool.track_b_day(episodes)


def test_a_break_inside_an_episode_falls_at_a_section_heading(tmp_path):
    """A long episode is split where one of its sections starts, and the row names that section;
    each quiz adds QUIZ_MINUTES to the episode."""
    text = episode_text("Long", [("ep01-a", "core", 40)], {"First part": 600, "Second part": 600}, teaching=60)
    text = text.replace("## Second part", ":::{admonition} Check your understanding\n:class: quiz\n\nQ?\n:::\n\n"
                        "## Second part")
    (tmp_path / "01-long.md").write_text(text)
    episode = pages_tool.read_episode(tmp_path / "01-long.md")
    assert episode.quizzes == ["First part"] and episode.quiz_minutes == pages_tool.QUIZ_MINUTES
    item = pages_tool.track_a_item(episode)
    assert item.minutes == 105 and item.stops == {35: "Second part"}  # 30 taught + 3 quiz, on the grid
    rows = pages_tool.day_rows([Item("Welcome", 15, splits=False), item])
    link = episode.link
    assert [r[1] for r in rows] == ["Welcome", f"{link}, part 1/2", "*Morning break*",
                                    f'{link}, part 2/2 (from "Second part")']
    assert rows[1][3] == 35


def test_density_outside_the_range_is_reported(tmp_path):
    (tmp_path / "01-dense.md").write_text(episode_text("Dense", [("ep01-a", "core", 10)], {"All": 2000}, teaching=20))
    (tmp_path / "02-sparse.md").write_text(episode_text("Sparse", [("ep02-a", "core", 10)], {"All": 100}, teaching=20))
    problems = pages_tool.density_problems(pages_tool.read_episodes(tmp_path))
    assert len(problems) == 2 and "100 words a minute" in problems[0] and "5 words a minute" in problems[1]
