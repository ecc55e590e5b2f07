#!/usr/bin/env bash
# Regenerates test/fixtures/formats/tshark-cut-lines.{sip,txt,fields.json}: an OPTIONS written
# here and its 200, whose start line (a long Request-URI), only Via, From, To and Call-ID are longer than
# the 240 characters tshark prints of an item, put into a capture by text2pcap (UDP 42080 <->
# 42081) and printed by tshark -V -O sip: how tshark marks a start line it cut
# (`Request-Line [truncated]: OPTIONS ...`) and the header lines it cut (`         [truncated]Via:
# ...`), where a message without them would lack its Via and Call-ID, a From cut before its tag
# would lack the tag, and a To cut inside its URI is no name-addr (see test/fixtures/README.md, `formats/`). tshark's own fields of both
# frames (`-T fields`: method, Request-URI, status, Via, Call-ID, From tag, whole) are kept in the
# .fields.json.
#
# Needs (Debian): tshark (text2pcap comes with it), xxd, nodejs.
# Usage: bash test/scripts/make-tshark-cut-lines.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../fixtures/formats"
work="$(mktemp -d /tmp/sip-tshark-cut-lines.XXXXXX)"
trap 'rm -rf "$work"' EXIT
# A Request-URI carrying routing data of a gateway as URI parameters, a Via whose received and a
# long parameter follow the branch, a Call-ID some B2BUAs build by encoding the leg's data.
uri="sip:+4930123456789@127.0.0.1:42081;user=phone;$(for n in 1 2 3 4 5 6 7 8; do printf 'x-route%s=trunk-group-berlin-%s;' "$n" "$n"; done)tgrp=berlin"
via="Via: SIP/2.0/UDP 127.0.0.1:42080;branch=z9hG4bK-cutlines1;rport;received=127.0.0.1;x-leg=$(for n in 1 2 3 4 5 6 7 8 9 10; do printf 'A%02dB8C7D6E5F4A3B2C1D0' "$n"; done)"
# A From whose header parameters push its tag past what tshark prints, and a To cut inside its
# URI (its parameters in the brackets).
from="From: \"Alice Example\" <sip:alice@127.0.0.1>;$(for n in 1 2 3 4 5 6; do printf 'x-account%s=berlin-office-sales-team-%s;' "$n" "$n"; done)tag=cutlines1"
to="To: <sip:+4930123456789@127.0.0.1;user=phone;$(for n in 1 2 3 4 5 6; do printf 'x-dial%s=berlin-office-sales-team-%s;' "$n" "$n"; done)cpc=ordinary>"
callid="Call-ID: $(for n in 1 2 3 4 5 6 7 8 9 10 11 12; do printf '3f2a%02d9c8e7d6b5a4f30' "$n"; done)@127.0.0.1"
request="$work/request"
printf '%s\r\n' \
	"OPTIONS $uri SIP/2.0" \
	"$via" \
	'Max-Forwards: 70' \
	"$from" \
	"$to" \
	"$callid" \
	'CSeq: 1 OPTIONS' \
	'Contact: <sip:alice@127.0.0.1:42080>' \
	'Content-Length: 0' \
	'' >"$request"
response="$work/response"
printf '%s\r\n' \
	'SIP/2.0 200 OK' \
	"$via" \
	"$from" \
	"$to;tag=cutlines2" \
	"$callid" \
	'CSeq: 1 OPTIONS' \
	'Content-Length: 0' \
	'' >"$response"
# text2pcap reads an offset and hex octets per line; each message its own packet, one per file.
for m in request response; do
	xxd -g 1 -c 16 "$work/$m" | sed -E 's/^([0-9a-f]+): (([0-9a-f]{2} ){1,16}).*/\1 \2/' >"$work/$m.hex"
done
text2pcap -q -u 42080,42081 "$work/request.hex" "$work/request.pcap"
text2pcap -q -u 42081,42080 "$work/response.hex" "$work/response.pcap"
mergecap -a -w "$work/both.pcap" "$work/request.pcap" "$work/response.pcap"
tshark -r "$work/both.pcap" -V -O sip >"$out/tshark-cut-lines.txt"
[[ "$(grep -c '^         \[truncated\]' "$out/tshark-cut-lines.txt")" -eq 8 ]] &&
	grep -q '^    Request-Line \[truncated\]: ' "$out/tshark-cut-lines.txt" || {
	echo 'tshark did not cut the start line, Via, From, To and Call-ID' >&2
	exit 1
}
cat "$request" "$response" >"$out/tshark-cut-lines.sip"
tshark -r "$work/both.pcap" -T fields -E separator=/t -e sip.Method -e sip.r-uri -e sip.Status-Code \
	-e sip.Via -e sip.Call-ID -e sip.from.tag |
	node -e '
		const rows = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
		const frames = rows.map((r) => {
			const [method, ruri, status, via, callId, fromTag] = r.split("\t");
			return { method: method || null, requestUri: ruri || null, status: status ? Number(status) : null, via, callId, fromTag };
		});
		const source = "tshark -T fields -e sip.Method -e sip.r-uri -e sip.Status-Code -e sip.Via -e sip.Call-ID -e sip.from.tag";
		process.stdout.write(JSON.stringify({ source, frames }, null, "\t") + "\n");
	' >"$out/tshark-cut-lines.fields.json"
echo "wrote $out/tshark-cut-lines.txt, .sip and .fields.json" >&2
