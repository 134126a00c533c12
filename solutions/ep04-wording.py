"""Solution to exercise ep04-wording (episode 04-prompting).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
def measure(chats):
    outputs = generator(chats, max_new_tokens=4, do_sample=False, batch_size=16)
    predicted = [first_label(o[0]["generated_text"][-1]["content"]) for o in outputs]
    correct = sum(p == r["label"] for p, r in zip(predicted, reviews))
    print(f"accuracy {correct / len(reviews):.0%}, {predicted.count('none')} replies without a label")
    return correct / len(reviews)

# A new wording: the answer format first and last, the review in between.
template = ("Answer with one word, positive or negative.\n"
            "Review: {text}\n"
            "Sentiment, in one word:")
new_wording = measure([[{"role": "user", "content": template.format(text=r["text"])}] for r in reviews])

# Few-shot: the best wording as a system message, two worked examples as chat turns.
examples = [
    {"role": "system", "content": "Classify the sentiment of the review as positive or negative. "
                                  "Answer with one word."},
    {"role": "user", "content": "Review: Absolutely loved it, I would buy it again."},
    {"role": "assistant", "content": "positive"},
    {"role": "user", "content": "Review: It broke after two days and support never answered."},
    {"role": "assistant", "content": "negative"},
]
few_shot_accuracy = measure([examples + [{"role": "user", "content": f"Review: {r['text']}"}] for r in reviews])

# ---- not shown: checks of what the solution says ----
assert abs(new_wording - 0.15) <= 1 / 60 and abs(few_shot_accuracy - 0.53) <= 1 / 60  # quoted in the episode
assert round(1.96 * (0.77 * 0.23 / 60) ** 0.5 * 100) == 11  # "uncertain by roughly ±11 points"
chats = [[{"role": "user", "content": template.format(text=r["text"])}] for r in reviews]
replies = generator(chats, max_new_tokens=4, do_sample=False, batch_size=16)
assert [first_label(o[0]["generated_text"][-1]["content"]) for o in replies].count("none") == 42  # "42 of the 60"
# what the episode says about the notebook's four wordings (section 6), in the lesson's run
ranked = sorted(accuracy, key=accuracy.get)  # worst first
assert ranked[-1] == "one-word instruction" and ranked[0] == "role and format", ranked  # the figure, the quiz
assert ranked[0] == max(phrasings, key=lambda name: len(phrasings[name]))  # "the longest ... did worst"
for name in ranked[:2]:  # "the two worst wordings lost most of their points to replies that named no label"
    assert no_label[name] > (1 - accuracy[name]) * len(reviews) / 2, name
