"""A stand-in for the Ollama server, for the test suite and for machines without Ollama.

No Ollama binary can be installed from PyPI, npm or Debian, and CI cannot reach Ollama's model
registry. This server speaks the part of Ollama's HTTP API the lesson uses, on 127.0.0.1, over a
real engine (llama-cpp-python) and the GGUF files that `python -m llm_lesson.models provision`
puts in place. It serves the models whose entry in llm_lesson/models.toml has a `standin` table:

    smollm2:135m      SmolLM2-135M-Instruct, Q4_1 (Ollama's own tag serves a different file)
    nomic-embed-text  nomic-embed-text v1.5, f16 (the same file Ollama serves)

Endpoints: GET /, /api/version, /api/tags; POST /api/show, /api/chat and /api/generate (streamed
as NDJSON or not) and /api/embed. A model it does not serve gets Ollama's own 404 "not found,
try pulling it first". Models load on first use, as in Ollama.

    python -m llm_lesson.ollama_standin --port 11434     then: OLLAMA_HOST=127.0.0.1:11434
"""

from __future__ import annotations

import argparse
import json
import math
import os
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from llm_lesson import models as lesson_models

VERSION = "0.12.0"  # the Ollama API version whose behaviour this imitates
# Ollama's defaults for the options a request leaves out.
DEFAULTS = {"temperature": 0.8, "top_p": 0.9, "top_k": 40, "repeat_penalty": 1.1, "seed": None}


def now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def canonical(name: str) -> str:
    return name if ":" in name else name + ":latest"


# {Ollama tag: its `standin` table from the manifest (gguf = the manifest entry of the file)}
SERVED = {canonical(m["id"]): m["standin"] for m in lesson_models.load_manifest().values()
          if "standin" in m}


