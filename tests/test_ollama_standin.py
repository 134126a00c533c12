"""The Ollama stand-in, driven by the clients the lesson uses: `ollama`, langchain-ollama and
`openai` (on Ollama's OpenAI-compatible /v1 endpoints)."""

import base64
import json
import math
import struct
import urllib.error
import urllib.request
from typing import Literal

import jsonschema
import ollama
import openai
import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_ollama import ChatOllama, OllamaEmbeddings
from pydantic import BaseModel

GREEDY = {"temperature": 0, "num_predict": 12, "seed": 1}
# Structured output: nullable fields (a list of types, as people write schemas by hand) and an enum.
SCHEMA = {
    "type": "object",
    "properties": {"medication": {"type": ["string", "null"]},
                   "dose_mg": {"type": ["integer", "null"]},
                   "smoker": {"enum": ["current", "former", "never", "unknown"]}},
    "required": ["medication", "dose_mg", "smoker"],
}
# A note the model turns into a short JSON object (about 25 tokens) whatever llama.cpp has cached.
NOTE = [{"role": "system", "content": "Reply with JSON only."},
        {"role": "user", "content": "Medication: aspirin. Dose: 75 mg. Smoker: never."}]


class Record(BaseModel):
    """The same record as SCHEMA, as Pydantic writes it (`str | None` becomes anyOf)."""

    medication: str | None
    dose_mg: int | None
    smoker: Literal["current", "former", "never", "unknown"]


@pytest.fixture(scope="module")
def client(ollama_host):
    return ollama.Client(host=f"http://{ollama_host}")


@pytest.fixture(scope="module")
def openai_client(ollama_host):
    # Ollama ignores the key; no retries, so that an error reply is seen once and at once.
    return openai.OpenAI(base_url=f"http://{ollama_host}/v1", api_key="ollama", max_retries=0)


def test_root_and_version(ollama_host):
    with urllib.request.urlopen(f"http://{ollama_host}/") as reply:
        assert reply.read() == b"Ollama is running"
    with urllib.request.urlopen(f"http://{ollama_host}/api/version") as reply:
        assert json.load(reply)["version"].count(".") == 2


def test_lists_exactly_the_models_it_serves(client):
    names = sorted(m.model for m in client.list().models)
    assert names == ["nomic-embed-text:latest", "smollm2:135m"]
    sizes = {m.model: m.size for m in client.list().models}
    assert sizes["smollm2:135m"] > 50_000_000  # a real GGUF file, not a stub


def test_show_reports_capabilities(client):
    assert "completion" in client.show("smollm2:135m").capabilities
    assert "embedding" in client.show("nomic-embed-text").capabilities


def test_unknown_model_is_ollamas_not_found_error(client):
    with pytest.raises(ollama.ResponseError) as caught:
        client.chat(model="llama3.1:8b", messages=[{"role": "user", "content": "hi"}])
    assert caught.value.status_code == 404
    assert "not found, try pulling it first" in caught.value.error
    with pytest.raises(ollama.ResponseError):
        client.show("llama3.2")


def test_chat_without_streaming(client):
    reply = client.chat(model="smollm2:135m", options=GREEDY,
                        messages=[{"role": "user", "content": "Name a colour."}])
    assert reply.message.role == "assistant"
    assert reply.message.content.strip()
    assert reply.done and reply.eval_count > 0


def test_chat_streams_pieces_that_add_up(client):
    messages = [{"role": "user", "content": "Count from one to five."}]
    chunks = list(client.chat(model="smollm2:135m", messages=messages, options=GREEDY,
                              stream=True))
    assert len(chunks) >= 3 and chunks[-1].done and not any(c.done for c in chunks[:-1])
    streamed = "".join(c.message.content for c in chunks)
    whole = client.chat(model="smollm2:135m", messages=messages, options=GREEDY).message.content
    assert streamed == whole  # greedy decoding: the same text either way


def test_num_predict_limits_the_reply(client):
    reply = client.chat(model="smollm2:135m", options={"temperature": 0, "num_predict": 3},
                        messages=[{"role": "user", "content": "Write a long story."}])
    assert reply.eval_count <= 3 and reply.done_reason == "length"


def test_generate(client):
    reply = client.generate(model="smollm2:135m", prompt="The sky is", options=GREEDY)
    assert reply.response.strip() and reply.done


def test_embed_gives_unit_vectors_that_rank_by_meaning(client):
    texts = ["search_query: What do cats eat?",
             "search_document: Cats are carnivores and eat meat.",
             "search_document: The stock market fell on Tuesday."]
    vectors = client.embed(model="nomic-embed-text", input=texts).embeddings
    assert [len(v) for v in vectors] == [768, 768, 768]
    assert all(abs(math.hypot(*v) - 1) < 1e-3 for v in vectors)
    similarity = [sum(a * b for a, b in zip(vectors[0], v)) for v in vectors[1:]]
    assert similarity[0] > similarity[1]


