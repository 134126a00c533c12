"""Write the notebooks' set-up cells from one template and each notebook's few parameters.

    .venv/bin/python tools/setup_cells.py           rewrite the set-up cells that changed
    .venv/bin/python tools/setup_cells.py --check   write nothing; exit 1 if one is out of date

Every notebook must run alone (in Colab, opened from the website), so each carries its own set-up.
The set-up is three cells, each tagged `setup`:

1. a markdown cell, "## Set-up", saying what the two code cells do;
2. the learner's choices (the model, and in notebooks 6 and 7 the backend), a few lines in sight;
3. the machinery, folded away (Jupyter Book's hide-input tag, JupyterLab's collapsed source,
   Colab's form view): install on Colab what it lacks (the versions of requirements.txt), fetch the
   lesson's data when the notebook was opened alone, check Ollama, find the model on disk, choose
   the device and number format, fix the seed, print what was chosen, and define `glue`.

Edit the template or the parameters here, never a notebook's set-up cell: tests/test_notebook_setup.py
fails when a notebook differs from what this tool writes. tools/pins.py and tools/set_repository.py
run it after changing the pins or the repository's address.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from llm_lesson import models
from llm_lesson.check_setup import pinned

ROOT = Path(__file__).resolve().parents[1]
SMOLLM2 = "HuggingFaceTB/SmolLM2-135M-Instruct"
TRANSFORMERS = ["transformers", "tokenizers", "huggingface-hub"]
LANGCHAIN = ["langchain-core", "langchain-huggingface", "langchain-ollama", "langchain-openai", "langgraph",
             "langgraph-prebuilt", "langsmith", "grandalf"]
TITLE = "# @title Set-up (run it; open it to read how it works)"


@dataclass
class Setup:
    """What one notebook's set-up needs."""

    choices: list[str]                      # the learner's choices, one statement a line
    models: list[str] = field(default_factory=lambda: ["model_id"])  # variables holding Hub ids
    folders: dict[str, tuple[str, str]] = field(default_factory=dict)  # name: (lesson folder, comment)
    packages: list[str] = field(default_factory=lambda: list(TRANSFORMERS))  # installed on Colab
    stdlib: list[str] = field(default_factory=list)  # the notebook's own imports from Python's library
    libraries: list[str] = field(default_factory=list)  # and from other packages (import lines)
    transformers: str = "AutoModelForCausalLM, AutoTokenizer"  # what it imports from transformers
    plots: bool = False                     # matplotlib, at the lesson's size
    ollama: str | None = None               # the Ollama models the notebook needs (an expression)
    api: bool = False                       # API chooses an OpenAI-compatible server (else BACKEND, with ollama)
    about: str = ""                         # what the choices mean, for the markdown cell


