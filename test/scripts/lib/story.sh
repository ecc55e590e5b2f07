# shellcheck shell=bash
# What every test/scripts/make-*-traces.sh does around its own story: check the tools, work in a
# temp dir, start Kamailio and a tshark capture on lo, stop everything it started (also on
# failure), export the capture as the tools print it and compute the expected links of each export
# with expected-links.mjs. Sourced, not run:
#
#   here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
#   source "$here/lib/story.sh"
#   name=mwi-story                   # every output file is $out/$name.*
#   require_tools kamailio sipp tshark sngrep tmux node
#   start_story mwi "udp portrange 25060-25062" "$here/kamailio-mwi.cfg" version presentity ...
#   ... the story: sipp_start / sipp_run, wait_agents ...
#   end_story                        # stop_capture, then dissect, export_raw, export_sngrep
#   no_retransmissions; ... the story's own checks of fields.tsv ...
#   publish sip=raw sngrep.txt=sngrep tshark.txt=tshark sipp:phone sipp:voicemail
#
# start_story is make_workdir ($work, and $dir, the run dir, the same; the cleanup trap),
# kamailio_tables, kamailio_config, start_capture and start_kamailio; a script that needs a
# different order or more (several stories, other agents, no Kamailio) calls those itself.
#
# Functions read the run dir from $dir (a script may run several stories, each with its own $dir,
# as a local of the function that plays it) and write only there until `publish`.
#
# Environment:
#   OUT=DIR       write the outputs into DIR instead of test/fixtures/real (e.g. to compare a new
#                 run with the committed files without replacing them)
#   KEEP_WORK=1   keep the temp dir (captures, Kamailio and SIPp logs) after the run

scripts="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$scripts/../.." && pwd)"
# Absolute, since some exports run in a subshell that changes directory.
out="$(realpath -m "${OUT:-$root/test/fixtures/real}")"

