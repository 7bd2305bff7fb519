#!/usr/bin/env bash
# Start-up cost of insure against a floor: a minimal cobra + viper program
# that reads a small YAML file (bench/floor). Target: `insure version` and
# `insure sign paoding` within 1.4x of the floor.
#
# A second baseline, bench/floorlibs, is the floor plus blank imports of the
# libraries the project requires (tablewriter, huh, modernc SQLite, gojq,
# go-keyring, x/text GBK): insure minus floorlibs is insure's own cost.
#
#   bench/startup.sh            # installs hyperfine from Debian if missing
#
# Prints hyperfine's table and the ratios; exits 1 if a ratio is over the
# target. Record the figures in docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${TARGET:-1.4}

if ! command -v hyperfine >/dev/null; then
  echo "installing hyperfine" >&2
  (apt-get update -qq && apt-get install -y -qq hyperfine) >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Same flags for both binaries, as a release build would use.
go build -trimpath -ldflags "-s -w" -o "$work/insure" ./cmd/insure
go build -trimpath -ldflags "-s -w" -o "$work/floor" ./bench/floor
go build -trimpath -ldflags "-s -w" -o "$work/floorlibs" ./bench/floorlibs

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
  -n version "$work/insure version" \
  -n "sign paoding" "$work/insure sign paoding"

python3 - "$work/result.json" "$TARGET" <<'PY'
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
for name in ("floor", "floorlibs", "version", "sign paoding"):
    r = res[name]
    print(f"  {name}: {(r['user'] + r['system'])*1000:.2f} ms")
sys.exit(1 if bad else 0)
PY
