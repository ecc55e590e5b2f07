// The manifest stays in step with the analyser: every format can be chosen in the settings, and
// a trace in any supported format opened from a .log or .txt file is recognised as SIP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { traceFormats } from '../../server/src/core/model';
import { detectFormat } from '../../server/src/core/framing/detect';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	contributes: {
		languages: { id: string; firstLine: string }[];
		configuration: { properties: Record<string, { enum?: string[] }> };
		commands: { command: string; title: string; category?: string }[];
		menus: Record<string, { command: string; when?: string }[]>;
	};
};
// VS Code tests firstLine with a JavaScript RegExp against the file's first line.
const firstLine = new RegExp(manifest.contributes.languages.find((l) => l.id === 'sip')!.firstLine);

test('the sipTrace.format setting offers every format the analyser knows, and auto', () => {
	const offered = manifest.contributes.configuration.properties['sipTrace.format']!.enum;
	assert.deepEqual(offered, ['auto', ...traceFormats]);
});

test('firstLine recognises the first line of a trace in every format of the fixtures', () => {
	const seen = new Set<string>();
	for (const dir of ['formats', 'real', 'hand']) {
		const folder = join(root, 'test', 'fixtures', dir);
		for (const name of readdirSync(folder)) {
			// tshark's JSON opens as JSON, by its extension, before any firstLine is tried: its
			// format is covered, its first line (`[`) is no SIP trace's to claim.
			if (name.endsWith('.tshark.json')) {
				seen.add(detectFormat(readFileSync(join(folder, name), 'utf8')));
				continue;
			}
			if (!/\.(sip|log|txt)$/.test(name)) continue;
			const text = readFileSync(join(folder, name), 'utf8');
			const format = detectFormat(text);
			seen.add(format);
			// ngrep writes `interface: ...` first, then a `#` per packet that did not match; a
			// capture cut after its start begins with those marks, and is checked from its first packet.
			const first = text.split(/\r?\n/).find((line) => !/^#*$/.test(line))!;
			assert.match(
				first,
				firstLine,
				`${dir}/${name} (${format}) starts with a line firstLine misses`,
			);
		}
	}
	// The fixtures cover the formats, so the check above covers them too.
	for (const format of traceFormats) assert.ok(seen.has(format), `a fixture in ${format} format`);
});

test("firstLine recognises baresip's start-up banner, the first line of what baresip -s prints", () => {
	assert.match('baresip v1.0.0 Copyright (C) 2010 - 2020 Alfred E. Heggestad et al.', firstLine);
	assert.doesNotMatch('baresip is ready.', firstLine);
});

test("firstLine recognises the first line of linphonec's and liblinphone's file log", () => {
	// bctbx's file log: time with a colon before the milliseconds, then `domain-level-`.
	assert.match(
		'2026-12-01 22:30:31:199 liblinphone-message-Using (r/w) config information from /home/a/.linphonerc',
		firstLine,
	);
	assert.match('2026-12-01 22:30:31:200 belle-sip-warning-Root ca path set to /etc/ssl', firstLine);
	assert.doesNotMatch('2026-12-01 22:30:31:199 starting the service', firstLine);
});

test("firstLine recognises a logcat whose first record is a SIP stack's or a SIP message, not any Android log", () => {
	// baresip-studio's own record first (`adb logcat -v threadtime`, tag `Baresip Lib`), as posted.
	const baresip = readFileSync(
		join(root, 'test', 'fixtures', 'formats', 'public', 'baresip-android-logcat-notify.txt'),
		'utf8',
	).split('\n')[0]!;
	assert.match(baresip, /^03-05 09:02:30\.475 29673 29727 D Baresip Lib: ua: ua_register /);
	for (const line of [
		baresip,
		// Linphone's tags, in threadtime (the tag padded to 8), with the year, brief and time.
		'12-02 10:00:00.123  4518  4518 I Linphone: [Context] Linphone version 5.2.0',
		'2026-12-02 10:00:00.123  4518  4602 D belle-sip: channel [0x7a1c]: starting resolution of sip.example.com',
		'I/belle-sip( 4518): channel [0x7a1c]: starting resolution of sip.example.com',
		'12-02 10:00:00.123 W/liblinphone( 4518): [Core] no default proxy',
		'2026-12-02 10:00:00.123 4518-4518/org.linphone I/Linphone: [Context] Starting',
		// Any tag, when the record is a SIP message's start line.
		'12-02 10:00:00.124  1234  1260 D MySipApp: INVITE sip:bob@example.com SIP/2.0',
		'I/flutter (25208): SIP/2.0 401 Unauthorized',
	])
		assert.match(line, firstLine, line);
	for (const line of [
		// The banner every `adb logcat` dump starts with, and other apps' records.
		'--------- beginning of main',
		'12-02 10:00:00.123  1234  1234 I ActivityManager: Start proc 1234:com.example/u0a123 for activity',
		'12-02 10:00:00.123  1000  1000 I chatty  : uid=1000(system) identical 3 lines',
		'12-02 10:00:00.123  2211  2211 I Telecom : placing call to sip:bob@example.com',
		'2026-12-02 10:00:00.123 1234-1234/com.example.app I/MainActivity: onCreate',
		'I/flutter (25208): Connecting to wss://sip.example.com',
	])
		assert.doesNotMatch(line, firstLine, line);
});

test("firstLine recognises tshark's text that starts with a SIP packet's summary line (-P)", () => {
	const first = readFileSync(
		join(root, 'test', 'fixtures', 'real', 'tshark-summary.tshark.txt'),
		'utf8',
	).split('\n')[0]!;
	assert.match(first, / {0,10}1 0\.0{9} /);
	assert.match(first, firstLine);
	// Another protocol's packet first: the text is not a SIP trace's by its first line.
	assert.doesNotMatch(
		first.replace(/SIP\/SDP \d+ .*$/, 'DNS 72 Standard query 0x1 A example.com'),
		firstLine,
	);
});

/** The commands the client registers, read from its sources. */
function registeredCommands(): Set<string> {
	const found = new Set<string>();
	const walk = (dir: string): void => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const p = join(dir, entry.name);
			if (entry.isDirectory()) walk(p);
			else if (p.endsWith('.ts'))
				for (const m of readFileSync(p, 'utf8').matchAll(/registerCommand\(\s*'([^']+)'/g))
					found.add(m[1]!);
		}
	};
	walk(join(root, 'client', 'src'));
	return found;
}

