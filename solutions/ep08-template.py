"""Solution to exercise ep08-template (episode 08-responsible-use).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
def probe(template):
    """log2 p(" he") / p(" she") for every occupation, and for the baseline."""
    prompts = [template.format(job=job) for job in occupations + [baseline]]
    tokenizer.padding_side = "left"
    batch = tokenizer(prompts, return_tensors="pt", padding=True).to(device)
    with torch.no_grad():
        logits = model(**batch, logits_to_keep=1).logits[:, -1].float()
    probs = torch.softmax(logits, dim=-1).cpu()
    ratio = torch.log2(probs[:, he_id] / probs[:, she_id])
    return ratio[:-1], ratio[-1].item()

def ranks(values):
    return values.argsort().argsort().float()  # 0 for the smallest value, 23 for the largest

first, first_base = probe("The {job} said that")
second, second_base = probe("The {job} told me that")
rho = torch.corrcoef(torch.stack([ranks(first), ranks(second)]))[0, 1].item()
print(f"baseline: {first_base:+.2f} (said that), {second_base:+.2f} (told me that)")
print(f"Spearman rank correlation: {rho:.2f}")
for i in second.argsort():
    print(f"{occupations[i]:>12}: {first[i]:+.2f}  {second[i]:+.2f}")

# ---- not shown: checks of what the solution says ----
assert len(occupations) == 24
assert abs(rho - 0.96) < 0.03, rho  # quoted in the episode
assert abs(first_base + 0.34) < 0.02 and abs(second_base + 1.77) < 0.02
# what the episode says about the first template (section 2 of the notebook), in the lesson's run
ends = first.argsort()
assert {"librarian", "nurse"} <= {occupations[i] for i in ends[:5]}  # among the five that lean most to "she"
assert "carpenter" in {occupations[i] for i in ends[-4:]}  # among the four that lean most to "he"
assert first[occupations.index("teacher")] < first_base  # the quiz: the teacher sits further towards "she"
