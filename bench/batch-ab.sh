#!/usr/bin/env bash
# Two insure binaries' --batch throughput, interleaved against one
# `insure sandbox serve`: did a change cost the batch anything? On a VM
# whose speed wanders by tens of percent from one hour to the next, runs
# an hour apart cannot tell; rounds alternating the two binaries can.
#
#   BASE=REV bench/batch-ab.sh            # insure at REV against the working tree
#   BASE=REV ROUNDS=5 LINES=20000 bench/batch-ab.sh
#
# Each round quotes LINES distinct eBao lines (the example with its own
# phone number) at --concurrency 32 into a fresh local store, and prints
# lines/s, insure's CPU a line and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BASE:?set BASE to the commit to compare with, e.g. BASE=HEAD~5}"
ROUNDS=${ROUNDS:-3}
LINES=${LINES:-20000}

. bench/lib.sh
bench_workdir
go build -trimpath -ldflags "-s -w" -o "$work/insure-new" ./cmd/insure
git worktree add -q --detach "$work/base" "$BASE"
trap 'git worktree remove --force "$work/base" 2>/dev/null || true; stop_sandbox; rm -rf "$work"' EXIT
(cd "$work/base" && go build -trimpath -ldflags "-s -w" -o "$work/insure-base" ./cmd/insure)

python3 - examples/ebao/quote.json "$LINES" "$work/lines.jsonl" <<'PY'
import json, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
req = json.load(open(src, encoding="utf-8"))
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        req["policyHolder"]["PH013"] = "157%08d" % i
        f.write(json.dumps(req, ensure_ascii=False, separators=(",", ":")) + "\n")
PY

start_sandbox "$work/insure-new" "$work/sandbox"
export INSURE_SANDBOX_URL="$url" XDG_CONFIG_HOME="$work/config"
for r in $(seq "$ROUNDS"); do
  for side in base new; do
    st="$work/state-$r-$side"
    start=$(date +%s.%N)
    XDG_STATE_HOME="$st" /usr/bin/time -f "%M %U %S" -o "$work/time" "$work/insure-$side" -p sandbox quote --provider ebao \
      --batch "$work/lines.jsonl" --concurrency 32 >"$work/out" 2>"$work/err" || true
    end=$(date +%s.%N)
    ok=$(grep -c '"outcome":"ok"' "$work/out" || true)
    awk -v s="$side" -v r="$r" -v n="$LINES" -v a="$start" -v b="$end" -v ok="$ok" '{
      printf "%-4s round %d: %6.0f lines/s  %4.0f us CPU a line  peak RSS %d MiB  ok %d\n", s, r, n/(b-a), ($2+$3)*1e6/n, $1/1024, ok }' "$work/time"
    rm -rf "$st"
  done
done
