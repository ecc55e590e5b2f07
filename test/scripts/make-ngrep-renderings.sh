#!/usr/bin/env bash
# ngrep reading the captures the story scripts published, for the stories whose servers and
# clients write bodies with bare LF line ends (Kamailio's composed PIDF, its RLMI multipart, a
# message summary with message-context headers, Linphone's, baresip's and sofia-sip's PIDF with an
# attribute a line): `-W byline` as people run it, with its `#` per packet read (no -q) and
# without it (-q), and ngrep's default output (-q, the payload wrapped, CRLF as `..`).
# expected-links.mjs computes each file's expected messages and links from tshark's fields of the
# same capture. Run after the story's own script (whose publish replaces all of its files).
#
# Needs (Debian): tshark ngrep nodejs. Usage: bash test/scripts/make-ngrep-renderings.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib/story.sh"
require_tools tshark ngrep node
make_workdir ngrep-renderings
extra_fields=(ip.src ip.dst ipv6.src ipv6.dst udp.srcport udp.dstport)
for name in compose-story rls-story mwi-story linphone-presence baresip-presence sofia-presence; do
	cp "$out/$name.pcapng" "$dir/trace.pcapng"
	tshark_fields
	# ngrep prints the file name it reads: the published one, as the story scripts do.
	(cd "$out" && ngrep -I "$name.pcapng" -W byline -q '' udp >"$name.ngrep.txt")
	(cd "$out" && ngrep -I "$name.pcapng" -W byline '' udp >"$name.ngrep-marks.txt")
	(cd "$out" && ngrep -I "$name.pcapng" -q '' udp >"$name.ngrep-single.txt")
	chmod 644 "$out/$name".ngrep*.txt
	node "$scripts/expected-links.mjs" "$dir/fields.tsv" \
		"$out/$name.ngrep.txt" ngrep "$out/$name.ngrep-marks.txt" ngrep \
		"$out/$name.ngrep-single.txt" ngrep-single
	log "wrote the ngrep renderings of $name"
done
