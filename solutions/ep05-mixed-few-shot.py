"""Solution to exercise ep05-mixed-few-shot (episode 05-nlp-tasks).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
sentiment_examples = [
    ("I love this lamp, it lights the whole room.", "positive"),
    ("The umbrella turned inside out in the first gust and snapped.", "negative"),
    ("The bike is light and quick, but the brakes squeal on every hill.", "mixed"),
]
test_texts = {r["text"] for r in sentiment}
assert not any(text in test_texts for text, _ in sentiment_examples)  # never test on your examples

def few_shot(text):
    chat = [{"role": "system", "content": three_instruction}]
    for example, label in sentiment_examples:
        chat += [{"role": "user", "content": f"Text: {example}"},
                 {"role": "assistant", "content": label}]
    return chat + [{"role": "user", "content": f"Text: {text}"}]

scores = label_scores([few_shot(r["text"]) for r in sentiment], three_labels)  # shape (72, 3)
predicted = [three_labels[i] for i in scores.argmax(dim=1)]
result = evaluate(predicted, three_gold, three_labels)
print(f"few-shot: accuracy {result['accuracy']:.0%}, macro-F1 {result['macro_f1']:.2f}")
print(result["matrix"])  # rows: true label, columns: predicted label

# ---- shown: part 2 ----
baseline = label_scores([few_shot("N/A")], three_labels)  # shape (1, 3)
calibrated = scores - baseline                             # broadcasts over the 72 rows
predicted = [three_labels[i] for i in calibrated.argmax(dim=1)]
calibrated_result = evaluate(predicted, three_gold, three_labels)
print(f"calibrated: accuracy {calibrated_result['accuracy']:.0%}, macro-F1 {calibrated_result['macro_f1']:.2f}")

# ---- not shown: checks of what the solution says ----
assert result["matrix"].sum() == calibrated_result["matrix"].sum() == len(sentiment) == 72
print(f"few-shot: {result['accuracy']:.2f} {result['macro_f1']:.2f}; "
      f"calibrated: {calibrated_result['accuracy']:.2f} {calibrated_result['macro_f1']:.2f}")
assert result["matrix"][:, 2].sum() == 72  # the lesson's run: every review labelled mixed
assert results["three labels"]["matrix"][:, 2].sum() == 72  # "like the zero-shot prompt"
assert abs(result["macro_f1"] - 0.10) < 0.01
assert abs(results["three labels, always 'positive'"]["macro_f1"] - 0.20) < 0.01
assert abs(calibrated_result["accuracy"] - 0.53) <= 1 / 72 and abs(calibrated_result["macro_f1"] - 0.40) < 0.02
