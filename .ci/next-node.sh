#!/usr/bin/env bash
# Runs with another Node first on PATH, after the main run installed and built: the unit tests of the library's
# layers (no browser, notebook, open_clip, slide or command-line fault runs), notebook 00 through the real kernel,
# and a short training.
set -euo pipefail
cd "$(dirname "$0")/.."
node --version
node bin/clip-workshop.js kernel >/dev/null  # the kernelspec names this Node
npx jest --selectProjects kernels plain-wasm -- \
  test/runtime test/data test/text test/models test/train test/eval test/recipes test/kernels test/charts test/quiz
out=$(mktemp -d)
node bin/clip-workshop.js notebooks 00 --out "$out/executed" --json | tail -n 1
node bin/clip-workshop.js train --dataset shapes --steps 30 --seed 1 --out "$out/model" --json | tail -n 1
rm -rf "$out"
