"""Solution to exercise ep07-tune (episode 07-rag).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
def make_graph(store, k):
    def retrieve_k(state: RAGState):
        found = store.similarity_search_with_score(state["question"], k=k)
        return {"chunks": [d for d, _ in found], "scores": [s for _, s in found]}
    builder = StateGraph(RAGState)
    builder.add_node("retrieve", retrieve_k)
    builder.add_node("generate", generate)
    builder.add_edge(START, "retrieve")
    builder.add_edge("retrieve", "generate")
    builder.add_edge("generate", END)
    return builder.compile()

two_article = next(q for q in answerable if ";" in q["articles"])
hits = {}
for chunk_size, (trial, _) in sorted(trials.items()):  # section 4's stores: chunks of 250, 500, 1000
    hits[chunk_size] = recall_at_k(trial, answerable, ks=[1, 3, 5])
    print(f"chunk size {chunk_size}: " + ", ".join(f"hit@{k} {r:.0%}" for k, r in hits[chunk_size].items()))

store_500 = trials[500][0]
for k in (1, 3, 5):
    result = make_graph(store_500, k).invoke({"question": two_article["question"]})
    length = sum(len(c.page_content) for c in result["chunks"])
    print(f"chunks of 500, k={k}: {length} characters of sources: {result['answer'].splitlines()[0]}")
print("reference:", two_article["answer"])

# ---- not shown: checks of what the solution says ----
assert sorted(hits) == [250, 500, 1000]
for chunk_size, hit in hits.items():
    assert hit[1] <= hit[3] <= hit[5], (chunk_size, hit)
    assert hit[1] <= 24 / 28  # four of the 28 questions need two articles
assert sum(";" in q["articles"] for q in answerable) == 4 and len(answerable) == 28
assert hits[500][3] == 1.0  # k = 3 with chunks of 500 characters finds every needed article
