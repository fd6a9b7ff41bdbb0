#!/usr/bin/env bash
# Runs every golden vector of traces/reference through one nsat binary and compares each output file
# the reference wrote (events, states, final weights, shared memory, statistics; not the diagnostic
# parameter dump sim_cpms.dat, which Nsat does not write) byte for byte, as the test suite does; for
# the multi-core routing vectors the race-free outputs (race_free/) are the expected ones. Meant for a
# binary the test suite does not run itself, such as the natively compiled one:
#
#   scripts/check-golden.sh out/nsat-native/nsat
#   scripts/check-golden.sh Nsat.Simulator/bin/Release/net10.0/nsat.dll   # a .dll runs on dotnet
#
# Prints one line per vector and exits 1 if any file differs or is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:?usage: scripts/check-golden.sh path/to/nsat-or-nsat.dll}
launch=("$binary")
[[ $binary == *.dll ]] && launch=(dotnet "$binary")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
inputs='_(params|nsat_params_map|lrn_params_map|ptr_table_core_[0-9]+|wgt_table_core_[0-9]+|ext_events_core_[0-9]+|l1_conn)\.dat$'
failed=0 vectors=0
for dir in traces/reference/*/; do
  dir=${dir%/}
  name=$(basename "$dir")
  ls "$dir"/sim_params.dat* > /dev/null 2>&1 || continue
  vectors=$((vectors + 1))
  out=$work/$name
  if ! "${launch[@]}" run "$dir" --out "$out" --quiet > "$work/$name.log" 2>&1; then
    echo "FAIL $name: nsat exited with an error: $(head -c 300 "$work/$name.log")"
    failed=1
    continue
  fi

  compared=0 bad=()
  for f in "$dir"/sim_*; do
    plain=$(basename "$f" .gz)
    # Inputs, and the reference's diagnostic text dump of the parameters (Nsat does not write it).
    [[ $plain =~ $inputs || $plain == sim_cpms.dat ]] && continue
    expected=$f
    [ -e "$dir/race_free/$(basename "$f")" ] && expected=$dir/race_free/$(basename "$f")
    if [ ! -e "$out/$plain" ]; then
      bad+=("$plain (not written)")
    elif ! cmp -s <(if [[ $expected == *.gz ]]; then gunzip -c "$expected"; else cat "$expected"; fi) "$out/$plain"; then
      bad+=("$plain")
    fi

    compared=$((compared + 1))
  done

  if [ ${#bad[@]} -gt 0 ]; then
    echo "FAIL $name: ${bad[*]}"
    failed=1
  else
    echo "ok   $name ($compared files)"
  fi
done

echo "$vectors vectors, $([ $failed = 0 ] && echo "all identical" || echo "some differ")"
exit $failed
