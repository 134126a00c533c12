"""A notebook's model load makes no Hub request when the model is on disk, even with `peft`
installed and HF_HUB_OFFLINE unset (a learner's laptop in a classroom without network).

transformers 5.23 looks for a LoRA adapter (adapter_config.json) whenever peft is installed, and
does not pass `local_files_only` on to that lookup: offline, each load waited about 25 s on
retries. The notebooks pass `adapter_kwargs={"local_files_only": ...}`; this runs notebook 1's
load cell as written, in a fresh Python without HF_HUB_OFFLINE, with the Hub's address pointing
at a closed port, and records every HTTP request.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from llm_lesson import models, servers

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
MODEL_ID = "HuggingFaceTB/SmolLM2-135M-Instruct"

PROBE = '''
import json, sys, time
import httpx
requests = []
_send = httpx.Client.send
def send(self, request, *args, **kwargs):
    requests.append(str(request.url))
    return _send(self, request, *args, **kwargs)
httpx.Client.send = send
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer
model_id, local_only, dtype, device = sys.argv[1], True, torch.float32, "cpu"
started = time.monotonic()
exec(sys.argv[2])
print(json.dumps({"seconds": time.monotonic() - started, "requests": requests,
                  "parameters": model.num_parameters()}))
'''


def load_cell() -> str:
    nb = json.loads((ROOT / "notebooks" / "01-introduction.ipynb").read_text())
    return next("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"
                and "AutoModelForCausalLM.from_pretrained(" in "".join(c["source"])
                and "import torch" not in "".join(c["source"]))


def test_peft_is_installed():
    import peft  # noqa: F401  (the lookup happens only with peft installed, as on Colab)


def test_model_load_without_network_asks_the_hub_nothing():
    if not models.model_on_disk(MODEL_ID):
        pytest.fail("SmolLM2 is not provisioned: run `python -m llm_lesson.models provision`")
    cell = load_cell()
    load = "\n".join(line for line in cell.splitlines()
                     if line.startswith(("tokenizer =", "model =")) or line.startswith(" "))
    assert "adapter_kwargs" in load
    env = {k: v for k, v in os.environ.items() if k != "HF_HUB_OFFLINE"}
    env["HF_ENDPOINT"] = f"http://127.0.0.1:{servers.free_port()}"  # nothing listens: no network
    result = subprocess.run([sys.executable, "-c", PROBE, MODEL_ID, load], capture_output=True, text=True,
                            env=env, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["parameters"] > 100_000_000
    to_the_model = [url for url in report["requests"] if MODEL_ID in url]
    assert to_the_model == [], to_the_model
    assert report["seconds"] < 10, report
