"""Draw the lesson's figures into fig/.

    python tools/draw_figures.py             every figure
    python tools/draw_figures.py memory 02   only those whose name contains "memory" or "02"

Two kinds of figure:
- diagrams and charts of published numbers, drawn by the functions below;
- figures of a model's own numbers, drawn by the notebooks. A code cell tagged
  `figure:NN-name` (cell metadata) makes fig/NN-name.png: this script takes the notebook's run
  from the execution cache (the test run's, when it is of the notebook as it is now) or runs it
  with tools/runner.py, and saves that cell's plot, so the episode shows exactly what the
  learner's notebook draws.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common kinds of
colour-blindness; hatching and labels carry the same information as the colours.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIG = ROOT / "fig"
BLUE, ORANGE, GREEN, VERMILION, PURPLE, GREY = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#999999")
plt.rcParams.update({"font.size": 11, "savefig.dpi": 150, "savefig.bbox": "tight"})


def attention_masks() -> None:
    """Encoder (BERT) vs decoder (GPT-style) attention: who can see whom."""
    tokens = ["The", "cat", "sat", "on", "the", "mat"]
    n = len(tokens)
    fig, axes = plt.subplots(1, 2, figsize=(10.5, 5.2))
    panels = [
        (axes[0], np.ones((n, n)), "Encoder (BERT)\nevery token sees every token",
         ["The", "[MASK]", "sat", "on", "the", "mat"],
         "Objective: fill in the masked word\n([MASK] → \"cat\")"),
        (axes[1], np.tril(np.ones((n, n))), "Decoder (GPT, Llama, SmolLM)\neach token sees only the past",
         tokens, "Objective: predict the next token\n(\"mat\" → ?)"),
    ]
    for ax, mask, title, labels, objective in panels:
        colours = np.where(mask[..., None] == 1, matplotlib.colors.to_rgb(BLUE), (1, 1, 1))
        ax.imshow(colours, aspect="equal")
        for i in range(n):
            for j in range(n):
                ax.text(j, i, "✓" if mask[i, j] else "·", ha="center", va="center",
                        color="white" if mask[i, j] else GREY, fontsize=13)
        ax.set_xticks(range(n), labels, rotation=35, ha="right")
        ax.set_yticks(range(n), labels)
        ax.set_xlabel("can attend to this token")
        ax.set_ylabel("token being computed")
        ax.set_title(title, fontsize=12)
        ax.set_xticks(np.arange(-0.5, n), minor=True)
        ax.set_yticks(np.arange(-0.5, n), minor=True)
        ax.grid(which="minor", color="white", linewidth=2)
        ax.tick_params(which="minor", length=0)
        ax.text(0.5, -0.24, objective, transform=ax.transAxes, ha="center", va="top",
                fontsize=11, color="black")
    fig.suptitle("What each token can see during training", fontsize=13, y=1.0)
    fig.savefig(FIG / "01-attention-masks.png")
    plt.close(fig)


# Published parameter counts (model cards on the Hugging Face Hub, checked November 2026).
MODELS = {
    "SmolLM2-135M": 134.5e6,
    "SmolLM2-1.7B": 1.71e9,
    "SmolLM3-3B": 3.08e9,
    "Llama 3.1 8B": 8.03e9,
    "Llama 3.1 70B": 70.6e9,
}
DTYPES = {"float32 (4 bytes)": 4, "bfloat16 (2 bytes)": 2, "int8 (1 byte)": 1, "4-bit (½ byte)": 0.5}


def memory_by_dtype() -> None:
    """Memory for the weights alone: parameters × bytes per parameter."""
    fig, ax = plt.subplots(figsize=(10, 5.2))
    width = 0.2
    x = np.arange(len(MODELS))
    styles = zip([BLUE, ORANGE, GREEN, PURPLE], ["", "//", "..", "xx"])
    for k, ((label, nbytes), (colour, hatch)) in enumerate(zip(DTYPES.items(), styles)):
        gb = np.array(list(MODELS.values())) * nbytes / 1e9
        bars = ax.bar(x + (k - 1.5) * width, gb, width, label=label, color=colour, hatch=hatch,
                      edgecolor="black", linewidth=0.5)
        for bar, value in zip(bars, gb):
            ax.text(bar.get_x() + bar.get_width() / 2, value * 1.08,
                    f"{value:.2g}" if value < 10 else f"{value:.0f}",
                    ha="center", va="bottom", fontsize=7.5, rotation=90)
    for level, text in [(16, "16 GB: a typical laptop"), (80, "80 GB: one large data-centre GPU")]:
        ax.axhline(level, color=VERMILION, linestyle="--", linewidth=1.2)
        ax.text(-0.45, level * 1.1, text, color=VERMILION, ha="left", fontsize=9,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_yscale("log")
    ax.set_ylim(0.03, 1500)
    ax.set_xticks(x, list(MODELS))
    ax.set_ylabel("memory for the weights (GB, log scale)")
    ax.set_title("Memory needed just to hold the weights = parameters × bytes per parameter")
    ax.legend(title="data type", loc="upper center", fontsize=9, ncols=2)
    fig.savefig(FIG / "01-memory-by-dtype.png")
    plt.close(fig)


# Diagrams: boxes and arrows on a canvas measured in inches, (0, 0) at the lower left.
# Each kind of box has its own colour and its own outline (solid, dashed, dotted), and its text
# says what it is, so the colour is never the only cue.


def _canvas(width: float, height: float):
    """An empty figure whose data coordinates are inches from its lower-left corner."""
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.axis("off")
    return fig, ax


def _tint(colour: str):
    """A light tint of a colour, for filling a box outlined in that colour."""
    return 0.8 + 0.2 * np.array(matplotlib.colors.to_rgb(colour))


def _box(ax, x, y, w, h, colour, title="", body="", *, linestyle="-", fontsize=11, align="center"):
    """A rounded box with its lower-left corner at (x, y): a bold title over plain text."""
    ax.add_patch(matplotlib.patches.FancyBboxPatch(
        (x, y), w, h, boxstyle="round,pad=0,rounding_size=0.1", facecolor=_tint(colour), edgecolor=colour,
        linewidth=2, linestyle=linestyle))
    tx, ha = (x + w / 2, "center") if align == "center" else (x + 0.12, "left")
    if not body:
        if title:
            ax.text(tx, y + h / 2, title, ha=ha, va="center", fontsize=fontsize + 1, fontweight="bold")
        return
    # centre the title and the body together: heights in inches from the font sizes
    title_h = (title.count("\n") + 1) * 1.2 * (fontsize + 1) / 72
    body_h = (body.count("\n") + 1) * 1.25 * fontsize / 72
    gap = 0.5 * fontsize / 72
    top = y + h / 2 + (title_h + gap + body_h) / 2
    ax.text(tx, top, title, ha=ha, va="top", fontsize=fontsize + 1, fontweight="bold", linespacing=1.2)
    ax.text(tx, top - title_h - gap, body, ha=ha, va="top", fontsize=fontsize, linespacing=1.25)


def _legend(ax, x, y, entries, fontsize=10):
    """Small boxes with what each kind of box means, one a line, the first line's top at y."""
    for k, (colour, linestyle, text) in enumerate(entries):
        top = y - k * 0.32
        ax.add_patch(matplotlib.patches.FancyBboxPatch(
            (x, top - 0.2), 0.32, 0.2, boxstyle="round,pad=0,rounding_size=0.04", linewidth=1.6,
            facecolor=_tint(colour), edgecolor=colour, linestyle=linestyle))
        ax.text(x + 0.42, top - 0.1, text, ha="left", va="center", fontsize=fontsize)


