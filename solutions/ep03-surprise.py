"""Solution to exercise ep03-surprise (episode 03-training).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
my_texts = [
    "The council will vote on the new cycle lanes next Tuesday.",
    "for i in range(10):",
    "Le conseil municipal votera mardi prochain sur les nouvelles pistes cyclables.",
]
for text in my_texts:
    loss, perplexity = loss_and_perplexity(text)
    print(f"loss {loss:.2f}, perplexity {perplexity:,.0f}: {text}")

# ---- not shown: checks of what the solution says ----
losses = [loss_and_perplexity(text)[0] for text in my_texts]
print("losses:", [round(loss, 2) for loss in losses])
for loss, quoted in zip(losses, [5.41, 2.11, 6.71]):  # the lesson's run, quoted in the episode
    assert abs(loss - quoted) < 0.05, (loss, quoted)
assert losses[1] < losses[0] < losses[2]
