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

# the rule's 6 = 2 forwards + 4 backwards assumes every parameter is trained (the notebook's fine-tuning froze most,
# and still paid the backward pass through the frozen output layer): count one fully trained step of the model
from torch.utils.flop_counter import FlopCounterMode

for parameter in model.parameters():
    parameter.requires_grad = True
ids, labels = examples[0]
with FlopCounterMode(display=False) as counter:
    model(input_ids=ids.to(device), labels=labels.to(device)).loss.backward()
model.zero_grad()
assert abs(counter.get_total_flops() / (6 * model.num_parameters() * ids.numel()) - 1) < 0.02
assert abs(counted / estimated - 1) < 0.02  # the fine-tuning estimate of section 6, checked the same way
