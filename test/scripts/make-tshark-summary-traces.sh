#!/usr/bin/env bash
# Regenerates test/fixtures/real/tshark-summary.*: the capture of the challenged calls
# (real/challenged-call.pcapng, made by make-challenge-traces.sh) printed by tshark with each
# packet's summary line before its dissection (`tshark -P -V -O sip`, as Wireshark's "Export
# Packet Dissections" prints by default, "Summary line" checked): `    2 0.000613919    127.0.0.1 →
# 127.0.0.1    SIP 462 Status: 407 ...` before `Frame 2: ...` (see test/fixtures/README.md,
# "tshark's text with summary lines"). expected-links.mjs computes the expected messages and
# links from tshark's fields of the same capture, independently of the analyser.
#
# Needs (Debian): tshark nodejs.
# Usage: bash test/scripts/make-tshark-summary-traces.sh   (a second)
# OUT=DIR writes the files into DIR instead of test/fixtures/real.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=tshark-summary
require_tools tshark node
make_workdir tshark-summary
cp "$root/test/fixtures/real/challenged-call.pcapng" "$dir/trace.pcapng"
tshark -r "$dir/trace.pcapng" -Y sip -P -V -O sip >"$dir/$name.tshark.txt"
tshark_fields
# Every SIP packet has its summary line, right before its Frame line.
summaries="$(grep -c -E '^ *[0-9]+ [0-9.]+ .* (→|->) .* SIP(/[A-Z]+)? [0-9]+ ' "$dir/$name.tshark.txt" || true)"
frames="$(grep -c '^Frame [0-9]*: ' "$dir/$name.tshark.txt" || true)"
((summaries == frames && frames > 0)) || fail "expected a summary line per frame: $summaries, $frames"
mkdir -p "$out"
cp "$dir/$name.tshark.txt" "$out/$name.tshark.txt"
chmod 644 "$out/$name.tshark.txt"
node "$scripts/expected-links.mjs" "$dir/fields.tsv" "$out/$name.tshark.txt" tshark
log "wrote $out/$name.tshark.txt and its expected links"
