"""A stand-in for the Ollama server, for the test suite and for machines without Ollama.

No Ollama binary can be installed from PyPI, npm or Debian, and CI cannot reach Ollama's model
registry. This server speaks the part of Ollama's HTTP API the lesson uses, on 127.0.0.1, over a
real engine (llama-cpp-python) and the GGUF files that `python -m llm_lesson.models provision`
puts in place. It serves the models whose entry in llm_lesson/models.toml has a `standin` table:

    smollm2:135m      SmolLM2-135M-Instruct, Q4_1 (Ollama's own tag serves a different file)
    nomic-embed-text  nomic-embed-text v1.5, f16 (the same file Ollama serves)

Endpoints, as Ollama 0.12 answers them:

    GET  /, /api/version, /api/tags
    POST /api/show
    POST /api/chat, /api/generate   streamed as NDJSON or not; `format`: "json" or a JSON schema
                                    (the reply is constrained by a llama.cpp grammar built from it)
    POST /api/embed
    OpenAI-compatible, under /v1 (what the `openai` client reaches with base_url=http://HOST/v1;
    the Authorization header is accepted and ignored):
    GET  /v1/models, /v1/models/{name}
    POST /v1/chat/completions       streamed as Server-Sent Events or not; response_format text,
                                    json_object or json_schema; usage counted by llama.cpp
    POST /v1/embeddings

Like Ollama: a model it does not serve gets a 404 ("not found, try pulling it first" from chat
and generate); a `format` that is not "json" or a usable JSON schema gets a 500 with "invalid JSON
schema in format"; /v1 answers errors in OpenAI's shape {"error": {"message", "type", ...}}; /v1
fills in temperature 1.0 and top_p 1.0 when a request leaves them out, reads `max_tokens` (and not
`max_completion_tokens`) as the token limit, and sends each text part of a message's content list
as a message of its own. Models load on first use, as in Ollama.

    python -m llm_lesson.ollama_standin --port 11434     then: OLLAMA_HOST=127.0.0.1:11434
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import os
import random
import struct
import sys
import threading
import time
import traceback
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from llm_lesson import models as lesson_models

VERSION = "0.12.0"  # the Ollama API version whose behaviour this imitates
# Ollama's defaults for the options a request leaves out.
DEFAULTS = {"temperature": 0.8, "top_p": 0.9, "top_k": 40, "repeat_penalty": 1.1, "seed": None}
# What Ollama's /v1 endpoints put in place of a temperature or top_p the request leaves out.
OPENAI_DEFAULTS = {"temperature": 1.0, "top_p": 1.0}


def now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def canonical(name: str) -> str:
    return name if ":" in name else name + ":latest"


# {Ollama tag: its `standin` table from the manifest (gguf = the manifest entry of the file)}
SERVED = {canonical(m["id"]): m["standin"] for m in lesson_models.load_manifest().values()
          if "standin" in m}


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


# A character of a JSON string in llama.cpp's json-schema-to-grammar: no control characters.
STRICT_CHAR = r'[^"\\\x7F\x00-\x1F] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F]{4})'


def grammar_for(fmt):
    """The llama.cpp grammar for an Ollama `format` value: None, "" or null for free text,
    "json" for any JSON value, or a JSON schema (an object). Errors as Ollama words them."""
    if fmt is None or fmt == "":
        return None
    from llama_cpp import llama_grammar

    if fmt == "json":
        return llama_grammar.LlamaGrammar.from_string(llama_grammar.JSON_GBNF, verbose=False)
    if not isinstance(fmt, dict):
        raw = json.dumps(json.dumps(fmt, separators=(",", ":")))
        raise ApiError(500, f'invalid format: {raw}; expected "json" or a valid JSON Schema object')
    try:  # llama-cpp-python's port of llama.cpp's json-schema-to-grammar, which Ollama uses
        gbnf = llama_grammar.json_schema_to_gbnf(json.dumps(fmt))
    except Exception as exc:  # the converter asserts and raises on what it cannot express
        raise ApiError(500, "invalid JSON schema in format") from exc
    # The port lets control characters (a raw line break) into strings, which is not JSON;
    # llama.cpp's own converter, the one Ollama runs, keeps them out. Do as it does.
    loose = "char ::= " + llama_grammar.PRIMITIVE_RULES["char"].content
    gbnf = gbnf.replace(loose, "char ::= " + STRICT_CHAR)
    return llama_grammar.LlamaGrammar.from_string(gbnf, verbose=False)


class Engines:
    """Loads each GGUF file once, on first use; llama.cpp runs one request at a time."""

    def __init__(self, threads: int):
        self.threads = threads
        self.loaded: dict[str, object] = {}
        self.templates: dict[str, object] = {}
        self.lock = threading.Lock()  # held while llama.cpp works
        self.loading = threading.Lock()

    def path(self, name: str) -> Path:
        return lesson_models.model_path(SERVED[name]["gguf"])

    def get(self, name: str):
        with self.loading:
            if name not in self.loaded:
                from llama_cpp import Llama

                info = SERVED[name]
                self.loaded[name] = Llama(
                    model_path=str(self.path(name)), n_ctx=info["n_ctx"], n_threads=self.threads,
                    embedding=info["kind"] == "embedding", verbose=False,
                )
        return self.loaded[name]

    def prompt(self, name: str, messages: list[dict] | None, raw: str | None = None) -> list[int]:
        """The prompt's tokens: the messages in the model's own chat template (the GGUF file's,
        rendered as llama-cpp-python's chat handler renders it), or a raw prompt as it is."""
        llm = self.get(name)
        if raw is not None:
            return llm.tokenize(raw.encode(), add_bos=True, special=True)
        if name not in self.templates:
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            def text(token: int) -> str:
                return llm.detokenize([token], special=True).decode() if token >= 0 else ""

            self.templates[name] = Jinja2ChatFormatter(
                template=llm.metadata["tokenizer.chat_template"],
                eos_token=text(llm.token_eos()), bos_token=text(llm.token_bos()))
        rendered = self.templates[name](messages=messages)
        return llm.tokenize(rendered.prompt.encode(), add_bos=not rendered.added_special,
                            special=True)


class Generation:
    """One reply from llama.cpp. Iterating yields its text in pieces; afterwards `reason` is
    "stop" or "length" and the token counts are llama.cpp's."""

    def __init__(self, engines: Engines, name: str, prompt: list[int], sampling: dict, grammar):
        self.engines, self.name, self.prompt = engines, name, prompt
        self.sampling, self.grammar = sampling, grammar
        self.reason, self.prompt_tokens, self.completion_tokens = "stop", len(prompt), 0
        self.started = self.first_piece_at = time.monotonic_ns()
        limit = SERVED[name]["n_ctx"]
        if len(prompt) >= limit:
            raise ApiError(400, f"the input length exceeds the context length ({len(prompt)} "
                                f"tokens, context {limit})")

    def __iter__(self):
        llm = self.engines.get(self.name)
        with self.engines.lock:
            self.started = time.monotonic_ns()
            try:
                stream = llm.create_completion(prompt=self.prompt, stream=True,
                                               grammar=self.grammar, **self.sampling)
                for number, chunk in enumerate(stream):
                    if number == 0:
                        self.first_piece_at = time.monotonic_ns()
                    choice = chunk["choices"][0]
                    if choice.get("finish_reason"):
                        self.reason = "length" if choice["finish_reason"] == "length" else "stop"
                    yield choice.get("text") or ""
            except ValueError as exc:  # llama.cpp: the prompt does not fit the context
                raise ApiError(400, f"the input length exceeds the context length ({exc})") from exc
            # llama.cpp has evaluated the prompt and every token it generated but the last one
            # (for a reply that ends with the end-of-turn token, that token is not counted).
            evaluated = llm.n_tokens - len(self.prompt)
            self.completion_tokens = max(0, evaluated + (self.reason != "stop"))


def embed_inputs(value) -> list[str]:
    """`input` of /api/embed and /v1/embeddings: a string or a list of strings."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ApiError(400, "invalid input type")


def go_type(value) -> str:
    """How Go's %T names a JSON value (for error messages copied from Ollama)."""
    kinds = {bool: "bool", int: "float64", float: "float64", dict: "map[string]interface {}",
             list: "[]interface {}", type(None): "<nil>", str: "string"}
    return kinds.get(type(value), type(value).__name__)


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

    def start_stream(self, content_type: str = "application/x-ndjson") -> None:
        self.streaming = True  # from here on, an error can only end the connection
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def send_chunk(self, body: dict | bytes | None) -> None:
        if isinstance(body, dict):
            body = json.dumps(body).encode() + b"\n"
        data = body or b""
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def send_event(self, body: dict | str) -> None:
        """One Server-Sent Event, as Ollama's /v1 streams them."""
        data = body if isinstance(body, str) else json.dumps(body)
        self.send_chunk(f"data: {data}\n\n".encode())

    def read_json(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b"{}"
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError as exc:
            raise ApiError(400, f"invalid JSON: {exc}") from exc
        if not isinstance(body, dict):
            raise ApiError(400, f"json: cannot unmarshal {go_type(body)} into Go value of type "
                                "struct")
        return body

    def model_for(self, body: dict, kind: str, missing: str = "pull") -> str:
        """The canonical name of the model a request names; `missing` picks Ollama's wording for
        a model it does not have: "pull" (chat, generate) or "plain" (show, embed)."""
        requested = body.get("model") or body.get("name")
        if not requested or not isinstance(requested, str):
            raise ApiError(400, "model is required")
        name = canonical(requested)
        if name not in SERVED:
            if missing == "plain":
                raise ApiError(404, f"model '{requested}' not found")
            raise ApiError(404, f'model "{requested}" not found, try pulling it first')
        if kind and SERVED[name]["kind"] != kind:
            verb = "embeddings" if kind == "embedding" else "generate"
            raise ApiError(400, f'"{requested}" does not support {verb}')
        return name

    @staticmethod
    def openai_error(status: int, message: str) -> dict:
        kind = {400: "invalid_request_error", 404: "not_found_error"}.get(status, "api_error")
        return {"error": {"message": message, "type": kind, "param": None, "code": None}}

    # -------------------------------------------------------------- routes -------------------

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        try:
            if path in ("/", ""):
                data = b"Ollama is running"
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            elif path == "/api/version":
                self.send_json(200, {"version": VERSION})
            elif path == "/api/tags":
                self.send_json(200, {"models": [self.describe(n) for n in SERVED]})
            elif path == "/v1/models":
                self.send_json(200, {"object": "list",
                                     "data": [self.openai_model(n, n) for n in SERVED]})
            elif path.startswith("/v1/models/"):
                requested = path.removeprefix("/v1/models/")
                name = self.model_for({"model": requested}, "", missing="plain")
                self.send_json(200, self.openai_model(name, requested))
            else:
                raise ApiError(404, "404 page not found")
        except ApiError as exc:
            self.send_error_json(path, exc.status, str(exc))
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_POST(self):
        path = urlsplit(self.path).path
        routes = {
            "/api/chat": self.chat, "/api/generate": self.generate, "/api/embed": self.embed,
            "/api/show": self.show, "/v1/chat/completions": self.openai_chat,
            "/v1/embeddings": self.openai_embeddings,
        }
        route = routes.get(path)
        self.streaming = False
        try:
            if route is None:
                raise ApiError(404, "404 page not found")
            route(self.read_json())
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as exc:  # an Ollama-style error reply rather than a dropped connection
            if not isinstance(exc, ApiError):
                traceback.print_exc(file=sys.stderr)
                exc = ApiError(500, f"{type(exc).__name__}: {exc}")
            if self.streaming:  # the reply has begun: all that is left is to end it
                self.close_connection = True
            else:
                self.send_error_json(path, exc.status, str(exc))

    def send_error_json(self, path: str, status: int, message: str) -> None:
        if path.startswith("/v1/"):
            self.send_json(status, self.openai_error(status, message))
        else:
            self.send_json(status, {"error": message})

    # -------------------------------------------------------------- Ollama's API -------------

    def modified(self, name: str) -> datetime:
        path = self.engines.path(name)
        stamp = path.stat().st_mtime if path.exists() else time.time()
        return datetime.fromtimestamp(stamp, UTC)

    def describe(self, name: str) -> dict:
        info = SERVED[name]
        path = self.engines.path(name)
        size = path.stat().st_size if path.exists() else 0
        return {
            "name": name, "model": name,
            "modified_at": self.modified(name).isoformat().replace("+00:00", "Z"), "size": size,
            "digest": lesson_models.load_manifest()[info["gguf"]]["offline"]["sha256"],
            "details": {
                "parent_model": "", "format": "gguf", "family": info["family"],
                "families": [info["family"]], "parameter_size": info["parameter_size"],
                "quantization_level": info["quantization_level"],
            },
        }

    def show(self, body: dict) -> None:
        name = self.model_for(body, "", missing="plain")
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

    @staticmethod
    def sampling(options: dict | None) -> dict:
        """llama.cpp's sampling arguments for Ollama `options` (Ollama's defaults filled in)."""
        options = {**DEFAULTS, **(options or {})}
        try:
            limit = options.get("num_predict", -1)
            stop = options.get("stop") or []
            kwargs = {
                "temperature": float(options["temperature"]), "top_p": float(options["top_p"]),
                "top_k": int(options["top_k"]), "repeat_penalty": float(options["repeat_penalty"]),
                "frequency_penalty": float(options.get("frequency_penalty") or 0.0),
                "presence_penalty": float(options.get("presence_penalty") or 0.0),
                "max_tokens": None if limit is None or int(limit) < 0 else int(limit),
                "stop": [stop] if isinstance(stop, str) else [str(s) for s in stop],
            }
            if options.get("seed") is not None:
                kwargs["seed"] = int(options["seed"])
        except (TypeError, ValueError) as exc:
            raise ApiError(400, f"invalid options: {exc}") from exc
        return kwargs

    def generation(self, name: str, body: dict, options: dict | None, fmt,
                   messages: list[dict] | None = None, raw: str | None = None) -> Generation:
        grammar = grammar_for(fmt)  # before anything runs, so that a bad schema is an error reply
        sampling = self.sampling(options)
        with self.engines.lock:
            prompt = self.engines.prompt(name, messages, raw)
        return Generation(self.engines, name, prompt, sampling, grammar)

    def respond(self, name: str, body: dict, key: str, generation: Generation) -> None:
        started = time.monotonic_ns()
        stream = body.get("stream") is not False  # Ollama streams unless told "stream": false
        pieces = []
        if stream:
            self.start_stream()
        for piece in generation:
            if not piece:
                continue
            pieces.append(piece)
            if stream:
                self.send_chunk({"model": name, "created_at": now(), **self.payload(key, piece),
                                 "done": False})
        finished = time.monotonic_ns()
        final = {
            "model": name, "created_at": now(),
            **self.payload(key, "" if stream else "".join(pieces)),
            "done": True, "done_reason": generation.reason,
            "total_duration": finished - started, "load_duration": 0,
            "prompt_eval_count": generation.prompt_tokens,
            "prompt_eval_duration": generation.first_piece_at - generation.started,
            "eval_count": generation.completion_tokens,
            "eval_duration": finished - generation.first_piece_at,
        }
        if stream:
            self.send_chunk(final)
            self.send_chunk(None)
        else:
            self.send_json(200, final)

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
        generation = self.generation(name, body, body.get("options"), body.get("format"),
                                     messages=messages)
        self.respond(name, body, "message", generation)

    def generate(self, body: dict) -> None:
        name = self.model_for(body, "chat")
        prompt = body.get("prompt") or ""
        if not prompt:
            self.send_json(200, {"model": name, "created_at": now(), "response": "",
                                 "done": True, "done_reason": "load"})
            return
        messages = [{"role": "user", "content": prompt}]
        if body.get("system"):
            messages.insert(0, {"role": "system", "content": body["system"]})
        raw = prompt if body.get("raw") else None
        generation = self.generation(name, body, body.get("options"), body.get("format"),
                                     messages=messages, raw=raw)
        self.respond(name, body, "response", generation)

    def vectors(self, name: str, texts: list[str], truncate: bool,
                dimensions: int | None = None) -> tuple[list[list[float]], int]:
        """Unit-length embeddings of `texts` and the number of tokens they came to."""
        llm = self.engines.get(name)
        limit = SERVED[name]["n_ctx"]
        out, count = [], 0
        with self.engines.lock:
            for text in texts:
                tokens = llm.tokenize(text.encode(), add_bos=True)
                if len(tokens) > limit:
                    if not truncate:
                        raise ApiError(400, "the input length exceeds the context length")
                    tokens = tokens[:limit]
                    text = llm.detokenize(tokens[1:limit - 1]).decode(errors="ignore")
                count += len(tokens)
                vector = llm.embed(text)
                if dimensions and 0 < dimensions < len(vector):  # Ollama: cut, then normalise
                    vector = vector[:dimensions]
                norm = math.sqrt(sum(v * v for v in vector)) or 1.0
                out.append([v / norm for v in vector])  # Ollama returns unit-length vectors
        return out, count

    def embed(self, body: dict) -> None:
        value = body.get("input")
        texts = [] if value is None or value == "" else embed_inputs(value)
        name = self.model_for(body, "embedding", missing="plain")
        started = time.monotonic_ns()
        vectors, count = self.vectors(name, texts, body.get("truncate", True),
                                      body.get("dimensions"))
        self.send_json(200, {"model": name, "embeddings": vectors,
                             "total_duration": time.monotonic_ns() - started,
                             "load_duration": 0, "prompt_eval_count": count})

    # -------------------------------------------------------------- OpenAI's API (/v1) -------

    def openai_model(self, name: str, requested: str) -> dict:
        return {"id": requested, "object": "model", "created": int(self.modified(name).timestamp()),
                "owned_by": "library"}

    @staticmethod
    def openai_messages(items) -> list[dict]:
        """Ollama's messages for OpenAI's: a content list becomes one message per text part."""
        if not isinstance(items, list):
            raise ApiError(400, f"json: cannot unmarshal {go_type(items)} into Go struct field "
                                "ChatCompletionRequest.messages of type []openai.Message")
        messages = []
        for item in items:
            if not isinstance(item, dict):
                raise ApiError(400, "invalid message format")
            role, content = item.get("role") or "user", item.get("content")
            if isinstance(content, str):
                messages.append({"role": role, "content": content})
            elif isinstance(content, list):
                for part in content:
                    if not (isinstance(part, dict) and part.get("type") == "text"
                            and isinstance(part.get("text"), str)):
                        raise ApiError(400, "invalid message format")
                    messages.append({"role": role, "content": part["text"]})
            else:
                raise ApiError(400, f"invalid message content type: {go_type(content)}")
        return messages

    @staticmethod
    def openai_options(body: dict) -> dict:
        """Ollama's options for an OpenAI request, as Ollama's /v1 maps them."""
        options = {key: body[key] if body.get(key) is not None else value
                   for key, value in OPENAI_DEFAULTS.items()}
        if body.get("max_tokens") is not None:
            options["num_predict"] = body["max_tokens"]
        for key in ("seed", "frequency_penalty", "presence_penalty"):
            if body.get(key) is not None:
                options[key] = body[key]
        stop = body.get("stop")
        if isinstance(stop, str):
            options["stop"] = [stop]
        elif isinstance(stop, list):
            options["stop"] = [s for s in stop if isinstance(s, str)]
        return options

    @staticmethod
    def openai_format(response_format):
        """Ollama's `format` for OpenAI's response_format."""
        if not isinstance(response_format, dict):
            return None
        kind = str(response_format.get("type") or "").strip().lower()
        if kind == "json_object":
            return "json"
        if kind == "json_schema":
            return (response_format.get("json_schema") or {}).get("schema")
        return None

    def openai_chat(self, body: dict) -> None:
        if not body.get("messages"):
            raise ApiError(400, "[] is too short - 'messages'")
        messages = self.openai_messages(body["messages"])
        requested = body.get("model")
        name = self.model_for(body, "chat")
        generation = self.generation(name, body, self.openai_options(body),
                                     self.openai_format(body.get("response_format")),
                                     messages=messages)
        head = {"id": f"chatcmpl-{random.randrange(999)}", "object": "chat.completion",
                "created": int(time.time()), "model": requested, "system_fingerprint": "fp_ollama"}
        if not body.get("stream"):
            text = "".join(generation)
            self.send_json(200, {
                **head,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                             "finish_reason": generation.reason}],
                "usage": self.usage(generation),
            })
            return
        chunk = {**head, "object": "chat.completion.chunk"}

        def choice(text: str, reason: str | None) -> list[dict]:
            return [{"index": 0, "delta": {"role": "assistant", "content": text},
                     "finish_reason": reason}]

        self.start_stream("text/event-stream")
        for piece in generation:
            if piece:
                self.send_event({**chunk, "choices": choice(piece, None)})
        self.send_event({**chunk, "choices": choice("", generation.reason)})
        if (body.get("stream_options") or {}).get("include_usage"):
            self.send_event({**chunk, "choices": [], "usage": self.usage(generation)})
        self.send_event("[DONE]")
        self.send_chunk(None)

    @staticmethod
    def usage(generation: Generation) -> dict:
        return {"prompt_tokens": generation.prompt_tokens,
                "completion_tokens": generation.completion_tokens,
                "total_tokens": generation.prompt_tokens + generation.completion_tokens}

    def openai_embeddings(self, body: dict) -> None:
        encoding = str(body.get("encoding_format") or "float")
        if encoding.lower() not in ("float", "base64"):
            raise ApiError(400, f"Invalid value for 'encoding_format' = {encoding}. "
                                "Supported values: ['float', 'base64'].")
        value = body.get("input")
        if value is None or value == []:
            raise ApiError(400, "invalid input")
        texts = embed_inputs(value)
        name = self.model_for(body, "embedding", missing="plain")
        vectors, count = self.vectors(name, texts, True, body.get("dimensions"))

        def encode(vector: list[float]):
            if encoding.lower() == "base64":  # little-endian float32, as OpenAI sends them
                return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
            return vector

        self.send_json(200, {
            "object": "list",
            "data": [{"object": "embedding", "embedding": encode(v), "index": i}
                     for i, v in enumerate(vectors)],
            "model": body.get("model"),
            "usage": {"prompt_tokens": count, "total_tokens": count},
        })


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
