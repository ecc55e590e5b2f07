#!/usr/bin/env bash
# Logs of the stories' own programs as a log collector prints them, a column of its own before
# every line:
#   kamailio-xlog.journal.txt         Kamailio's log (kamailio-xlog.log) through the journal, a
#                                     record a line, as a service's stderr goes there
#                                     (StandardError=journal): `journalctl -t TAG` (its default
#                                     `short` output, `Dec 04 18:13:21 host kamailio[812]: `)
#   kamailio-xlog.journal-full.txt    the same, `journalctl -o short-full`
#                                     (`Fri 2026-12-04 18:13:21 UTC host kamailio[812]: `)
#   kamailio-xlog.journal-unix.txt    the same, `journalctl -o short-unix` (seconds since the epoch)
#   kamailio-xlog.journal-records.txt the same log handed to syslog(3) a record at a time (the
#                                     way Kamailio logs with log_stderror=no), by logger(1):
#                                     `journalctl -o short-iso-precise` on a machine in Central
#                                     European time (`+0100`), each record's further lines
#                                     indented under its first line's text
#   kamailio-xlog.journal.json        the journal's JSON of the first (`journalctl -o json`), each
#                                     record an object, its MESSAGE an array of octets (a CR in it)
#   kamailio-xlog.journal-records.json  the journal's JSON of the records' log, MESSAGE strings
#                                     with their line breaks escaped
#   kamailio-xlog.journal-delta.txt   the records' log, `journalctl -o short-delta` (seconds since
#                                     boot and since the record before)
#   kamailio-xlog.journal-cat.txt     the records' log, `journalctl -o cat` (each record's text
#                                     alone, no stamp or name: Kamailio's own log lines right
#                                     under a logged message's last header)
#   kamailio-xlog.journal-verbose.txt the records' log shown field by field (`journalctl -o
#                                     verbose --all`, in Central European time): each record's
#                                     MESSAGE, and its SYSLOG_RAW where the text holds a CR
#   baresip-presence.linda.journal.txt  baresip's stdout through the journal (`-o short-precise`,
#                                     which drops its terminal colours)
#   baresip-presence.linda.journal-monotonic.txt  the same, `-o short-monotonic` (seconds since
#                                     boot: baresip's own times date its messages)
#   baresip-presence.linda.journal-verbose.txt  the same, `-o verbose --all`: a record a line
#   presence-story.sipp-linda.docker.log  SIPp's message log as `docker logs -t` prints it
#   kamailio-xlog.compose.log         Kamailio's log as `docker compose logs` prints it
#   baresip-presence.andrew.kubectl.log  baresip's stdout as `kubectl logs --prefix --timestamps`
#                                     prints it, its colours kept
#   kamailio-xlog.docker-json.log     Kamailio's log as Docker's json-file driver writes it
#                                     (/var/lib/docker/containers/ID/ID-json.log)
#   kamailio-voicemail.compose.log    `docker compose logs` of two services that wrote at once:
#                                     Kamailio's log (kamailio-xlog.log) and a voicemail server's
#                                     SIPp log (mwi-story.sipp-voicemail.log), their lines taking
#                                     turns a few at a time, so that messages of each have the
#                                     other's lines between their own
#   kamailio-voicemail.cloudwatch.log the same two services on ECS, their output sent to
#                                     CloudWatch Logs by Docker's awslogs driver, a log stream
#                                     each: `aws logs tail` (its default `--format detailed`,
#                                     `2026-12-04T18:00:00.001000+00:00 ecs/kamailio/TASK `)
#   kamailio-voicemail.kubetail.log   the same two services as pods, as kubetail prints them
#                                     (`[kamailio-0] `, each pod's line in its colour, the white
#                                     space at the line's ends taken off by bash's `read`)
#   presence-story.sipp-linda.cloudwatch-short.log  SIPp's message log the same way, `aws logs
#                                     tail --format short` (`2026-12-04T18:00:00 `)
# The journal's printouts are real: systemd-journald and journalctl (the host's journal, or one
# started for the run where none runs, as in a container). No container runtime runs on the
# machine the fixtures were made on: collectorPrintouts.mjs writes the three container columns as
# Docker and kubectl print them, the json-file driver's objects as Go's encoder writes them, and
# CloudWatch's events as the awslogs driver sends them (moby's daemon/logger/awslogs: no event
# for an empty line) and aws-cli prints them (awscli/customizations/logs/tail.py), and kubetail's
# lines as its script writes them (johanhaleby/kubetail).
# Each printout's expected messages and links are its log's (the interleaved printout's, both
# logs' renumbered in printed order), each at the printed line that ends
# with the message's start line (collectorPrintouts.mjs expected; a JSON object's string read
# with JSON.parse), independently of the analyser.
#
# Needs (Debian): systemd (journalctl, systemd-cat, systemd-journald), bsdutils (logger), nodejs,
# python3.
# Run as root where no journal runs (the script starts systemd-journald).
# Usage: bash test/scripts/make-collector-printouts.sh   (a few seconds)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/story.sh
source "$here/lib/story.sh"
require_tools journalctl systemd-cat logger node python3
make_workdir collector-printouts
helper="$scripts/collectorPrintouts.mjs"

