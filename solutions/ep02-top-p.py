"""Solution to exercise ep02-top-p (episode 02-text-generation).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
import torch
from transformers import TemperatureLogitsWarper, TopPLogitsWarper

def next_token_distribution(logits, temperature=1.0, top_p=1.0):
    probs = torch.softmax(logits / temperature, dim=-1)
    sorted_probs, order = probs.sort(descending=True)
    mass_before = sorted_probs.cumsum(dim=0) - sorted_probs  # probability of the better tokens
    sorted_probs[mass_before >= top_p] = 0.0  # keep a token while the mass before it is below p
    kept = torch.zeros_like(probs).scatter(0, order, sorted_probs)
    return kept / kept.sum()

mine = next_token_distribution(logits, temperature=0.7, top_p=0.8)
scores = TemperatureLogitsWarper(0.7)(inputs["input_ids"].cpu(), logits.view(1, -1))
scores = TopPLogitsWarper(0.8)(inputs["input_ids"].cpu(), scores)
library = torch.softmax(scores, dim=-1)[0]
assert torch.allclose(mine, library, atol=1e-6)

next_id = torch.multinomial(mine, 1)  # draw one token id, weighted by the probabilities
print(repr(tokenizer.decode(next_id)))

# ---- not shown: checks of what the solution says ----
assert torch.allclose(mine, library, atol=1e-6)
assert 1 <= int((mine > 0).sum()) < mine.numel()  # top-p removed tokens, and kept at least the top one
assert mine.argmax() == logits.argmax()
