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
    requests = rows(ROOT / "data" / "requests.csv")  # episode 11: small, three labels, none dominant
    assert 20 <= len(requests) <= 30 and set(Counter(r["label"] for r in requests)) == {"waste", "roads", "parks"}
    assert max(Counter(r["label"] for r in requests).values()) < len(requests) / 2
    double = [r for r in requests if r.pop("second_label")]  # a second person labelled the first ones
    assert len(double) >= 10 and {r["id"] for r in double} == {f"r{i:02d}" for i in range(1, len(double) + 1)}
    for name in ["sentiment", "topics", "qa", "translation", "summaries", "requests"]:
        data = rows(ROOT / "data" / f"{name}.csv")
        assert len({r["id"] for r in data}) == len(data), name
        assert all(all(v.strip() for k, v in r.items() if k != "second_label") for r in data), name
    for r in rows(ROOT / "data" / "qa.csv"):  # every answer is a span of its context
        assert r["answer"] in r["text"], r["id"]
    assert "CC BY 4.0" in (ROOT / "data" / "README.md").read_text()


def test_extraction_set():
    """data/extraction.csv: clinic notes and the schema a model fills from each one."""
    path = ROOT / "data" / "extraction.csv"
    raw = path.read_bytes()
    raw.decode("utf-8")
    assert raw.startswith(b"id,text,medication,dose_mg,smoker,age\r\n")
    assert raw.endswith(b"\r\n") and raw.count(b"\n") == raw.count(b"\r\n")  # CRLF only
    data = rows(path)
    assert [r["id"] for r in data] == [f"x{i:03d}" for i in range(1, 41)]
    smoker = Counter(r["smoker"] for r in data)
    assert smoker == {"current": 10, "former": 10, "never": 10, "unknown": 10}
    assert sum(bool(r["medication"]) for r in data) == 32
    assert sum(bool(r["dose_mg"]) for r in data) == 26
    assert sum(bool(r["age"]) for r in data) == 32
    for r in data:
        note, med, dose, age = r["text"], r["medication"], r["dose_mg"], r["age"]
        assert 15 <= len(note.split()) <= 45, r["id"]
        assert 1 <= len(re.findall(r"[.!?](?:\s|$)", note)) <= 3, r["id"]
        if med:  # the lower-case word as it appears in the note
            assert re.fullmatch(r"[a-z]+", med), r["id"]
            assert re.search(rf"\b{med}\b", note, re.IGNORECASE), r["id"]
        if dose:  # written straight after the medication's name, in mg or in g
            assert med and re.fullmatch(r"[1-9]\d*", dose), r["id"]
            grams = re.search(rf"\b{med}\s+(\d+(?:\.\d+)?) g\b", note, re.IGNORECASE)
            if grams:  # "1 g" is 1000 mg
                assert int(dose) == round(float(grams.group(1)) * 1000), r["id"]
            else:
                assert re.search(rf"\b{med}\s+{dose} mg\b", note, re.IGNORECASE), r["id"]
        if age:
            assert re.fullmatch(r"[1-9]\d*", age) and re.search(rf"\b{age}\b", note), r["id"]
    assert sum(bool(re.search(r"\d g\b", r["text"])) for r in data) >= 1  # a dose in grams
    assert any(r["smoker"] == "unknown" and "smok" in r["text"].lower() for r in data)  # someone else smokes
    assert "extraction.csv" in (ROOT / "data" / "README.md").read_text()


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