MODEL = f'model_id = "{SMOLLM2}"  # a model on the Hugging Face Hub; episode 1 lists bigger ones'
DATA = {"data_dir": ("data", "the lesson's labelled data sets")}
BACKENDS = """`"huggingface"` runs SmolLM2 inside this notebook (CPU or GPU); `"ollama"` sends the chat to an
Ollama server on this machine (install it from ollama.com, then `ollama pull smollm2:135m`); `"auto"`, the
default, takes Ollama when it runs and has the model, and SmolLM2 inside the notebook otherwise, so the notebook
runs with or without Ollama. On Colab, `BACKEND = "ollama"` installs and starts Ollama on the Colab machine (a
few minutes). Bigger Ollama models for machines with more memory: `llama3.2` (3B, a 2.0 GB download) and
`llama3.1:8b` (a 4.9 GB download; 8 GB of free memory or more).

`"openai"` sends the chat to any server that speaks the OpenAI-compatible API: an institutional gateway, a paid
provider, or Ollama's own `/v1`. Its address goes in the environment variable `OPENAI_BASE_URL` and its key in
`OPENAI_API_KEY`, both set before you start Jupyter (on Colab: in the Secrets panel, the key icon), never in the
notebook; `API_MODEL` names the model there. `"auto"` never picks it: what you type then leaves your machine."""
RAG_BACKENDS = """`BACKEND` chooses where the two models run. `"ollama"` uses an Ollama server: `nomic-embed-text`
turns text into vectors and `smollm2:135m` writes the answers (install Ollama from ollama.com, then
`ollama pull nomic-embed-text` and `ollama pull smollm2:135m`). `"huggingface"` runs both inside this notebook
with transformers, no server needed: `all-MiniLM-L6-v2` for the vectors and SmolLM2-135M-Instruct for the
answers. `"auto"`, the default, takes Ollama when it runs with both models, and the notebook's own models
otherwise. On Colab, `BACKEND = "ollama"` installs and starts Ollama on the Colab machine (a few minutes).
`"openai"` writes the answers through an OpenAI-compatible API (address in `OPENAI_BASE_URL`, key in
`OPENAI_API_KEY`, set before you start Jupyter, never in the notebook; `API_MODEL` names the model), while the
vectors stay with all-MiniLM-L6-v2 inside this notebook, so the archive is never sent to the server whole. `"auto"`
never picks it.

Whatever `BACKEND` says, sections 3 and 4 also run nomic-embed-text with GPT4All (the packages `gpt4all` and
`langchain-nomic`), inside this notebook and without a server, to compare the routes. Where gpt4all is not
installed (it has no wheel for Linux on ARM), the notebook says so and compares the other routes."""

API_CHOICES = """Every section but 6 runs SmolLM2 inside this notebook. Section 6 sends the same requests to a
server through the OpenAI-compatible API, the one most hosted models and institutional gateways speak. `API`
chooses the server. `"ollama"` uses the Ollama server on this machine, which serves that API under `/v1` with no
key (install Ollama from ollama.com, then `ollama pull smollm2:135m`). `"openai"` uses the server whose address is
in the environment variable `OPENAI_BASE_URL` (OpenAI's own when it is not set), with the key in `OPENAI_API_KEY`:
set both before you start Jupyter (on Colab: in the Secrets panel, the key icon), never in the notebook.
`API_MODEL` names the model that server should run. `"none"` skips section 6. `"auto"`, the default, takes Ollama
when it runs with `API_MODEL`, else `"openai"` when a key is set, else `"none"`. On Colab, `API = "ollama"` installs
and starts Ollama on the Colab machine (a few minutes)."""