def _arrow(ax, start, end, label="", *, colour="black", side="above", fontsize=10.5):
    """An arrow from start to end, with an optional label beside its middle."""
    ax.annotate("", xy=end, xytext=start, arrowprops={
        "arrowstyle": "-|>", "color": colour, "linewidth": 1.8, "mutation_scale": 18,
        "shrinkA": 0, "shrinkB": 0})
    if label:
        mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        offsets = {"above": (0, 0.08, "center", "bottom"), "below": (0, -0.08, "center", "top"),
                   "right": (0.1, 0, "left", "center"), "left": (-0.1, 0, "right", "center")}
        dx, dy, ha, va = offsets[side]
        ax.text(mx + dx, my + dy, label, ha=ha, va=va, fontsize=fontsize, linespacing=1.2)


def training_pipeline() -> None:
    """From raw text to an instruct model: pretraining, then post-training (SFT, preference tuning)."""
    fig, ax = _canvas(10, 3.95)
    row, h = 1.7, 1.6  # the chain of stages and models
    boxes = [  # (x, width, colour, title, body)
        (0.1, 1.6, ORANGE, "Pretraining", "predict the\nnext token"),
        (2.1, 1.75, BLUE, "Base model", "continues any text\n\nSmolLM2-135M"),
        (4.25, 1.6, ORANGE, "Supervised\nfine-tuning (SFT)", "imitate good\nanswers"),
        (6.25, 1.6, ORANGE, "Preference\ntuning", "RLHF or DPO:\nprefer the better\nanswer"),
        (8.25, 1.7, BLUE, "Instruct model", "follows instructions\nand holds a\nconversation\n\n"
         "SmolLM2-135M-\nInstruct"),
    ]
    for x, w, colour, title, body in boxes:
        _box(ax, x, row, w, h, colour, title, body, fontsize=10.5)
    for (x0, w0, *_), (x1, *_) in zip(boxes, boxes[1:]):
        _arrow(ax, (x0 + w0, row + h / 2), (x1, row + h / 2))
    data = [  # training data under each stage: (centre of its stage, title, body)
        (0.9, "Raw text", "web pages, books,\ncode: trillions\nof tokens"),
        (5.05, "Conversations", "example questions,\neach with a good\nanswer"),
        (7.05, "Answer pairs", "two answers to one\nquestion: one better,\none worse"),
    ]
    for centre, title, body in data:
        _box(ax, centre - 0.9, 0.1, 1.8, 1.15, GREEN, title, body, linestyle="--", fontsize=10)
        _arrow(ax, (centre, 1.25), (centre, row), colour=GREEN)
    for x0, x1, text in [(0.1, 1.7, "Pretraining: by far the most compute"),
                         (4.25, 7.85, "Post-training: much smaller; teaches a role")]:
        ax.plot([x0, x0, x1, x1], [3.45, 3.55, 3.55, 3.45], color=GREY, linewidth=1.5)
        ax.text(x0, 3.63, text, ha="left", va="bottom", fontsize=11)
    _legend(ax, 8.15, 1.05, [(ORANGE, "-", "training stage"), (BLUE, "-", "model (its weights)"),
                            (GREEN, "--", "training data")])
    fig.savefig(FIG / "03-training-pipeline.png")
    plt.close(fig)


