"""Write the lesson's generated pages from the episodes on disk.

    .venv/bin/python tools/generated_pages.py          # rewrite the pages
    .venv/bin/python tools/generated_pages.py --check  # only say which pages are out of date (exit 1)

instructors/schedule.md        the two workshop tracks with clock times, from each episode's front
                               matter and the times written on its exercises
instructors/pilot-feedback.md  the pilot-feedback template: every episode and exercise, planned
                               minutes filled in, actual minutes to fill in
learners/key-points.md         every episode's "Key points" block, under the episode's title

The episodes are read from episodes/NN-*.md, so a new episode appears on every page after the next
run. tests/test_lesson.py checks that the pages on disk are what this script writes: edit the
episodes, or the data below, never the pages.
"""

from __future__ import annotations

import argparse
import functools
import math
import re
import sys
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: find tools/
from tools import myst  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# ------------------------------------------------------------------ the workshop's rules ------

DAY_START = 9 * 60          # 09:00, in minutes after midnight
BLOCK_MAX = 90              # the longest stretch of teaching without a break
MIN_PART = 20               # no part of an episode split by a break is shorter
BREAKS = [("Morning break", 15), ("Lunch", 60), ("Afternoon break", 15)]  # at most four blocks a day
LUNCH_AT = 12 * 60 + 15     # lunch starts as close to 12:15 as the blocks allow ...
LUNCH_SLACK = 15            # ... and anywhere from 12:00 to 12:30 costs nothing
SPLIT_COST = 30             # a break inside an episode costs as much as moving lunch 30 minutes
SHORT_BLOCK = 60            # a block shorter than this costs two minutes for every minute it lacks
GRID = 5                    # an episode's slot is its minutes rounded up to a multiple of 5, and
                            # a break inside an episode falls on a multiple of 5 minutes, at the
                            # start of one of its sections
QUIZ_MINUTES = 3            # a check of understanding: a vote, then the right answer discussed
# Taught words per planned minute of teaching: at most what deep-learning-intro, a Carpentries
# lesson taught many times, carries (32 to 62 words a minute in its episodes, measured 2026).
WORDS_PER_MINUTE = (32, 62)
# Blocks whose words are not taught in the flow of an episode: checks of understanding (they have
# their own minutes), notes for the instructor, key points, and "Going further" dropdowns, which
# learners read after the workshop.
UNTAUGHT = {"quiz", "instructor", "keypoints", "further"}

OPENING = ("Welcome and set-up check ({doc}`set-up <../learners/setup>`)", 10)
RECAP = ("Questions about yesterday, and the {doc}`recap questions <../learners/recap>` of its episodes", 10)
CLOSING = ("Wrap-up and the post-workshop {doc}`survey <survey>`", 10)

