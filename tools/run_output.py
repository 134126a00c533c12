"""Sphinx extension: show what a notebook cell printed in the run, inside an episode.

    ```{run-output} ../notebooks/06-chatbots.ipynb
    :cell: first-chat
    :lines: 1-6
    ```

shows the text that the cell tagged `output:first-chat` printed (its stdout) when the notebook
ran, as a code block. To show a part: `:lines:` (the printed lines, numbered from 1, applied first), or
`:start-after:` or `:start-at:`, and `:end-before:` (text in a line: the part begins after, or
at, the first line that contains it, and ends before the next line that contains the other). `:expect:` lists, separated
by " | ", what the prose around the block quotes from it: a run that no longer prints one of them
fails the build, so the prose is updated with the run. The text comes
from the executed notebook in the execution cache, the run whose numbers the glue roles quote, so
a transcript on the page can never drift from the code. A missing tag or an unexecuted notebook
is a build warning (an error with --warningiserror). _config.yml loads this as a local extension.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging, parselinenos
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)
TAG_PREFIX = "output:"


class pending_run_output(nodes.General, nodes.Element):
    """Filled in after every document has been read, when every notebook has been executed."""


class RunOutput(SphinxDirective):
    required_arguments = 1
    option_spec = {"cell": directives.unchanged_required, "lines": directives.unchanged,
                   "start-after": directives.unchanged, "start-at": directives.unchanged,
                   "end-before": directives.unchanged,
                   "expect": directives.unchanged}

    def run(self):
        if "cell" not in self.options:
            raise self.error("run-output needs :cell: NAME, the tag output:NAME of a notebook cell")
        notebook = (Path(self.env.doc2path(self.env.docname)).parent / self.arguments[0]).resolve()
        self.env.note_dependency(str(notebook))
        options = {k: self.options.get(k, "") for k in ("lines", "start-after", "start-at", "end-before", "expect")}
        node = pending_run_output(notebook=str(notebook), cell=self.options["cell"], **options)
        self.set_source_info(node)
        return [node]


def printed_text(cache_path: str, notebook: Path, tag: str) -> str:
    """What the cell tagged output:TAG printed in the cached run of `notebook`."""
    from jupyter_cache import get_cache

    if not (Path(cache_path) / "global.db").is_file():  # get_cache would create an empty cache there
        raise LookupError(f"no execution cache at {cache_path}")
    cache = get_cache(cache_path)
    record = cache.match_cache_notebook(nbformat.read(notebook, 4))  # KeyError: not run as it is now
    cells = [c for c in cache.get_cache_bundle(record.pk).nb.cells
             if TAG_PREFIX + tag in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise LookupError(f"{len(cells)} cells of {notebook.name} are tagged {TAG_PREFIX}{tag}")
    return "".join(o.get("text", "") for o in cells[0].outputs
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")


def part(lines: list[str], numbers: str, start_after: str, start_at: str, end_before: str) -> list[str]:
    if numbers:
        lines = [lines[i] for i in parselinenos(numbers, len(lines))]
    for start, skip in ((start_after, 1), (start_at, 0)):
        if start:
            first = next((i for i, line in enumerate(lines) if start in line), None)
            if first is None:
                raise LookupError(f"no line contains {start!r}")
            lines = lines[first + skip:]
    if end_before:
        last = next((i for i, line in enumerate(lines) if end_before in line), None)
        if last is None:
            raise LookupError(f"no line contains {end_before!r}")
        lines = lines[:last]
    if not "".join(lines).strip():
        raise LookupError("the part shown is empty")
    return lines


class FillRunOutputs(SphinxPostTransform):
    default_priority = 5

    def run(self, **kwargs):
        for node in list(self.document.findall(pending_run_output)):
            notebook, tag = Path(node["notebook"]), node["cell"]
            try:
                printed = printed_text(self.env.mystnb_config.execution_cache_path, notebook, tag)
                lines = printed.rstrip("\n").split("\n")
                lines = part(lines, node["lines"], node["start-after"], node["start-at"], node["end-before"])
                text = "\n".join(lines).strip("\n")
                missing = [e for e in node["expect"].split(" | ") if e and e not in text]
                if missing:
                    logger.warning(f"run-output {notebook.name} {tag}: the prose quotes {missing}, which the "
                                   "run no longer printed: update the prose around this block", location=node)
            except (OSError, LookupError, ValueError) as error:
                logger.warning(f"run-output {notebook.name} {tag}: {error}", location=node)
                text = f"(the output of {notebook.name}, cell {tag}, is missing: run the notebook)"
            block = nodes.literal_block(text, text, language="text")
            block["classes"].append("run-output")
            node.replace_self(block)


def setup(app):
    app.add_node(pending_run_output)
    app.add_directive("run-output", RunOutput)
    app.add_post_transform(FillRunOutputs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
