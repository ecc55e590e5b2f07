#!/usr/bin/env bash
# Regenerates test/fixtures/real/tshark-tcp.*: the SIP-over-TCP capture real/tcp-story.pcap (made
# by make-tcp-traces.sh: segments that carry two messages, messages over several segments, and a
# proxy chain's Record-Route and Route longer than the 240 characters tshark prints of an item)
# printed by tshark (`-V -O sip`), which reassembles TCP and cuts those two header lines (see
# test/fixtures/README.md, "The TCP story in tshark's text"). The expected messages and links come
# from tshark's JSON dissection of the capture (tsharkSipJson.mjs, then expected-links.mjs), and
# the messages whole as tshark reassembled them are real/tcp-story.messages.json.
#
# Needs (Debian): tshark nodejs.
# Usage: bash test/scripts/make-tshark-tcp-traces.sh   (a second)
# OUT=DIR writes the files into DIR instead of test/fixtures/real.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=tshark-tcp
require_tools tshark node
make_workdir tshark-tcp
cp "$root/test/fixtures/real/tcp-story.pcap" "$dir/trace.pcap"
tshark -r "$dir/trace.pcap" -Y sip -V -O sip >"$dir/$name.tshark.txt"
tshark -r "$dir/trace.pcap" -Y sip -T json --no-duplicate-keys >"$dir/dissection.json" 2>/dev/null
node "$scripts/tsharkSipJson.mjs" "$dir/dissection.json" >"$dir/fields.tsv"
# 14 messages; tshark cuts the Record-Route of one message and the Route of another.
count="$(grep -c '^Session Initiation Protocol' "$dir/$name.tshark.txt" || true)"
cut="$(grep -c -E '^         \[truncated\](Record-)?Route: ' "$dir/$name.tshark.txt" || true)"
((count == 14 && cut == 2)) || fail "expected 14 messages and two cut lines: $count, $cut"
mkdir -p "$out"
cp "$dir/$name.tshark.txt" "$out/$name.tshark.txt"
chmod 644 "$out/$name.tshark.txt"
node "$scripts/expected-links.mjs" "$dir/fields.tsv" "$out/$name.tshark.txt" tshark
log "wrote $out/$name.tshark.txt and its expected links"
