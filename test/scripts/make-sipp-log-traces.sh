#!/usr/bin/env bash
# Regenerates test/fixtures/real/sipp-failures.*: SIPp's other logs, those people open when a
# scenario fails, made by real SIPp against the Kamailio presence server on loopback (see
# test/fixtures/README.md, "SIPp's other logs").
#
#   Kamailio presence + presence_xml + auth (kamailio.cfg, moved)   127.0.0.1:45060
#   SIPp watcher andrew, logging what he receives (<log message="[last_message]"/>)   port 45061
#   SIPp watcher erin (sipp/watcher-hasty.xml): refreshes at once, expects its 200, gets a
#     NOTIFY first                                                                     port 45062
#   SIPp publisher linda-noauth: two calls expecting 200 to a PUBLISH without credentials,
#     each gets 407                                                                    port 45063
#   SIPp publisher linda: the whole chain (sipp/publisher.xml), but expects 200 where the stale
#     refresh gets 412                                                                 port 45064
#   SIPp watcher bob: pauses 3 s after two NOTIFYs, gets linda's next NOTIFY meanwhile  port 45065
#
# Every agent runs with -trace_msg, -trace_err, -trace_calldebug, -trace_logs, -trace_shortmsg
# and -trace_screen. Published, each as $name.AGENT_KIND.log (SIPp names them
# <scenario>_<pid>_KIND.log): andrew's `_logs.log` (the messages his <log> actions wrote) and
# `_messages.log`; of each failing agent the `_errors.log` (each unexpected message printed whole
# in its error record, and SIPp's BYE's 405 that came for the aborted call), `_calldebug.log`
# (every message of the aborted call, the unexpected one twice) and `_messages.log` (the
# unexpected one again, after a separator without a time); and, in without-messages/, linda's
# `_shortmessages.log` and `_screen.log`, which hold no whole message. expected-links.mjs computes
# the expected messages and links of each from tshark's fields of the capture (the presence
# server's retransmissions of NOTIFYs an aborted call never answered are in the capture only).
#
# Needs (Debian): kamailio kamailio-presence-modules kamailio-xml-modules sip-tester tshark
# nodejs. Usage: bash test/scripts/make-sipp-log-traces.sh   (about 15 seconds)
# OUT=DIR writes the files into DIR instead of test/fixtures/real; KEEP_WORK=1 keeps the temp dir.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
name=sipp-failures
server=127.0.0.1:45060

require_tools kamailio sipp tshark node
make_workdir sipplogs
# kamailio.cfg's sipdump writes its files there.
mkdir -p "$dir/sipdump"
kamailio_tables version presentity active_watchers watchers xcap pua
kamailio_config "$here/kamailio.cfg" -e 's/:15060$/:45060/' -e '/^listen=udp:\[::1\]/d'
grep -q '^listen=udp:127.0.0.1:45060$' "$dir/kamailio.cfg" || fail "kamailio.cfg: no listen line"

# The scenarios people write: andrew's watcher logs the whole of every message it receives; the
# publisher that does not expect a challenge; the one that expects 200 to its last refresh.
sed -E 's#<recv ([^>]*[^/])\s*/>#<recv \1><action><log message="[last_message]" /></action></recv>#' \
	"$here/sipp/watcher.xml" >"$dir/sipp/watcher-logging.xml"
sed -e 's#<recv response="407" auth="true" />#<recv response="200" />#' \
	"$here/sipp/publisher.xml" >"$dir/sipp/publisher-noauth.xml"
sed -e 's#<recv response="412" />#<recv response="200" />#' \
	"$here/sipp/publisher.xml" >"$dir/sipp/publisher-stale.xml"
[[ "$(grep -c 'log message' "$dir/sipp/watcher-logging.xml")" == 4 ]] || fail "watcher-logging.xml"

start_capture "udp portrange 45060-45065"
# The addresses of each frame: which way each message of an agent's log went (expected-links.mjs).
extra_fields=(ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport)
start_kamailio

common=(-t u1 -nostdin -timeout 30s -timeout_error -i 127.0.0.1 -key domain 127.0.0.1
	-trace_msg -trace_err -trace_calldebug -trace_logs -trace_shortmsg -trace_screen)
# agent NAME: SIPp's other logs of agent NAME, named as SIPp names them (<scenario>_<pid>_*.log).
agent() {
	local who="$1"
	echo -calldebug_file "${who}_calldebug.log" -log_file "${who}_logs.log" \
		-shortmessage_file "${who}_shortmessages.log" -screen_file "${who}_screen.log"
}

log "andrew subscribes to linda"
# shellcheck disable=SC2046
sipp_start andrew -sf "$dir/sipp/watcher-logging.xml" -key user andrew -set notifies 4 \
	-set linger 500 -m 1 -p 45061 $(agent andrew) "${common[@]}" "$server"
