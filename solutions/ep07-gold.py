"""Solution to exercise ep07-gold (episode 07-rag).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
new_questions = [
    {"id": "n01", "question": "What does a loaf of the award-winning rye bread cost?",
     "articles": "spring-07", "answer": "6.80 euros"},
    {"id": "n02", "question": "How much of the marathon money was left after the lifeboat bought its camera?",
     "articles": "spring-10;summer-05", "answer": "4,600 euros (36,400 minus 31,800)"},
    {"id": "n03", "question": "How much does a swim at the Gull Cove outdoor pool cost?",
     "articles": "", "answer": "not in the corpus"},
]
new_answerable = [q for q in new_questions if q["articles"]]   # recall needs gold articles
print(recall_at_k(store, new_answerable, ks=[3]))

for q in new_questions:
    result = rag.invoke({"question": q["question"]})
    print(f"{q['question']}  (best similarity {max(result['scores']):.2f})")
    print("  ", result["answer"].splitlines()[0], "| reference:", q["answer"])

# ---- not shown: checks of what the solution says ----
text = {a.metadata["article"]: a.page_content for a in articles}
assert "Wend Rye" in text["spring-07"] and "6.80 euros" in text["spring-07"]
assert "36,400" in text["spring-10"] + text["summer-05"] and "31,800" in text["spring-10"] + text["summer-05"]
assert not any(re.search(r"(?<![\d,])4,600", t) for t in text.values())  # in no article: a subtraction
assert any("Gull Cove" in t for t in text.values())