# Track B, one applied day: these episodes (by number), and why each is in ...
TRACK_B = {
    1: "what an LLM is, choosing a model, the first generation with the `pipeline`.",
    2: "tokens and the generation settings (greedy or sampled, temperature, length) that every "
       "later notebook uses.",
    4: "prompting, which episodes 6 and 7 build on: system messages, delimited untrusted text, "
       "JSON checked by code, and measuring a prompt on labelled data.",
    6: "the chatbot with memory: one of the day's two goals.",
    7: "retrieval-augmented generation over the Harbourton news archive: the other goal.",
    8: "hallucination and the responsible-use checklist, because a chatbot or a RAG system "
       "should not go live without them.",
}
# ... of which these are taught in part: only the sections named. Rule: the teaching minutes are
# the front matter's, times the share of the episode's teaching text that these sections hold,
# rounded up to a minute; only the quizzes and core exercises inside these sections are set.
TRACK_B_SECTIONS = {
    1: ["What is a large language model?", "Base models and instruction-tuned models", "Choosing a model",
        "Your first generation"],
    2: ["Tokens", "The next-token distribution", "Greedy decoding", "Sampling and temperature",
        "Choosing the settings"],
    4: ["What a prompt is", "Zero-shot and few-shot", "Role and system prompts", "Delimiting untrusted text",
        "Prompt sensitivity, measured", "Chat templates and roles in practice", "A checklist for writing prompts"],
    7: ["Why retrieval?", "The corpus and a gold set", "Loading and chunking", "Embeddings and the vector store",
        "Measuring retrieval", "Retrieve, then generate, with LangGraph", "Failure modes"],
    8: ["Hallucination", "A responsible-use checklist"],
}
# Track B budgets one quiz per episode, of those in the sections it teaches (the instructor picks one:
# the one after the section where the room seemed least sure).
TRACK_B_QUIZZES = 1
# Why Track B leaves an episode out, and where to catch up. An episode not named here (a new one)
# is listed with the general advice.
TRACK_B_SKIPS = {
    3: "how models are trained. Nothing in the applied episodes depends on it; episode 4 shows "
       "the chat template again where prompts need it. Read it after the workshop, starting with "
       "its key points.",
    5: "evaluation: metrics, baselines and bootstrap intervals. Episode 4 keeps the core idea (it "
       "measures a prompt's accuracy on 60 labelled reviews); read episode 5 before you report a "
       "model's accuracy to anyone.",
    9: "adapting a model with LoRA and shrinking it into fewer bits. Nothing in the applied episodes "
       "depends on it; read it when prompting is not enough for your task, or when a model does not "
       "fit your machine.",
    10: "structured output (extraction into a schema, constrained decoding) and the OpenAI-compatible "
        "API. Read it before you extract data from texts with a model, or send texts to a hosted model.",
    11: "the capstone project, which applies episode 5's evaluation to a learner's own task. After "
        "the workshop, read episode 5 first, then take the capstone on alone or as a group.",
}
# Sections left out when an episode's teaching text is counted (its exercises, solutions and key
# points are never counted).
NOT_TAUGHT = {"Further reading"}


# ------------------------------------------------------------------ reading the episodes ------


@dataclass
class Exercise:
    label: str
    title: str
    minutes: int
    kind: str          # "core" or "stretch"
    section: str       # the "## " section it sits in


@dataclass
class Episode:
    number: int
    stem: str
    title: str
    teaching: int
    exercises: int
    exercise_list: list[Exercise] = field(default_factory=list)
    section_words: dict[str, int] = field(default_factory=dict)  # taught words of each "## " section
    quizzes: list[str] = field(default_factory=list)  # the "## " section of each quiz
    key_points: str = ""

    @property
    def taught_words(self) -> int:
        return sum(n for name, n in self.section_words.items() if name not in NOT_TAUGHT)

    @property
    def words_per_minute(self) -> float:
        return self.taught_words / self.teaching if self.teaching else math.inf

    @property
    def quiz_minutes(self) -> int:
        return QUIZ_MINUTES * len(self.quizzes)

    @property
    def link(self) -> str:
        return f"{{doc}}`{self.number}. {self.title} <../episodes/{self.stem}>`"

    def minutes(self, kind: str) -> int:
        return sum(e.minutes for e in self.exercise_list if e.kind == kind)


class LessonError(ValueError):
    """The episodes, or the rules above, do not allow a page to be written."""


