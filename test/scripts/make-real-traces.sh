#!/usr/bin/env bash
# Regenerates test/fixtures/real/: presence stories played by real SIP software on loopback.
#
#   Kamailio (presence + presence_xml + auth, sipdump on)   127.0.0.1:15060 and [::1]:15060
#   SIPp watchers                                            ports 15061..15063
#   SIPp publisher linda                                     port 15064
#
# Each story is captured with tshark on lo, then exported by the tools themselves: raw messages
# decoded from the capture, tshark's text (-V -O sip), sngrep's own "save as .txt" (driven in
# tmux), ngrep -W byline reading the capture (without -t) and ngrep's default output, tcpdump -A
# and -X/-XX, SIPp's
# -trace_msg logs and Kamailio's sipdump text. expected-links.mjs computes the
# expected links of every exported file from tshark's fields, independently of the analyser.
#
# Needs (Debian): kamailio kamailio-presence-modules kamailio-xml-modules sip-tester tshark
# sngrep ngrep tcpdump tmux nodejs. Usage: bash test/scripts/make-real-traces.sh   (about 30 seconds)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/test/fixtures/real"
ports="udp portrange 15060-15064"

for tool in kamailio sipp tshark sngrep ngrep tcpdump tmux node; do
	command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

work="$(mktemp -d /tmp/sip-real-traces.XXXXXX)"
pids=()
tmux_session="sngrep-export-$$"

