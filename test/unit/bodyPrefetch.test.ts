// Bodies checked on another thread while a trace is parsed: lint uses what that thread found,
// the result equals an analysis that checks every body itself, and a thread that cannot start
// costs nothing but the time.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { serveBodyChecks, type BodyCheckPort } from '../../server/src/bodyCheckProtocol';
import { BodyCheckThread, prefetchBodies } from '../../server/src/bodyPrefetch';
import { analyzeSteps, analyzeTrace, type AnalysisHooks } from '../../server/src/core/analyze';
import { presenceSummaryOf } from '../../server/src/core/bodies/presenceSummaries';
import type { TraceAnalysis } from '../../server/src/core/model';
import type { Steps } from '../../server/src/core/steps';

/** A NOTIFY from the presence server to a watcher, carrying `body` as PIDF. */
function notify(n: number, body: string): string {
	return [
		`2026-11-24 19:33:${String(n % 60).padStart(2, '0')}.000000 192.0.2.1:5060 -> 192.0.2.${20 + (n % 5)}:5060`,
		`NOTIFY sip:w${n}@192.0.2.${20 + (n % 5)}:5060 SIP/2.0`,
		`Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-n${n}`,
		'Max-Forwards: 70',
		`From: <sip:linda@example.com>;tag=ps${n}`,
		`To: <sip:w${n}@example.com>;tag=w${n}`,
		`Call-ID: sub-${n}@192.0.2.1`,
		`CSeq: ${n + 1} NOTIFY`,
		'Event: presence',
		'Subscription-State: active;expires=600',
		'Content-Type: application/pidf+xml',
		`Content-Length: ${Buffer.byteLength(body)}`,
		'',
		body,
	].join('\r\n');
}

const pidf = (n: number, tuple: string): string =>
	`<?xml version="1.0"?><presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:linda@example.com">${tuple}<note>note ${n}</note></presence>`;

/** 300 NOTIFYs, every body distinct; every seventh broken in one of three ways, some repeated. */
function trace(): { text: string; broken: Set<number> } {
	const broken = new Set<number>();
	const messages: string[] = [];
	for (let n = 0; n < 300; n++) {
		let body = pidf(
			n,
			`<tuple id="t${n}"><status><basic>${n % 2 ? 'open' : 'closed'}</basic></status></tuple>`,
		);
		if (n % 7 === 3 && n % 50 !== 49) {
			broken.add(n);
			body = [
				body.replace('</presence>', ''), // not well-formed
				pidf(n, `<tuple id="t${n}"></tuple>`), // a tuple without status
				body.replace(' entity="sip:linda@example.com"', ''), // no entity
			][n % 3]!;
		}
		if (n % 50 === 49)
			body = pidf(0, '<tuple id="t0"><status><basic>closed</basic></status></tuple>');
		messages.push(notify(n, body));
	}
	return { text: `${messages.join('\r\n\r\n')}\r\n`, broken };
}

/** Runs the steps as the server does, letting replies from the other thread in between. */
async function inSteps<T>(steps: Steps<T>): Promise<T> {
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
		await new Promise<void>((resolve) => setImmediate(resolve));
	}
}

const invalidBodies = (a: TraceAnalysis): string[] =>
	a.problems
		.filter((p) => p.code === 'body.invalid')
		.map((p) => `${a.messages.findIndex((m) => m.body?.start === p.span.start)} ${p.message}`);

/** A channel whose far end answers as `serve` does, counting the bodies asked for. */
function channel(serve: (port: BodyCheckPort) => void): {
	thread: BodyCheckThread;
	asked: () => number;
	close: () => void;
} {
	let asked = 0;
	const { port1, port2 } = new MessageChannel();
	serve(port2);
	port2.unref();
	const thread = new BodyCheckThread(() => {
		port1.unref();
		return {
			postMessage(value: unknown): void {
				asked += (value as { bodies: unknown[] }).bodies.length;
				port1.postMessage(value);
			},
			on: (event, listener) => port1.on(event, listener),
		};
	});
	// Open ports keep a process alive: each test closes its channel.
	return { thread, asked: () => asked, close: () => port1.close() };
}

test('what the other thread found for a body is what lint reports for it', async (t) => {
	const { text } = trace();
	// A far end that finds fault with every body: lint must report exactly that, not its own view.
	const { thread, asked, close } = channel((port) =>
		port.on('message', (value) => {
			const request = value as { id: number; bodies: unknown[] };
			port.postMessage({
				id: request.id,
				checked: request.bodies.map(() => ({ problems: ['checked elsewhere'], summary: null })),
			});
		}),
	);
	t.after(close);
	const hooks = prefetchBodies(thread, text);
	// Bodies are offered as messages are parsed; wait for every answer before lint runs.
	for (const m of analyzeTrace(text).messages) hooks.parsed!(m);
	while (thread.pending > 0) await new Promise<void>((resolve) => setTimeout(resolve, 5));
	const analysis = await inSteps(analyzeSteps(text, {}, hooks));
	assert.equal(
		asked(),
		294,
		'each distinct body is asked for once (300 bodies, 6 repeat the first)',
	);
	const invalid = invalidBodies(analysis);
	assert.equal(invalid.length, 300);
	for (const line of invalid) assert.match(line, /checked elsewhere/);
});

test('checked on the other thread while parsing, the analysis equals one that checks every body itself', async (t) => {
	const { text, broken } = trace();
	const alone = analyzeTrace(text);
	const { thread, asked, close } = channel(serveBodyChecks);
	t.after(close);
	const hooks: AnalysisHooks = prefetchBodies(thread, text);
	const shared = await inSteps(analyzeSteps(text, {}, hooks));
	assert.ok(asked() > 0, 'bodies went to the other thread');
	assert.deepEqual(invalidBodies(shared), invalidBodies(alone));
	assert.deepEqual(
		invalidBodies(shared).map((line) => Number(line.split(' ')[0])),
		[...broken],
		'exactly the broken bodies are reported',
	);
	assert.match(invalidBodies(shared).join('\n'), /well-formed/);
	assert.match(invalidBodies(shared).join('\n'), /status/);
	assert.match(invalidBodies(shared).join('\n'), /entity/);
	for (const m of shared.messages)
		assert.deepEqual(
			presenceSummaryOf(text, m),
			presenceSummaryOf(alone.text, alone.messages[m.index]!),
			`presence of message ${m.index}`,
		);
});

test('a thread that cannot start leaves every body to lint', async () => {
	const { text } = trace();
	const thread = new BodyCheckThread(() => {
		throw new Error('no threads here');
	});
	const analysis = await inSteps(analyzeSteps(text, {}, prefetchBodies(thread, text)));
	assert.deepEqual(invalidBodies(analysis), invalidBodies(analyzeTrace(text)));
});
