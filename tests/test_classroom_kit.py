"""The classroom kit end to end: prefetch from a Hub, copy the folder, the notebooks run offline.

The Hugging Face Hub is played by tests/hub_standin.py, serving the models provisioned on this
machine under the commits pinned in llm_lesson/models.toml. `prefetch` downloads them into a kit
with an empty home (so nothing comes from this machine's cache); the kit is copied to a second
empty home, as an instructor copies it to a learner's machine, and there, with HF_HUB_CACHE
pointing at it and HF_HUB_OFFLINE=1, every notebook's model is found and notebook 1 runs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hub_standin import HubStandin

from llm_lesson import models

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow
FAKE_COMMIT = "0123456789abcdef0123456789abcdef01234567"  # for entries pinned to "main"
# Variables that would point a subprocess at this machine's caches or settings.
CACHE_VARIABLES = ["HF_HOME", "HF_HUB_CACHE", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "XDG_CACHE_HOME",
                   "HF_ENDPOINT", "LLM_LESSON_CACHE", "OLLAMA_MODELS", "JUPYTER_CONFIG_DIR",
                   "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"]


def clean_env(home: Path, **variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CACHE_VARIABLES}
    return {**env, "HOME": str(home), **variables}


def local_files(model: dict) -> dict[str, Path] | None:
    """The files of a Hugging Face model as provisioned on this machine, by their name in the repo."""
    if "file" in model:
        path = models.expand(model["offline"]["dest"]) if "dest" in model.get("offline", {}) else None
        return {model["file"]: path} if path and path.is_file() else None
    if not models.model_on_disk(model["id"]):
        return None
    repo = models.hf_repo_dir(model["id"])
    snapshot = repo / "snapshots" / (repo / "refs" / "main").read_text().strip()
    return {p.relative_to(snapshot).as_posix(): p for p in sorted(snapshot.rglob("*")) if p.is_file()}


def notebook_model_ids() -> set[str]:
    ids = set()
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(notebook.read_text())["cells"]:
            if cell["cell_type"] == "code":
                ids |= set(re.findall(r'^(?:model_id|embedding_id) = "([^"]+)"', "".join(cell["source"]), re.M))
    return ids


@pytest.fixture(scope="module")
def served() -> dict[str, dict]:
    """The lesson's default Hugging Face models that have a copy here: name -> manifest entry."""
    real = models.load_manifest()
    chosen = {}
    for name, model in real.items():
        if model["source"] == "huggingface" and model.get("default") and local_files(model):
            revision = model["revision"] if models.COMMIT.fullmatch(model["revision"]) else FAKE_COMMIT
            chosen[name] = {**model, "revision": revision}
    if "smollm2-135m-instruct" not in chosen:
        pytest.fail("SmolLM2-135M-Instruct is not provisioned here: run "
                    "`.venv/bin/python -m llm_lesson.models provision` first.")
    return chosen


@pytest.fixture(scope="module")
def kit(served, tmp_path_factory) -> dict:
    """Run prefetch against the Hub stand-in; return the kit folder, its output and timings."""
    tmp = tmp_path_factory.mktemp("prefetch")
    manifest = tmp / "models.toml"
    keys = ["title", "source", "id", "file", "revision", "size_mb", "licence", "default"]
    manifest.write_text("".join(
        f"[models.{name}]\n" + "".join(f"{k} = {json.dumps(m[k])}\n" for k in keys if k in m) + "\n"
        for name, m in served.items()))  # no [offline] tables: no wheels, so no PyPI
    home = tmp / "instructor-home"
    home.mkdir()
    standin = HubStandin({m["id"]: (m["revision"], local_files(m)) for m in served.values()})
    with standin as endpoint:  # stops the server however the block ends
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "llm_lesson.models", "--manifest", str(manifest), "prefetch",
             "--dest", str(tmp / "kit")],
            capture_output=True, text=True, timeout=600, cwd=ROOT,
            env=clean_env(home, HF_ENDPOINT=endpoint, HF_HOME=str(home / "hf"),
                          HF_HUB_DISABLE_PROGRESS_BARS="1"))
        seconds = time.perf_counter() - start
    assert result.returncode == 0, result.stderr[-3000:]
    return {"dir": tmp / "kit", "stdout": result.stdout, "seconds": seconds, "home": home,
            "requests": standin.requests}


