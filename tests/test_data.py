"""The data the lesson ships: labelled sets in data/ and the retrieval corpus in rag_data/."""

import csv
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_labelled_sets_are_large_enough_and_clean():
    sentiment = rows(ROOT / "data" / "sentiment.csv")
    topics = rows(ROOT / "data" / "topics.csv")
    assert len(sentiment) >= 50 and len(topics) >= 50
    assert set(Counter(r["label"] for r in sentiment)) == {"positive", "negative", "mixed"}
    assert sum(r["sarcastic"] == "yes" for r in sentiment) >= 5
    assert len(set(Counter(r["label"] for r in topics).values())) == 1  # balanced classes
    requests = rows(ROOT / "data" / "requests.csv")  # episode 10: small, three labels, none dominant
    assert 20 <= len(requests) <= 30 and set(Counter(r["label"] for r in requests)) == {"waste", "roads", "parks"}
    assert max(Counter(r["label"] for r in requests).values()) < len(requests) / 2
    for name in ["sentiment", "topics", "qa", "translation", "summaries", "requests"]:
        data = rows(ROOT / "data" / f"{name}.csv")
        assert len({r["id"] for r in data}) == len(data), name
        assert all(all(v.strip() for v in r.values()) for r in data), name
    for r in rows(ROOT / "data" / "qa.csv"):  # every answer is a span of its context
        assert r["answer"] in r["context"], r["id"]
    assert "CC BY 4.0" in (ROOT / "data" / "README.md").read_text()


def articles():
    found = {}
    for path in sorted((ROOT / "rag_data").glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n---\n"):
            header, _, body = block.strip().partition("\n\n")
            fields = dict(line.split(": ", 1) for line in header.splitlines())
            assert {"id", "title", "date"} <= set(fields), path.name
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", fields["date"])
            assert fields["id"] not in found
            found[fields["id"]] = body
    return found


def test_rag_corpus_and_gold_questions():
    corpus = articles()
    assert len(corpus) >= 15
    assert all(80 <= len(body.split()) <= 400 for body in corpus.values())
    questions = rows(ROOT / "rag_data" / "questions.csv")
    assert len(questions) >= 25
    assert len({q["id"] for q in questions}) == len(questions)
    for q in questions:
        ids = [a for a in q["articles"].split(";") if a]
        assert all(a in corpus for a in ids), q["id"]
        assert q["answer"].strip(), q["id"]
    assert sum(not q["articles"] for q in questions) >= 1  # at least one the corpus cannot answer
    injected = [i for i, body in corpus.items() if "Ignore all previous instructions" in body]
    assert injected == ["summer-07"]  # the prompt-injection example of episode 7
    assert "CC BY 4.0" in (ROOT / "rag_data" / "README.md").read_text()
