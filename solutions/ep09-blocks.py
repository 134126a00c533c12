"""Solution to exercise ep09-blocks (episode 09-adapting).

The episode shows the parts between the "shown" markers; the tests run the whole file, checks
included, in the notebook's run (nbval)."""

# ---- shown: part 1 ----
block_rows = {}
for block in [32, 128, 576]:
    model = quantise_(load_model(), 4, block=block)
    scales_mb = layer_params / block * 2 / 1e6  # one 16-bit scale per block
    acc, low, high, _ = accuracy(model)
    block_rows[block] = (scales_mb, perplexity(model), acc)
    print(f"blocks of {block:>3}: scales {scales_mb:.1f} MB, perplexity {perplexity(model):.1f}, "
          f"accuracy {acc:.0%} ({low:.0%} to {high:.0%})")

# ---- not shown: checks of what the solution says ----
# 16 bits of scale per 32 weights of 4 bits: the scales add 1/8 to the 4-bit layers
assert abs(block_rows[32][0] / (layer_params * 4 / 8 / 1e6) - 1 / 8) < 1e-9
assert block_rows[32][0] - block_rows[576][0] < 7  # bigger blocks save only a few MB of scales
assert block_rows[32][1] < block_rows[128][1] < block_rows[576][1]  # and cost perplexity every time
assert block_rows[576][2] <= 0.55  # blocks of 576: accuracy down to guessing
# what the episode says of section 5's table
float32_ppl, float32_low, float32_high = table["float32"][3], table["float32"][5], table["float32"][6]
assert abs(table["bfloat16"][3] / float32_ppl - 1) < 0.02 and abs(table["8-bit blocks"][3] / float32_ppl - 1) < 0.02
assert table["4-bit blocks"][3] > 1.2 * float32_ppl  # 4 bits: perplexity clearly up ...
assert float32_low <= table["4-bit blocks"][4] <= float32_high  # ... accuracy within float32's interval
assert max(table["3-bit blocks"][4], table["2-bit blocks"][4]) <= 0.55  # 3 and 2 bits: guessing
assert len(heldout_ids[0]) == 82  # the quiz's "82 tokens"
assert f"{block_rows[32][0]:.1f}" == "6.6"  # the solution's "6.6 MB here"
assert lora_parameters(1) == 30 * 10_176  # the episode's "10,176 parameters per rank per layer"
