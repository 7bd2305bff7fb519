#!/usr/bin/env bash
# eBao quotations per second through `insure sandbox serve`, with 0, 10,000
# and 100,000 quotations already stored. Target: at least 5,000 requests/s
# on a 2-core machine, flat as the state grows.
#
#   bench/sandbox-wrk.sh                    # installs wrk from Debian if missing
#   DURATION=10s ROWS="0 10000 100000" CONNECTIONS=32 THREADS=1 bench/sandbox-wrk.sh
#
# For each row count: a fresh state directory, pre-filled by bench/prefill
# (the eBao sandbox's own handler, in-process), then `insure sandbox serve
# --addr 127.0.0.1:0` on it and wrk posting examples/ebao/quote.json, signed
# once with `insure sign ebao` (bench/ebao-quote.lua). Only 127.0.0.1 is
# ever loaded, for DURATION per row count. Record the figures in
# docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
ROWS=${ROWS:-"0 10000 100000"}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}

if ! command -v wrk >/dev/null; then
  echo "installing wrk" >&2
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi

. bench/lib.sh
bench_workdir
go build -trimpath -ldflags "-s -w" -o "$work/insure" ./cmd/insure
go build -o "$work/prefill" ./bench/prefill

body=examples/ebao/quote.json
export XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/xdgstate"
rel=$("$work/insure" -p sandbox sign ebao -f "$body" -o json | sed -n 's/.*"url":"\([^"]*\)".*/\1/p')
[ -n "$rel" ] || { echo "could not sign $body" >&2; exit 1; }

printf '%-10s %12s %14s %10s\n' rows requests/s "p99 latency" errors
for n in $ROWS; do
  dir="$work/state-$n"
  mkdir -p "$dir"
  "$work/prefill" -state-dir "$dir" -n "$n" 2>"$work/prefill.log" || { cat "$work/prefill.log" >&2; exit 1; }
  start_sandbox "$work/insure" "$dir"
  target="$url/ebao$rel"
  code=$(curl -s -o "$work/first" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$body" "$target")
  [ "$code" = 200 ] || { echo "first quotation: HTTP $code $(cat "$work/first")" >&2; exit 1; }
  EBAO_BODY="$body" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/ebao-quote.lua "$target" >"$work/wrk.out"
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
  errs=$(awk -F': ' '/^non-2xx/ {print $2}' "$work/wrk.out")
  printf '%-10s %12s %14s %10s\n' "$n" "$rps" "$p99" "$errs"
  [ -n "${VERBOSE:-}" ] && cat "$work/wrk.out"
  stop_sandbox
done
