#!/usr/bin/env bash
# Batch throughput side by side, against one `insure sandbox serve` in a
# separate process, in one run:
#
#   1. wrk posting the batch's own lines, each signed here, in turn
#      (bench/ebao-lines.lua): the issue's yardstick; then wrk posting the
#      example quotation signed once, over and over (bench/ebao-quote.lua);
#   2. insure quote --provider ebao --batch LINES.jsonl --concurrency 32:
#      every line validated, signed, sent, its answer checked, journalled;
#   3. bench/floorclient: the same lines, signed and posted by a bare Go
#      client (no validation, answer check, journal or output);
#   4. a shell loop of curl and md5sum, the way a script without insure
#      quotes a file: one md5sum and one curl process per line.
#
#   bench/batch-compare.sh                       # installs wrk if missing
#   LINES=20000 CONCURRENCY=32 CURL_LINES=300 DURATION=10s bench/batch-compare.sh
#
# The lines are the example request with a different phone number each
# (so every line is its own journal row and resume entry, as in a real
# file). Only 127.0.0.1 is loaded. Targets (issue 13): the batch at least
# 70% of wrk's rate (1a), and at least 200 times the curl loop's.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${LINES:-20000}
CONCURRENCY=${CONCURRENCY:-32}
CURL_LINES=${CURL_LINES:-300}
DURATION=${DURATION:-10s}

for tool in wrk curl python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "installing $tool" >&2
    (apt-get update -qq && apt-get install -y -qq "$tool") >/dev/null
  fi
done

. bench/lib.sh
bench_workdir
go build -trimpath -ldflags "-s -w" -o "$work/insure" ./cmd/insure
go build -trimpath -ldflags "-s -w" -o "$work/floorclient" ./bench/floorclient
insure="$work/insure"
export XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/xdgstate"

body=examples/ebao/quote.json
python3 - "$body" "$LINES" "$work/lines.jsonl" <<'EOF'
import json, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
req = json.load(open(src, encoding="utf-8"))
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        req["policyHolder"]["PH013"] = "157%08d" % i
        f.write(json.dumps(req, ensure_ascii=False, separators=(",", ":")) + "\n")
EOF

start_sandbox "$insure" "$work/sandbox"
export INSURE_SANDBOX_URL="$url"
tck=$(getconf CLK_TCK)
# CPU seconds the sandbox process has used so far (user + system).
server_cpu() { awk -v t="$tck" '{ printf "%.3f", ($14 + $15) / t }' "/proc/$server/stat"; }

# The access key comes from a URL insure signs; the secret is the
# sandbox's own (providers/ebao/sandbox).
rel=$("$insure" -p sandbox sign ebao -f "$body" -o json | sed -n 's/.*"url":"\([^"]*\)".*/\1/p')
access=$(printf '%s' "$rel" | sed -n 's/.*accessKey=\([^&]*\).*/\1/p')
secret=$(sed -n 's/.*TestSecretKey = "\([^"]*\)".*/\1/p' providers/ebao/sandbox/sandbox.go)
path=${rel%%\?*}

# run_wrk NAME SCRIPT [ENV=VALUE...]: wrk against the quotation URL; sets
# NAME_rate, NAME_errors and NAME_server_us (sandbox CPU a request).
run_wrk() {
  local name=$1 script=$2
  shift 2
  local s0 requests
  s0=$(server_cpu)
  env "$@" wrk -t1 -c"$CONCURRENCY" -d"$DURATION" -s "$script" "$url/ebao$rel" >"$work/$name.out"
  requests=$(awk '/requests in/ {print $1}' "$work/$name.out")
  printf -v "${name}_rate" '%s' "$(awk '/^Requests\/sec/ {print $2}' "$work/$name.out")"
  printf -v "${name}_errors" '%s' "$(awk -F': ' '/^non-2xx/ {print $2}' "$work/$name.out")"
  printf -v "${name}_server_us" '%s' "$(awk -v a="$s0" -v b="$(server_cpu)" -v n="$requests" 'BEGIN { printf "%.0f", (b - a) * 1e6 / n }')"
}

# 1a. wrk posting the batch's own lines, each signed here (md5 of the line
# and the secret): the comparison issue 13 asks for.
python3 - "$work/lines.jsonl" "$work/requests.tsv" "$path" "$access" "$secret" <<'PY'
import hashlib, sys
src, out, path, access, secret = sys.argv[1:]
with open(src, "rb") as f, open(out, "wb") as w:
    for line in f:
        body = line.rstrip(b"\n")
        sig = hashlib.md5(body + secret.encode()).hexdigest()
        w.write(f"/ebao{path}?version=1&accessKey={access}&signature={sig}\t".encode() + body + b"\n")