NOTEBOOKS: dict[str, Setup] = {
    "01-introduction": Setup([MODEL], transformers="AutoModelForCausalLM, AutoTokenizer, pipeline"),
    "02-text-generation": Setup([MODEL], plots=True),
    "03-training": Setup([MODEL], plots=True),
    "04-prompting": Setup([MODEL], folders=DATA, stdlib=["csv", "re"],
                          transformers="AutoModelForCausalLM, AutoTokenizer, pipeline"),
    "05-nlp-tasks": Setup([MODEL], folders=DATA, plots=True, stdlib=["csv", "re", "time"],
                          transformers="AutoModelForCausalLM, AutoTokenizer, pipeline"),
    "06-chatbots": Setup(
        ['BACKEND = "auto"  # "huggingface", "ollama", "openai" or "auto": Ollama when it runs with the model, '
         'else huggingface',
         'OLLAMA_MODEL = "smollm2:135m"  # or "llama3.2", "llama3.1:8b"',
         'API_MODEL = "smollm2:135m"  # BACKEND = "openai": the model\'s name on that server (a dated one)',
         f'model_id = "{SMOLLM2}"  # the chat model inside the notebook'],
        packages=TRANSFORMERS + LANGCHAIN, ollama="[OLLAMA_MODEL]", about=BACKENDS),
    "07-rag": Setup(
        ['BACKEND = "auto"  # "huggingface", "ollama", "openai" or "auto": '
         'Ollama when it runs with both models, else huggingface',
         'CHAT_MODEL = "smollm2:135m"  # Ollama; bigger: "llama3.2" (2.0 GB download), "llama3.1:8b" (4.9 GB download)',
         'API_MODEL = "smollm2:135m"  # BACKEND = "openai": the model\'s name on that server (a dated one)',
         f'model_id = "{SMOLLM2}"  # the chat model inside the notebook',
         'embedding_id = "sentence-transformers/all-MiniLM-L6-v2"  # the embedding model inside the notebook'],
        models=["model_id", "embedding_id"],
        folders={"corpus_dir": ("rag_data", "the lesson's newspaper archive and question set")},
        packages=TRANSFORMERS + LANGCHAIN[:4] + ["langchain-text-splitters"] + LANGCHAIN[4:],
        ollama='["nomic-embed-text", CHAT_MODEL]', about=RAG_BACKENDS, transformers=""),
    "08-responsible-use": Setup([MODEL], folders=DATA, plots=True, stdlib=["csv", "re"],
                                libraries=["import psutil  # CPU time of this process, on any system"]),
    "09-adapting": Setup([MODEL], folders=DATA, plots=True, stdlib=["csv", "math", "time"]),
    "10-structured-output": Setup(
        ['API = "auto"  # "ollama", "openai", "none", or "auto": Ollama if it runs, else "openai" if a key is set',
         'API_MODEL = "smollm2:135m"  # for Ollama a tag (bigger: "llama3.2"); for "openai" your provider\'s '
         'dated model name',
         f'model_id = "{SMOLLM2}"  # the model inside the notebook'],
        folders=DATA,
        packages=TRANSFORMERS + ["openai", "langchain-core", "langgraph", "langgraph-prebuilt", "langsmith"],
        stdlib=["csv", "random", "re"], plots=True,
        ollama="[API_MODEL]", api=True, about=API_CHOICES),
    "11-capstone": Setup([MODEL], folders={**DATA, "template_dir": ("learners", "the report template")}, plots=True,
                         stdlib=["csv", "random", "re", "time"]),
}