def test_chat_model_cannot_embed(client):
    with pytest.raises(ollama.ResponseError) as caught:
        client.embed(model="smollm2:135m", input="hello")
    assert caught.value.status_code == 400


def test_langchain_chat_ollama_invoke_and_stream(ollama_host):
    llm = ChatOllama(model="smollm2:135m", base_url=f"http://{ollama_host}", temperature=0,
                     num_predict=12, seed=1)
    messages = [SystemMessage("You are brief."), HumanMessage("Say hello.")]
    reply = llm.invoke(messages)
    assert isinstance(reply, AIMessage) and reply.content.strip()
    pieces = [chunk.content for chunk in llm.stream(messages)]
    assert len(pieces) >= 2 and "".join(pieces) == reply.content


def test_langchain_ollama_embeddings(ollama_host):
    embeddings = OllamaEmbeddings(model="nomic-embed-text", base_url=f"http://{ollama_host}")
    documents = embeddings.embed_documents(["first text", "second text"])
    query = embeddings.embed_query("a question")
    assert len(documents) == 2 and len(query) == len(documents[0]) == 768


def test_clients_find_the_standin_through_ollama_host(ollama_host):
    """Notebooks call ChatOllama(model=...) with no base_url: OLLAMA_HOST must lead here."""
    import os

    assert os.environ["OLLAMA_HOST"] == ollama_host
    assert "smollm2:135m" in [m.model for m in ollama.Client().list().models]


# ------------------------------------------------------------------ structured output (format) --


def test_chat_format_schema_constrains_the_reply(client):
    reply = client.chat(model="smollm2:135m", messages=NOTE, format=SCHEMA,
                        options={"temperature": 0, "num_predict": 48})
    assert reply.done_reason == "stop"  # the object closed within the budget
    record = json.loads(reply.message.content)
    jsonschema.validate(record, SCHEMA)
    assert list(record) == ["medication", "dose_mg", "smoker"]
    assert isinstance(record["medication"], str | None) and record["smoker"] in {
        "current", "former", "never", "unknown"}
    assert record["dose_mg"] is None or type(record["dose_mg"]) is int


def test_generate_format_json_starts_a_json_object(client):
    reply = client.generate(model="smollm2:135m", prompt="List two colours.", format="json",
                            options={"temperature": 0, "num_predict": 6})
    assert reply.response.startswith("{") and 0 < reply.eval_count <= 6


def test_format_that_is_not_a_schema_is_ollamas_error(client, ollama_host):
    """Ollama answers 500 (its error comes from the runner), with these words."""
    bad = {"type": "object", "properties": {"dose_mg": {"type": "integr"}}}
    with pytest.raises(ollama.ResponseError) as caught:
        client.chat(model="smollm2:135m", messages=NOTE, format=bad)
    assert caught.value.status_code == 500
    assert caught.value.error == "invalid JSON schema in format"
    request = urllib.request.Request(
        f"http://{ollama_host}/api/generate",
        data=json.dumps({"model": "smollm2:135m", "prompt": "hi", "format": "yaml"}).encode())
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request)
    assert caught.value.code == 500
    assert json.load(caught.value)["error"].startswith("invalid format:")


def test_chat_counts_prompt_tokens(client):
    def count(text):
        return client.chat(model="smollm2:135m", options=GREEDY,
                           messages=[{"role": "user", "content": text}]).prompt_eval_count

    short, longer = count("Hi."), count("Hi. " * 20)
    assert 0 < short < longer
    streamed = list(client.chat(model="smollm2:135m", options=GREEDY, stream=True,
                                messages=[{"role": "user", "content": "Hi."}]))
    assert streamed[-1].prompt_eval_count == short and streamed[-1].eval_count > 0


# ------------------------------------------------------------------ OpenAI-compatible /v1 -------


def test_openai_chat_completion(openai_client):
    messages = [{"role": "system", "content": "You are brief."},
                {"role": "user", "content": [{"type": "text", "text": "Write a long story."}]}]
    reply = openai_client.chat.completions.create(model="smollm2:135m", messages=messages,
                                                  temperature=0, seed=1, max_tokens=5)
    assert reply.object == "chat.completion" and reply.id.startswith("chatcmpl-")
    assert reply.model == "smollm2:135m" and reply.system_fingerprint == "fp_ollama"
    assert len(reply.choices) == 1 and reply.choices[0].message.role == "assistant"
    assert reply.choices[0].message.content.strip()
    assert reply.choices[0].finish_reason == "length" and reply.usage.completion_tokens == 5
    assert reply.usage.prompt_tokens > 5
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens


