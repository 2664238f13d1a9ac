#!/usr/bin/env bash
# Times `npm start` on an empty cache and after `prepare-class`, one step after another, and prints the ratio.
# Usage: tools/start-timing.sh [ROUNDS] [OTHER_CHECKOUT]
#   OTHER_CHECKOUT: another clone of the kit (e.g. an older commit, after its npm ci) whose `npm start` is timed
#   in each round right after this one's, on an empty and on a prepared cache, for a side-by-side comparison.
# Every cache is a fresh temporary folder (CLIP_WORKSHOP_CACHE), removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-1}
other=${2:-}
last=$(mktemp)
trap 'rm -f "$last"' EXIT

# Wall seconds of one command, its output kept in $last.
timed() {
  local start=$SECONDS
  "$@" >"$last" 2>&1 || { echo "failed: $* (see $last)" >&2; cat "$last" >&2; exit 1; }
  echo $((SECONDS - start))
}
# Seconds per notebook from the "ok in N s" lines of the last run.
per_notebook() { grep -o 'ok in [0-9.]* s' "$last" | awk '{printf "%s ", $3}'; }

for round in $(seq 1 "$rounds"); do
  empty=$(mktemp -d) prepared=$(mktemp -d) older=$(mktemp -d) older_prepared=$(mktemp -d)
  echo "round $round (load $(cut -d' ' -f1 /proc/loadavg))"
  cold=$(CLIP_WORKSHOP_CACHE=$empty timed npm start)
  echo "  npm start, empty cache:       $cold s   per notebook: $(per_notebook)"
  if [ -n "$other" ]; then
    tag=$(cd "$other" && git log --oneline -1 | cut -c1-7)
    old=$(cd "$other" && CLIP_WORKSHOP_CACHE=$older timed npm start)
    echo "  $tag npm start, empty cache: $old s   per notebook: $(per_notebook)"
  fi
  prep=$(CLIP_WORKSHOP_CACHE=$prepared timed node bin/clip-workshop.js prepare-class)
  echo "  prepare-class, empty cache:   $prep s"
  warm=$(CLIP_WORKSHOP_CACHE=$prepared timed npm start)
  echo "  npm start, prepared cache:    $warm s   per notebook: $(per_notebook)"
  echo "  prepared / empty: $(awk -v a="$warm" -v b="$cold" 'BEGIN { printf "%.2f", a / b }')"
  if [ -n "$other" ]; then
    (cd "$other" && CLIP_WORKSHOP_CACHE=$older_prepared timed node bin/clip-workshop.js prepare-class) >/dev/null
    old_warm=$(cd "$other" && CLIP_WORKSHOP_CACHE=$older_prepared timed npm start)
    echo "  $tag npm start, prepared cache: $old_warm s   per notebook: $(per_notebook)"
    echo "  this / $tag: empty $(awk -v a="$cold" -v b="$old" 'BEGIN { printf "%.2f", a / b }'), prepared $(awk -v a="$warm" -v b="$old_warm" 'BEGIN { printf "%.2f", a / b }')"
  fi
  rm -rf "$empty" "$prepared" "$older" "$older_prepared"
done