COLAB_INSTALL = '''if "google.colab" in sys.modules:  # only on Colab: install what Colab lacks
    from importlib.metadata import PackageNotFoundError, version

    def installed(pin):
        name, _, wanted = pin.partition("==")
        try:
            return version(name.split("[")[0]) == wanted
        except PackageNotFoundError:
            return False

    # the versions the lesson was tested with (tools/pins.py keeps them equal to requirements.txt)
    colab_pins = {pins}
    if not all(installed(pin) for pin in colab_pins):  # a second run installs nothing
        subprocess.run([sys.executable, "-m", "pip", "install", *colab_pins], check=True)
'''
FETCH_DATA = '''    if not {first}.exists():  # a notebook opened alone: fetch the lesson's data
        if not Path("lesson").exists():  # cloned already by an earlier run
            subprocess.run(["git", "clone", "-q", "--depth", "1", lesson_repo, "lesson"], check=True)
        {names} = {paths}
'''
OLLAMA_HELPERS = '''def ollama_address(host):
    """The server's URL, from OLLAMA_HOST read as Ollama's own client reads it: "", "host", "host:port",
    ":port", or a URL such as "https://host/path"."""
    scheme, _, rest = host.partition("://")
    if not rest:
        scheme, rest, port = "http", host, 11434
    else:
        port = {"http": 80, "https": 443}.get(scheme, 11434)
    parts = urllib.parse.urlsplit(f"{scheme}://{rest}")
    name = parts.hostname or "127.0.0.1"
    name = f"[{name}]" if ":" in name else name  # an IPv6 address
    path = parts.path.strip("/")
    return f"{scheme}://{name}:{parts.port or port}" + (f"/{path}" if path else "")


ollama_url = ollama_address(os.environ.get("OLLAMA_HOST", ""))


def ollama_models():
    """The models of the Ollama server on this machine, or None when no server answers."""
    try:
        with urllib.request.urlopen(ollama_url + "/api/tags", timeout=2) as reply:
            return {m["name"] for m in json.load(reply)["models"]}
    except OSError:
        return None


def ollama_problem(names):
    """None when Ollama answers and has every model, otherwise what to do about it."""
    available = ollama_models()
    if available is None and "google.colab" in sys.modules:
        return 'Ollama is not running on this Colab machine: set {choice} = "ollama" here and run this cell again.'
    if available is None:
        return "Ollama is not running: start it with `ollama serve` (or the Ollama app), then run this cell again."
    for name in names:
        if name not in available and f"{name}:latest" not in available:
            return f"Ollama does not have {name}: run `ollama pull {name}`, then run this cell again."
    return None


def start_ollama_on_colab(names, deadline_s=180):
    """Install Ollama on this Colab machine (once), start its server (log: ollama.log), pull the models."""
    if shutil.which("ollama") is None:
        if shutil.which("zstd") is None:  # Ollama's installer unpacks .tar.zst archives with it
            subprocess.run(["apt-get", "install", "-y", "-q", "zstd"], check=True)
        subprocess.run("curl -fsSL https://ollama.com/install.sh | sh", shell=True, check=True)
    if ollama_models() is None:
        log_file = Path("ollama.log")
        earlier = log_file.stat().st_size if log_file.exists() else 0  # what earlier starts wrote
        with open(log_file, "a") as log:
            server = subprocess.Popen(["ollama", "serve"], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + deadline_s
        while ollama_models() is None:
            if server.poll() is not None:
                said = log_file.read_bytes()[earlier:].decode(errors="replace").strip().splitlines()
                raise RuntimeError(f"Ollama stopped as it started ({said[-1] if said else 'it wrote nothing'}): "
                                   "fix that, then run this cell again.")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Ollama did not answer within {deadline_s} s: "
                                   "read ollama.log, then run this cell again.")
            time.sleep(1)
    for name in names:
        subprocess.run(["ollama", "pull", name], check=True)


'''
OPENAI_FROM_SECRETS = '''\
if {choice} == "openai" and "google.colab" in sys.modules:  # Colab keeps keys in its Secrets panel (the key icon)
    from google.colab import userdata

    for name in ["OPENAI_API_KEY", "OPENAI_BASE_URL"]:
        try:
            os.environ.setdefault(name, userdata.get(name))
        except Exception:  # not among the Secrets, or this notebook may not read it
            pass
'''
OPENAI_NEEDS_KEY = '''\
if {choice} == "openai" and not os.environ.get("OPENAI_API_KEY"):
    raise RuntimeError('{choice} = "openai" needs your key in the environment variable OPENAI_API_KEY, set before you '
                       'start Jupyter (never in the notebook), and the server in OPENAI_BASE_URL unless it is OpenAI.')
'''
CHOOSE_BACKEND = ('''ollama_needs = {needs}
if BACKEND == "ollama" and "google.colab" in sys.modules:
    start_ollama_on_colab(ollama_needs)
''' + OPENAI_FROM_SECRETS.replace("{choice}", "BACKEND") + '''\
if BACKEND == "auto":  # never "openai": sending your text to a server is your explicit choice
    BACKEND = "huggingface" if ollama_problem(ollama_needs) else "ollama"
if BACKEND == "ollama" and ollama_problem(ollama_needs):
    raise RuntimeError(ollama_problem(ollama_needs) + ' Or set BACKEND = "huggingface".')
''' + OPENAI_NEEDS_KEY.replace("{choice}", "BACKEND"))
CHOOSE_API = ('''ollama_needs = {needs}
if API == "ollama" and "google.colab" in sys.modules:
    start_ollama_on_colab(ollama_needs)
''' + OPENAI_FROM_SECRETS.replace("{choice}", "API") + '''\
if API == "auto":
    API = "ollama" if not ollama_problem(ollama_needs) else "openai" if os.environ.get("OPENAI_API_KEY") else "none"
if API == "ollama" and ollama_problem(ollama_needs):
    raise RuntimeError(ollama_problem(ollama_needs) + ' Or set API = "none".')
''' + OPENAI_NEEDS_KEY.replace("{choice}", "API"))
DEVICE = '''if torch.cuda.is_available():
    device = "cuda"
elif torch.backends.mps.is_available():
    device = "mps"
else:
    device = "cpu"
# float32 on a CPU; on a GPU, half the memory: bfloat16 where the GPU has it (not emulated, as on a T4),
# else float16
if device == "cuda" and torch.cuda.is_bf16_supported(including_emulation=False):
    dtype = torch.bfloat16
elif device in ("cuda", "mps"):
    dtype = torch.float16
else:
    dtype = torch.float32
transformers.set_seed(42)
'''
GLUE = '''from IPython.display import display


def glue(name, value):
    """Hand a value to the lesson website, which quotes it in the episode (shows nothing here)."""
    display({"application/papermill.record/text/plain": repr(str(value))}, raw=True,
            metadata={"scrapbook": {"name": name, "mime_prefix": "application/papermill.record/"}})'''