def chatbot_graph() -> None:
    """Episode 6's graph, START -> chatbot -> END, and what its checkpointer stores per thread."""
    fig, ax = _canvas(10, 5.6)
    cx = 1.75  # the graph's column
    _box(ax, 0.1, 4.75, 3.3, 0.75, GREY, "graph.invoke(...)", 'a new HumanMessage\nand thread_id "alice"',
         fontsize=10)
    _box(ax, cx - 0.6, 3.85, 1.2, 0.4, GREY, "START", fontsize=10)
    _box(ax, 0.3, 2.0, 2.9, 1.15, ORANGE, "node: chatbot", "[SYSTEM] + trimmed messages\n→ chat model → reply",
         fontsize=10)
    _box(ax, cx - 0.6, 0.75, 1.2, 0.4, GREY, "END", fontsize=10)
    _arrow(ax, (cx, 4.75), (cx, 4.25), "① new message", side="right")
    _arrow(ax, (cx, 3.85), (cx, 3.15), "③ the thread's messages\n+ the new one", side="right")
    _arrow(ax, (cx, 2.0), (cx, 1.15), "④ the reply is appended\n(add_messages)", side="right")
    ax.text(0.1, 0.1, "StateGraph(MessagesState): one field, messages.\nThe node adds SYSTEM; it is never stored.",
            ha="left", va="bottom", fontsize=10)
    # the checkpointer and its threads
    _box(ax, 5.2, 0.1, 4.7, 5.4, PURPLE, linestyle=":")
    ax.text(7.55, 5.35, "InMemorySaver: the checkpointer", ha="center", va="top", fontsize=12,
            fontweight="bold")
    ax.text(7.55, 5.0, "saves the state after every step,\none thread per thread_id", ha="center",
            va="top", fontsize=10.5)
    _box(ax, 5.4, 2.55, 4.3, 1.55, GREEN, 'thread_id "alice": 4 messages',
         "human: Hi! My name is Alice and I live in Harbourton.\nai: (the reply)\n"
         "human: What is my name?\nai: (the reply)", linestyle="--", fontsize=10, align="left")
    _box(ax, 5.4, 0.95, 4.3, 1.0, GREEN, 'thread_id "bob": 2 messages',
         "human: What is my name?\nai: (the reply)", linestyle="--", fontsize=10, align="left")
    _arrow(ax, (5.4, 3.9), (cx + 0.6, 4.05), "② load the thread", colour=PURPLE)
    _arrow(ax, (3.2, 2.8), (5.4, 2.8), "⑤ save the state", colour=PURPLE)
    ax.text(7.55, 0.3, "in memory: gone when the kernel restarts", ha="center", va="bottom", fontsize=10.5)
    fig.savefig(FIG / "06-chatbot-graph.png")
    plt.close(fig)


