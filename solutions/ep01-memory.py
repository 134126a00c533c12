"""Solution to exercise ep01-memory (episode 01-introduction).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
params = 7e9
print(params * 2 / 1e9, "GB in bfloat16")  # 14.0
print(params * 0.5 / 1e9, "GB at 4 bits")   # 3.5

# ---- not shown: checks of what the solution says ----
assert params * 2 / 1e9 == 14.0 and params * 0.5 / 1e9 == 3.5
