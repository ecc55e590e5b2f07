// The To tag a response carries (RFC 3261 §8.2.6.2: the UAS adds one to every response but 100;
// §12.1.1: a 2xx that makes a dialog without one leaves the dialog unnamed). Seen missing in real
// traces: Microsoft Teams' 200 to an OPTIONS ping, a GB28181 registrar's 401, a 180 of JAIN-SIP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTrace } from '../../server/src/core/analyze';
import { sipMessage } from './sipText';

const response = (status: string, method: string, to: string): string =>
	sipMessage(`SIP/2.0 ${status}`, [
		'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-t1',
		'From: <sip:alice@example.org>;tag=a1',
		`To: ${to}`,
		'Call-ID: t1@example.org',
		`CSeq: 1 ${method}`,
		...(method === 'INVITE' || method === 'SUBSCRIBE' ? ['Contact: <sip:bob@192.0.2.2>'] : []),
		...(method === 'SUBSCRIBE' ? ['Expires: 600'] : []),
	]) + '\r\n';

const tagProblems = (text: string): [string, string][] =>
	analyzeTrace(text)
		.problems.filter((p) => p.code.startsWith('to.'))
		.map((p) => [p.code, p.severity]);

test('a response other than 100 without a To tag is a warning; a 2xx that makes a dialog, an error', () => {
	assert.deepEqual(tagProblems(response('200 OK', 'OPTIONS', '<sip:bob@example.org>')), [
		['to.missing-tag', 'warning'],
	]);
	assert.deepEqual(tagProblems(response('401 Unauthorized', 'REGISTER', '<sip:bob@example.org>')), [
		['to.missing-tag', 'warning'],
	]);
	assert.deepEqual(tagProblems(response('180 Ringing', 'INVITE', '<sip:bob@example.org>')), [
		['to.missing-tag', 'warning'],
	]);
	assert.deepEqual(tagProblems(response('200 OK', 'INVITE', '<sip:bob@example.org>')), [
		['to.missing-tag-in-2xx', 'error'],
	]);
	assert.deepEqual(tagProblems(response('202 Accepted', 'SUBSCRIBE', '<sip:bob@example.org>')), [
		['to.missing-tag-in-2xx', 'error'],
	]);
});

test('a 100 may go without a To tag; any response with one is fine', () => {
	assert.deepEqual(tagProblems(response('100 Trying', 'INVITE', '<sip:bob@example.org>')), []);
	for (const [status, method] of [
		['200 OK', 'OPTIONS'],
		['401 Unauthorized', 'REGISTER'],
		['200 OK', 'INVITE'],
	] as const)
		assert.deepEqual(tagProblems(response(status, method, '<sip:bob@example.org>;tag=b1')), []);
});