def read_episode(path: Path) -> Episode:
    page = myst.read(path.read_text(encoding="utf-8"))
    if page.front_matter is None:
        raise LessonError(f"{path.name}: no front matter")
    if not page.title:
        raise LessonError(f"{path.name}: no title")
    meta = page.front_matter
    episode = Episode(number=int(path.name[:2]), stem=path.stem, title=page.title,
                      teaching=int(meta.get("teaching", 0)), exercises=int(meta.get("exercises", 0)))
    # the words taught: without code, exercises, solutions and the blocks of UNTAUGHT
    untaught = set(page.code_lines)
    keypoints = [b for b in page.blocks_of("admonition") if "keypoints" in b.classes]
    for block in page.blocks_of("exercise") + page.blocks_of("solution") + [
            b for b in page.blocks_of("admonition") if UNTAUGHT & set(b.classes)]:
        untaught.update(range(block.start, block.end))
    episode.quizzes = [page.section_of(b.start, deepest=2) for b in page.blocks_of("admonition")
                       if "quiz" in b.classes]
    for block in page.blocks_of("exercise"):
        label = block.options.get("label", "")
        minutes = re.match(r"\s*\((\d+) min\b", block.body)
        kind = [k for k in block.classes if k in ("core", "stretch")]
        if not minutes:
            raise LessonError(f"{path.name}: exercise {label} does not start with '(N min'")
        if len(kind) != 1:
            raise LessonError(f"{path.name}: exercise {label} needs ':class: core' or ':class: stretch'")
        episode.exercise_list.append(Exercise(label, block.argument, int(minutes.group(1)), kind[0],
                                              page.section_of(block.start, deepest=2)))
    lines = page.text.splitlines()
    sections = [h for h in page.headings if h.level == 2]
    for heading, following in zip(sections, sections[1:] + [myst.Heading(2, "", len(lines))]):
        taught = [lines[i] for i in range(heading.line + 1, following.line) if i not in untaught]
        episode.section_words[heading.title] = len(" ".join(taught).split())
    episode.key_points = keypoints[-1].body.strip() if keypoints else ""
    return episode


def read_episodes(folder: Path = ROOT / "episodes") -> list[Episode]:
    return [read_episode(path) for path in sorted(folder.glob("[0-9][0-9]-*.md"))]


# ------------------------------------------------------------------ laying out a day ----------


@dataclass
class Item:
    label: str       # Markdown for the schedule's "what" column
    minutes: int
    note: str = ""   # teaching and exercise minutes, for an episode
    splits: bool = True  # an episode may run across a break; the welcome, recap and wrap-up may not
    stops: dict[int, str] | None = None  # where a break may fall inside it (minutes from its start:
                                          # the section that begins there); None: on the GRID


def clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def layout(items: list[Item]) -> tuple[tuple[int, ...], float]:
    """Where the breaks fall (minutes of teaching since the day began) and what that layout costs.

    Every block is at most BLOCK_MAX minutes. A break falls between two items, or inside an item
    that may be split, at one of its stops (on the GRID if it has none), leaving both parts at
    least MIN_PART long. The fewest blocks
    that can hold the day are used; among the layouts with that many, the cheapest wins (see the
    costs above), the earliest breaks breaking a tie. LessonError if nothing fits.
    """
    return _layout(tuple((item.minutes, item.splits, None if item.stops is None else tuple(sorted(item.stops)))
                         for item in items))


@functools.cache
def _layout(items: tuple[tuple[int, bool, tuple[int, ...] | None], ...]) -> tuple[tuple[int, ...], float]:
    total = sum(minutes for minutes, _, _ in items)
    boundaries, inside, start = set(), set(), 0
    for minutes, splits, stops in items:
        end = start + minutes
        boundaries.add(end)
        if splits:
            places = range(0, minutes, GRID) if stops is None else stops
            inside.update(start + p for p in places if MIN_PART <= p <= minutes - MIN_PART)
        start = end
    candidates = sorted((boundaries | inside) - {total})

    def cuts(previous: int, left: int):
        """Every way to place `left` more breaks after `previous`, no block over BLOCK_MAX."""
        if left == 0:
            if total - previous <= BLOCK_MAX:
                yield ()
            return
        for p in candidates:
            if previous < p <= previous + BLOCK_MAX:
                for rest in cuts(p, left - 1):
                    yield (p, *rest)

    for blocks in range(max(1, math.ceil(total / BLOCK_MAX)), len(BREAKS) + 2):
        best = None
        for cut in cuts(0, blocks - 1):
            edges = [0, *cut, total]
            cost = SPLIT_COST * sum(p not in boundaries for p in cut)
            cost += 2 * sum(max(0, SHORT_BLOCK - (b - a)) for a, b in zip(edges, edges[1:]))
            if blocks >= 3:
                lunch = DAY_START + cut[1] + BREAKS[0][1]
                cost += max(0, abs(lunch - LUNCH_AT) - LUNCH_SLACK)
            if best is None or (cost, cut) < best:
                best = (cost, cut)
        if best is not None:
            return best[1], best[0]
    raise LessonError(f"{total} minutes do not fit into {len(BREAKS) + 1} blocks of at most "
                      f"{BLOCK_MAX} minutes")


