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