def repository_url(root: Path = ROOT) -> str:
    return yaml.safe_load((root / "_config.yml").read_text())["repository"]["url"].rstrip("/")


def local_name(variable: str) -> str:
    """model_id -> local_only, embedding_id -> embedding_local_only."""
    prefix = variable.removesuffix("_id")
    return "local_only" if prefix == "model" else f"{prefix}_local_only"


def colab_pins(packages: list[str], pins: dict[str, str]) -> str:
    """The list's source, wrapped at 110 columns as the rest of the lesson's code."""
    lines = ["    colab_pins = ["]
    for item in (f'"{name}=={pins[name]}"' for name in packages):
        if len(lines[-1]) + len(item) + 2 > 110 and not lines[-1].endswith("["):
            lines[-1] = lines[-1].rstrip()
            lines.append(" " * 18)
        lines[-1] += item + ", "
    return "\n".join(lines).removeprefix("    colab_pins = ").rstrip(", ") + "]"


def machinery(setup: Setup, pins: dict[str, str], url: str) -> str:
    stdlib = ["json", "os", "subprocess", "sys"]
    if setup.ollama:
        stdlib += ["shutil", "time", "urllib.parse", "urllib.request"]
    parts = [TITLE + "\n" + "\n".join(f"import {name}" for name in sorted(stdlib)) + "\nfrom pathlib import Path\n"]
    if setup.folders:
        parts.append(f'lesson_repo = "{url}"\n' + "".join(
            f'{name} = Path("../{folder}")  # {comment}\n' for name, (folder, comment) in setup.folders.items()))
    install = COLAB_INSTALL.format(pins=colab_pins(setup.packages, pins))
    if setup.folders:
        names = list(setup.folders)
        install += FETCH_DATA.format(first=names[0], names=", ".join(names), paths=", ".join(
            f'Path("lesson/{folder}")' for folder, _ in setup.folders.values()))
    parts.append(install)
    parts.append(inspect.getsource(models.model_on_disk) + "\n")
    if setup.ollama:
        helpers = OLLAMA_HELPERS.replace("{choice}", "API" if setup.api else "BACKEND")
        parts.append(helpers + (CHOOSE_API if setup.api else CHOOSE_BACKEND).replace("{needs}", setup.ollama))
    parts.append("".join(f"{local_name(v)} = model_on_disk({v})\n" for v in setup.models))
    libraries = (["import matplotlib.pyplot as plt"] if setup.plots else []) + setup.libraries
    block = sorted(libraries + ["import torch", "import transformers"])
    if setup.transformers:
        block.append(f"from transformers import {setup.transformers}")
    stdlib = "".join(f"import {name}\n" for name in setup.stdlib)
    parts.append((stdlib + "\n" if stdlib else "") + "\n".join(block) + "\n" +
                 ('\nplt.rcParams.update({"figure.dpi": 110, "font.size": 10})\n' if setup.plots else ""))
    offline = " and ".join(local_name(v) for v in setup.models)
    report = (f"if {offline}:\n"
              "    transformers.logging.disable_progress_bar()  # nothing to download: keep the outputs short\n"
              'print(f"transformers {transformers.__version__}, torch {torch.__version__}")\n')
    for variable in setup.models:
        report += (f"print(f\"model: {{{variable}}} ({{'on this machine' if {local_name(variable)} "
                   "else 'from the Hugging Face Hub'})\")\n")
    backend = "; API: {API}" if setup.api else "; backend: {BACKEND}" if setup.ollama else ""
    report += f"print(f\"running on: {{device}}, {{str(dtype).removeprefix('torch.')}}{backend}\")\n"
    for name in setup.folders:
        report += f'print(f"{name}: {{{name}}}")\n'
    parts.append(DEVICE + report)
    parts.append(GLUE)
    return "\n".join(parts)


