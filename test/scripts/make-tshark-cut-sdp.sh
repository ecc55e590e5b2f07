#!/usr/bin/env bash
# Regenerates test/fixtures/formats/tshark-cut-sdp.{sip,txt}: one INVITE written here whose SDP
# has an `i=` line longer than the 240 characters tshark prints of an item, put into a capture
# by text2pcap (UDP 30060 -> 30061) and printed by tshark -V -O sip: how tshark marks a labelled
# item it cut (`Session Information (i) [truncated]: ...`), which the real captures do not have
# (see test/fixtures/README.md, `formats/`).
#
# Needs (Debian): tshark (text2pcap comes with it), xxd.
# Usage: bash test/scripts/make-tshark-cut-sdp.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../fixtures/formats"
work="$(mktemp -d /tmp/sip-tshark-cut-sdp.XXXXXX)"
trap 'rm -rf "$work"' EXIT
info="$(for n in 1 2 3 4 5 6 7 8 9 10 11 12; do printf 'Agenda item %s: budget review with finance. ' "$n"; done)"
body="$work/body"
printf '%s\r\n' \
	'v=0' 'o=alice 1 1 IN IP4 127.0.0.1' 's=Weekly status call' "i=${info% }" \
	'c=IN IP4 127.0.0.1' 't=0 0' 'm=audio 49170 RTP/AVP 0' 'a=rtpmap:0 PCMU/8000' >"$body"
message="$work/message"
{
	printf '%s\r\n' \
		'INVITE sip:bob@127.0.0.1:30061 SIP/2.0' \
		'Via: SIP/2.0/UDP 127.0.0.1:30060;branch=z9hG4bK-cut1' \
		'Max-Forwards: 70' \
		'From: <sip:alice@127.0.0.1>;tag=cut1' \
		'To: <sip:bob@127.0.0.1>' \
		'Call-ID: cut1@127.0.0.1' \
		'CSeq: 1 INVITE' \
		'Contact: <sip:alice@127.0.0.1:30060>' \
		'Content-Type: application/sdp' \
		"Content-Length: $(wc -c <"$body")" \
		''
	cat "$body"
} >"$message"
# text2pcap reads an offset and hex octets per line.
xxd -g 1 -c 16 "$message" | sed -E 's/^([0-9a-f]+): (([0-9a-f]{2} ){1,16}).*/\1 \2/' >"$work/message.hex"
text2pcap -q -u 30060,30061 "$work/message.hex" "$work/message.pcap"
tshark -r "$work/message.pcap" -V -O sip >"$out/tshark-cut-sdp.txt"
grep -q 'Session Information (i) \[truncated\]: ' "$out/tshark-cut-sdp.txt" || {
	echo 'tshark did not cut the i= line' >&2
	exit 1
}
{
	cat "$message"
	printf '\r\n'
} >"$out/tshark-cut-sdp.sip"
echo "wrote $out/tshark-cut-sdp.txt and .sip" >&2
