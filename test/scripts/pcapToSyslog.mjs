// Writes the SIP messages of a capture the way syslog stores a message logged on one line (for
// example Kamailio's `xlog("L_INFO", "$mb")` through rsyslog, which escapes CR and LF as #015 and
// #012).
// Usage: node pcapToSyslog.mjs capture.pcapng > trace.log   (needs tshark)
import { execFileSync } from 'node:child_process';

const [capture] = process.argv.slice(2);
const fields = execFileSync(
	'tshark',
	['-r', capture, '-Y', 'sip', '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'udp.payload'],
	{ encoding: 'utf8', maxBuffer: 1 << 28 },
);
let out = '';
for (const row of fields.split('\n').filter(Boolean)) {
	const [epoch, hex] = row.split('\t');
	const payload = Buffer.from(hex.replace(/:/g, ''), 'hex').toString('utf8');
	const when = new Date(Number(epoch) * 1000);
	const month = when.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
	const stamp = `${month} ${String(when.getUTCDate()).padStart(2)} ${when.toISOString().slice(11, 19)}`;
	const escaped = payload.replace(/\r/g, '#015').replace(/\n/g, '#012');
	out += `${stamp} presence kamailio[4242]: INFO: <script>: received: ${escaped}\n`;
}
process.stdout.write(out);
