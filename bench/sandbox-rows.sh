#!/usr/bin/env bash
# Cost of one sandbox request with 0 and with 100,000 stored records, for
# every provider's fake: the Go benchmarks in providers/*/sandbox
# (bench_test.go), each run ROUNDS times, stored=0 and stored=100000
# alternately so that a change in the machine's load hits both alike.
# Prints the median wall time and CPU time (user + system of the whole
# process, benchcpu's cpu-ns/op) per request, and their ratio.
#
#   bench/sandbox-rows.sh            # ROUNDS=3
#   ROUNDS=5 ONLY=paoding bench/sandbox-rows.sh   # cases matching ONLY
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# package benchmark benchtime
cases=(
  "ebao BenchmarkQuoteStored 3000x"
  "paoding BenchmarkBuy 3000x"
  "paoding BenchmarkReportGet 3000x"
  "paoding BenchmarkNotifyDue 3000x"
  "bihu BenchmarkRenewal 3000x"
  "bihu BenchmarkLogin 3000x"
  "sunshine BenchmarkBasicInfo 500x"
  "sunshine BenchmarkRepeat 3000x"
)

for p in ebao paoding bihu sunshine; do
  go test -c -o "$tmp/$p.test" "./providers/$p/sandbox"
done

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

printf '%-28s %9s %12s %12s\n' "benchmark" "stored" "wall µs/op" "CPU µs/op"
for c in "${cases[@]}"; do
  read -r p bench benchtime <<<"$c"
  [[ "$p $bench" =~ ${ONLY:-.} ]] || continue
  for r in $(seq "$rounds"); do
    for n in 0 100000; do
      ( cd "providers/$p/sandbox" && "$tmp/$p.test" -test.run '^$' -test.bench "^$bench/stored=$n\$" -test.benchtime "$benchtime" ) |
        awk -v n="$n" '/^Benchmark/ { for (i = 1; i <= NF; i++) { if ($(i+1) == "ns/op") w = $i; if ($(i+1) == "cpu-ns/op") c = $i } print n, w, c }' >>"$tmp/$p-$bench.txt"
    done
  done
  for n in 0 100000; do
    w=$(awk -v n="$n" '$1 == n { print $2 }' "$tmp/$p-$bench.txt" | median)
    cpu=$(awk -v n="$n" '$1 == n { print $3 }' "$tmp/$p-$bench.txt" | median)
    printf '%-28s %9s %12.0f %12.0f\n' "$p $bench" "$n" "$(echo "$w / 1000" | bc -l)" "$(echo "$cpu / 1000" | bc -l)"
    eval "cpu_$n=$cpu"
  done
  printf '%-28s %9s %25.2fx\n' "" "100k / 0" "$(echo "$cpu_100000 / $cpu_0" | bc -l)"
done
