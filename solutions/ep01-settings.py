"""Solution to exercise ep01-settings (episode 01-introduction).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
# messages: the chat from the generation cell
for n in (5, 200):
    out = generator(messages, max_new_tokens=n, do_sample=False)
    print(n, repr(out[0]["generated_text"][-1]["content"]))

for run in range(2):
    out = generator(messages, max_new_tokens=60, do_sample=True, temperature=1.5)
    print(run, out[0]["generated_text"][-1]["content"])

# ---- not shown: checks of what the solution says ----
short = generator(messages, max_new_tokens=5, do_sample=False)[0]["generated_text"][-1]["content"]
assert len(tokenizer(short)["input_ids"]) <= 5  # cut off after 5 tokens
again = generator(messages, max_new_tokens=60, do_sample=True, temperature=1.5)[0]["generated_text"][-1]["content"]
assert again != out[0]["generated_text"][-1]["content"]  # sampling takes a different path each time
