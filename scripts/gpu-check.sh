#!/usr/bin/env bash
# The GPU measurements of docs/performance.md, as one prepared script.
#
#   scripts/gpu-check.sh prepare       (here) publishes a self-contained linux-x64 nsat into
#                                      .gpu/nsat.tar.xz, the one thing the GPU machine needs
#   scripts/gpu-check.sh run OUTDIR    (on the machine with a CUDA GPU, in the repository root)
#                                      unpacks it and measures, each beside the fast CPU backend
#                                      pinned to two cores:
#     1. bench_a/b/c as whole runs (counter-mode random numbers on both backends),
#     2. the 64-core × 2048-neuron chip of `nsat generate`,
#     3. 1,024 batched copies of a 784-100-10 test network (`nsat bench --batch`),
#   writing gpu.md (the table) and the tools' own files into OUTDIR.
#   NSAT_DEVICE=cpu NSAT_QUICK=1 scripts/gpu-check.sh run OUTDIR tries the script on any machine
#   (ILGPU's CPU accelerator, tiny sizes).
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
prepare)
  rm -rf .gpu && mkdir -p .gpu/nsat
  dotnet publish Nsat.Simulator -c Release -r linux-x64 --self-contained true -p:PublishSingleFile=false -o .gpu/nsat > .gpu/publish.log
  tar -C .gpu -cJf .gpu/nsat.tar.xz nsat
  rm -rf .gpu/nsat
  grep -q '^/.gpu/$' .git/info/exclude 2>/dev/null || echo '/.gpu/' >> .git/info/exclude
  ls -l .gpu/nsat.tar.xz
  ;;
run)
  out="${2:?give the output folder}"
  mkdir -p "$out" /tmp/gpu
  tar -C /tmp/gpu -xJf .gpu/nsat.tar.xz
  nsat=/tmp/gpu/nsat/nsat
  two="taskset -c 0,1"
  device="${NSAT_DEVICE:-cuda}"
  if [ -n "${NSAT_QUICK:-}" ]; then
    ticks=(--ticks 20); chip=(--cores 2 --neurons 64 --ticks 20); batch=8
  else
    ticks=(); chip=(--cores 64 --neurons 2048 --ticks 1000); batch=1024
  fi
  nvidia-smi --query-gpu=name,memory.total --format=csv,noheader > "$out/device.txt" 2>/dev/null || true
  seconds() { local s e; s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N); awk -v a="$s" -v b="$e" 'BEGIN { print b - a }'; }
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
  {
    echo "| run | fast CPU, 2 cores (s) | ilgpu $device (s) | × |"
    echo "|---|---:|---:|---:|"
    for b in bench_a_1core bench_b_1core_stdp bench_c_4core_routing; do
      cpu=$(seconds $two "$nsat" run "traces/bench/$b" --out "/tmp/gpu/$b-cpu" -q --rng counter --threads 2 "${ticks[@]}")
      gpu=$(seconds "$nsat" run "traces/bench/$b" --out "/tmp/gpu/$b-gpu" -q --rng counter --backend ilgpu --device "$device" "${ticks[@]}")
      cmp -s "/tmp/gpu/$b-cpu/energy.json" "/tmp/gpu/$b-gpu/energy.json" || echo "energy.json of $b differs" >&2
      printf '| %s | %.3f | %.3f | %s |\n' "$b" "$cpu" "$gpu" "$(ratio "$cpu" "$gpu")"
    done
    "$nsat" generate "${chip[@]}" --fanout 100 --rate 0.02 --out /tmp/gpu/chip64 > /dev/null
    cpu=$(seconds $two "$nsat" run /tmp/gpu/chip64 --out /tmp/gpu/chip64-cpu -q --rng counter --threads 2)
    gpu=$(seconds "$nsat" run /tmp/gpu/chip64 --out /tmp/gpu/chip64-gpu -q --rng counter --backend ilgpu --device "$device")
    cmp -s /tmp/gpu/chip64-cpu/energy.json /tmp/gpu/chip64-gpu/energy.json || echo "energy.json of the chip differs" >&2
    printf '| %s | %.3f | %.3f | %s |\n' "nsat generate ${chip[*]}" "$cpu" "$gpu" "$(ratio "$cpu" "$gpu")"
  } > "$out/gpu.md"
  $two "$nsat" bench --batch "$batch" --ticks 300 --backend ilgpu --device "$device" --out "$out"
  cat "$out/gpu.md" "$out/batch.md"
  ;;
*)
  echo "usage: scripts/gpu-check.sh prepare | run OUTDIR" >&2
  exit 2
  ;;
esac
