#!/usr/bin/env bash
# Start-up cost of insure against three baselines: bench/floor, a minimal
# cobra + viper program that reads a small YAML file; bench/floorlibs, the
# floor plus blank imports of the libraries the project requires
# (tablewriter, huh, modernc SQLite, gojq, go-keyring, x/text GBK): insure
# minus floorlibs is insure's own cost; and bench/floorlinked, floorlibs
# linked with all of insure but doing the floor's work, which splits that
# cost into linking (floorlinked - floorlibs: blank imports link only what
# the libraries' inits reach, insure links what it uses of them, net/http,
# TLS and its own code) and running (insure - floorlinked).
#
# Targets: `insure version` and `insure sign paoding` within 1.4x of the
# floor (TARGET), and `insure version` within 1.1x of floorlibs in CPU time
# (TARGET_LIBS, issue 13).
#
#   bench/startup.sh                       # installs hyperfine from Debian if missing
#   RUNS=100 ROUNDS=200 bench/startup.sh
#   BASE=23c8082 bench/startup.sh          # also an insure built at an older commit
#   TWPATCH=1 bench/startup.sh              # also an insure whose tablewriter has
#                                           # bench/tablewriter-lazy-lru.patch applied
#   CGO_ENABLED=1 bench/startup.sh          # binaries as `go install` builds them
#                                           # where a C compiler is present
#
# Two measurements: hyperfine's table (RUNS runs of each command after 20
# warm-ups; wall time, mean CPU), then bench/startup-cpu.py, which runs the
# commands ROUNDS times interleaved and compares median CPU time: on a
# machine shared with other work that comparison is the one to trust.
# Exits 1 if a ratio is over its target. Record the figures in
# docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${TARGET:-1.4}
TARGET_LIBS=${TARGET_LIBS:-1.1}
ROUNDS=${ROUNDS:-200}
BASE=${BASE:-}
TWPATCH=${TWPATCH:-}
# Releases are built without cgo (.goreleaser.yaml), so the binaries here
# are too; with cgo every binary also pays the dynamic loader and glibc's
# start-up (about 5 ms more CPU each here, the same for all of them).
export CGO_ENABLED=${CGO_ENABLED:-0}

if ! command -v hyperfine >/dev/null; then
  echo "installing hyperfine" >&2
  (apt-get update -qq && apt-get install -y -qq hyperfine) >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Same flags for every binary, as a release build would use.
go build -trimpath -ldflags "-s -w" -o "$work/insure" ./cmd/insure
go build -trimpath -ldflags "-s -w" -o "$work/floor" ./bench/floor
go build -trimpath -ldflags "-s -w" -o "$work/floorlibs" ./bench/floorlibs
go build -trimpath -ldflags "-s -w" -o "$work/floorlinked" ./bench/floorlinked
base=() hyperfine_base=()
if [ -n "$BASE" ]; then
  mkdir "$work/base-src"
  git archive "$BASE" | tar -x -C "$work/base-src"
  (cd "$work/base-src" && go build -trimpath -ldflags "-s -w" -o "$work/insure-base" ./cmd/insure)
  base=("base version=$work/insure-base version")
  hyperfine_base=(-n "base version" "$work/insure-base version")
fi

if [ -n "$TWPATCH" ]; then
  if ! command -v patch >/dev/null; then
    echo "installing patch" >&2
    (apt-get update -qq && apt-get install -y -qq patch) >/dev/null
  fi
  # A copy of the tablewriter module the build uses, patched, and a copy
  # of the tree whose go.mod points at it (the real go.mod has no replace:
  # `go install ...@latest` refuses one).
  twdir=$(go list -m -f '{{.Dir}}' github.com/olekukonko/tablewriter)
  cp -r "$twdir" "$work/tablewriter" && chmod -R u+w "$work/tablewriter"
  patch -s -p1 -d "$work/tablewriter" <bench/tablewriter-lazy-lru.patch
  mkdir "$work/twpatch-src"
  git ls-files -z | xargs -0 cp --parents -t "$work/twpatch-src"
  (cd "$work/twpatch-src" && go mod edit -replace "github.com/olekukonko/tablewriter=$work/tablewriter" &&
    go build -trimpath -ldflags "-s -w" -o "$work/insure-twpatch" ./cmd/insure)
  base+=("version, tablewriter patched=$work/insure-twpatch version")
  hyperfine_base+=(-n "version, tablewriter patched" "$work/insure-twpatch version")
fi

mkdir -p "$work/config/insure" "$work/state"
cat > "$work/config/insure/config.yaml" <<'YAML'
current-profile: test
profiles:
  test:
    paoding: {endpoint: "http://openapi4s.beitaijf.cn", username: "acme", password: "bench-password", api-version: "1.0"}
YAML
chmod 600 "$work/config/insure/config.yaml"
export XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state" FLOOR_CONFIG="$work/config/insure/config.yaml"

RUNS=${RUNS:-300}
hyperfine -N --warmup 20 --runs "$RUNS" --export-json "$work/result.json" \
  -n floor "$work/floor" \
  -n floorlibs "$work/floorlibs" \
  -n floorlinked "$work/floorlinked" \
  -n version "$work/insure version" \
  -n "sign paoding" "$work/insure sign paoding" \
  "${hyperfine_base[@]}"

hyperfine_status=0
python3 - "$work/result.json" "$TARGET" <<'PY' || hyperfine_status=$?
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
target = float(sys.argv[2])
floor = res["floor"]["mean"]
bad = False
libs = res["floorlibs"]["mean"]
print(f"\nfloor: {floor*1000:.2f} ms")
print(f"floor + required libraries: {libs*1000:.2f} ms = {libs/floor:.2f}x floor (the libraries' init: {(libs-floor)*1000:.2f} ms)")
for name in ("version", "sign paoding"):
    m = res[name]["mean"]
    ratio = m / floor
    ok = ratio <= target
    bad |= not ok
    print(f"{name}: {m*1000:.2f} ms  = {ratio:.2f}x floor  ({'ok' if ok else 'OVER'} target {target}x); insure's own cost over floorlibs: {(m-libs)*1000:+.2f} ms")
# On a busy machine the wall-clock means wander; CPU time (user + system)
# is steadier, so print it too.
print("\nCPU (user + system), mean:")
for name in ("floor", "floorlibs", "floorlinked", "version", "sign paoding"):
    r = res[name]
    print(f"  {name}: {(r['user'] + r['system'])*1000:.2f} ms")
sys.exit(1 if bad else 0)
PY

echo
cpu_status=0
python3 bench/startup-cpu.py "$ROUNDS" "floorlibs=$work/floorlibs" "floor=$work/floor" "floorlinked=$work/floorlinked" \
  "version=$work/insure version" "sign paoding=$work/insure sign paoding" "${base[@]}" \
  --target "version/floorlibs=$TARGET_LIBS" || cpu_status=$?
exit $(( hyperfine_status || cpu_status ))
