#!/usr/bin/env bash
# CPU time per operation of a Go benchmark: the test binary runs the
# benchmark a fixed number of times and /usr/bin/time reports the process's
# user + system seconds. On a machine shared with other work, ns/op from
# `go test -bench` is wall time and wanders with the load; CPU time per
# operation is steadier, and `openssl speed` reports CPU time as well.
#
#   bench/cpu-per-op.sh PACKAGE BENCHMARK N     # e.g. ./providers/ebao '^BenchmarkSign$' 2000000
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=$1 bench=$2 n=$3
bin=$(mktemp)
trap 'rm -f "$bin"' EXIT
go test -c -o "$bin" "$pkg"
# The binary's start-up and one calibration run are included; with a large
# N they are noise.
( cd "$pkg" && /usr/bin/time -f "%U %S" "$bin" -test.run '^$' -test.bench "$bench" -test.benchtime "${n}x" -test.benchmem >/dev/null ) 2>&1 | tail -1 |
  awk -v n="$n" -v b="$bench" '{ printf "%s: %.0f ns CPU/op (user %.2fs + sys %.2fs over %d ops)\n", b, ($1+$2)*1e9/n, $1, $2, n }'