def choices(setup: Setup) -> str:
    heading = "# Your choices: change them here, then run this cell and the set-up cell below."
    return "\n".join([heading, *setup.choices])


def markdown(setup: Setup) -> str:
    text = ("## Set-up\n\n"
            "Run the next two cells first. The first holds your choices. The second, folded, does the rest: "
            "it picks the device (a CUDA GPU, an Apple GPU or the CPU) and the number format, fixes the random seed, "
            "and prints what it chose. On Colab it first installs the library versions the lesson was tested with"
            + (" and fetches the lesson's data" if setup.folders else "") + ". "
            "If the lesson's setup script already put the model on this machine, the notebook uses that copy "
            "and never waits for the network. Click the folded cell to read it.")
    return text + ("\n\n" + setup.about if setup.about else "")


def lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def setup_cells(setup: Setup, pins: dict[str, str], url: str, ids: list[str]) -> list[dict]:
    """The three set-up cells, keeping the cell ids a notebook already has."""
    ids = ids + [uuid.uuid4().hex[:8] for _ in range(3 - len(ids))]
    return [
        {"cell_type": "markdown", "id": ids[0], "metadata": {"tags": ["setup"]}, "source": lines(markdown(setup))},
        {"cell_type": "code", "execution_count": None, "id": ids[1], "metadata": {"tags": ["setup"]},
         "outputs": [], "source": lines(choices(setup))},
        {"cell_type": "code", "execution_count": None, "id": ids[2],
         "metadata": {"cellView": "form", "jupyter": {"source_hidden": True}, "tags": ["setup", "hide-input"]},
         "outputs": [], "source": lines(machinery(setup, pins, url))},
    ]


def roles(setup: Setup) -> dict:
    """What the tests and tools read from a notebook's metadata (`lesson`): the route its choices
    cell offers ("BACKEND": Ollama or models inside the notebook; "API": an OpenAI-compatible
    server; None) and whether it talks to Ollama (so its runs need a server or the stand-in)."""
    return {"route": "API" if setup.api else "BACKEND" if setup.ollama else None,
            "ollama": setup.ollama is not None}


def is_setup(cell: dict) -> bool:
    return "setup" in cell.get("metadata", {}).get("tags", [])


def rewritten(path: Path, pins: dict[str, str], url: str) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    where = [i for i, cell in enumerate(cells) if is_setup(cell)]
    if not where:  # a notebook from before this tool: its set-up was cells 1 (markdown) and 2 (code)
        where = [1, 2]
    new = setup_cells(NOTEBOOKS[path.stem], pins, url, [cells[i]["id"] for i in where])
    nb["cells"] = cells[:where[0]] + new + cells[where[-1] + 1:]
    nb["metadata"]["lesson"] = roles(NOTEBOOKS[path.stem])
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def normal(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a notebook is out of date")
    args = parser.parse_args(argv)
    pins = {normal(name): version for name, version in pinned().items()}
    url, stale = repository_url(root), 0
    paths = sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    unknown = {p.stem for p in paths} ^ set(NOTEBOOKS)
    if unknown:
        print(f"notebooks and tools/setup_cells.py's NOTEBOOKS differ: {sorted(unknown)}")
        return 1
    for path in paths:
        text = rewritten(path, pins, url)
        if text == path.read_text(encoding="utf-8"):
            continue
        stale += 1
        if args.check:
            print(f"out of date: {path.relative_to(root)} (run tools/setup_cells.py)")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(root)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
