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
assert "Riverside" in answer("What is the capital of France?")  # France answered about Riverside
