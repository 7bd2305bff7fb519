# Shared by the bench scripts (source it from the repository's root):
# a temporary work directory removed on exit, with the sandbox server
# started in it stopped first.
#
#   . bench/lib.sh
#   bench_workdir                      # sets $work
#   start_sandbox INSURE STATE_DIR     # sets $server (pid) and $url
#   stop_sandbox

bench_workdir() {
  work=$(mktemp -d)
  server=""
  trap 'stop_sandbox; rm -rf "$work"' EXIT
}

# start_sandbox runs `INSURE sandbox serve` on a free port of 127.0.0.1
# and waits for the line that gives its URL.
start_sandbox() {
  "$1" sandbox serve --addr 127.0.0.1:0 --state-dir "$2" >"$work/serve.out" 2>"$work/serve.err" &
  server=$!
  for _ in $(seq 100); do [ -s "$work/serve.out" ] && break; sleep 0.1; done
  url=$(sed -n 's/.*"url":"\([^"]*\)".*/\1/p' "$work/serve.out")
  case "$url" in http://127.0.0.1:*) ;; *) echo "sandbox did not start: $(cat "$work/serve.err")" >&2; exit 1 ;; esac
}

stop_sandbox() {
  if [ -n "${server:-}" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  server=""
}
