#!/usr/bin/env bash
# Regenerates test/fixtures/real/sofia-truncated.*: sofia-sip's own log (TPORT_LOG) and dump
# (TPORT_DUMP) of a presence story whose PIDF documents hold a line longer than the log prints,
# written by the real library (Debian's sofia-sip 1.12.11).
#
# sofia-sip 1.12's tport_log_msg (tport_logging.c) prints at most 2047 characters of a line
# (MAX_LINELEN): at a longer line it stops, closes the record with its dashes and writes
# `   *** message truncated at N ***`, N the octets of the message it printed (line ends counted
# as they went). It stops the same way at a NUL octet, and after 80 buffers (iovecs).
#
# sofia-presence.c (built here against libsofia-sip-ua-dev) plays the presence story of
# make-sofia-traces.sh through Kamailio's presence server (kamailio.cfg), with DEVICES set: linda's
# second publication (busy) is one line of XML with a tuple for each of her 24 other devices
# (about 2,900 characters), which the log cuts at 2047. Kamailio writes the NOTIFYs that carry it
# as indented XML, a tuple on several lines: those are printed whole.
#
#   Kamailio (presence, presence_xml, 407 on PUBLISH)   127.0.0.1:35060 (UDP and TCP)
#   andrew, the watcher                                 127.0.0.1:35062
#   linda, the presentity                               127.0.0.1:35064
#
# The PUBLISH with that line is longer than sofia-sip sends over UDP (its MTU is 1300 octets): it
# sends it over TCP (RFC 3261 §18.1.1), and Kamailio answers on that connection; Kamailio sends
# its NOTIFYs to andrew over UDP. Both user agents run in one thread (sofia-presence.c), so no
# record is interleaved with another's lines. Outputs: $name.stderr.log (TPORT_LOG), $name.dump.log
# (TPORT_DUMP; no expected.json, see make-sofia-traces.sh), $name.pcapng.
#
# Needs (Debian): sofia-sip-bin libsofia-sip-ua-dev gcc pkg-config kamailio
# kamailio-presence-modules kamailio-xml-modules tshark nodejs.
# Usage: bash test/scripts/make-sofia-truncated-traces.sh (about 10 seconds). OUT=DIR writes the
# files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=sofia-truncated
devices=24

require_tools tshark node gcc pkg-config kamailio
make_workdir sofia-truncated
mkdir -p "$dir/sipdump"
# pkg-config's flags are words of their own.
# shellcheck disable=SC2046
gcc -O2 -Wall -Wextra -Werror -o "$dir/sofia-presence" "$here/sofia-presence.c" \
	$(pkg-config --cflags --libs sofia-sip-ua)
kamailio_tables version presentity active_watchers watchers xcap pua
kamailio_config "$here/kamailio.cfg" -e 's/15060/35060/g' \
	-e 's/^listen=udp:127\.0\.0\.1:35060$/&\nlisten=tcp:127.0.0.1:35060/'
start_capture "portrange 35060-35064"
start_kamailio
log "the presence story through sofia-sip's nua, with a line longer than its log prints"
TZ=UTC TPORT_LOG=1 TPORT_DUMP="$dir/$name.dump.log" "$dir/sofia-presence" sip:127.0.0.1:35060 \
	sip:127.0.0.1:35062 sip:127.0.0.1:35064 127.0.0.1 linda-secret "$devices" \
	>"$dir/sofia-presence.out" 2>"$dir/$name.stderr.log" ||
	{ cat "$dir/sofia-presence.out" >&2; fail "the presence story did not end"; }
sleep 0.5
stop_capture
extra_fields=(ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport tcp.srcport tcp.dstport
	tcp.payload)
tshark_fields
no_retransmissions
count=$(($(wc -l <"$dir/fields.tsv") - 1))
((count == 20)) || fail "tshark sees $count SIP messages, not 20"
cuts=$(grep -c '^   \*\*\* message truncated at [0-9]* \*\*\*$' "$dir/$name.stderr.log" || true)
((cuts == 1)) || fail "sofia-sip's log truncated $cuts messages, not the PUBLISH alone"
publish --peer=127.0.0.1:35060 stderr.log=sofia
cp "$dir/$name.dump.log" "$out/$name.dump.log"
chmod 644 "$out/$name.dump.log"