def rag_graph() -> None:
    """Episode 7's two phases: the indexing pipeline, and the graph START -> retrieve -> generate -> END."""
    fig, ax = _canvas(10, 6.4)
    ax.text(0.1, 6.3, "Indexing: once, and again whenever the documents change", ha="left", va="top",
            fontsize=12, fontweight="bold")
    steps = [(0.1, ORANGE, "Load documents", "rag_data/: 20 articles\nwith their metadata", "-"),
             (2.55, ORANGE, "Split into chunks", "at most 500 characters:\n63 chunks", "-"),
             (5.0, ORANGE, "Embed each chunk", "one vector per chunk,\nby an embedding model", "-"),
             (7.45, PURPLE, "Vector store", "InMemoryVectorStore:\nchunks and vectors", ":")]
    for x, colour, title, body, linestyle in steps:
        _box(ax, x, 4.65, 2.2, 1.2, colour, title, body, linestyle=linestyle, fontsize=10.5)
    for (x0, *_), (x1, *_) in zip(steps, steps[1:]):
        _arrow(ax, (x0 + 2.2, 5.25), (x1, 5.25))
    ax.text(0.1, 4.45, 'Answering: every question, through the graph "rag"', ha="left", va="top",
            fontsize=12, fontweight="bold")
    row, h = 2.25, 1.2
    _box(ax, 0.15, row + 0.375, 0.95, 0.45, GREY, "START", fontsize=10)
    _box(ax, 1.6, row, 2.4, h, ORANGE, "node: retrieve",
         "embed the question,\nask the store for the\n3 closest chunks", fontsize=10.5)
    _box(ax, 4.6, row, 2.8, h, ORANGE, "node: generate", "sources + question → chat\nmodel; the code adds\n"
         "the list of sources", fontsize=10.5)
    _box(ax, 8.0, row + 0.375, 0.95, 0.45, GREY, "END", fontsize=10)
    for x0, x1 in [(1.1, 1.6), (4.0, 4.6), (7.4, 8.0)]:
        _arrow(ax, (x0, row + h / 2), (x1, row + h / 2))
    # retrieve searches the store built by indexing
    ax.plot([8.55, 8.55, 2.8], [4.65, 3.95, 3.95], color=PURPLE, linewidth=1.8)
    _arrow(ax, (2.8, 3.95), (2.8, row + h), colour=PURPLE)
    ax.text(5.7, 3.88, "chunks closest to the question (cosine similarity)", ha="center", va="top", fontsize=10)
    # the state the nodes share, each field under the node that writes it
    _box(ax, 0.1, 0.1, 9.8, 1.4, GREEN, linestyle="--")
    ax.text(0.25, 1.38, "RAGState: the state the nodes share", ha="left", va="top", fontsize=11,
            fontweight="bold")
    fields = [(0.25, "question: str", "given to\nrag.invoke"),
              (1.75, "chunks: list[Document]\nscores: list[float]", "written by retrieve"),
              (4.75, "answer: str", "written by generate:\nthe answer + sources"),
              (8.0, "", "rag.invoke returns\nthe whole state")]
    for x, code, note in fields:
        ax.text(x, 0.98, code, ha="left", va="top", fontsize=10, family="monospace", linespacing=1.3)
        ax.text(x, 0.53 if "\n" in code else 0.73, note, ha="left", va="top", fontsize=10)
    for x in (2.8, 6.0):
        _arrow(ax, (x, row), (x, 1.5), colour=GREEN)
    fig.savefig(FIG / "07-rag-graph.png")
    plt.close(fig)


