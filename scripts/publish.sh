#!/usr/bin/env bash
# Publishes the nsat command line, ReadyToRun-compiled for this machine's runtime identifier, into
# out/nsat (or the folder given as $1). Precompiled code saves the JIT's start-up work (about 0.1 s
# per run on the 2-core machines of docs/performance.md), which matters for runs of about a second.
# A Release `dotnet build` precompiles the same way (Nsat.Simulator.csproj); this adds a
# runtime-identifier-specific folder of its own.
# Run it as: scripts/publish.sh && out/nsat/nsat run traces/bench/bench_a_1core --out out/a
set -euo pipefail
cd "$(dirname "$0")/.."
rid=$(dotnet --info | awk '/RID:/ {print $2; exit}')
dotnet publish Nsat.Simulator -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "${1:-out/nsat}"
