"""The Ollama stand-in, driven by the clients the lesson uses: `ollama` and langchain-ollama."""

import json
import math
import urllib.request

import ollama
import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_ollama import ChatOllama, OllamaEmbeddings

GREEDY = {"temperature": 0, "num_predict": 12, "seed": 1}


@pytest.fixture(scope="module")
def client(ollama_host):
    return ollama.Client(host=f"http://{ollama_host}")


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