FIGURES = {
    "01-attention-masks": attention_masks,
    "01-memory-by-dtype": memory_by_dtype,
    "03-training-pipeline": training_pipeline,
    "06-chatbot-graph": chatbot_graph,
    "07-rag-graph": rag_graph,
}


def notebook_figures() -> dict[str, list[str]]:
    """{notebook path: [figure names]} for every cell tagged figure:NAME."""
    import nbformat

    found = {}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        names = [tag.split(":", 1)[1] for cell in nbformat.read(path, 4).cells
                 for tag in cell.metadata.get("tags", []) if tag.startswith("figure:")]
        if names:
            found[str(path)] = names
    return found


def executed(path: str):
    """The notebook as the test run executed it (from the website's execution cache), if that run
    is of the notebook as it is now; else a new run (with the Ollama stand-in when it uses Ollama)."""
    import contextlib

    import nbformat

    from llm_lesson import servers
    sys.path.insert(0, str(ROOT))  # run as a script: find tools/
    from tools import runner
    from tools.build_site import execution_cache

    notebook = nbformat.read(path, 4)
    cache = execution_cache(ROOT)
    if (cache / "global.db").is_file():
        from jupyter_cache import get_cache

        with contextlib.suppress(KeyError):  # KeyError: not cached as it is now
            record = get_cache(str(cache)).match_cache_notebook(notebook)
            print(f"{Path(path).name}: from the test run of {record.created:%Y-%m-%d %H:%M}")
            return get_cache(str(cache)).get_cache_bundle(record.pk).nb
    with (servers.ollama_standin(log=ROOT / "_build" / "ollama-standin.log") if servers.uses_ollama(path)
          else contextlib.nullcontext()):
        return runner.run_notebook(Path(path)).nb


def draw_from_notebook(path: str, wanted: list[str]) -> None:
    """Save the plots of the cells tagged figure:NAME, as the notebook drew them."""
    notebook = executed(path)
    for cell in notebook.cells:
        for tag in cell.metadata.get("tags", []):
            name = tag.split(":", 1)[1] if tag.startswith("figure:") else None
            if name not in wanted:
                continue
            images = [o["data"]["image/png"] for o in cell.outputs if "image/png" in o.get("data", {})]
            if len(images) != 1:
                raise SystemExit(f"{path}: the cell tagged {tag} drew {len(images)} images, not 1")
            (FIG / f"{name}.png").write_bytes(base64.b64decode(images[0]))
            print(f"fig/{name}.png")


if __name__ == "__main__":
    FIG.mkdir(exist_ok=True)
    wanted = sys.argv[1:]
    for name, draw in FIGURES.items():
        if not wanted or any(w in name for w in wanted):
            draw()
            print(f"fig/{name}.png")
    for path, names in notebook_figures().items():
        chosen = [n for n in names if not wanted or any(w in n for w in wanted)]
        if chosen:
            draw_from_notebook(path, chosen)
