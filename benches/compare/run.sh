#!/usr/bin/env bash
# isohost side by side with happy-dom, jsdom, Chromium and Node's
# worker_threads: prints one table (medians of interleaved rounds, spread,
# ratios). See BENCHMARKS.md for the last figures.
#
#   benches/compare/run.sh [--rounds N] [--quick] [--only open-idle,parse,…] [--json FILE]
#
# - installs the pinned peers (package.json + package-lock.json here) from
#   the npm registry into a temporary directory, removed at the end; set
#   ISOHOST_COMPARE_MODULES=DIR to install into (and reuse) DIR instead;
# - builds isohost and compare-isohost in release mode;
# - uses Debian's Chromium (/usr/bin/chromium, or $CHROMIUM) through
#   playwright-core when present, else its column says "skipped"
#   (apt-get install chromium);
# - needs node >= 20 and npm.
# Writes the full results as JSON to target/compare/last.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

command -v node >/dev/null || { echo "run.sh: node (>= 20) is needed" >&2; exit 1; }
command -v npm >/dev/null || { echo "run.sh: npm is needed" >&2; exit 1; }
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 20 ] || { echo "run.sh: node >= 20 is needed (found $(node --version))" >&2; exit 1; }

if [ -n "${ISOHOST_COMPARE_MODULES:-}" ]; then
    peers="$ISOHOST_COMPARE_MODULES"
    mkdir -p "$peers"
else
    peers="$(mktemp -d "${TMPDIR:-/tmp}/isohost-compare.XXXXXX")"
    trap 'rm -rf "$peers"' EXIT
fi
if ! cmp -s "$here/package-lock.json" "$peers/package-lock.json" || [ ! -d "$peers/node_modules" ]; then
    echo "installing the pinned peers into $peers" >&2
    cp "$here/package.json" "$here/package-lock.json" "$peers/"
    (cd "$peers" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2)
fi

if [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    echo "Chromium: $("${CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null)" >&2
else
    echo "Chromium: not found at ${CHROMIUM:-/usr/bin/chromium}; its column is skipped (apt-get install chromium)" >&2
fi

echo "building isohost (release)" >&2
cargo build --release --bin isohost --example compare-isohost >&2

node "$here/compare.mjs" \
    --modules "$peers/node_modules" \
    --isohost "$repo/target/release/isohost" \
    --runner "$repo/target/release/examples/compare-isohost" \
    --json "$repo/target/compare/last.json" \
    "$@"
