"""Draw the lesson's figures into fig/.

    python tools/draw_figures.py           every figure
    python tools/draw_figures.py memory    only those whose name contains "memory"

Figures made from a model's own numbers are drawn by the notebooks; this script draws the
diagrams and the figures made from published numbers. Colours come from the Okabe-Ito palette,
which stays distinguishable with the common kinds of colour-blindness; hatching and labels
carry the same information as the colours.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

FIG = Path(__file__).resolve().parents[1] / "fig"
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

if __name__ == "__main__":
    FIG.mkdir(exist_ok=True)
    wanted = sys.argv[1:]
    for name, draw in FIGURES.items():
        if not wanted or any(w in name for w in wanted):
            draw()
            print(f"fig/{name}.png")
