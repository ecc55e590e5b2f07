#!/usr/bin/env bash
# tshark's stream follower in ASCII (`tshark -q -z follow,udp,ascii,N`, `follow,tcp,ascii,N`), and
# in hex for presence-story and tcp-story (`follow,udp,hex,N`),
# every stream of a capture the story scripts published, one block per stream as tshark prints
# them: presence-story (UDP over IPv4), presence-ipv6 (UDP over IPv6) and tcp-story (TCP, each
# 3 KB PUBLISH in three segments). expected-links.mjs computes the expected messages and links
# from tshark's fields of the same capture (FORMAT follow: each message at its start line, with
# the addresses of its packet). Run after the stories' own scripts (whose publish replaces all of
# their files).
#
# Needs (Debian): tshark nodejs.
# Usage: bash test/scripts/make-follow-printouts.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
require_tools tshark node
make_workdir follow-printouts

# follow PROTO CAPTURE OUTPUT [MODE]: every stream of PROTO in CAPTURE, followed in ASCII (or MODE).
follow() {
	local proto=$1 capture=$2 output=$3 mode=${4:-ascii} streams=() n
	mapfile -t streams < <(tshark -r "$capture" -Y sip -T fields -e "$proto.stream" 2>/dev/null | sort -nu)
	((${#streams[@]} > 0)) || fail "no $proto stream with SIP in $capture"
	local args=()
	for n in "${streams[@]}"; do args+=(-z "follow,$proto,$mode,$n"); done
	tshark -r "$capture" -q "${args[@]}" >"$output" 2>/dev/null
}

for story in presence-story presence-ipv6; do
	extra_fields=(ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport)
	cp "$out/$story.pcapng" "$dir/trace.pcapng"
	tshark_fields
	follow udp "$out/$story.pcapng" "$out/$story.follow.txt"
	node "$scripts/expected-links.mjs" "$dir/fields.tsv" "$out/$story.follow.txt" follow
	# The first story in hex (`follow,udp,hex`) too.
	[[ "$story" == presence-story ]] || continue
	follow udp "$out/$story.pcapng" "$out/$story.follow-hex.txt" hex
	node "$scripts/expected-links.mjs" "$dir/fields.tsv" "$out/$story.follow-hex.txt" follow-hex
done

# TCP: tshark's fields of the reassembled messages, as make-tcp-traces.sh reads them.
tshark -r "$out/tcp-story.pcap" -Y sip -T json --no-duplicate-keys >"$dir/dissection.json" 2>/dev/null
node "$scripts/tsharkSipJson.mjs" "$dir/dissection.json" "$dir/messages.json" >"$dir/fields.tsv"
follow tcp "$out/tcp-story.pcap" "$out/tcp-story.follow.txt"
follow tcp "$out/tcp-story.pcap" "$out/tcp-story.follow-hex.txt" hex
node "$scripts/expected-links.mjs" "$dir/fields.tsv" "$out/tcp-story.follow.txt" follow \
	"$out/tcp-story.follow-hex.txt" follow-hex

chmod 644 "$out"/presence-story.follow*.txt "$out"/presence-ipv6.follow.txt "$out"/tcp-story.follow*.txt
log "wrote the stream followers of presence-story, presence-ipv6 and tcp-story"