def day_rows(items: list[Item]) -> list[tuple[str, str, str, int]]:
    """(time, what, note, minutes) for every row of one day, breaks included."""
    cuts, _ = layout(items)
    parts = []  # (item index, minutes) in order, with a break marker (None, break index)
    position, next_break = 0, 0
    for index, item in enumerate(items):
        left = item.minutes
        while left:
            upcoming = cuts[next_break] if next_break < len(cuts) else None
            if upcoming is not None and position + left > upcoming:
                piece = upcoming - position
            else:
                piece = left
            if piece:
                parts.append((index, piece))
            position, left = position + piece, left - piece
            if upcoming is not None and position == upcoming:
                parts.append((None, next_break))
                next_break += 1
    count = {i: sum(1 for j, _ in parts if j == i) for i in range(len(items))}
    seen: dict[int, int] = {}
    done: dict[int, int] = {}  # minutes of each item placed so far
    rows, now = [], DAY_START
    for index, minutes in parts:
        if index is None:
            name, minutes = BREAKS[minutes]
            rows.append((f"{clock(now)}–{clock(now + minutes)}", f"*{name}*", "", minutes))
        else:
            item = items[index]
            seen[index] = seen.get(index, 0) + 1
            what = item.label
            if count[index] > 1:
                what += f", part {seen[index]}/{count[index]}"
                if done.get(index) and item.stops:
                    what += f' (from "{item.stops[done[index]]}")'
            done[index] = done.get(index, 0) + minutes
            rows.append((f"{clock(now)}–{clock(now + minutes)}", what, item.note, minutes))
        now += minutes
    return rows


def day_table(items: list[Item]) -> str:
    lines = ["| time | what | minutes |", "| --- | --- | --- |"]
    for time, what, note, minutes in day_rows(items):
        lines.append(f"| {time} | {what}{f' ({note})' if note else ''} | {minutes} |")
    return "\n".join(lines)


def day_end(items: list[Item]) -> str:
    return day_rows(items)[-1][0].split("–")[1]


def switch_points(items: list[Item]) -> str:
    """Where two instructors can hand over: at the breaks, said with what they fall between."""
    rows = day_rows(items)
    points = []
    for before, row, after in zip(rows, rows[1:], rows[2:]):
        if row[1].startswith("*"):
            inside = after[1].split(", part ")[0] == before[1].split(", part ")[0]
            where = "inside an episode, at a section heading" if inside else "between episodes"
            points.append(f"{row[0].split('–')[0]} ({where})")
    return ("Instructors can take turns at the breaks: " + listing(points) + ".") if points else ""


# ------------------------------------------------------------------ the two tracks ------------


def slot(minutes: int) -> int:
    return GRID * math.ceil(minutes / GRID)


def section_stops(episode: Episode, teaching: int, exercises: list[Exercise], sections: list[str] | None,
                  minutes: int, quizzes: int | None = None) -> dict[int, str]:
    """Where each taught section after the first starts, in minutes from the episode's start (on the
    GRID): the sections before it take their share of the teaching minutes by their words, their
    exercises' minutes and QUIZ_MINUTES for each quiz in them (the first `quizzes` of them, if given)."""
    names = [n for n in episode.section_words if n not in NOT_TAUGHT and (sections is None or n in sections)]
    words = sum(episode.section_words[n] for n in names) or 1
    starts, start = {}, 0.0
    budgeted = [s for s in episode.quizzes if s in names][:quizzes]
    for name in names:
        at = GRID * round(start / GRID)
        if start and at < minutes and abs(start - at) < abs(starts.get(at, (math.inf, ""))[0] - at):
            starts[at] = (start, name)  # two sections near one minute: the closer one
        start += (teaching * episode.section_words[name] / words
                  + sum(e.minutes for e in exercises if e.section == name)
                  + QUIZ_MINUTES * budgeted.count(name))
    return {at: name for at, (_, name) in sorted(starts.items())}


