#!/usr/bin/env bash
# CPU time per operation of a Go benchmark: the test binary runs the
# benchmark a fixed number of times and /usr/bin/time reports the process's
# user + system seconds. On a machine shared with other work, ns/op from
# `go test -bench` is wall time and wanders with the load; CPU time per
# operation is steadier, and `openssl speed` reports CPU time as well.
#
#   bench/cpu-per-op.sh PACKAGE BENCHMARK N     # e.g. ./providers/ebao '^BenchmarkSign$' 2000000
#   BASE=23c8082 ROUNDS=3 bench/cpu-per-op.sh ./providers/bihu '^BenchmarkRenewalSecCode$' 2000000
#
# With BASE=REV the same benchmark is also built from that commit (git
# archive into a temporary folder) and the two binaries run alternately,
# ROUNDS times each, so before and after see the same load; each line
# shows the load average when it started.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=$1 bench=$2 n=$3
ROUNDS=${ROUNDS:-1}
BASE=${BASE:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go test -c -o "$work/after.test" "$pkg"
if [ -n "$BASE" ]; then
  mkdir "$work/base"
  git archive "$BASE" | tar -x -C "$work/base"
  (cd "$work/base" && go test -c -o "$work/before.test" "$pkg")
fi
# The binary's start-up and one calibration run are included; with a large
# N they are noise.
run() { # label binary dir
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  ( cd "$3/$pkg" && /usr/bin/time -f "%U %S" "$2" -test.run '^$' -test.bench "$bench" -test.benchtime "${n}x" -test.benchmem >/dev/null ) 2>&1 | tail -1 |
    awk -v n="$n" -v b="$bench" -v l="$1" -v load="$load" '{ printf "%s%s: %.0f ns CPU/op (user %.2fs + sys %.2fs over %d ops; load %s)\n", l, b, ($1+$2)*1e9/n, $1, $2, n, load }'
}
for _ in $(seq "$ROUNDS"); do
  if [ -n "$BASE" ]; then run "before $BASE " "$work/before.test" "$work/base"; run "after " "$work/after.test" .; else run "" "$work/after.test" .; fi
done
