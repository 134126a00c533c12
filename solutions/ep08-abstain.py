"""Solution to exercise ep08-abstain (episode 08-responsible-use).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
for threshold in (0.3, 0.5, 0.7):
    answered = [correct for confidence, correct in results if confidence >= threshold]
    coverage = len(answered) / len(results)
    accuracy = sum(answered) / len(answered) if answered else float("nan")
    print(f"threshold {threshold}: answers {len(answered)} of {len(results)} ({coverage:.0%}), "
          f"{sum(answered)} of them right ({accuracy:.0%})")

# ---- not shown: checks of what the solution says ----
table = {}
for threshold in (0.3, 0.5, 0.7):
    answered = [correct for confidence, correct in results if confidence >= threshold]
    table[threshold] = (len(answered), sum(answered))
assert table == {0.3: (20, 15), 0.5: (16, 13), 0.7: (9, 8)}, table  # the episode's table
wrong_but_sure = [q for (q, _), (p, ok) in zip(facts, results) if p >= 0.7 and not ok]
assert wrong_but_sure == ["What is the square root of 144?"], wrong_but_sure  # "the confident 144"
mona_lisa = "Who painted the Mona Lisa?"
assert "Michelangelo" in answer_of[mona_lisa]  # the episode: "names Leonardo da Vinci and then Michelangelo"
assert results[[question for question, _ in facts].index(mona_lisa)][1]  # "That counted as right."
