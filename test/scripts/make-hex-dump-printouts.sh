#!/usr/bin/env bash
# Packets as bare hex dumps, made from the captures the story scripts published: tshark -x (each
# packet's octets as Wireshark prints them: `0000  00 00 ... 45 00   ..............E.`), with -P
# the packet's summary line above its dump; and the octets of one SIP message alone, as people
# paste what Wireshark copies of the SIP layer, printed by `hexdump -C` and `xxd`.
# expected-links.mjs computes the dumps' expected messages and links from tshark's fields of the
# same capture (FORMAT hex, reading the octets from the hex). Run after the story's own script
# (whose publish replaces all of its files).
#
# Needs (Debian): tshark xxd (bsdextrautils for hexdump) nodejs.
# Usage: bash test/scripts/make-hex-dump-printouts.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib/story.sh"
require_tools tshark xxd hexdump node
make_workdir hex-dump-printouts
extra_fields=(ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport)

cp "$out/presence-story.pcapng" "$dir/trace.pcapng"
tshark_fields
tshark -r "$out/presence-story.pcapng" -P -x >"$out/presence-story.tshark-bytes.txt" 2>/dev/null
node "$scripts/expected-links.mjs" "$dir/fields.tsv" "$out/presence-story.tshark-bytes.txt" hex
# linda's first PUBLISH (busy, with a note), its UDP payload alone.
tshark -r "$out/presence-story.pcapng" -Y 'sip.Method == "PUBLISH"' -T fields -e udp.payload |
	sed -n 1p | xxd -r -p >"$dir/publish.bin"
[[ -s "$dir/publish.bin" ]] || fail "no PUBLISH in presence-story.pcapng"
hexdump -C "$dir/publish.bin" >"$out/presence-story.publish.hexdump-C.txt"
xxd "$dir/publish.bin" >"$out/presence-story.publish.xxd.txt"
log "wrote the hex dumps of presence-story"

cp "$out/presence-ipv6.pcapng" "$dir/trace.pcapng"
tshark_fields
tshark -r "$out/presence-ipv6.pcapng" -x >"$out/presence-ipv6.tshark-bytes.txt" 2>/dev/null
node "$scripts/expected-links.mjs" "$dir/fields.tsv" "$out/presence-ipv6.tshark-bytes.txt" hex
chmod 644 "$out"/presence-story.tshark-bytes.txt "$out"/presence-story.publish.*.txt \
	"$out"/presence-ipv6.tshark-bytes.txt
log "wrote the hex dump of presence-ipv6"
