"""Solution to exercise ep09-qv (episode 09-adapting).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval)."""

# ---- shown: part 1 ----
qv_modules = ["q_proj", "v_proj"]
print(f"predicted: {lora_parameters(8, qv_modules):,} parameters")
qv_config = LoraConfig(r=8, lora_alpha=16, target_modules=qv_modules, lora_dropout=0.0, task_type="CAUSAL_LM")
qv = fine_tune(get_peft_model(load_model(), qv_config), lr=1e-3)
report("LoRA on q and v, r = 8", qv)
first, last = (sum(part) / 6 for part in (qv["losses"][:6], qv["losses"][-6:]))  # the same six examples
print(f"mean loss {first:.2f} -> {last:.2f} (all seven projections: see section 2)")

# ---- not shown: checks of what the solution says ----
# 30 layers x 8 x ((576 + 576) for q + (576 + 192) for v)
assert qv["trained"] == lora_parameters(8, qv_modules) == 30 * 8 * (1152 + 768) == 460_800
assert results["LoRA, r = 8"]["trained"] / qv["trained"] > 5  # about a fifth of the parameters
assert last < first  # it still learns
# what the episode says of section 2's run: full fine-tuning falls slowest, no method learnt the fact
loss_after = {name: sum(r["losses"][-6:]) / 6 for name, r in results.items()}
assert loss_after["full"] > max(loss_after["last 8 layers"], loss_after["LoRA, r = 8"])
assert not any("24,000" in r["answer"] for r in results.values())
assert results["LoRA, r = 8"]["answer"].startswith("Riverside fact:")
assert results["full"]["state_mb"] == n_params * 12 / 1e6  # 12 bytes of training state per parameter
