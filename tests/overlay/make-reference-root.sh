#!/bin/sh
# make-reference-root.sh [DEST]: the reference root the golden files are recorded against: the container
# harness's base image (make-base.sh) with the real s6-overlay 3.2.3.2 laid over it (the noarch and
# x86_64 tarballs plus both symlink tarballs, as /tmp/oracle/make-root.sh -s extracts them), and, in
# DEST-syslogd, the syslogd-overlay tarball alone (a --layer for the scenarios that ask for it).
# Needs the oracle build in /tmp/oracle (see /tmp/oracle/BUILD.txt); not run in CI. Nothing it makes
# belongs in the repository. DEST defaults to /tmp/execpy-overlay-ref/root.
set -e
DEST=${1:-/tmp/execpy-overlay-ref/root}
HARNESS=${HARNESS_DIR:-/work/shared/tools/container-harness}
ORACLE=/tmp/oracle
[ -x "$ORACLE/make-root.sh" ] || { echo "make-reference-root.sh: no $ORACLE/make-root.sh" >&2; exit 1; }
tmp=$(mktemp -d /tmp/s6o-ref.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
sh "$HARNESS/make-base.sh" "$DEST" >/dev/null
"$ORACLE/make-root.sh" -s "$tmp/s6o" >/dev/null
cp -a "$tmp/s6o/." "$DEST/"
# the syslogd overlay as a separate layer: it adds s6-rc.d/user, which switches rc.init to the legacy bundle
rm -rf "$DEST-syslogd"; mkdir -p "$DEST-syslogd"
tar -C "$DEST-syslogd" -Jxpf "$ORACLE/s6-overlay-3.2.3.2/dist/syslogd-overlay-noarch.tar.xz"
echo "reference root in $DEST (syslogd layer in $DEST-syslogd)"