PY
run_wrk wrk bench/ebao-lines.lua EBAO_REQUESTS="$work/requests.tsv"
# 1b. wrk posting one body, signed once: what the sandbox can take.
run_wrk wrk1 bench/ebao-quote.lua EBAO_BODY="$body"

# 2. insure --batch, its own process, the same sandbox.
s0=$(server_cpu)
start=$(date +%s.%N)
/usr/bin/time -f "%M %U %S" -o "$work/batch.rss" "$insure" -p sandbox quote --provider ebao \
  --batch "$work/lines.jsonl" --concurrency "$CONCURRENCY" >"$work/batch.out" 2>"$work/batch.err" || true
end=$(date +%s.%N)
batch_ok=$(grep -c '"outcome":"ok"' "$work/batch.out" || true)
batch_rate=$(awk -v n="$LINES" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", n / (e - s) }')
batch_server_us=$(awk -v a="$s0" -v b="$(server_cpu)" -v n="$LINES" 'BEGIN { printf "%.0f", (b - a) * 1e6 / n }')
batch_client_us=$(awk -v n="$LINES" '{ printf "%.0f", ($2 + $3) * 1e6 / n }' "$work/batch.rss")

# 3. bench/floorclient: the same lines signed and posted by a bare Go
# net/http client at the same concurrency, with none of insure's work (no
# validation, answer check, journal or output): the most a Go client
# sharing these two cores with the sandbox can reach.
s0=$(server_cpu)
read -r floor_n floor_ok _ floor_rate floor_client_us < <(EBAO_SECRET="$secret" "$work/floorclient" "$url/ebao$path" "$access" "$work/lines.jsonl" "$CONCURRENCY")
floor_server_us=$(awk -v a="$s0" -v b="$(server_cpu)" -v n="$floor_n" 'BEGIN { printf "%.0f", (b - a) * 1e6 / n }')

# 4. curl + md5sum, one line at a time: md5(body + secret) in the URL, as
# docs/providers/ebao.md describes.
head -n "$CURL_LINES" "$work/lines.jsonl" >"$work/curl-lines.jsonl"
curl_ok=0
start=$(date +%s.%N)
while IFS= read -r line; do
  sig=$(printf '%s%s' "$line" "$secret" | md5sum | cut -d' ' -f1)
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "$line" \
    "$url/ebao$path?version=1&accessKey=$access&signature=$sig")
  [ "$code" = 200 ] && curl_ok=$((curl_ok + 1))
done <"$work/curl-lines.jsonl"
end=$(date +%s.%N)
curl_rate=$(awk -v n="$CURL_LINES" -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", n / (e - s) }')

printf '%-44s %12s %8s\n' "run" "requests/s" "ok"
printf '%-44s %12s %8s\n' "wrk -t1 -c$CONCURRENCY -d$DURATION (the batch's lines)" "$wrk_rate" "errors ${wrk_errors:-0}"
printf '%-44s %12s %8s\n' "wrk -t1 -c$CONCURRENCY -d$DURATION (one signed body)" "$wrk1_rate" "errors ${wrk1_errors:-0}"
printf '%-44s %12s %8s\n' "insure --batch ($LINES lines, --concurrency $CONCURRENCY)" "$batch_rate" "$batch_ok/$LINES"
printf '%-44s %12s %8s\n' "bench/floorclient (same lines, 32 goroutines)" "$floor_rate" "$floor_ok/$floor_n"
printf '%-44s %12s %8s\n' "curl + md5sum loop ($CURL_LINES lines)" "$curl_rate" "$curl_ok/$CURL_LINES"
awk -v b="$batch_rate" -v w="$wrk_rate" -v c="$curl_rate" 'BEGIN {
  printf "batch / wrk: %.0f%% (target 70%%); batch / curl loop: %.0fx (target 200x)\n", 100 * b / w, b / c }'
awk -v f="$floor_rate" -v w="$wrk_rate" -v c="$curl_rate" -v b="$batch_rate" 'BEGIN {
  printf "floorclient / wrk: %.0f%%; floorclient / curl loop: %.0fx; batch / floorclient: %.0f%%\n", 100 * f / w, f / c, 100 * b / f }'
echo "CPU per request: sandbox ${wrk_server_us} us under wrk (${wrk1_server_us} with one body), ${batch_server_us} us under the batch; insure --batch ${batch_client_us} us a line"
echo "CPU per request under floorclient: sandbox ${floor_server_us} us, floorclient ${floor_client_us} us a line"
echo "batch peak RSS: $(( $(cut -d' ' -f1 "$work/batch.rss") / 1024 )) MiB; summary: $(tail -1 "$work/batch.err")"
