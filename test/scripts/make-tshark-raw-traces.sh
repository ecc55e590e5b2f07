#!/usr/bin/env bash
# Regenerates test/fixtures/real/tshark-raw.*: the capture of real/tshark-bodies.* (a resource
# list's multipart NOTIFYs, one with a line longer than tshark prints, a text/plain MESSAGE; made
# by make-tshark-bodies-traces.sh) printed by tshark as raw text rather than dissected: `tshark
# -o sip.display_raw_text:TRUE -V -O raw_sip`, each line of each message under `Session Initiation
# Protocol (SIP as raw text)` with its line end printed (`    Via: SIP/2.0/UDP ...\r\n`), as
# Wireshark's export prints with that preference on (see test/fixtures/README.md, "tshark's raw
# text"); and with both trees expanded (`-O sip,raw_sip`: the dissection, then the raw text, of each
# packet) as tshark-raw.both.txt. expected-links.mjs computes the expected messages and links from tshark's fields of the
# same capture, independently of the analyser.
#
# Needs (Debian): tshark nodejs.
# Usage: bash test/scripts/make-tshark-raw-traces.sh   (a second)
# OUT=DIR writes the files into DIR instead of test/fixtures/real.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=tshark-raw
require_tools tshark node
make_workdir tshark-raw
cp "$root/test/fixtures/real/tshark-bodies.pcapng" "$dir/trace.pcapng"
tshark -r "$dir/trace.pcapng" -Y sip -o sip.display_raw_text:TRUE -V -O raw_sip >"$dir/$name.tshark.txt"
# Both trees expanded: each packet's dissection, then its raw text.
tshark -r "$dir/trace.pcapng" -Y sip -o sip.display_raw_text:TRUE -V -O sip,raw_sip >"$dir/$name.both.txt"
tshark_fields
# Every SIP packet's raw text, and the one line tshark cuts (alice's long note).
raws="$(grep -c '^Session Initiation Protocol (SIP as raw text)$' "$dir/$name.tshark.txt" || true)"
frames="$(grep -c '^Frame [0-9]*: ' "$dir/$name.tshark.txt" || true)"
cut="$(grep -c '^     \[truncated\]' "$dir/$name.tshark.txt" || true)"
((raws == frames && frames > 0 && cut == 1)) || fail "expected raw text per frame and one cut line: $raws, $frames, $cut"
mkdir -p "$out"
cp "$dir/$name.tshark.txt" "$dir/$name.both.txt" "$out/"
chmod 644 "$out/$name.tshark.txt" "$out/$name.both.txt"
node "$scripts/expected-links.mjs" "$dir/fields.tsv" "$out/$name.tshark.txt" tshark \
	"$out/$name.both.txt" tshark
log "wrote $out/$name.tshark.txt, $name.both.txt and their expected links"
