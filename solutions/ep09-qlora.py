"""Solution to exercise ep09-qlora (episode 09-adapting).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval)."""

# ---- shown: part 1 ----
base_4bit = quantise_(load_model(), 4)
qlora = fine_tune(get_peft_model(base_4bit, lora_config), lr=1e-3)
report("LoRA on the 4-bit model", qlora)
float32_lora = results["LoRA, r = 8"]
for name, r in [("float32 base", float32_lora), ("4-bit base", qlora)]:
    print(f"{name}: loss on the first six examples {sum(r['losses'][:6]) / 6:.2f}, "
          f"on their second pass {sum(r['losses'][-6:]) / 6:.2f}")

# ---- not shown: checks of what the solution says ----
assert qlora["trained"] == float32_lora["trained"]  # the same adapter; only the frozen base differs
assert sum(qlora["losses"][-6:]) < sum(qlora["losses"][:6])  # it learns
assert qlora["answer"].startswith("Riverside fact:"), qlora["answer"]  # the habit, on a 4-bit base
