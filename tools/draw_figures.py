"""Draw the lesson's figures into fig/.

    python tools/draw_figures.py             every figure
    python tools/draw_figures.py memory 02   only those whose name contains "memory" or "02"

Two kinds of figure:
- diagrams and charts of published numbers, drawn by the functions below;
- figures of a model's own numbers, drawn by the notebooks. A code cell tagged
  `figure:NN-name` (cell metadata) makes fig/NN-name.png: this script runs the notebook and
  saves that cell's plot, so the episode shows exactly what the learner's notebook draws.

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


FIGURES = {"01-attention-masks": attention_masks, "01-memory-by-dtype": memory_by_dtype}


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


def draw_from_notebook(path: str, wanted: list[str]) -> None:
    """Run the notebook (with the Ollama stand-in when it uses Ollama) and save tagged plots."""
    import contextlib

    import nbformat
    from nbclient import NotebookClient

    from llm_lesson import servers

    notebook = nbformat.read(path, 4)
    with (servers.ollama_standin(log=ROOT / "_build" / "ollama-standin.log") if servers.uses_ollama(path)
          else contextlib.nullcontext()):
        NotebookClient(notebook, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
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