if ! [ -S /run/systemd/journal/stdout ]; then
	/lib/systemd/systemd-journald &
	pids+=($!)
	for _ in $(seq 50); do
		[ -S /run/systemd/journal/stdout ] && break
		sleep 0.1
	done
fi

# Tags of this run's own, so that the printout holds this run's lines only, each as long as the
# program's name that replaces it: journalctl indents a record's further lines by its column's
# width, which the name must not change.
ktag=$(printf 'k%07d' $$) # kamailio
rtag=$(printf 'r%07d' $$) # kamailio, a record at a time
btag=$(printf 'b%06d' $$) # baresip
vtag=$(printf 'v%07d' $$) # kamailio, a record at a time through syslog(3)
journal() {
	local ident=$1 name=$2
	shift 2
	journalctl --no-pager --sync >/dev/null 2>&1 || sleep 1
	journalctl --no-pager -t "$ident" "$@" | sed "s/ $ident\[/ $name[/"
}

systemd-cat -t "$ktag" <"$out/kamailio-xlog.log"
node "$helper" records "$out/kamailio-xlog.log" | while IFS= read -r -d '' record; do
	logger --socket /run/systemd/journal/dev-log --size 65536 -t "$rtag" -- "$record"
done
# The same records through syslog(3), as Kamailio hands them over, for the field by field view
# (logger(1) would put each record in its command line, a field of its own).
[ -e /dev/log ] || { ln -s /run/systemd/journal/dev-log /dev/log && devlog=1; }
node "$helper" records "$out/kamailio-xlog.log" | python3 -c '
import sys, syslog
syslog.openlog(sys.argv[1], syslog.LOG_PID, syslog.LOG_LOCAL0)
for record in sys.stdin.buffer.read().split(b"\0")[:-1]:
    syslog.syslog(syslog.LOG_INFO, record.decode())
' "$vtag"
[ -z "${devlog:-}" ] || rm -f /dev/log
systemd-cat -t "$btag" <"$out/baresip-presence.linda.log"
sleep 1
# The program's name as the services' units would give it.
journal "$ktag" kamailio >"$dir/kamailio-xlog.journal.txt"
journal "$ktag" kamailio -o short-full >"$dir/kamailio-xlog.journal-full.txt"
journal "$ktag" kamailio -o short-unix >"$dir/kamailio-xlog.journal-unix.txt"
TZ=Europe/Berlin journal "$rtag" kamailio -o short-iso-precise \
	>"$dir/kamailio-xlog.journal-records.txt"
journal "$rtag" kamailio -o short-delta >"$dir/kamailio-xlog.journal-delta.txt"
journal "$rtag" kamailio -o cat >"$dir/kamailio-xlog.journal-cat.txt"
TZ=Europe/Berlin journal "$vtag" kamailio -o verbose --all | sed "s/$vtag/kamailio/g" \
	>"$dir/kamailio-xlog.journal-verbose.txt"
journal "$btag" baresip -o short-precise >"$dir/baresip-presence.linda.journal.txt"
journal "$btag" baresip -o short-monotonic >"$dir/baresip-presence.linda.journal-monotonic.txt"
journal "$btag" baresip -o verbose --all | sed "s/$btag/baresip/g" \
	>"$dir/baresip-presence.linda.journal-verbose.txt"