stop_all() {
	local pid
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${pids[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	pids=()
}
# sngrep runs in a tmux pane, not as our child; without its terminal it would spin, so stop it
# by its pid before closing the session.
sngrep_pid=""
stop_sngrep() {
	if [[ -n "$sngrep_pid" ]]; then
		kill "$sngrep_pid" 2>/dev/null || true
		for _ in $(seq 20); do
			kill -0 "$sngrep_pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$sngrep_pid" 2>/dev/null || true
		sngrep_pid=""
	fi
	tmux kill-session -t "$tmux_session" 2>/dev/null || true
}
cleanup() {
	stop_all
	stop_sngrep
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# --- one story: Kamailio + SIPp agents under a tshark capture, then the exports --------------
# story NAME LINDA_IP LINDA_DOMAIN WATCHER... where WATCHER is user/ip/domain/port/notifies/linger.
# A watcher answers `notifies` NOTIFYs (the initial one included), lingers `linger` ms, then
# unsubscribes; it subscribes to linda@domain, from ip.
story() {
	local name="$1" linda_ip="$2" linda_domain="$3"
	shift 3
	local dir="$work/$name"
	mkdir -p "$dir/db" "$dir/sipdump" "$dir/sipp"
	# db_text tables the presence modules open; `version` tells them the schema versions.
	local table
	for table in version presentity active_watchers watchers xcap pua; do
		cp "/usr/share/kamailio/dbtext/kamailio/$table" "$dir/db/"
	done
	sed "s#@RUNDIR@#$dir#g" "$here/kamailio.cfg" >"$dir/kamailio.cfg"
	kamailio -f "$dir/kamailio.cfg" -c >"$dir/kamailio-check.log" 2>&1 ||
		{ cat "$dir/kamailio-check.log" >&2; exit 1; }

	log "$name: capture starts"
	tshark -i lo -f "$ports" -w "$dir/trace.pcapng" >"$dir/tshark.log" 2>&1 &
	local tshark_pid=$!
	pids+=("$tshark_pid")
	for _ in $(seq 100); do
		grep -q 'Capturing on' "$dir/tshark.log" 2>/dev/null && break
		sleep 0.1
	done
	grep -q 'Capturing on' "$dir/tshark.log" || { cat "$dir/tshark.log" >&2; exit 1; }
	sleep 0.5

	kamailio -f "$dir/kamailio.cfg" -P "$dir/kamailio.pid" -DD -E >"$dir/kamailio.log" 2>&1 &
	local kamailio_pid=$!
	pids+=("$kamailio_pid")
	sleep 1.5
	kill -0 "$kamailio_pid" || { cat "$dir/kamailio.log" >&2; exit 1; }

	local sipp_common=(-t u1 -m 1 -nostdin -timeout 30s -timeout_error -trace_msg -trace_err)
	local watcher_pids=() spec user ip domain port notifies linger server
	for spec in "$@"; do
		IFS=/ read -r user ip domain port notifies linger <<<"$spec"
		server="$ip:15060"
		[[ "$ip" == *:* ]] && server="[$ip]:15060"
		log "$name: $user subscribes to linda@$domain"
		(cd "$dir/sipp" && exec sipp -sf "$here/sipp/watcher.xml" -key user "$user" \
			-key domain "$domain" -set notifies "$notifies" -set linger "$linger" \
			-i "$ip" -p "$port" "${sipp_common[@]}" -message_file "$user.log" \
			-error_file "$user.err" "$server" >"$user.out" 2>&1) &
		pids+=("$!")
		watcher_pids+=("$!")
		sleep 0.2
	done
	sleep 0.4

	log "$name: linda publishes to linda@$linda_domain"
	server="$linda_ip:15060"
	[[ "$linda_ip" == *:* ]] && server="[$linda_ip]:15060"
	(cd "$dir/sipp" && sipp -sf "$here/sipp/publisher.xml" -key domain "$linda_domain" \
		-i "$linda_ip" -p 15064 "${sipp_common[@]}" -message_file linda.log \
		-error_file linda.err "$server" >linda.out 2>&1) ||
		{ tail -n 30 "$dir/sipp/linda.out" "$dir/sipp/linda.err" >&2; exit 1; }
	local status=0 pid
	for pid in "${watcher_pids[@]}"; do
		wait "$pid" || status=1
	done
	if ((status)); then
		tail -n 30 "$dir"/sipp/*.err "$dir/kamailio.log" >&2 || true
		exit 1
	fi
	sleep 0.5

	log "$name: stopping kamailio and tshark"
	kill "$kamailio_pid"
	wait "$kamailio_pid" 2>/dev/null || true
	kill -INT "$tshark_pid"
	wait "$tshark_pid" 2>/dev/null || true
	pids=()

	# --- exports ------------------------------------------------------------------------
	local pcap="$dir/trace.pcapng"
	tshark -r "$pcap" -Y sip -V -O sip >"$dir/$name.tshark.txt"
	# Fields for the expected links; first occurrence of each field (the top Via).
	tshark -r "$pcap" -Y sip -T fields -E header=y -E separator=/t -E occurrence=f \
		-e frame.number -e frame.time_epoch -e sip.Method -e sip.r-uri -e sip.Status-Code \
		-e sip.Call-ID -e sip.CSeq.seq -e sip.CSeq.method -e sip.from.addr -e sip.from.tag \
		-e sip.to.addr -e sip.to.tag -e sip.Via.branch -e sip.Event -e sip.Expires -e sip.ETag \
		-e sip.If_Match -e sip.Subscription-State -e sip.Proxy-Authorization \
		-e sip.Proxy-Authenticate -e sip.Content-Length -e sip.resend -e udp.payload \
		>"$dir/fields.tsv"

	# sngrep has no command-line text export: open the capture in its UI and use its own save
	# dialog. F2 opens "Save capture" with the cursor in Filename (Path is the working directory);
	# a name ending in .txt selects the text format, and Enter saves all dialogs.
	log "$name: sngrep export"
	local sngrep_txt="$dir/$name.sngrep.txt"
	tmux new-session -d -s "$tmux_session" -c "$dir" -x 200 -y 50 "exec sngrep -I $pcap"
	sngrep_pid="$(tmux display-message -p -t "$tmux_session" '#{pane_pid}')"
	sleep 1.5
	tmux send-keys -t "$tmux_session" F2
	sleep 0.5
	tmux send-keys -t "$tmux_session" "$name.sngrep.txt"
	sleep 0.3
	tmux send-keys -t "$tmux_session" Enter
	for _ in $(seq 30); do
		[[ -s "$sngrep_txt" ]] && break
		sleep 0.2
	done
	sleep 0.3
	stop_sngrep
	[[ -s "$sngrep_txt" ]] || { echo "sngrep export failed" >&2; exit 1; }

	mkdir -p "$out"
	rm -f "$out/$name".*
	node "$here/pcapToRaw.mjs" "$dir/fields.tsv" >"$out/$name.sip"
	cp "$dir/$name.tshark.txt" "$sngrep_txt" "$out/"
	cp "$dir"/sipdump/*.data "$out/$name.sipdump.txt"
	local logs=()
	for spec in "$@" linda; do
		user="${spec%%/*}"
		cp "$dir/sipp/$user.log" "$out/$name.sipp-$user.log"
		logs+=("$out/$name.sipp-$user.log" sipp)
	done
	cp "$pcap" "$out/$name.pcapng"
	# ngrep as people run it on a SIP port: -W byline, no -t (so no time), CR printed as '.'.
	(cd "$out" && ngrep -I "$name.pcapng" -W byline -q '' udp >"$name.ngrep.txt")
	# ngrep's default output (no -W byline): the payload wrapped at a fixed width, CR and LF as '.';
	# the IPv6 story with -t (date and time). Not on a terminal, ngrep wraps at 70 characters.
	local ngrep_time=()
	[[ "$name" == presence-ipv6 ]] && ngrep_time=(-t)
	(cd "$out" && ngrep -I "$name.pcapng" -q "${ngrep_time[@]}" '' udp \
		>"$name.ngrep-single.txt")
	# tcpdump -A as pasted into issues: no name resolution; the IPv6 story with -tttt (dates).
	# Times are printed in the local zone: UTC, as the other exports.
	local tcpdump_time=()
	[[ "$name" == presence-ipv6 ]] && tcpdump_time=(-tttt)
	(cd "$out" && TZ=UTC tcpdump -nn "${tcpdump_time[@]}" -A -r "$name.pcapng" \
		>"$name.tcpdump.txt" 2>/dev/null)
	# The same with -v (IPv4) / -vv (IPv6): the IP header's fields in parentheses, and for IPv4 the
	# addresses on a line of their own.
	local verbose=-v
	[[ "$name" == presence-ipv6 ]] && verbose=-vv
	(cd "$out" && TZ=UTC tcpdump -nn "$verbose" "${tcpdump_time[@]}" -A -r "$name.pcapng" \
		>"$name.tcpdump$verbose.txt" 2>/dev/null)
	# The packets as hex dumps with their ASCII column: -X from the IP header on (IPv4), -XX with
	# the link-layer header too (IPv6).
	local hex=-X
	[[ "$name" == presence-ipv6 ]] && hex=-XX
	(cd "$out" && TZ=UTC tcpdump -nn "$hex" "${tcpdump_time[@]}" -r "$name.pcapng" \
		>"$name.tcpdump$hex.txt" 2>/dev/null)
	chmod 644 "$out/$name".*

	node "$here/expected-links.mjs" "$dir/fields.tsv" \
		"$out/$name.sip" raw \
		"$out/$name.sngrep.txt" sngrep \
		"$out/$name.tshark.txt" tshark \
		"$out/$name.ngrep.txt" ngrep \
		"$out/$name.ngrep-single.txt" ngrep-single \
		"$out/$name.tcpdump.txt" tcpdump \
		"$out/$name.tcpdump$verbose.txt" tcpdump \
		"$out/$name.tcpdump$hex.txt" tcpdump-hex \
		"$out/$name.sipdump.txt" sipdump \
		"${logs[@]}"
}

# The presence story over IPv4: andrew leaves before linda removes her publication, bob and
# carol stay to the end (NOTIFYs: initial, busy, refresh, away[, removal]).
story presence-story 127.0.0.1 127.0.0.1 \
	andrew/127.0.0.1/127.0.0.1/15061/4/800 \
	bob/127.0.0.1/127.0.0.1/15062/5/1500 \
	carol/127.0.0.1/127.0.0.1/15063/5/1800

# The same over IPv6, plus erin who watches linda@127.0.0.1 over IPv4: a different presentity
# for the presence server, so she sees none of linda@[::1]'s changes.
story presence-ipv6 ::1 '[::1]' \
	andrew/::1/[::1]/15061/4/800 \
	bob/::1/[::1]/15062/5/1500 \
	erin/127.0.0.1/127.0.0.1/15063/1/6500

log "wrote $(find "$out" -type f | wc -l) files, $(du -sk "$out" | cut -f1) KB, into $out"
