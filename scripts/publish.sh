#!/usr/bin/env bash
# Publishes the nsat command line for this machine's runtime identifier.
#
#   scripts/publish.sh [DIR]            ReadyToRun-compiled, into out/nsat (or DIR); run it as out/nsat/nsat.
#   scripts/publish.sh --native [DIR]   natively compiled (Native AOT) for this machine's CPU, into
#                                       out/nsat-native (or DIR); run it as out/nsat-native/nsat.
#
# ReadyToRun: precompiled code saves the JIT's start-up work (about 0.1 s per run on the 2-core
# machines of docs/performance.md), which matters for runs of about a second. A Release
# `dotnet build` precompiles the same way (Nsat.Simulator.csproj); this adds a
# runtime-identifier-specific folder of its own. Every command and backend works.
#
# Native: one executable that needs no .NET runtime and starts in a few hundredths of a second
# instead of a fifth of one (no runtime start-up, no type loading or JIT work), compiled for the
# instruction set of this machine (it refuses to start on a CPU without it). Every command works
# except the ILGPU backend, which compiles its kernels at run time and is refused with a message.
# Compiling takes a few minutes and needs a C compiler and linker (clang, or gcc where there is no clang).
set -euo pipefail
cd "$(dirname "$0")/.."
rid=$(dotnet --info | awk '/RID:/ {print $2; exit}')
if [ "${1:-}" = "--native" ]; then
  out=${2:-out/nsat-native}
  linker=()
  if ! command -v clang > /dev/null && command -v gcc > /dev/null; then
    linker=(-p:CppCompilerAndLinker=gcc)
  fi
  dotnet publish Nsat.Simulator -c Release -r "$rid" -p:PublishAot=true -p:IlcInstructionSet=native "${linker[@]}" -o "$out"
  echo "published $out/nsat (natively compiled for this machine's CPU)"
else
  dotnet publish Nsat.Simulator -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "${1:-out/nsat}"
fi
