// Traces whose line ends were changed after capture: a tool turned CRLF into LF, or an editor
// turned the lone LFs of Kamailio's XML bodies into CRLF (VS Code does so when it normalises a
// file with mixed line ends). The analysis must not change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../server/src/core/analyze';

const raw = readFileSync(join(__dirname, '..', 'fixtures', 'real', 'presence-story.sip'), 'utf8');
const summary = (text: string) => {
	const a = analyzeTrace(text);
	return {
		messages: a.messages.map((m) => m.method ?? m.status),
		bodies: a.messages.map((m) =>
			m.body ? text.slice(m.body.start, m.body.end).replace(/\r\n/g, '\n') : null,
		),
		notifies: a.messages.map((m) => a.index.notifiesOf(m.index)),
		faults: a.problems.filter((p) => p.severity === 'error').map((p) => p.code),
	};
};

test('the raw capture has mixed line ends (CRLF headers, LF-only XML from Kamailio)', () => {
	assert.ok(/[^\r]\n/.test(raw) && raw.includes('\r\n'));
});

test('turning every line end into CRLF changes nothing in the analysis', () => {
	assert.deepEqual(summary(raw.replace(/\r?\n/g, '\r\n')), summary(raw));
});

test('turning every line end into LF changes nothing in the analysis', () => {
	assert.deepEqual(summary(raw.replace(/\r\n/g, '\n')), summary(raw));
});

test('no error on the capture as it is', () => {
	assert.deepEqual(summary(raw).faults, []);
});
