#!/bin/sh
# Compresses the generated man pages (docs/man/*.1) into .manpages/ for the
# deb and rpm packages: Debian policy wants man pages gzipped (lintian's
# uncompressed-manual-page) and nfpm does not compress them itself. -n
# leaves the name and time out of the gzip header so the packages are
# reproducible. GoReleaser runs this as a before hook.
set -eu
cd "$(dirname "$0")/.."
rm -rf .manpages
mkdir -p .manpages
for page in docs/man/*.1; do
  gzip -9 -n -c "$page" >".manpages/${page##*/}.gz"
done