def track_a_item(episode: Episode) -> Item:
    minutes = slot(episode.teaching + episode.exercises + episode.quiz_minutes)
    return Item(episode.link, minutes,
                f"teaching {episode.teaching} + quizzes {episode.quiz_minutes} + exercises {episode.exercises}",
                stops=section_stops(episode, episode.teaching, episode.exercise_list, None, minutes))


def short_teaching(episode: Episode, sections: list[str]) -> int:
    counted = {name: words for name, words in episode.section_words.items() if name not in NOT_TAUGHT}
    missing = [name for name in sections if name not in counted]
    if missing:
        raise LessonError(f"{episode.stem} has no section {missing[0]!r}: update TRACK_B_SECTIONS")
    share = sum(counted[name] for name in sections) / sum(counted.values())
    return math.ceil(episode.teaching * share)


def track_b_minutes(episode: Episode) -> tuple[int, int, int]:
    """Track B's teaching, quiz and core-exercise minutes for an episode (short where
    TRACK_B_SECTIONS says: only those sections' quizzes and core exercises)."""
    sections = TRACK_B_SECTIONS.get(episode.number)
    teaching = short_teaching(episode, sections) if sections else episode.teaching
    quizzes = QUIZ_MINUTES * min(TRACK_B_QUIZZES, sum(1 for s in episode.quizzes if not sections or s in sections))
    core = sum(e.minutes for e in episode.exercise_list
               if e.kind == "core" and (not sections or e.section in sections))
    return teaching, quizzes, core


def track_b_item(episode: Episode) -> Item:
    teaching, quizzes, core = track_b_minutes(episode)
    label = episode.link + (", short" if episode.number in TRACK_B_SECTIONS else "")
    minutes = slot(teaching + quizzes + core)
    core_exercises = [e for e in episode.exercise_list if e.kind == "core"]
    return Item(label, minutes, f"teaching {teaching} + quizzes {quizzes} + core exercises {core}",
                stops=section_stops(episode, teaching, core_exercises, TRACK_B_SECTIONS.get(episode.number), minutes,
                                    TRACK_B_QUIZZES))


def split_days(episodes: list[Episode]) -> list[list[Item]]:
    """Track A: every episode, in order, over the fewest days; the days laid out at the least cost
    (see the costs above), then the longest day as short as possible."""
    items = [track_a_item(e) for e in episodes]
    opening, recap, closing = (Item(*OPENING, splits=False), Item(*RECAP, splits=False),
                               Item(*CLOSING, splits=False))
    for days in range(1, len(items) + 1):
        best = None
        for cut in combinations(range(1, len(items)), days - 1):
            edges = [0, *cut, len(items)]
            plan = [[opening if d == 0 else recap] + items[a:b] for d, (a, b) in enumerate(zip(edges, edges[1:]))]
            plan[-1].append(closing)
            try:
                cost = sum(layout(day)[1] for day in plan)
            except LessonError:
                continue
            key = (max(sum(i.minutes for i in day) for day in plan), cost, cut)
            if best is None or key < best[0]:
                best = (key, plan)
        if best is not None:
            return best[1]
    raise LessonError("an episode is too long for a day")


def track_b_day(episodes: list[Episode]) -> list[Item]:
    chosen = [e for e in episodes if e.number in TRACK_B]
    missing = sorted(set(TRACK_B) - {e.number for e in chosen})
    if missing:
        raise LessonError(f"Track B names episode {missing[0]}, which does not exist")
    return [Item(*OPENING, splits=False)] + [track_b_item(e) for e in chosen] + [Item(*CLOSING, splits=False)]


# ------------------------------------------------------------------ the pages -----------------

GENERATED = ("% Generated by tools/generated_pages.py from the episodes: edit the episodes (or the\n"
             "% script's data), then run `.venv/bin/python tools/generated_pages.py`. Never edit this page.\n")

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def words(n: int) -> str:
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)


