#!/usr/bin/env bash
# Build a release snapshot with GoReleaser: nothing is published.
#
#   scripts/release-snapshot.sh          every target (linux, darwin, windows x amd64, arm64)
#   scripts/release-snapshot.sh --ci     linux/amd64 only: the same pipeline (archive, checksums,
#                                        deb, rpm, Homebrew cask, CycloneDX SBOM) in CI's time budget
#
# GoReleaser and cyclonedx-gomod are installed from the Go module proxy at
# pinned versions and cached in $(go env GOPATH)/bin; later runs skip the
# installs (~5 and ~3 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
GORELEASER_VERSION=v2.15.1
CYCLONEDX_GOMOD_VERSION=v1.10.0
GOBIN_DIR="$(go env GOPATH)/bin"
export PATH="$GOBIN_DIR:$PATH"

# Capture output before matching: `cmd | grep -q` under pipefail fails with
# SIGPIPE (141) whenever grep exits before cmd has written everything.
installed=$(goreleaser --version 2>/dev/null || true)
if [[ "$installed" != *"${GORELEASER_VERSION#v}"* ]]; then
  echo "installing goreleaser $GORELEASER_VERSION (cached in $GOBIN_DIR)" >&2
  (cd "$(mktemp -d)" && GOFLAGS=-buildvcs=false go install "github.com/goreleaser/goreleaser/v2@$GORELEASER_VERSION")
fi

installed=$(cyclonedx-gomod version 2>/dev/null || true)
if [[ "$installed" != *"$CYCLONEDX_GOMOD_VERSION"* ]]; then
  echo "installing cyclonedx-gomod $CYCLONEDX_GOMOD_VERSION (cached in $GOBIN_DIR)" >&2
  (cd "$(mktemp -d)" && GOFLAGS=-buildvcs=false go install "github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod@$CYCLONEDX_GOMOD_VERSION")
fi

goreleaser check

config=.goreleaser.yaml
if [ "${1:-}" = "--ci" ]; then
  config=$(mktemp --suffix=.yaml)
  trap 'rm -f "$config"' EXIT
  sed -e 's/goos: \[linux, darwin, windows\]/goos: [linux]/' \
      -e 's/goarch: \[amd64, arm64\]/goarch: [amd64]/' .goreleaser.yaml > "$config"
fi

goreleaser release --snapshot --clean --skip=publish --config "$config"

# The artefacts a release promises.
ls dist/*.tar.gz dist/*.deb dist/*.rpm dist/checksums.txt dist/*.sbom.json >/dev/null
sbom=$(ls dist/*linux_amd64*.sbom.json)
sbom_text=$(cat "${sbom%%$'\n'*}")
[[ "$sbom_text" == *'"bomFormat": "CycloneDX"'* && "$sbom_text" == *pkg:golang/github.com/spf13/cobra* ]] ||
  { echo "the SBOM is not a CycloneDX document listing insure's modules" >&2; exit 1; }
archive=$(ls dist/*linux_amd64*.tar.gz)
contents=$(tar -tzf "${archive%%$'\n'*}")
[[ "$contents" == *completions/insure.bash* ]] || { echo "the archive lacks completions/insure.bash" >&2; exit 1; }
deb=$(ls dist/*amd64*.deb)
if command -v dpkg-deb >/dev/null; then
  deb_files=$(dpkg-deb -c "${deb%%$'\n'*}")
  [[ "$deb_files" == *usr/share/man/man1/insure.1.gz* && "$deb_files" != *man1/insure.1$'\n'* ]] ||
    { echo "the deb lacks gzipped man pages in /usr/share/man/man1" >&2; exit 1; }
fi
echo "snapshot ok: $(ls dist | tr '\n' ' ')"
