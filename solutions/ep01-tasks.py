"""Solution to exercise ep01-tasks (episode 01-introduction).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
prompts = [
    "Translate into French: The library opens at nine.",
    "Classify the sentiment of this review as POSITIVE or NEGATIVE. "
    "Answer with one word. Review: 'The battery died after one day. Useless.'",
    "Summarise in one sentence: The river flooded on Monday. "
    "Two bridges were closed. Schools reopened on Thursday.",
    "What is the largest planet in the Solar System?",
]

for prompt in prompts:
    chat = [{"role": "user", "content": prompt}]  # its own name: `messages` stays the generation cell's chat
    reply = generator(chat, max_new_tokens=40, do_sample=False)
    print(prompt)
    print("->", reply[0]["generated_text"][-1]["content"])
    print()

# ---- not shown: checks of what the solution says ----
assert len(prompts) == 4 and reply[0]["generated_text"][-1]["role"] == "assistant"
# the next exercise (ep01-settings) reuses the generation cell's chat: this solution must leave it alone
assert messages[-1]["content"] == "Explain in two sentences what a language model is."