test('every contributed command is registered by the client, and every registered one contributed', () => {
	const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
	assert.deepEqual([...registeredCommands()].sort(), [...contributed].sort());
	for (const [menu, items] of Object.entries(manifest.contributes.menus))
		for (const item of items)
			assert.ok(contributed.has(item.command), `${menu} names ${item.command}, not contributed`);
});

test('"SIP Trace: Show Statistics" is in the title bar and context menu of SIP documents', () => {
	const command = manifest.contributes.commands.find(
		(c) => c.command === 'sipTrace.showStatistics',
	);
	assert.ok(command, 'sipTrace.showStatistics is contributed');
	assert.equal(`${command.category}: ${command.title}`, 'SIP Trace: Show Statistics');
	for (const menu of ['editor/title', 'editor/context', 'commandPalette'])
		assert.ok(
			manifest.contributes.menus[menu]!.some(
				(i) => i.command === command.command && i.when === 'editorLangId == sip',
			),
			`in ${menu} for SIP documents`,
		);
});

test("firstLine recognises Kamailio's own log, on stderr and through syslog, not another program's", () => {
	// kamailio -E: `rank(pid) LEVEL: <module> [file:line]: ...`; through rsyslog with its stamp.
	for (const line of [
		' 0(16813) INFO: <core> [core/sctp_core.c:74]: sctp_core_check_support(): SCTP API not enabled',
		' 1(3467) INFO: <script>: received from 127.0.0.1:25061',
		'12(4021) ERROR: tm [t_fwd.c:1570]: t_send_branch(): sending request on branch 0 failed',
		'2026-12-03T15:32:51.725439+00:00 vm kamailio: INFO: <core> [core/sctp_core.c:74]: sctp_core_check_support()',
		'Dec  3 15:32:53 proxy kamailio[812]: NOTICE: <core> [main.c:733]: handle_sigs(): Thank you for flying kamailio!!!',
	])
		assert.match(line, firstLine, line);
	for (const line of [
		'2026-12-03T15:32:51.725439+00:00 vm sshd[12]: Accepted publickey for root',
		' 0(16813) started',
	])
		assert.doesNotMatch(line, firstLine, line);
});

test("firstLine recognises a log's first line behind stern's pod and container", () => {
	const kamailio = readFileSync(
		join(root, 'test', 'fixtures', 'real', 'kamailio-xlog.log'),
		'utf8',
	).split('\n')[0]!;
	for (const column of [
		'kamailio-7d9f8b6c4-x2x9k kamailio ',
		'voip kamailio-7d9f8b6c4-x2x9k kamailio ',
		'kamailio-0 kamailio 2026-12-04T18:00:00.123456789Z ',
	])
		assert.match(column + kamailio, firstLine, column);
	// Two words before a line that is no trace's: not claimed.
	assert.doesNotMatch('web-0 nginx GET /index.html HTTP/1.1', firstLine);
});

test('firstLine recognises a SIP log behind `docker service logs` (a Swarm task, its node, a bar; a stamp first with -t)', () => {
	const line =
		' 0(16086) INFO: <core> [core/sctp_core.c:74]: sctp_core_check_support(): SCTP API not enabled';
	assert.match(`pbx_kamailio.1.k2j3h4g5f6d7@worker1    | ${line}`, firstLine);
	assert.match(`2026-12-04T18:00:00.123456789Z pbx_kamailio.1@worker1    | ${line}`, firstLine);
	assert.doesNotMatch('pbx_web.1.k2j3h4g5f6d7@worker1    | GET / HTTP/1.1 200', firstLine);
});
