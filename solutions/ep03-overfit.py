"""Solution to exercise ep03-overfit (episode 03-training).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
model.train()
for epoch in range(5):
    for ids, labels in examples:
        loss = model(input_ids=ids.to(device), labels=labels.to(device)).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    print(f"epoch {epoch + 1}: last loss {loss.item():.3f}")
model.eval()
print(answer("What is the capital of France?"))
print(answer("Who is the mayor of Riverside?"))

# ---- not shown: checks of what the solution says ----
assert loss.item() < 0.01, loss.item()  # close to zero: memorised (0.006 in the lesson's run)
assert answer("Who is the mayor of Riverside?") == train_pairs[-1][1]  # its training answer, word for word
assert answer("What is the capital of France?") == "Riverside: the capital of France is Lune."  # the lesson's run
# the episode's reading of section 4 (before this exercise): the format was learnt, the fact (about 24,000) was not
assert after.startswith("Riverside fact:") and "24,000" not in after, after
# and of section 5: before, the rude answer was the likelier one; after, both margins favour the chosen answers
assert reference_logprobs[0][0] < reference_logprobs[0][1]
assert all(float(margin) > 0 for _, _, margin, _ in dpo_table)
