#!/usr/bin/env bash
# Runs every row of the results table of docs/erbp.md: eRBP and peRBP on the simulated chip and the
# float RBP and BP baselines, for the five published layer lists, on the bundled split (seed 1), into
# out/erbp-results/<method>-<layers>-e<epochs>/ (results.json, results.csv, report.html, …), then the
# 20-epoch eRBP run of 784-100-10 (continuing its 3-epoch run with --resume) and the float runs of
# 20 epochs. A folder that already holds results.json is skipped, so the script can be re-run after an
# interruption. On a 2-core machine the whole script takes about an hour.
#
#   scripts/erbp-results.sh [nsat binary]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
nsat=${1:-$root/Nsat.Simulator/bin/Release/net10.0/nsat}
out=$root/out/erbp-results
mkdir -p "$out"
cd "$out"

run() { # folder, then the nsat arguments
  local dir=$1
  shift
  if [[ ! -f $dir/results.json ]]; then
    echo "== $dir"
    "$nsat" "$@" --out "$dir"
  fi
}

for layers in 784-100-10 784-200-10 784-500-10 784-200-200-10 784-500-500-10; do
  epochs=1
  [[ $layers == 784-100-10 ]] && epochs=3
  for method in erbp perbp rbp bp; do
    run "$method-$layers-e$epochs" train "$method" --layers "$layers" --epochs "$epochs"
  done
  for method in rbp bp; do
    run "$method-$layers-e20" train "$method" --layers "$layers" --epochs 20
  done
done

if [[ ! -f erbp-784-100-10-e20/results.json ]]; then
  rm -rf erbp-784-100-10-e20
  cp -r erbp-784-100-10-e3 erbp-784-100-10-e20
  "$nsat" train --resume erbp-784-100-10-e20 --epochs 20
fi