work=""
dir=""
pids=()
agent_pids=()
agent_pid=""
# More tshark fields a story's checks or expected-links.mjs read (see tshark_fields).
extra_fields=()
tshark_pid=""
kamailio_pid=""
sngrep_pid=""
tmux_session=""

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# fail MESSAGE: the end of every agent's and Kamailio's log, to see why, then exit 1.
fail() {
	echo "$*" >&2
	tail -n 30 "$dir"/sipp/*.err "$dir"/sipp/*.out "$dir/kamailio.log" >&2 2>/dev/null || true
	exit 1
}

# require_tools TOOL...: fail before starting anything rather than halfway through a story.
require_tools() {
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
	done
}

# make_workdir TAG: a temp dir of our own ($work, also the run dir $dir) with a sipp/ folder, and
# the traps that stop what the script started and remove the dir whatever happens.
make_workdir() {
	work="$(mktemp -d "/tmp/sip-$1-traces.XXXXXX")"
	dir="$work"
	mkdir -p "$dir/sipp"
	tmux_session="sngrep-$1-$$"
	trap cleanup EXIT
	trap 'exit 130' INT TERM
}

# stop_all: SIGTERM to everything in $pids; what has not ended 5 s later gets SIGKILL (an agent
# left waiting for answers may retransmit for half a minute before it exits).
stop_all() {
	local pid alive
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for _ in $(seq 50); do
		alive=0
		for pid in "${pids[@]}"; do
			kill -0 "$pid" 2>/dev/null && alive=1
		done
		((alive)) || break
		sleep 0.1
	done
	for pid in "${pids[@]}"; do
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	pids=()
}

# sngrep runs in a tmux pane, not as our child; without its terminal it would spin, so stop it
# by its pid before closing the session.
stop_sngrep() {
	if [[ -n "$sngrep_pid" ]]; then
		kill "$sngrep_pid" 2>/dev/null || true
		for _ in $(seq 20); do
			kill -0 "$sngrep_pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$sngrep_pid" 2>/dev/null || true
		sngrep_pid=""
		tmux kill-session -t "$tmux_session" 2>/dev/null || true
	fi
}

cleanup() {
	stop_all
	stop_sngrep
	[[ -n "${KEEP_WORK:-}" || -z "$work" ]] || rm -rf "$work"
}

# --- Kamailio and the capture ------------------------------------------------------------------

# kamailio_tables TABLE...: the db_text tables the modules open, from the package's templates
# (`version` tells them the schema versions).
kamailio_tables() {
	local table
	mkdir -p "$dir/db"
	for table in "$@"; do
		cp "/usr/share/kamailio/dbtext/kamailio/$table" "$dir/db/"
	done
}

# kamailio_config CFG [SED-ARG...]: CFG as $dir/kamailio.cfg, @RUNDIR@ replaced (so Kamailio needs
# no root and no /var/run), with the story's own sed edits; checked before the capture starts.
kamailio_config() {
	local cfg="$1"
	shift
	sed -e "s#@RUNDIR@#$dir#g" "$@" "$cfg" >"$dir/kamailio.cfg"
	kamailio -f "$dir/kamailio.cfg" -c >"$dir/kamailio-check.log" 2>&1 ||
		{ cat "$dir/kamailio-check.log" >&2; exit 1; }
}

# start_capture FILTER: tshark on lo into $dir/trace.pcapng, returning once it captures (so the
# first message is in it).
start_capture() {
	log "capture starts"
	tshark -i lo -f "$1" -w "$dir/trace.pcapng" >"$dir/tshark.log" 2>&1 &
	tshark_pid=$!
	pids+=("$tshark_pid")
	for _ in $(seq 100); do
		grep -q 'Capturing on' "$dir/tshark.log" 2>/dev/null && break
		sleep 0.1
	done
	grep -q 'Capturing on' "$dir/tshark.log" || { cat "$dir/tshark.log" >&2; exit 1; }
	sleep 0.5
}

# start_kamailio: $dir/kamailio.cfg in the foreground of a child of ours (-DD), with its own
# runtime dir and pid file (other Kamailios may run on this machine), logging to stderr.
start_kamailio() {
	kamailio -f "$dir/kamailio.cfg" -P "$dir/kamailio.pid" -Y "$dir" -DD -E >"$dir/kamailio.log" 2>&1 &
	kamailio_pid=$!
	pids+=("$kamailio_pid")
	sleep 1.5
	kill -0 "$kamailio_pid" || { cat "$dir/kamailio.log" >&2; exit 1; }
}

# stop_capture: Kamailio (when started), then tshark, which writes out the last packets on SIGINT.
stop_capture() {
	if [[ -n "$kamailio_pid" ]]; then
		log "stopping kamailio and tshark"
		kill "$kamailio_pid"
		wait "$kamailio_pid" 2>/dev/null || true
		kamailio_pid=""
	else
		log "stopping tshark"
	fi
	kill -INT "$tshark_pid"
	wait "$tshark_pid" 2>/dev/null || true
	pids=()
}

# start_story TAG FILTER CFG [TABLE...]: the temp dir (make_workdir TAG), Kamailio's config CFG
# and db_text TABLEs, then the capture (FILTER) and Kamailio: what every Kamailio story starts with.
start_story() {
	make_workdir "$1"
	if (($# > 3)); then
		kamailio_tables "${@:4}"
	fi
	kamailio_config "$3"
	start_capture "$2"
	start_kamailio
}

# end_story: once the last agent is done, stops Kamailio and the capture and exports it in $dir:
# tshark's text and fields, the bare messages and sngrep's text (the exports of every SIPp story).
end_story() {
	sleep 0.5
	stop_capture
	dissect
	export_raw
	export_sngrep
}

# --- SIPp agents -------------------------------------------------------------------------------

# sipp_start NAME SIPP-ARG...: a SIPp agent in the background, in $dir/sipp, its -trace_msg log
# NAME.log (when asked for), errors NAME.err and output NAME.out; its pid in $agent_pid, and in
# $agent_pids for wait_agents.
sipp_start() {
	local name="$1"
	shift
	(cd "$dir/sipp" && exec sipp -message_file "$name.log" -error_file "$name.err" "$@" \
		>"$name.out" 2>&1) &
	agent_pid=$!
	pids+=("$agent_pid")
	agent_pids+=("$agent_pid")
}

# sipp_run NAME SIPP-ARG...: the same in the foreground; its exit status.
sipp_run() {
	local name="$1"
	shift
	(cd "$dir/sipp" && exec sipp -message_file "$name.log" -error_file "$name.err" "$@" \
		>"$name.out" 2>&1)
}

# wait_agents WHO: wait for every agent of $agent_pids to end; fails the run if one failed.
wait_agents() {
	local pid status=0
	for pid in "${agent_pids[@]}"; do
		wait "$pid" 2>/dev/null || status=1
	done
	agent_pids=()
	((status == 0)) || fail "$1 failed"
}

# wait_for_file FILE PID: until an agent's scenario writes FILE into $dir/sipp (exec action), as
# long as that agent (PID) runs; at most 5 s.
wait_for_file() {
	for _ in $(seq 100); do
		[[ -e "$dir/sipp/$1" ]] && return 0
		kill -0 "$2" 2>/dev/null || fail "an agent stopped before writing $1"
		sleep 0.05
	done
	fail "no $1"
}

# lines_seen FILE REGEX COUNT [TENTHS]: whether FILE gets COUNT lines matching REGEX in time (10 s).
lines_seen() {
	local n
	for _ in $(seq "${4:-100}"); do
		n="$(grep -c -E "$2" "$1" 2>/dev/null || true)"
		((${n:-0} >= $3)) && return 0
		sleep 0.1
	done
	return 1
}

# wait_for_lines FILE REGEX COUNT: until FILE has COUNT lines matching REGEX; fails the run after
# 10 s (an agent's log tells how far the story got).
wait_for_lines() {
	lines_seen "$@" && return 0
	echo "timed out waiting for $3 x '$2' in $1" >&2
	tail -n 40 "$1" >&2
	exit 1
}

# await_exit WHO PID TENTHS: until an agent told to quit has ended its subscriptions and
# registration and exited; fails the run if it takes longer or exits with an error.
await_exit() {
	for _ in $(seq "$3"); do
		kill -0 "$2" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$2" 2>/dev/null; then
		echo "$1 did not quit" >&2
		exit 1
	fi
	wait "$2" || { echo "$1 exited with $?" >&2; exit 1; }
}

# --- exports -----------------------------------------------------------------------------------

# tshark_fields: $dir/fields.tsv, tshark's fields of every SIP frame that expected-links.mjs,
# pcapToRaw.mjs and the stories' checks read (by column name), then the story's own
# ($extra_fields); the first occurrence of each field (the top Via).
tshark_fields() {
	local field_args=() field
	for field in "${extra_fields[@]}"; do
		field_args+=(-e "$field")
	done
	tshark -r "$dir/trace.pcapng" -Y sip -T fields -E header=y -E separator=/t -E occurrence=f \
		-e frame.number -e frame.time_epoch -e sip.Method -e sip.r-uri -e sip.Status-Code \
		-e sip.Call-ID -e sip.CSeq.seq -e sip.CSeq.method -e sip.from.addr -e sip.from.tag \
		-e sip.to.addr -e sip.to.tag -e sip.Via.branch -e sip.Event -e sip.Expires -e sip.ETag \
		-e sip.If_Match -e sip.Subscription-State -e sip.Proxy-Authorization \
		-e sip.Proxy-Authenticate -e sip.Content-Length -e sip.resend -e udp.payload \
		"${field_args[@]}" >"$dir/fields.tsv"
}

# sipp_links_without_addresses AGENT...: rewrites the expected links of each AGENT's SIPp log
# ($out/$name.sipp-AGENT.log, see publish) from the fields without the frames' addresses, for a
# story whose fields have them (to tell each hop's copy of a request): SIPp's logs hold one hop
# each and name no address, and with them the oracle would take each message's direction from
# the agent's address, which it cannot tell for an agent that answers first.
sipp_links_without_addresses() {
	local pairs=() agent
	for agent in "$@"; do
		pairs+=("$out/$name.sipp-$agent.log" sipp)
	done
	awk -F'\t' -v OFS='\t' '
		NR == 1 { for (i = 1; i <= NF; i++) keep[i] = $i !~ /^(ip|ipv6|udp)\.(src|dst|srcport|dstport)$/ }
		{
			line = ""
			for (i = 1; i <= NF; i++) if (keep[i]) line = line (i == 1 ? "" : OFS) $i
			print line
		}' "$dir/fields.tsv" >"$dir/fields-sipp.tsv"
	node "$scripts/expected-links.mjs" "$dir/fields-sipp.tsv" "${pairs[@]}"
}

# dissect: tshark's text ($dir/$name.tshark.txt, -V -O sip) and its fields (see tshark_fields).
dissect() {
	tshark -r "$dir/trace.pcapng" -Y sip -V -O sip >"$dir/$name.tshark.txt"
	tshark_fields
}

# export_raw: $dir/$name.sip, the bare messages in capture order, decoded from the fields.
export_raw() {
	node "$scripts/pcapToRaw.mjs" "$dir/fields.tsv" >"$dir/$name.sip"
}

# save_with_sngrep PCAP OUT [OPTION...]: sngrep's own text export of PCAP (options such as -E,
# which decodes HEP, go to sngrep). sngrep has no command-line text
# export: open the capture in its UI and use its save dialog. F2 opens "Save capture" with the
# cursor in Filename (Path is the working directory); a name ending in .txt selects the text
# format, and Enter saves all dialogs.
save_with_sngrep() {
	local pcap="$1" file options="${*:3}"
	file="$(basename "$2")"
	log "sngrep export of $(basename "$pcap")"
	tmux new-session -d -s "$tmux_session" -c "$(dirname "$2")" -x 200 -y 50 \
		"exec sngrep ${options:+$options }-I $pcap"
	sngrep_pid="$(tmux display-message -p -t "$tmux_session" '#{pane_pid}')"
	sleep 1.5
	tmux send-keys -t "$tmux_session" F2
	sleep 0.5
	tmux send-keys -t "$tmux_session" "$file"
	sleep 0.3
	tmux send-keys -t "$tmux_session" Enter
	for _ in $(seq 30); do
		[[ -s "$2" ]] && break
		sleep 0.2
	done
	sleep 0.3
	stop_sngrep
	[[ -s "$2" ]] || { echo "sngrep export failed" >&2; exit 1; }
}

# export_sngrep: $dir/$name.sngrep.txt, sngrep's text export of the capture.
export_sngrep() {
	save_with_sngrep "$dir/trace.pcapng" "$dir/$name.sngrep.txt"
}

# retransmissions: how many SIP frames tshark marks as resent (sip.resend).
retransmissions() {
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sip.resend") c = i; next }
		$c == 1' "$dir/fields.tsv" | wc -l
}

# no_retransmissions: the story as played, every message once on each hop; a retransmission (a
# slow moment of the machine) changes the story, so that run is to be played again.
no_retransmissions() {
	local resent
	resent="$(retransmissions)"
	((resent == 0)) || fail "$resent retransmissions: run again"
}

# notified USER: "EVENT STATE, " for each NOTIFY to USER (its Request-URI's user), in capture
# order: the subscriptions' states as the story's checks expect them.
notified() {
	awk -F'\t' -v who="$1" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$col["sip.Method"] == "NOTIFY" && $col["sip.r-uri"] ~ ("^sip:" who "@") {
			state = $col["sip.Subscription-State"]; sub(/;.*/, "", state)
			printf "%s %s, ", $col["sip.Event"], state
		}' "$dir/fields.tsv"
}

