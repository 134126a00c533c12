"""A stand-in for the Hugging Face Hub on 127.0.0.1, so tests can download models offline.

    with HubStandin({"org/model": (commit_sha, {"config.json": Path(...), ...})}) as endpoint:
        env["HF_ENDPOINT"] = endpoint  # huggingface_hub reads it when it is imported

It answers what huggingface_hub 1.x asks in snapshot_download() and hf_hub_download(), for the
revision `main` and the given commit:
  GET       /api/models/{repo}/revision/{rev}   model info: id, sha, siblings
  GET       /api/models/{repo}/tree/{rev}       every file, with size, git oid and LFS sha256
  HEAD, GET /{repo}/resolve/{rev}/{file}        X-Repo-Commit, ETag (the sha256), Content-Length
An unknown repo, revision or file gets 404 and the Hub's X-Error-Code. No Xet headers are sent,
so the client downloads over plain HTTP. `requests` lists what was asked ("GET /path").
"""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from llm_lesson.servers import free_port

LFS_FROM_BYTES = 1024 * 1024  # the Hub keeps bigger files (and all weights) in LFS


class HubStandin:
    def __init__(self, repos: dict[str, tuple[str, dict[str, Path]]]):
        self.repos = repos
        self.requests: list[str] = []
        self._hashes: dict[Path, tuple[str, str]] = {}
        self._lock = threading.Lock()
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), self._handler())
        self._server.daemon_threads = True
        self.endpoint = f"http://127.0.0.1:{self._server.server_port}"

    def __enter__(self) -> str:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.endpoint

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def hashes(self, path: Path) -> tuple[str, str]:
        """(sha256, git blob sha1) of a file, computed once."""
        with self._lock:
            if path not in self._hashes:
                sha256, git = hashlib.sha256(), hashlib.sha1(b"blob %d\0" % path.stat().st_size)
                with open(path, "rb") as f:
                    while block := f.read(1 << 20):
                        sha256.update(block)
                        git.update(block)
                self._hashes[path] = (sha256.hexdigest(), git.hexdigest())
            return self._hashes[path]

    def tree_entry(self, name: str, path: Path) -> dict:
        size = path.stat().st_size
        sha256, git = self.hashes(path)
        entry = {"type": "file", "path": name, "size": size, "oid": git}
        if size >= LFS_FROM_BYTES or name.endswith((".safetensors", ".gguf", ".bin")):
            entry["lfs"] = {"oid": sha256, "size": size, "pointerSize": 134}
        return entry

    def _handler(self):
        standin = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_HEAD(self) -> None:
                self.answer(body=False)

            def do_GET(self) -> None:
                self.answer(body=True)

            def fail(self, code: str, message: str, commit: str | None = None) -> None:
                data = json.dumps({"error": message}).encode()
                self.send_response(404)
                self.send_header("X-Error-Code", code)
                self.send_header("X-Error-Message", message)
                if commit:
                    self.send_header("X-Repo-Commit", commit)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            def send_json(self, value, commit: str) -> None:
                data = json.dumps(value).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-Repo-Commit", commit)
                self.end_headers()
                self.wfile.write(data)

            def answer(self, body: bool) -> None:
                path = unquote(urlsplit(self.path).path)
                standin.requests.append(f"{self.command} {path}")
                api = path.startswith("/api/models/")
                rest = path.removeprefix("/api/models/" if api else "/")
                repo = next((r for r in standin.repos if rest.startswith(r + "/")), None)
                if repo is None:
                    return self.fail("RepoNotFound", "Repository not found")
                commit, files = standin.repos[repo]
                kind, _, rest = rest[len(repo) + 1:].partition("/")
                revision, _, name = rest.partition("/")
                if revision not in ("main", commit):
                    return self.fail("RevisionNotFound", f"Invalid rev id: {revision}")
                if api and kind == "revision":
                    return self.send_json({"id": repo, "sha": commit, "private": False,
                                           "siblings": [{"rfilename": n} for n in files]}, commit)
                if api and kind == "tree":
                    return self.send_json([standin.tree_entry(n, p) for n, p in sorted(files.items())
                                           if n.startswith(name)], commit)
                if api or kind != "resolve" or name not in files:
                    return self.fail("EntryNotFound", f"{name} does not exist on {revision}", commit)
                sha256, _ = standin.hashes(files[name])
                self.send_response(200)
                self.send_header("Content-Length", str(files[name].stat().st_size))
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("X-Repo-Commit", commit)
                self.send_header("ETag", f'"{sha256}"')
                self.end_headers()
                if body:
                    with open(files[name], "rb") as f:
                        shutil.copyfileobj(f, self.wfile, 1 << 20)

        return Handler
