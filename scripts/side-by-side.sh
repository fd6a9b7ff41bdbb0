#!/usr/bin/env bash
# Times the reference program and one or more nsat builds side by side on reference-format inputs,
# alternating run by run, and reports wall and CPU (user + system) seconds per run and the median over
# the rounds of the per-round ratios reference / nsat. CPU time changes less than wall time when
# other work shares the machine; nsat's counts its helper threads too (JIT, output writers), so its
# CPU ratio is the lower one. Every output file the reference wrote (events, final weights, shared
# memory, statistics) is compared byte for byte with each nsat run's.
#
#   scripts/side-by-side.sh ROUNDS path/to/run_any_test INPUT_DIR...
#
# INPUT_DIR holds <prefix>_params.dat and its siblings, prefix "sim". Gzipped files are unpacked once,
# before the first round, and both programs read the same unpacked files (nsat could read the .gz
# files itself, but would then pay for the unpacking the reference does not do); NSAT_PACKED=1 runs
# nsat on INPUT_DIR as it is instead. A multi-core input uses run_any_test_racefree from beside
# run_any_test when it is there.
# NSAT lists the builds as label=path-to-nsat.dll pairs, default the plain build; a path that is not a
# .dll is started as it is (the natively compiled nsat of scripts/publish.sh --native):
#   NSAT="before=old/nsat.dll after=Nsat.Simulator/bin/Release/net10.0/nsat.dll native=out/nsat-native/nsat" scripts/side-by-side.sh 5 ...
# NSAT_ARGS adds options to every nsat run (default: --threads 1).
set -euo pipefail
rounds=$1 reference=$2
shift 2
builds=${NSAT:-"nsat=Nsat.Simulator/bin/Release/net10.0/nsat.dll"}
args=${NSAT_ARGS:-"--threads 1"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results=$work/results.txt
: > "$results"
# Each input unpacked once: $work/in/<position>/ holds its .dat files.
position=0
for input in "$@"; do
  position=$((position + 1))
  mkdir -p "$work/in/$position"
  for f in "$input"/*; do
    case $f in
      *.gz) gunzip -c "$f" > "$work/in/$position/$(basename "$f" .gz)" ;;
      *.dat) cp "$f" "$work/in/$position/" ;;
    esac
  done
done

for r in $(seq "$rounds"); do
  position=0
  for input in "$@"; do
    position=$((position + 1))
    name=$(basename "$input")
    unpacked=$work/in/$position
    nsat_input=$unpacked
    [ "${NSAT_PACKED:-0}" = 1 ] && nsat_input=$input
    program=$reference
    if ls "$unpacked" | grep -q '_core_1\.dat' && [ -x "${reference}_racefree" ]; then
      program=${reference}_racefree
    fi

    rm -rf "$work/ref" && mkdir -p "$work/ref"
    cp "$unpacked"/*.dat "$work/ref/"

    /usr/bin/time -f "%e %U %S" -o "$work/time" "$program" "$work/ref/sim" > /dev/null
    read -r wall user sys < "$work/time"
    echo "$r $name reference $wall $(echo "$user $sys" | awk '{print $1 + $2}') -" >> "$results"
    for build in $builds; do
      label=${build%%=*} dll=${build#*=}
      rm -rf "$work/nsat"
      # A .dll runs on the dotnet host; anything else (a natively compiled nsat) runs as it is.
      launch=(dotnet "$dll")
      [[ $dll == *.dll ]] || launch=("$dll")
      # shellcheck disable=SC2086
      /usr/bin/time -f "%e %U %S" -o "$work/time" "${launch[@]}" run "$nsat_input" --out "$work/nsat" --quiet $args
      read -r wall user sys < "$work/time"
      same=yes
      for f in "$work"/ref/sim_events_core_*.dat "$work"/ref/sim_weights_final_core_*.dat "$work"/ref/sim_shared_mem_core_*.dat "$work"/ref/sim_stats_nsat; do
        [ -e "$f" ] || continue
        cmp -s "$f" "$work/nsat/$(basename "$f")" || same=no
      done

      echo "$r $name $label $wall $(echo "$user $sys" | awk '{print $1 + $2}') $same" >> "$results"
    done

    grep "^$r $name " "$results" | awk '{printf "round %s %-24s %-10s wall %6.2f s  cpu %6.2f s  files same: %s\n", $1, $2, $3, $4, $5, $6}'
  done
done

echo
echo "median over the rounds of reference / nsat (wall, cpu); medians of the seconds:"
awk '
  $3 == "reference" { rw[$1 " " $2] = $4; rc[$1 " " $2] = $5; key = $2 " reference"; n[key]++; w[key, n[key]] = 1; c[key, n[key]] = 1; sw[key, n[key]] = $4; sc[key, n[key]] = $5; next }
  { key = $2 " " $3; n[key]++; w[key, n[key]] = rw[$1 " " $2] / $4; c[key, n[key]] = rc[$1 " " $2] / $5; sw[key, n[key]] = $4; sc[key, n[key]] = $5; if ($6 != "yes") bad[key] = 1 }
  function median(a, key, m,   i, j, t, v) {
    for (i = 1; i <= m; i++) v[i] = a[key, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
  }
  END {
    for (key in n) printf "%-36s wall %6.2f s (%.1fx)  cpu %6.2f s (%.1fx)  files same as the reference: %s\n", key, median(sw, key, n[key]), median(w, key, n[key]), median(sc, key, n[key]), median(c, key, n[key]), (key in bad) ? "NO" : "yes"
  }' "$results" | sort
