"""Solution to exercise ep10-zero-shot (episode 10-structured-output).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval)."""

# ---- shown: part 1 ----
zero_shot = generate([messages(note, examples=[]) for note in notes], processor=FollowTemplate)
results["no example"] = [parse(reply)[0] for reply in zero_shot]
print(f"valid: {sum(r is not None for r in results['no example'])} of {len(notes)}")
print("first reply:", zero_shot[0])
for key in FIELDS:
    (p0, r0), (p2, r2) = scores(results["no example"], key), scores(results["constrained"], key)
    print(f"{key:<11} precision {p0:>4.0%} (with the examples {p2:>4.0%}), recall {r0:>4.0%} ({r2:>4.0%})")

# ---- not shown: checks of what the solution says ----
assert all(r is not None for r in results["no example"])  # the template still makes every reply valid
lower = [key for key in FIELDS if scores(results["no example"], key)[1] < scores(results["constrained"], key)[1]]
assert len(lower) >= 3, lower  # "recall falls for at least three of the four fields"

# ---- not shown: checks of what the episode says of the notebook's own run ----
assert fixed <= len(retry) // 5  # "the retry did not help"
assert all(r is not None for r in results["constrained"])  # every constrained reply is valid
for key in FIELDS:  # "constrained decoding raised every field's recall"
    assert scores(results["constrained"], key)[1] > scores(results["prompt only"], key)[1], key
assert flagged["medication"][1] == 0  # "it flagged no right value"
assert flagged["dose_mg"][0] / wrong["dose_mg"] < flagged["medication"][0] / wrong["medication"]  # dose: weaker
assert sum(right_tool) >= 12  # "a 135M model picks tools well from plain requests"
assert len(tokenizer) == 49_152  # "each of the 49,152 tokens in its vocabulary"
assert attack_rates["injected, read-only tools"] == 0  # a rule, not a request
assert attack_rates["injected, warning in the prompt"] > attack_rates["injected"]  # the warning did not help
