"""Solution to exercise ep02-tokens (episode 02-text-generation).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
for word in ["hippopotamus", "unbelievably", "photosynthesis"]:
    ids = tokenizer(" " + word)["input_ids"]  # inside a sentence, a word starts with a space
    print(word, len(ids), tokenizer.convert_ids_to_tokens(ids))

for text in [
    "The children walked to the old library after school.",
    "Lapset kävelivät koulun jälkeen vanhaan kirjastoon.",  # the same in Finnish
]:
    ids = tokenizer(text)["input_ids"]
    print(len(ids), f"tokens, {len(ids) / len(text.split()):.2f} per word: {text}")

# ---- not shown: checks of what the solution says ----
def n_tokens(text):
    return len(tokenizer(text)["input_ids"])

assert tokenizer.convert_ids_to_tokens(tokenizer(" hippopotamus")["input_ids"]) == ["Ġhipp", "opotam", "us"]
assert n_tokens(" unbelievably") == 3 and n_tokens(" photosynthesis") == 1
english = "The children walked to the old library after school."
finnish = "Lapset kävelivät koulun jälkeen vanhaan kirjastoon."
assert (n_tokens(english), n_tokens(finnish)) == (10, 25)
assert f"{10 / 9:.2f} {25 / 6:.2f}" == "1.11 4.17"
assert 8192 / 25 * 10 / 8192 == 0.4  # Finnish fills the context 2.5 times as fast
