#!/usr/bin/env bash
# tshark's JSON (`tshark -r CAPTURE -T json`, what Wireshark's "Export Packet Dissections > As
# JSON" writes) of captures the story scripts published:
#   presence-story.tshark.json  UDP over IPv4 (`-Y sip`): the PUBLISH, its 407 and retry, the fan-out
#   tcp-story.tshark.json       TCP, every packet (bare ACKs too), messages sharing a segment and
#                               split over segments, each packet's `"sip"` given again per message
#   tcp-ipv6.tshark.json        TCP over IPv6 (`-Y sip --no-duplicate-keys`: several messages of a
#                               packet as an array)
#   tcp-story.fields.tshark.json  TCP with only the fields a reader needs (`-e ...`): each field an
#                               array, a packet's start lines before its headers
#   ws-story.tshark.json        SIP over WebSocket (`-Y sip`)
#   presence-story.ek.tshark.json  `-T ek` (newline-delimited, for Elasticsearch's bulk API): a
#                               line indexing each packet, then the packet on one line
#   tcp-story.ek.tshark.json    the same over TCP, a packet's several messages an array of layers
# expected-links.mjs computes the expected messages and links from tshark's fields of the same
# capture, read from tshark's own JSON of it by tsharkSipJson.mjs, independently of the analyser
# (FORMAT tshark-json: each message at its start line's field, with the addresses and time of its
# packet). Run after the stories' own scripts (whose publish replaces all of their files).
#
# Needs (Debian): tshark nodejs.
# Usage: bash test/scripts/make-tshark-json-printouts.sh   (a few seconds)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
require_tools tshark node
make_workdir tshark-json-printouts

# Each message with the fields tshark's dissection gives it, read from its JSON (over TCP a frame
# may carry two messages, which `-T fields` cannot tell apart), with its packet's addresses.
export_json() {
	local story=$1 capture=$2
	shift 2
	tshark -r "$out/$capture" -Y sip -T json --no-duplicate-keys >"$dir/dissection.json" 2>/dev/null
	node "$scripts/tsharkSipJson.mjs" --addresses "$dir/dissection.json" >"$dir/fields.tsv"
	tshark -r "$out/$capture" "$@" -T "${TYPE:-json}" >"$out/$story.tshark.json" 2>/dev/null
	node "$scripts/expected-links.mjs" "$dir/fields.tsv" "$out/$story.tshark.json" \
		"tshark-${TYPE:-json}"
}
export_json presence-story presence-story.pcapng -Y sip
export_json ws-story ws-story.pcapng -Y sip
TYPE=ek export_json presence-story.ek presence-story.pcapng -Y sip
TYPE=ek export_json tcp-story.ek tcp-story.pcap -Y sip
export_json tcp-story tcp-story.pcap
export_json tcp-ipv6 tcp-ipv6.pcap -Y sip --no-duplicate-keys
# Only the fields a reader needs (`-e`): each an array, its strings a line each.
export_json tcp-story.fields tcp-story.pcap -Y sip -e frame.time_epoch -e ip.src -e ip.dst \
	-e ipv6.src -e ipv6.dst -e udp.srcport -e udp.dstport -e tcp.srcport -e tcp.dstport \
	-e sip.Request-Line -e sip.Status-Line -e sip.msg_hdr

chmod 644 "$out"/*.tshark.json
log "wrote the JSON exports of presence-story (twice), ws-story, tcp-story (three times) and tcp-ipv6"
