"""Solution to exercise ep03-cost (episode 03-training).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval; for notebooks 6 and 7, tests/test_colab.py)."""

# ---- shown: part 1 ----
flops = 6 * 7e9 * 2e12                 # 8.4e22 FLOPs
seconds = flops / (989e12 * 0.40)      # about 2.1e8 GPU-seconds
gpu_hours = seconds / 3600             # about 59,000 GPU-hours
days_on_100 = gpu_hours / 100 / 24     # about 25 days
print(f"{flops:.1e} FLOPs, {gpu_hours:,.0f} GPU-hours, {days_on_100:.0f} days on 100 GPUs")

# ---- not shown: checks of what the solution says ----
assert f"{flops:.1e}" == "8.4e+22" and round(gpu_hours, -3) == 59_000 and round(days_on_100) == 25
assert round(2e12 / 7e9, -1) == 290  # tokens per parameter
