// A pjsip log written below level 4, or with message logging off: it names each message it
// handles (`Request msg PUBLISH/cseq=32835 (rdata005F126C)`) but holds none. The warning says
// where the messages are, as it does for SIPp's and tshark's logs without them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core';

// pjsip 2.7's log on Windows (a presence server's issue): the names have no `0x`.
const windows = [
	'15:23:01.690 os_core_win32. !pjlib 2.7.1 for win32 initialized',
	'15:23:01.691 sip_endpoint.c  Module "mod-msg-print" registered',
	'15:23:10.121 sip_endpoint.c  Processing incoming message: Request msg PUBLISH/cseq=32835 (rdata005F126C)',
	'15:23:10.122    tsx005F3C0C  ..Transaction created for Request msg PUBLISH/cseq=32835 (rdata005F126C)',
	'15:23:10.124    tsx005F3C0C  ..Sending Response msg 200/PUBLISH/cseq=32835 (tdta005F4A90) in state Trying',
	'',
].join('\n');
// An iOS app's log (os_log's prefix), the names with `0x`.
const ios = [
	'2019-02-11 10:45:15.072892-0500 MyApp[19050:6469780] PJSIP(5): inv0x12e0ecea8  ..Sending Request msg INVITE/cseq=24042 (tdta0x1318bc600)',
	'2019-02-11 10:45:15.073190-0500 MyApp[19050:6469780] PJSIP(5): tsx0x13003cca8  ....Transaction created for Request msg INVITE/cseq=24041 (tdta0x1318bc600)',
	'',
].join('\n');

void test("pjsip's log without message text: no message, and the warning says how pjsip writes them", () => {
	for (const text of [windows, ios]) {
		const a = analyzeTrace(text);
		assert.equal(a.messages.length, 0);
		const warning = a.problems.find((p) => p.code === 'framing.no-messages');
		assert.match(warning?.message ?? '', /pjsip's log names its messages .* log level 4 and up/);
	}
	// One such name in a post's prose is not taken for the log.
	const one = analyzeTrace(windows.split('\n').slice(2, 3).join('\n'));
	assert.doesNotMatch(
		one.problems.find((p) => p.code === 'framing.no-messages')?.message ?? '',
		/pjsip/,
	);
});

void test("a copy that begins inside pjsip's record of a message: logging was on, and the warning says where the copy began", () => {
	// A Twilio Android app's logcat: the last lines of a response, pjsip's `--end msg--`, then
	// the log's lines that name the response.
	const indent = ' '.repeat(69);
	const text = [
		`${indent}Via: SIP/2.0/TLS 192.168.10.7:44140;rport=44140;branch=z9hG4bKPjItk9FOXqqGWv-LHfQ`,
		`${indent}Server: Twilio`,
		`${indent}Content-Length: 0`,
		indent,
		indent,
		`${indent}--end msg--`,
		'01-24 16:45:16.424 7619-7948/a.b.c.d D/PJSIP: 16:45:16.424  tsx0x9507d064  .Incoming Response msg 100/INVITE/cseq=17513 (rdata0x915b69e0) in state Calling',
		'01-24 16:45:16.424 7619-7948/a.b.c.d D/PJSIP: 16:45:16.424  dlg0x9507c064  ...Received Response msg 100/INVITE/cseq=17513 (rdata0x915b69e0)',
		'',
	].join('\n');
	const a = analyzeTrace(text);
	assert.equal(a.messages.length, 0);
	const warning = a.problems.find((p) => p.code === 'framing.no-messages')?.message ?? '';
	assert.match(warning, /`--end msg--`\) without its start line/);
	assert.doesNotMatch(warning, /log level/);
});