def test_openai_stream_adds_up_to_the_whole_reply(openai_client):
    request = {"model": "smollm2:135m", "temperature": 0, "seed": 1, "max_tokens": 12,
               "messages": [{"role": "user", "content": "Count from one to five."}]}
    chunks = list(openai_client.chat.completions.create(
        **request, stream=True, stream_options={"include_usage": True}))
    assert {c.object for c in chunks} == {"chat.completion.chunk"}
    assert len({c.id for c in chunks}) == 1
    *with_choices, last = chunks
    assert last.choices == [] and last.usage is not None  # include_usage: a last chunk of usage
    pieces = [c.choices[0].delta.content for c in with_choices if c.choices[0].delta.content]
    reasons = [c.choices[0].finish_reason for c in with_choices]
    assert len(pieces) >= 3 and reasons[-1] in ("stop", "length") and not any(reasons[:-1])
    whole = openai_client.chat.completions.create(**request)
    assert "".join(pieces) == whole.choices[0].message.content  # greedy: the same text
    assert last.usage.prompt_tokens == whole.usage.prompt_tokens
    assert last.usage.completion_tokens == whole.usage.completion_tokens >= len(pieces)


def test_openai_stream_is_server_sent_events(ollama_host):
    body = {"model": "smollm2:135m", "max_tokens": 4, "stream": True,
            "messages": [{"role": "user", "content": "Hi."}]}
    request = urllib.request.Request(f"http://{ollama_host}/v1/chat/completions",
                                     data=json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer anything"})
    with urllib.request.urlopen(request) as reply:
        assert reply.headers["Content-Type"].startswith("text/event-stream")
        events = reply.read().decode().split("\n\n")
    assert events[-2:] == ["data: [DONE]", ""]
    assert all(e.startswith("data: {") for e in events[:-2]) and len(events) >= 4
    assert "usage" not in json.loads(events[-3].removeprefix("data: "))  # not asked for


def test_openai_json_schema_response_format(openai_client):
    reply = openai_client.chat.completions.parse(model="smollm2:135m", messages=NOTE,
                                                 temperature=0, max_tokens=48,
                                                 response_format=Record)
    record = reply.choices[0].message.parsed  # parse() raises if the JSON was cut off
    assert isinstance(record, Record) and reply.choices[0].finish_reason == "stop"
    assert list(json.loads(reply.choices[0].message.content)) == ["medication", "dose_mg",
                                                                  "smoker"]
    plain = openai_client.chat.completions.create(
        model="smollm2:135m", messages=NOTE, temperature=0, max_tokens=48,
        response_format={"type": "json_schema",
                         "json_schema": {"name": "record", "schema": Record.model_json_schema(),
                                         "strict": True}})
    assert Record.model_validate_json(plain.choices[0].message.content)
    assert plain.usage.completion_tokens < 48


def test_openai_unknown_model_is_not_found(openai_client):
    with pytest.raises(openai.NotFoundError) as caught:
        openai_client.chat.completions.create(model="llama3.1:8b",
                                              messages=[{"role": "user", "content": "hi"}])
    assert caught.value.status_code == 404
    assert caught.value.body["message"] == 'model "llama3.1:8b" not found, try pulling it first'
    with pytest.raises(openai.NotFoundError):
        openai_client.models.retrieve("llama3.2")


def test_openai_errors_come_in_openais_shape(openai_client):
    with pytest.raises(openai.BadRequestError) as caught:
        openai_client.chat.completions.create(model="smollm2:135m", messages=[])
    assert caught.value.body["type"] == "invalid_request_error"
    bad = {"type": "object", "properties": {"dose_mg": {"type": "integr"}}}
    with pytest.raises(openai.InternalServerError) as caught:
        openai_client.chat.completions.create(
            model="smollm2:135m", messages=NOTE,
            response_format={"type": "json_schema", "json_schema": {"name": "x", "schema": bad}})
    assert caught.value.body == {"message": "invalid JSON schema in format", "type": "api_error",
                                 "param": None, "code": None}


def test_openai_lists_and_retrieves_models(openai_client):
    models = openai_client.models.list().data
    assert sorted(m.id for m in models) == ["nomic-embed-text:latest", "smollm2:135m"]
    assert {(m.object, m.owned_by) for m in models} == {("model", "library")}
    assert all(isinstance(m.created, int) and m.created > 0 for m in models)
    assert openai_client.models.retrieve("smollm2:135m").id == "smollm2:135m"


def test_openai_embeddings_are_unit_vectors(openai_client):
    reply = openai_client.embeddings.create(model="nomic-embed-text",
                                            input=["search_query: cats", "search_query: dogs"])
    assert reply.object == "list" and [d.index for d in reply.data] == [0, 1]
    assert [len(d.embedding) for d in reply.data] == [768, 768]
    assert all(abs(math.hypot(*d.embedding) - 1) < 1e-3 for d in reply.data)
    assert reply.usage.prompt_tokens == reply.usage.total_tokens > 4
    packed = openai_client.embeddings.create(model="nomic-embed-text", input="search_query: cats",
                                             encoding_format="base64").data[0].embedding
    floats = struct.unpack("<768f", base64.b64decode(packed))
    assert max(abs(a - b) for a, b in zip(floats, reply.data[0].embedding)) < 1e-5