# publish [--retransmissions] ITEM...: replaces $out/$name.* with the capture ($name.pcapng) and
# the exports, and writes the expected links of each export (expected-links.mjs, from tshark's
# fields alone). ITEM:
#   SUFFIX=FORMAT   $dir/$name.SUFFIX, read as FORMAT (raw, tshark, sngrep, sipdump, ngrep...)
#   sipp:AGENT      AGENT's -trace_msg log, $dir/sipp/AGENT.log, as $name.sipp-AGENT.log
# --retransmissions: the story has some on purpose (see expected-links.mjs).
# --peer=ADDR: the far end of a log that names only that (sofia's); see expected-links.mjs.
publish() {
	local flags=() pairs=() item suffix
	mkdir -p "$out"
	rm -f "$out/$name".*
	for item in "$@"; do
		case "$item" in
		--retransmissions | --peer=*) flags+=("$item") ;;
		sipp:*)
			cp "$dir/sipp/${item#sipp:}.log" "$out/$name.sipp-${item#sipp:}.log"
			pairs+=("$out/$name.sipp-${item#sipp:}.log" sipp)
			;;
		*=*)
			suffix="${item%%=*}"
			cp "$dir/$name.$suffix" "$out/$name.$suffix"
			pairs+=("$out/$name.$suffix" "${item#*=}")
			;;
		*) fail "publish: unknown item $item" ;;
		esac
	done
	cp "$dir/trace.pcapng" "$out/$name.pcapng"
	chmod 644 "$out/$name".*
	node "$scripts/expected-links.mjs" "$dir/fields.tsv" "${flags[@]}" "${pairs[@]}"
	log "wrote $(find "$out" -name "$name.*" -type f | wc -l) files into $out"
}