andrew_pid=$agent_pid
wait_for_lines "$dir/sipp/andrew.log" '^NOTIFY ' 1
sleep 0.3

# linda has published nothing yet: the initial NOTIFY, without a body, follows the 200 at once.
log "erin subscribes and refreshes at once"
# shellcheck disable=SC2046
if sipp_run erin -sf "$here/sipp/watcher-hasty.xml" -key user erin -m 1 -p 45062 \
	$(agent erin) "${common[@]}" "$server"; then
	fail "erin did not fail"
fi

# bob waits 3 s after linda's first state (busy) before he unsubscribes: her change to away
# comes meanwhile, a NOTIFY with a body where his scenario pauses.
log "bob subscribes to linda"
# shellcheck disable=SC2046
sipp_start bob -sf "$here/sipp/watcher.xml" -key user bob -set notifies 2 -set linger 3000 \
	-m 1 -p 45065 $(agent bob) "${common[@]}" "$server"
bob_pid=$agent_pid
wait_for_lines "$dir/sipp/bob.log" '^NOTIFY ' 1
sleep 0.3

# Two calls, so that the error log holds two records (SIPp 3.6.1 glues the second to the first).
log "linda publishes twice without credentials, expecting 200"
# shellcheck disable=SC2046
if sipp_run linda-noauth -sf "$dir/sipp/publisher-noauth.xml" -m 2 -p 45063 \
	$(agent linda-noauth) "${common[@]}" "$server"; then
	fail "linda-noauth did not fail"
fi
sleep 0.3

log "linda publishes, refreshes, modifies, removes, then expects 200 to a stale refresh"
# shellcheck disable=SC2046
if sipp_run linda -sf "$dir/sipp/publisher-stale.xml" -m 1 -p 45064 $(agent linda) \
	"${common[@]}" "$server"; then
	fail "linda did not fail"
fi
if wait "$bob_pid"; then
	fail "bob did not fail"
fi
await_exit andrew "$andrew_pid" 100
agent_pids=()
sleep 0.5
stop_capture
dissect

# Each failure as meant: the error record names what the scenario expected and what came.
[[ "$(grep -c "while expecting '200' (index 1), received 'SIP/2.0 407 " "$dir/sipp/linda-noauth.err")" == 2 ]] ||
	fail "linda-noauth: no unexpected 407"
grep -Eq "while expecting '200' \(index [0-9]+\), received 'SIP/2.0 412 " "$dir/sipp/linda.err" ||
	fail "linda: no unexpected 412"
grep -q "while expecting '200' (index 3), received 'NOTIFY " "$dir/sipp/erin.err" ||
	fail "erin: no NOTIFY before the 200 (run again)"
grep -q "while pausing (index [0-9]*), received 'NOTIFY .*" "$dir/sipp/bob.err" ||
	fail "bob: no NOTIFY while he pauses"
grep -q "^<?xml" "$dir/sipp/bob.err" || fail "bob: the unexpected NOTIFY has no body"

# The published logs, as $dir/$name.AGENT_KIND.log.
cp "$dir/sipp/andrew_logs.log" "$dir/$name.andrew_logs.log"
cp "$dir/sipp/andrew.log" "$dir/$name.andrew_messages.log"
for who in linda-noauth linda erin bob; do
	cp "$dir/sipp/$who.err" "$dir/$name.${who}_errors.log"
	cp "$dir/sipp/${who}_calldebug.log" "$dir/$name.${who}_calldebug.log"
	cp "$dir/sipp/$who.log" "$dir/$name.${who}_messages.log"
done
cp "$dir/sipp/linda_shortmessages.log" "$dir/$name.linda_shortmessages.log"
cp "$dir/sipp/linda_screen.log" "$dir/$name.linda_screen.log"

# The presence server retransmits the NOTIFYs the aborted calls never answered: they are on the
# wire, in no published log but the capture.
files=()
for spec in linda-noauth/45063 linda/45064 erin/45062 bob/45065; do
	who="${spec%/*}"
	at="@127.0.0.1:${spec#*/}"
	files+=("${who}_errors.log=sipp-errors$at" "${who}_calldebug.log=sipp-calldebug$at"
		"${who}_messages.log=sipp$at")
done
publish --retransmissions andrew_logs.log=raw andrew_messages.log=sipp@127.0.0.1:45061 "${files[@]}"
# The logs without messages, apart (the analyser says what they are instead).
mkdir -p "$out/without-messages"
cp "$dir/$name.linda_shortmessages.log" "$dir/$name.linda_screen.log" "$out/without-messages/"
chmod 644 "$out/without-messages/$name".*
