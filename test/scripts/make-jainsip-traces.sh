#!/usr/bin/env bash
# Regenerates test/fixtures/real/jainsip-presence.*: the message log of the NIST JAIN-SIP stack
# (gov.nist.javax.sip; Debian's libnist-sip-aosp-java, Android's copy of it, 9.0.0+r35), written by
# the real stack: JainSipPresence.java (built here with javac against it), two user agents on one
# stack, through Kamailio's presence server (kamailio.cfg):
#
#   Kamailio (presence, presence_xml, 407 on PUBLISH)   127.0.0.1:35100
#   andrew, the watcher                                 127.0.0.1:35102
#   linda, the presentity                               127.0.0.1:35104
#
# andrew subscribes to linda's presence; linda publishes (407, again with credentials, 200 with
# SIP-ETag), changes her state (SIP-If-Match, a body without a last line end), andrew unsubscribes
# (with a Timestamp header), linda removes her publication. With gov.nist.javax.sip.TRACE_LEVEL=32
# and SERVER_LOG=FILE the stack writes each message it sends or receives as a record
# (ServerLog.logMessage, MessageLog.toString):
#
#   <message
#   from="127.0.0.1:35102" 
#   to="127.0.0.1:35100" 
#   time="1796322214443"
#   isSender="true" 
#   transactionId="z9hg4bk..." 
#   callId="..." 
#   firstLine="SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0" 
#   >
#   <![CDATA[SUBSCRIBE sip:linda@127.0.0.1 SIP/2.0
#   ...the message as encoded, CRLF line ends...]]>
#   </message>
#
# after a `<!-- ... -->` comment and a `<description ... />` header. jainsip-presence.log is the
# log with LOG_MESSAGE_CONTENT=true (each message whole); jainsip-presence-headers.log the stack's
# default (encodeMessage(): each message without its body, its Content-Length as sent), from a
# second run. tshark captures the first run on lo; expected-links.mjs computes the expected
# messages, lines, addresses, directions and links of that log from tshark's fields, and each
# record's time from its own `time` attribute (checked against the capture's).
#
# Needs (Debian): libnist-sip-aosp-java default-jdk-headless kamailio kamailio-presence-modules
# kamailio-xml-modules tshark nodejs.
# Usage: bash test/scripts/make-jainsip-traces.sh (about 15 seconds). OUT=DIR writes the files
# into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=jainsip-presence
jar=/usr/share/java/nist-sip-aosp.jar

require_tools java javac tshark node kamailio
[[ -r "$jar" ]] || { echo "missing: $jar (libnist-sip-aosp-java)" >&2; exit 1; }
make_workdir jainsip
mkdir -p "$dir/build" "$dir/sipdump"
javac -Xlint:all -Werror -d "$dir/build" -cp "$jar" "$here/JainSipPresence.java"

# story LOG CONTENT: the story, its message log in $dir/LOG, bodies logged when CONTENT is true.
story() {
	log "the presence story through JAIN-SIP (LOG_MESSAGE_CONTENT=$2)"
	java -cp "$jar:$dir/build" JainSipPresence 35100 35102 35104 linda-secret "$dir/$1" "$2" \
		>>"$dir/jainsip.out" 2>&1 || { cat "$dir/jainsip.out" >&2; fail "the presence story did not end"; }
}

kamailio_tables version presentity active_watchers watchers xcap pua
kamailio_config "$here/kamailio.cfg" -e 's/15060/35100/g'
extra_fields=(ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport)
start_capture "udp portrange 35100-35104"
start_kamailio
story "$name.log" true
sleep 0.5
stop_capture
tshark_fields
no_retransmissions
count=$(($(wc -l <"$dir/fields.tsv") - 1))
((count == 20)) || fail "tshark sees $count SIP messages, not 20"
publish log=jainsip

# The stack's default: the same story, each message logged without its body.
kamailio_tables version presentity active_watchers watchers xcap pua
start_kamailio
story "$name-headers.log" false
kill "$kamailio_pid"
wait "$kamailio_pid" 2>/dev/null || true
kamailio_pid=""
cp "$dir/$name-headers.log" "$out/$name-headers.log"
chmod 644 "$out/$name-headers.log"
