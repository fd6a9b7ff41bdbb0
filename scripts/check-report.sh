#!/usr/bin/env bash
# Renders <outdir>/report.html in headless Chromium and saves a full-page screenshot, so that the
# report can be checked by eye (docs/report.md). Writes the report first if it is missing.
#
#   scripts/check-report.sh <outdir> [screenshot.png] [width] [height]
#
# Needs Chromium (Debian: apt-get install -y chromium) and, to write a missing report, the .NET SDK.
# Chromium runs with networking features off and a throwaway profile: the report must render offline.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 4 ]]; then
  echo "usage: $0 <outdir> [screenshot.png] [width] [height]" >&2
  exit 2
fi

outdir=$1
png=${2:-$outdir/report.png}
width=${3:-1200}
height=${4:-1800}
root=$(cd "$(dirname "$0")/.." && pwd)

if [[ ! -d $outdir ]]; then
  echo "check-report: output folder '$outdir' does not exist" >&2
  exit 2
fi

if [[ ! -f $outdir/report.html ]]; then
  echo "check-report: no report.html yet; running nsat plot" >&2
  dotnet run --project "$root/Nsat.Simulator" -- plot "$outdir"
fi

browser=""
for b in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [[ -z $browser ]]; then
  echo "check-report: no Chromium found (Debian: apt-get update && apt-get install -y chromium)" >&2
  exit 1
fi

# The report must not reference anything outside itself.
if grep -Eq '<script|<link[^>]+href=|src="https?:|url\(https?:' "$outdir/report.html"; then
  echo "check-report: report.html references scripts or external resources" >&2
  exit 1
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
report=$(cd "$outdir" && pwd)/report.html
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$profile" --window-size="$width,$height" \
  --screenshot="$png" "file://$report" 2>/dev/null
if [[ ! -s $png ]]; then
  echo "check-report: Chromium wrote no screenshot" >&2
  exit 1
fi
echo "check-report: screenshot of $report written to $png (${width}x${height}); open it and look"