class Engines:
    """Loads each GGUF file once, on first use; llama.cpp runs one request at a time."""

    def __init__(self, threads: int):
        self.threads = threads
        self.loaded: dict[str, object] = {}
        self.lock = threading.Lock()

    def path(self, name: str) -> Path:
        return lesson_models.model_path(SERVED[name]["gguf"])

    def get(self, name: str):
        if name not in self.loaded:
            from llama_cpp import Llama

            info = SERVED[name]
            self.loaded[name] = Llama(
                model_path=str(self.path(name)), n_ctx=info["n_ctx"], n_threads=self.threads,
                embedding=info["kind"] == "embedding", verbose=False,
            )
        return self.loaded[name]


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ollama-standin"
    engines: Engines

    def log_message(self, format, *args):  # keep test output quiet
        pass

    # -------------------------------------------------------------- plumbing -----------------

    def send_json(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def send_chunk(self, body: dict | None) -> None:
        data = b"" if body is None else json.dumps(body).encode() + b"\n"
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def read_json(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b"{}"
        try:
            return json.loads(raw or b"{}")
        except json.JSONDecodeError as exc:
            raise ApiError(400, f"invalid JSON: {exc}") from exc

    def model_for(self, body: dict, kind: str) -> str:
        requested = body.get("model") or body.get("name")
        if not requested:
            raise ApiError(400, "model is required")
        name = canonical(requested)
        if name not in SERVED:
            raise ApiError(404, f'model "{requested}" not found, try pulling it first')
        if kind and SERVED[name]["kind"] != kind:
            verb = "embeddings" if kind == "embedding" else "generate"
            raise ApiError(400, f'"{requested}" does not support {verb}')
        return name

    # -------------------------------------------------------------- routes -------------------

    def do_GET(self):
        if self.path in ("/", ""):
            data = b"Ollama is running"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif self.path == "/api/version":
            self.send_json(200, {"version": VERSION})
        elif self.path == "/api/tags":
            self.send_json(200, {"models": [self.describe(n) for n in SERVED]})
        else:
            self.send_json(404, {"error": "404 page not found"})

    def do_POST(self):
        routes = {
            "/api/chat": self.chat, "/api/generate": self.generate, "/api/embed": self.embed,
            "/api/show": self.show,
        }
        route = routes.get(self.path)
        try:
            if route is None:
                raise ApiError(404, "404 page not found")
            route(self.read_json())
        except ApiError as exc:
            self.send_json(exc.status, {"error": str(exc)})
        except (BrokenPipeError, ConnectionResetError):
            pass

    def describe(self, name: str) -> dict:
        info = SERVED[name]
        path = self.engines.path(name)
        size = path.stat().st_size if path.exists() else 0
        return {
            "name": name, "model": name,
            "modified_at": now(), "size": size,
            "digest": lesson_models.load_manifest()[info["gguf"]]["offline"]["sha256"],
            "details": {
                "parent_model": "", "format": "gguf", "family": info["family"],
                "families": [info["family"]], "parameter_size": info["parameter_size"],
                "quantization_level": info["quantization_level"],
            },
        }

    def show(self, body: dict) -> None:
        name = self.model_for(body, "")
        info = SERVED[name]
        description = self.describe(name)
        capabilities = ["embedding"] if info["kind"] == "embedding" else ["completion"]
        self.send_json(200, {
            "modelfile": f"FROM {self.engines.path(name)}\n",
            "parameters": f"num_ctx {info['n_ctx']}",
            "template": "{{ .Prompt }}",
            "details": description["details"],
            "model_info": {"general.architecture": info["family"],
                           f"{info['family']}.context_length": info["n_ctx"]},
            "capabilities": capabilities,
            "modified_at": description["modified_at"],
        })

    def sampling(self, body: dict) -> dict:
        options = {**DEFAULTS, **(body.get("options") or {})}
        limit = options.get("num_predict", -1)
        kwargs = {
            "temperature": float(options["temperature"]), "top_p": float(options["top_p"]),
            "top_k": int(options["top_k"]), "repeat_penalty": float(options["repeat_penalty"]),
            "max_tokens": None if limit is None or limit < 0 else int(limit),
        }
        if options.get("seed") is not None:
            kwargs["seed"] = int(options["seed"])
        return kwargs

    def run(self, name: str, body: dict, messages: list[dict]):
        """Yield (text piece, finish reason or None) from llama.cpp."""
        llm = self.engines.get(name)
        kwargs = self.sampling(body)
        with self.engines.lock:
            try:
                stream = llm.create_chat_completion(messages=messages, stream=True, **kwargs)
                for chunk in stream:
                    choice = chunk["choices"][0]
                    yield choice.get("delta", {}).get("content") or "", choice.get("finish_reason")
            except ValueError as exc:  # llama.cpp: the prompt does not fit the context
                raise ApiError(400, f"the input length exceeds the context length ({exc})") from exc

    def respond(self, name: str, body: dict, key: str, messages: list[dict]) -> None:
        started = time.monotonic_ns()
        stream = body.get("stream", True)
        pieces, reason, count = [], "stop", 0
        generator = self.run(name, body, messages)
        first = next(generator, None)  # surfaces context errors before any header is sent
        if stream:
            self.start_stream()
        for piece, finish in self._chain(first, generator):
            if finish:
                reason = "length" if finish == "length" else "stop"
            if not piece:
                continue
            count += 1
            pieces.append(piece)
            if stream:
                self.send_chunk({"model": name, "created_at": now(), **self.payload(key, piece),
                                 "done": False})
        final = {
            "model": name, "created_at": now(),
            **self.payload(key, "" if stream else "".join(pieces)),
            "done": True, "done_reason": reason,
            "total_duration": time.monotonic_ns() - started, "load_duration": 0,
            "prompt_eval_count": 0, "eval_count": count,
            "eval_duration": time.monotonic_ns() - started,
        }
        if stream:
            self.send_chunk(final)
            self.send_chunk(None)
        else:
            self.send_json(200, final)

    @staticmethod
    def _chain(first, generator):
        if first:
            yield first
        yield from generator

    @staticmethod
    def payload(key: str, text: str) -> dict:
        if key == "message":
            return {"message": {"role": "assistant", "content": text}}
        return {"response": text}

    def chat(self, body: dict) -> None:
        name = self.model_for(body, "chat")
        messages = [{"role": m.get("role", "user"), "content": m.get("content") or ""}
                    for m in body.get("messages") or []]
        if not messages:  # Ollama answers an empty chat by loading the model
            self.send_json(200, {"model": name, "created_at": now(),
                                 "message": {"role": "assistant", "content": ""},
                                 "done": True, "done_reason": "load"})
            return
        self.respond(name, body, "message", messages=messages)

    def generate(self, body: dict) -> None:
        name = self.model_for(body, "chat")
        prompt = body.get("prompt") or ""
        if not prompt:
            self.send_json(200, {"model": name, "created_at": now(), "response": "",
                                 "done": True, "done_reason": "load"})
            return
        self.respond(name, body, "response", messages=[{"role": "user", "content": prompt}])

    def vectors(self, name: str, texts: list[str], truncate: bool) -> list[list[float]]:
        llm = self.engines.get(name)
        limit = SERVED[name]["n_ctx"]
        with self.engines.lock:
            out = []
            for text in texts:
                tokens = llm.tokenize(text.encode(), add_bos=True)
                if len(tokens) > limit:
                    if not truncate:
                        raise ApiError(400, "the input length exceeds the context length")
                    text = llm.detokenize(tokens[1:limit - 1]).decode(errors="ignore")
                vector = llm.embed(text)
                norm = math.sqrt(sum(v * v for v in vector)) or 1.0
                out.append([v / norm for v in vector])  # Ollama returns unit-length vectors
        return out

    def embed(self, body: dict) -> None:
        name = self.model_for(body, "embedding")
        texts = body.get("input", "")
        texts = [texts] if isinstance(texts, str) else list(texts)
        started = time.monotonic_ns()
        vectors = self.vectors(name, texts, body.get("truncate", True))
        self.send_json(200, {"model": name, "embeddings": vectors,
                             "total_duration": time.monotonic_ns() - started,
                             "load_duration": 0, "prompt_eval_count": len(texts)})


def make_server(port: int, threads: int) -> ThreadingHTTPServer:
    missing = [n for n in SERVED if not Engines(threads).path(n).is_file()]
    if missing:
        raise SystemExit(
            f"The stand-in cannot serve {', '.join(missing)}: its GGUF file is missing. "
            f"Run `python -m llm_lesson.models provision` first."
        )
    handler = type("BoundHandler", (Handler,), {"engines": Engines(threads)})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description="Ollama stand-in over llama-cpp-python")
    parser.add_argument("--port", type=int, default=11434)
    parser.add_argument("--threads", type=int, default=min(os.cpu_count() or 2, 4))
    args = parser.parse_args()
    server = make_server(args.port, args.threads)
    print(f"Ollama stand-in listening on 127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