# The journal's JSON (`-o json`): each record an object, its text the MESSAGE (an array of octets
# where it holds a CR); the identifier named as the service's.
journal "$ktag" kamailio -o json | sed "s/\"$ktag\"/\"kamailio\"/" >"$dir/kamailio-xlog.journal.json"
journal "$rtag" kamailio -o json | sed "s/\"$rtag\"/\"kamailio\"/" >"$dir/kamailio-xlog.journal-records.json"

node "$helper" container docker "$out/presence-story.sipp-linda.log" \
	"$dir/presence-story.sipp-linda.docker.log"
node "$helper" container compose "$out/kamailio-xlog.log" "$dir/kamailio-xlog.compose.log"
node "$helper" container kubectl "$out/baresip-presence.andrew.log" \
	"$dir/baresip-presence.andrew.kubectl.log"
node "$helper" container docker-json "$out/kamailio-xlog.log" "$dir/kamailio-xlog.docker-json.log"
cp "$out/mwi-story.sipp-voicemail.log" "$out/mwi-story.sipp-voicemail.log.expected.json" \
	"$out/kamailio-xlog.log" "$out/kamailio-xlog.log.expected.json" "$dir/"
interleaved=("$dir/kamailio-xlog.log" kamailio-1 "$dir/mwi-story.sipp-voicemail.log" voicemail-1
	"$dir/kamailio-voicemail.compose.log")
node "$helper" interleaved "${interleaved[@]}"
node "$helper" expected-interleaved "${interleaved[@]}"
cp "$dir/kamailio-voicemail.compose.log" "$dir/kamailio-voicemail.compose.log.expected.json" "$out/"
node "$helper" cloudwatch detailed "$dir/kamailio-voicemail.compose.log" \
	"$out/kamailio-voicemail.cloudwatch.log" \
	kamailio-1=ecs/kamailio/3f2a9c1e0b7d4e5f8a6b2c1d0e9f8a7b \
	voicemail-1=ecs/voicemail/9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b
node "$helper" kubetail "$dir/kamailio-voicemail.compose.log" "$out/kamailio-voicemail.kubetail.log" \
	kamailio-1=kamailio-0 voicemail-1=voicemail-7f9c6d5b4-q2w8e
cp "$out/presence-story.sipp-linda.log" "$out/presence-story.sipp-linda.log.expected.json" "$dir/"
node "$helper" cloudwatch short "$dir/presence-story.sipp-linda.log" \
	"$out/presence-story.sipp-linda.cloudwatch-short.log"

for printout in kamailio-xlog.journal.txt:kamailio-xlog.log \
	kamailio-xlog.journal-full.txt:kamailio-xlog.log \
	kamailio-xlog.journal-unix.txt:kamailio-xlog.log \
	baresip-presence.linda.journal-monotonic.txt:baresip-presence.linda.log \
	kamailio-xlog.journal.json:kamailio-xlog.log \
	kamailio-xlog.journal-records.json:kamailio-xlog.log \
	kamailio-xlog.journal-records.txt:kamailio-xlog.log \
	kamailio-xlog.journal-verbose.txt:kamailio-xlog.log \
	kamailio-xlog.journal-delta.txt:kamailio-xlog.log \
	kamailio-xlog.journal-cat.txt:kamailio-xlog.log \
	baresip-presence.linda.journal.txt:baresip-presence.linda.log \
	baresip-presence.linda.journal-verbose.txt:baresip-presence.linda.log \
	presence-story.sipp-linda.docker.log:presence-story.sipp-linda.log \
	kamailio-xlog.compose.log:kamailio-xlog.log \
	baresip-presence.andrew.kubectl.log:baresip-presence.andrew.log \
	kamailio-xlog.docker-json.log:kamailio-xlog.log; do
	name=${printout%%:*}
	log=${printout#*:}
	cp "$out/$log" "$dir/$log"
	cp "$out/$log.expected.json" "$dir/$log.expected.json"
	node "$helper" expected "$dir/$log" "$dir/$name"
	cp "$dir/$name" "$dir/$name.expected.json" "$out/"
done
log "wrote the collectors' printouts to $out"
