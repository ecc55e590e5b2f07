#!/usr/bin/env bash
# Regenerates test/fixtures/formats/tshark-multipart.{sip,txt}: one NOTIFY written here with a
# multipart/mixed body of three parts (SDP, PIDF, text/plain), put into a capture by text2pcap
# (UDP 30060 -> 30061) and printed by tshark -V -O sip: how tshark prints SDP and text parts of a
# multipart body, which the real captures do not have (see test/fixtures/README.md, `formats/`).
#
# Needs (Debian): tshark (text2pcap comes with it), xxd.
# Usage: bash test/scripts/make-tshark-multipart.sh
# OUT=DIR writes the two files into DIR instead of test/fixtures/formats.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${OUT:-$here/../fixtures/formats}"
mkdir -p "$out"
work="$(mktemp -d /tmp/sip-tshark-multipart.XXXXXX)"
trap 'rm -rf "$work"' EXIT

body="$work/body"
printf '%s\r\n' \
	'--b1' 'Content-Type: application/sdp' '' \
	'v=0' 'o=alice 1 1 IN IP4 127.0.0.1' 's=-' 'c=IN IP4 127.0.0.1' 't=0 0' \
	'm=audio 49170 RTP/AVP 0' 'a=rtpmap:0 PCMU/8000' \
	'--b1' 'Content-Type: application/pidf+xml' '' \
	'<?xml version="1.0" encoding="UTF-8"?>' \
	'<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:alice@127.0.0.1"><tuple id="t1"><status><basic>open</basic></status><note>Hi [there] &amp; you</note></tuple></presence>' \
	'--b1' 'Content-Type: text/plain' '' \
	'hello' 'world' \
	'--b1--' >"$body"
message="$work/message"
{
	printf '%s\r\n' \
		'NOTIFY sip:bob@127.0.0.1:30061 SIP/2.0' \
		'Via: SIP/2.0/UDP 127.0.0.1:30060;branch=z9hG4bK-mp1' \
		'Max-Forwards: 70' \
		'From: <sip:alice@127.0.0.1>;tag=mp1' \
		'To: <sip:bob@127.0.0.1>;tag=mp2' \
		'Call-ID: mp1@127.0.0.1' \
		'CSeq: 2 NOTIFY' \
		'Event: presence' \
		'Subscription-State: active;expires=60' \
		'Content-Type: multipart/mixed;boundary=b1' \
		"Content-Length: $(wc -c <"$body")" \
		''
	cat "$body"
} >"$message"

# text2pcap reads an offset and hex octets per line.
xxd -g 1 -c 16 "$message" | sed -E 's/^([0-9a-f]+): (([0-9a-f]{2} ){1,16}).*/\1 \2/' >"$work/message.hex"
text2pcap -q -u 30060,30061 "$work/message.hex" "$work/message.pcap"
tshark -r "$work/message.pcap" -V -O sip >"$out/tshark-multipart.txt"
{
	cat "$message"
	printf '\r\n'
} >"$out/tshark-multipart.sip"
echo "wrote $out/tshark-multipart.txt and .sip" >&2
