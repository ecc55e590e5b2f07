#!/usr/bin/env bash
# Regenerates test/fixtures/real/sofia-options.* and sofia-presence.*: sofia-sip's own logs of the
# messages it sends and receives, written by the real library (Debian's sofia-sip 1.12.11).
#
# sofia-options: sip-options (sofia-sip-bin) and a SIPp server.
#
#   SIPp (sipp/sofia-options-server.xml): answers one OPTIONS      127.0.0.1:35060, [::1]:35060
#   sip-options (sofia-sip-bin), bound to                          127.0.0.1:35061, [::1]:35061
#
# sip-options sends an OPTIONS over UDP and over TCP, IPv4 and IPv6; SIPp answers each pair 200 OK
# and 404 Not Found. Each run of sip-options has sofia-sip log what its transport layer sends and
# receives:
#   TPORT_LOG=1           on stderr, the stamp `send 290 bytes to udp/[127.0.0.1]:35060 at
#                         15:22:19.424906:`, dashes, the message indented, dashes
#                         (tport_logging.c, tport_log_msg): $name.stderr.log, every run's stderr
#   TPORT_DUMP=FILE       the octets as they went, after the stamp (`sent` for what it sent) and
#                         before a vertical tab, appended to FILE after `dump started at <ctime>`
#                         (tport_dump_iovec): $name.dump.log, every run appended
#
# sofia-presence: sofia-presence.c (built here with gcc against libsofia-sip-ua-dev), two user
# agents on sofia-sip's nua API, through Kamailio's presence server (kamailio.cfg):
#
#   Kamailio (presence, presence_xml, 407 on PUBLISH)   127.0.0.1:35060
#   andrew, the watcher                                 127.0.0.1:35062
#   linda, the presentity                               127.0.0.1:35064
#
# andrew subscribes to linda's presence; linda publishes (407, again with credentials, 200 with
# SIP-ETag), changes her state (SIP-If-Match), andrew unsubscribes, linda removes her publication.
# Its TPORT_LOG output is $name.stderr.log; its TPORT_DUMP file $name.dump.log, where sofia-sip
# 1.12.11 writes only the first buffer of a message it sends (a 200 OK's start line, a PUBLISH's
# headers without the body): that file has no expected.json (tshark's messages are whole), its
# test compares it with the log of the same run.
#
# Both stamps give the local time of day: the runs are made with TZ=UTC. tshark captures each
# story on lo; expected-links.mjs computes the expected messages, lines, remote addresses,
# directions, transports and times of the files from tshark's fields, independently of the
# analyser.
#
# Needs (Debian): sofia-sip-bin libsofia-sip-ua-dev gcc pkg-config kamailio
# kamailio-presence-modules kamailio-xml-modules sip-tester tshark nodejs.
# Usage: bash test/scripts/make-sofia-traces.sh (about 20 seconds). OUT=DIR writes the files into
# DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=sofia-options

require_tools sip-options sipp tshark node gcc pkg-config kamailio
make_workdir sofia

# options IP TRANSPORT STATUS: SIPp on IP:35060 answers with STATUS the OPTIONS sip-options sends
# it from IP:35061 over TRANSPORT; sofia's log and dump appended to the story's two files.
options() {
	local ip="$1" transport="$2" status="$3" host="$1" scenario sipp_pid
	[[ "$ip" == *:* ]] && host="[$ip]"
	scenario="$dir/sipp/server-${status%% *}.xml"
	sed "s/@STATUS@/$status/" "$here/sipp/sofia-options-server.xml" >"$scenario"
	log "OPTIONS to $host:35060 over $transport: $status"
	sipp_start "server" -sf "$scenario" -i "$ip" -p 35060 -t "${transport:0:1}1" -m 1 -timeout 10
	sipp_pid="$agent_pid"
	sleep 0.7
	# sip-options exits 1 for an error response: what counts is that SIPp saw its call through.
	TZ=UTC TPORT_LOG=1 TPORT_DUMP="$dir/$name.dump.log" \
		sip-options --bind="sip:$host:35061;transport=$transport" \
		"sip:$host:35060;transport=$transport" >>"$dir/sip-options.out" 2>>"$dir/$name.stderr.log" ||
		true
	wait "$sipp_pid" || fail "SIPp did not answer the OPTIONS to $host over $transport"
	agent_pids=()
	sleep 0.3
}

start_capture "port 35060 or port 35061"
for ip in 127.0.0.1 ::1; do
	for transport in udp tcp; do
		options "$ip" "$transport" "200 OK"
		options "$ip" "$transport" "404 Not Found"
	done
done
stop_capture

# The frames' addresses and transports, and the TCP payload (the start line, for expected-links).
extra_fields=(ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport tcp.srcport tcp.dstport
	tcp.payload)
tshark_fields
count=$(($(wc -l <"$dir/fields.tsv") - 1))
((count == 16)) || fail "tshark sees $count SIP messages, not 16"
# sofia names the far end (SIPp) in each stamp: the messages from it are the ones it received.
publish --peer=127.0.0.1:35060 --peer='[::1]:35060' stderr.log=sofia dump.log=sofia-dump

# --- the presence story ------------------------------------------------------------------------
name=sofia-presence
dir="$work/presence"
mkdir -p "$dir/sipp" "$dir/sipdump"
# pkg-config's flags are words of their own.
# shellcheck disable=SC2046
gcc -O2 -Wall -Wextra -Werror -o "$dir/sofia-presence" "$here/sofia-presence.c" \
	$(pkg-config --cflags --libs sofia-sip-ua)
kamailio_tables version presentity active_watchers watchers xcap pua
kamailio_config "$here/kamailio.cfg" -e 's/15060/35060/g'
start_capture "udp portrange 35060-35064"
start_kamailio
log "the presence story through sofia-sip's nua"
TZ=UTC TPORT_LOG=1 TPORT_DUMP="$dir/$name.dump.log" "$dir/sofia-presence" sip:127.0.0.1:35060 \
	sip:127.0.0.1:35062 sip:127.0.0.1:35064 127.0.0.1 linda-secret \
	>"$dir/sofia-presence.out" 2>"$dir/$name.stderr.log" ||
	{ cat "$dir/sofia-presence.out" >&2; fail "the presence story did not end"; }
sleep 0.5
stop_capture
tshark_fields
no_retransmissions
count=$(($(wc -l <"$dir/fields.tsv") - 1))
((count == 20)) || fail "tshark sees $count SIP messages, not 20"
publish --peer=127.0.0.1:35060 stderr.log=sofia
cp "$dir/$name.dump.log" "$out/$name.dump.log"
chmod 644 "$out/$name.dump.log"