def test_prefetch_builds_the_kit_from_the_hub(served, kit):
    hub = kit["dir"] / "huggingface" / "hub"
    for model in served.values():
        repo = hub / ("models--" + model["id"].replace("/", "--"))
        assert (repo / "refs" / "main").read_text() == model["revision"], model["id"]
        snapshot = repo / "snapshots" / model["revision"]
        for name, original in local_files(model).items():
            if "file" in model or name.endswith((".json", ".safetensors", ".txt", ".jinja")):
                copy = snapshot / name
                assert copy.is_file() and not copy.is_symlink(), copy  # plain files survive any copy
                assert copy.stat().st_size == original.stat().st_size, copy
        assert any(f"GET /{model['id']}/resolve/{model['revision']}/" in r for r in kit["requests"])
    assert not [p for p in kit["dir"].rglob("*") if p.is_symlink()]
    assert not list(kit["home"].rglob("*.safetensors"))  # nothing went to the instructor's cache
    print(f"prefetch took {kit['seconds']:.1f} s")


def test_kit_readme_gives_the_three_steps_and_the_size(served, kit):
    readme = (kit["dir"] / "README.txt").read_text()
    size = re.search(r"^Size: (\d+) MB\.", readme, re.M)
    assert size, readme
    measured = models.folder_size_mb(kit["dir"])
    assert abs(int(size.group(1)) - measured) <= 1
    assert f"Classroom kit ready: {size.group(1)} MB" in kit["stdout"]
    assert f"prefetch --dest {kit['dir'].resolve()}" in readme  # 1. prefetch
    assert "2. Copy this whole folder to each learner's machine" in readme
    assert "export HF_HUB_CACHE=KIT/huggingface/hub" in readme  # 3. point at it
    assert '$env:HF_HUB_CACHE = "KIT\\huggingface\\hub"' in readme
    for model in served.values():
        assert model["id"] in readme
    print(f"kit size {size.group(1)} MB")


def test_copied_kit_serves_every_notebook_offline(served, kit, tmp_path):
    learner = tmp_path / "learner-home"
    copied = learner / "classroom-kit"
    shutil.copytree(kit["dir"], copied)  # as onto a USB stick and off it again
    env = clean_env(learner, HF_HUB_CACHE=str(copied / "huggingface" / "hub"), HF_HUB_OFFLINE="1",
                    TOKENIZERS_PARALLELISM="false")
    wanted = notebook_model_ids()
    assert "HuggingFaceTB/SmolLM2-135M-Instruct" in wanted
    check = subprocess.run(
        [sys.executable, "-c", "import json, sys; from llm_lesson.models import model_on_disk; "
         "print(json.dumps({m: model_on_disk(m) for m in sys.argv[1:]}))", *sorted(wanted)],
        capture_output=True, text=True, env=env, timeout=60, cwd=ROOT)
    assert check.returncode == 0, check.stderr
    assert json.loads(check.stdout) == dict.fromkeys(wanted, True)

    out = tmp_path / "01-introduction.ipynb"
    run_notebook = (  # the lesson's runner, in a process with the learner's environment
        "import sys, nbformat; from pathlib import Path; from tools import runner\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "try:\n"
        "    runner.run_notebook(Path(sys.argv[1]), nb=nb, timeout=300)\n"
        "finally:\n"
        "    nbformat.write(nb, sys.argv[2])\n")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", run_notebook, "notebooks/01-introduction.ipynb", str(out)],
                            capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)
    seconds = time.perf_counter() - start
    cells = json.loads(out.read_text())["cells"] if out.is_file() else []
    errors = [o for c in cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert result.returncode == 0 and not errors, (result.stderr[-3000:], errors)
    printed = "".join("".join(o.get("text", "")) for c in cells for o in c.get("outputs", []))
    assert "model: HuggingFaceTB/SmolLM2-135M-Instruct (on this machine)" in printed
    print(f"notebook 1 ran offline from the copied kit in {seconds:.1f} s")