def hours(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d} min"


def listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def schedule_page(episodes: list[Episode]) -> str:
    days = split_days(episodes)
    one_day = track_b_day(episodes)
    teaching = sum(e.teaching for e in episodes)
    quizzes = sum(e.quiz_minutes for e in episodes)
    exercises = sum(e.exercises for e in episodes)
    core = sum(e.minutes("core") for e in episodes)
    stretch = sum(e.minutes("stretch") for e in episodes)
    out = [
        "# Workshop schedule", "", GENERATED,
        f"Two ways to teach the lesson's {words(len(episodes))} episodes, with clock times: everything "
        f"in {words(len(days))} days (Track A), or one applied day that reaches chatbots and retrieval "
        "(Track B). Pick the track before you advertise the workshop: learners need to know whether to "
        f"keep one day free or {words(len(days))}. A week before, send them the {{doc}}`set-up instructions "
        "<../learners/setup>` and the pre-workshop {doc}`survey <survey>`.",
        "",
        f"Every day starts at {clock(DAY_START)}. Teaching comes in blocks of at most {BLOCK_MAX} "
        "minutes, with a 15-minute break mid-morning, an hour for lunch and, on a long day, 15 minutes "
        f"mid-afternoon. The first day opens with a {OPENING[1]}-minute welcome: learners run the set-up "
        "check before the workshop, and helpers fix what is left during episode 1 (the "
        "{doc}`helper guide <helper-guide>`), so set-up problems do not hold up the room. "
        f"Each episode gets its teaching minutes, {QUIZ_MINUTES} minutes for each check of understanding "
        "(a vote, then the answer discussed) and its exercises' minutes, rounded up to a multiple of 5. "
        "Breaks fall between episodes where they can. Where an episode runs across a break, the break "
        f"falls at one of its section headings, and each part is at least {MIN_PART} minutes: the table "
        'says "part 1/2" and "part 2/2", and names the section that starts after the break. Instructors '
        "can take turns at any break.",
        "",
        ":::{admonition} These times are estimates until a pilot",
        ":class: callout",
        "The teaching minutes come from each episode's front matter, the exercise minutes from the time "
        f"written at the start of each exercise, and the {QUIZ_MINUTES} minutes a quiz from the usual "
        "pace of a vote with a short discussion. Where a section starts inside an episode is estimated "
        "from its share of the episode's words, exercises and quizzes. As of December 2026 nobody has "
        "taught the lesson to a class with a clock running. If you teach it, note the real times in "
        "the {doc}`pilot-feedback template "
        "<pilot-feedback>` and send it to the maintainers as an issue (the GitHub icon at the top "
        "of each page, then *Open issue*). We correct the episodes' minutes from your report, and "
        "this page follows them.",
        ":::",
        "",
        "## Minutes per episode",
        "",
        "**Core** exercises are what the one-day track needs; most learners finish them in the time. "
        "**Stretch** exercises need more Python (see the {doc}`prerequisites <../index>`) or are "
        "open-ended. On the episode pages each exercise title carries its label.",
        "",
        "| episode | teaching | quizzes | exercises | of which core | of which stretch |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for e in episodes:
        out.append(f"| {e.link} | {e.teaching} | {e.quiz_minutes} | {e.exercises} | {e.minutes('core')} "
                   f"| {e.minutes('stretch')} |")
    out += [f"| total | {teaching} | {quizzes} | {exercises} | {core} | {stretch} |", ""]
    low, high = WORDS_PER_MINUTE
    out += [
        "## Words per minute of teaching", "",
        "The teaching minutes allow for the words an instructor teaches: an episode's sections "
        "without code, exercises, solutions, quizzes, instructor notes, key points, \"Going further\" "
        f"dropdowns (for reading after the workshop) and further reading. Each episode carries from "
        f"{low} to {high} words a minute, the range of an established Carpentries lesson that has been "
        "taught many times (deep-learning-intro, measured in 2026); a test keeps every episode in it.",
        "",
        "| episode | words taught | teaching minutes | words a minute |",
        "| --- | --- | --- | --- |",
    ]
    for e in episodes:
        out.append(f"| {e.link} | {e.taught_words:,} | {e.teaching} | {e.words_per_minute:.0f} |")
    out.append("")

    out += [
        f"## Track A: {words(len(days))} days, everything", "",
        f"All {words(len(episodes))} episodes with all their exercises: {teaching} minutes of teaching, "
        f"{quizzes} of quizzes and {exercises} of exercises ({hours(teaching + quizzes + exercises)}), "
        "plus breaks. The episodes are "
        "divided between the days so that the longer day is as short as possible; what is left of a "
        "day is room for set-up problems, questions and a bigger model on a GPU.",
        "",
    ]
    for number, day in enumerate(days, 1):
        taught = sum(1 for item in day if item.splits)
        out += [f"### Day {number}", "", day_table(day), "",
                f"Day {number}: {words(taught)} episodes, {hours(sum(i.minutes for i in day))} "
                f"without breaks; it ends at {day_end(day)}. {switch_points(day)}".rstrip(), ""]

    skipped = [e for e in episodes if e.number not in TRACK_B]
    kept = [e for e in episodes if e.number in TRACK_B]
    b_core = sum(track_b_minutes(e)[2] for e in kept)
    b_stretch = sum(len([x for x in e.exercise_list if x.kind == "stretch"]) for e in kept)
    out += [
        "## Track B: one applied day", "",
        "For learners who want to use LLMs in their work more than to know how they are made: by "
        "the end of the day they have built a chatbot with memory and a retrieval-augmented "
        "question-answering system, and know how to check both. Teaching plus the core exercises "
        f"only, and {words(TRACK_B_QUIZZES)} check of understanding an episode: pick the one after the "
        "section where the room seemed least sure. Episodes marked *short* are taught in part: only the "
        "sections named. Their teaching time is the episode's minutes times the share of its taught words "
        "that these sections hold, rounded up to a minute. Why each episode is in:",
        "",
    ]
    for e in kept:
        sections = TRACK_B_SECTIONS.get(e.number)
        line = f"- **Episode {e.number}**: {TRACK_B[e.number]}"
        if sections:
            others = [s for s in e.section_words if s not in sections and s not in NOT_TAUGHT]
            line += (
                f" *Short*: {listing([quoted(s) for s in sections])}, {short_teaching(e, sections)} of its "
                f"{e.teaching} minutes. Left out: {listing([quoted(s) for s in others])}.")
        out.append(line)
    out += ["", "What Track B leaves out, and where to read it:", ""]
    for e in skipped:
        reason = TRACK_B_SKIPS.get(e.number, "not part of this track. Read it after the workshop, "
                                               "starting with its key points.")
        out.append(f"- {e.link}: {reason}")
    out += [
        f"- The sections of episode {', '.join(str(n) for n in TRACK_B_SECTIONS)} named above: "
        "read them on the episode page.",
        f"- The {words(b_stretch)} stretch exercises of the episodes taught: their solutions are on the "
        "episode pages, for the evenings after the workshop.",
        "- The {doc}`key points <../learners/key-points>` of every episode are on one page: point "
        "learners to it at the end of the day.",
        "",
        f"Teaching and core exercises: {hours(sum(i.minutes for i in one_day))} with the welcome and "
        f"the wrap-up ({b_core} minutes of core exercises), plus breaks.",
        "",
        "### The day", "",
        day_table(one_day), "",
        f"The day ends at {day_end(one_day)}. {switch_points(one_day)}".rstrip(),
    ]
    return "\n".join(out) + "\n"


def density_problems(episodes: list[Episode]) -> list[str]:
    """Episodes whose taught words per planned minute fall outside WORDS_PER_MINUTE."""
    low, high = WORDS_PER_MINUTE
    return [f"{e.stem}: {e.taught_words} words in {e.teaching} minutes of teaching is "
            f"{e.words_per_minute:.0f} words a minute, outside {low}-{high}: change the minutes in its front "
            "matter, or move material into a \"Going further\" dropdown (:class: dropdown further)"
            for e in episodes if not low <= e.words_per_minute <= high]


def quoted(name: str) -> str:
    return f'"{name}"'


def key_points_page(episodes: list[Episode]) -> str:
    out = [
        "# Key points", "", GENERATED,
        "The key points of every episode on one page: to revise, or to catch up on an episode you "
        "missed. Under each heading, a link opens the episode.",
        "",
    ]
    for e in episodes:
        out += [f"## {e.number}. {e.title}", "", f"{{doc}}`Open episode {e.number} <../episodes/{e.stem}>`", "",
                e.key_points or "(This episode has no key points yet.)", ""]
    return "\n".join(out)


def pilot_page(episodes: list[Episode]) -> str:
    out = [
        "# Pilot-feedback template", "", GENERATED,
        "Taught the lesson, or part of it? Your timings are the most useful thing you can send us: "
        "the {doc}`schedule <schedule>` is an estimate until pilots replace it. Copy this page into "
        "a text file, fill in what you can while you teach (a helper with a clock is ideal), and "
        "send it as an issue in the lesson's repository (the GitHub icon at the top of each page, "
        "then *Open issue*), titled \"Pilot: date, place\". Leave out learners' names and anything "
        "else that identifies them.",
        "",
        "## The workshop",
        "",
        "- Date, place, and online or in person:",
        "- Track (A, two days; B, one applied day; or your own selection):",
        "- Number of learners, and of helpers:",
        "- Lesson version (from `CITATION.cff` or the changelog) or commit:",
        "- How learners ran the notebooks (own laptop, Colab, a shared server), roughly how many each way:",
        "- Operating systems and Python versions seen (the set-up check prints them):",
        "- Did anyone use Ollama? With which models?",
        "",
        "## Timing, episode by episode",
        "",
        "Planned minutes are the episodes' own; fill in the actual ones. Leave a row empty for what "
        "you did not teach.",
        "",
        "| episode | teaching planned | teaching actual | exercises planned | exercises actual |",
        "| --- | --- | --- | --- | --- |",
    ]
    for e in episodes:
        out.append(f"| {e.number}. {e.title} | {e.teaching} | | {e.exercises} | |")
    out += [
        "",
        "## Exercises",
        "",
        "For each exercise you set: the minutes you gave, and how many learners finished in that time.",
        "",
        "| exercise | core or stretch | minutes planned | minutes given | finished (of how many) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for e in episodes:
        for x in e.exercise_list:
            out.append(f"| {e.number}. {x.title} (`{x.label}`) | {x.kind} | {x.minutes} | | |")
    out += [
        "",
        "## Where learners stumbled",
        "",
        "For each episode you taught: the cell, idea or exercise, what learners did or asked, and what "
        "helped.",
        "",
        "## Notebook and set-up problems",
        "",
        "Each problem with the operating system, Python version and route (local, Colab, a server), "
        "the notebook and cell, and the error's last line. Say how you worked around it.",
        "",
        "## What to cut, what to add",
        "",
        "- Which sections or exercises would you cut to keep to time?",
        "- Which exercises were too easy, too hard, or wrongly marked core or stretch?",
        "- What did learners want that the lesson does not have?",
        "",
        "## The surveys",
        "",
        "If you used the {doc}`survey <survey>`: the number of answers before and after, and the "
        "counts for each answer of the scale questions (never single learners' answers).",
        "",
    ]
    return "\n".join(out)


def pages(root: Path = ROOT) -> dict[Path, str]:
    episodes = read_episodes(root / "episodes")
    return {
        root / "instructors" / "schedule.md": schedule_page(episodes),
        root / "instructors" / "pilot-feedback.md": pilot_page(episodes),
        root / "learners" / "key-points.md": key_points_page(episodes),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a page is out of date")
    args = parser.parse_args(argv)
    stale = 0
    for path, text in pages().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale += 1
        if args.check:
            print(f"out of date: {path.relative_to(ROOT)}")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
