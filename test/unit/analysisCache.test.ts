// The server's analysis cache: one analysis per version, edits analysed incrementally from the
// previous version, and the whole text analysed again in the background after a few edits.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import {
	AnalysisCache,
	AnalysisSuperseded,
	compactAfterEdits,
} from '../../server/src/analysisCache';
import { incrementalEditsOf } from '../../server/src/core/reanalyze';
import { generateTraffic, toHeaderLineText } from '../bench/generate';

/** A document as the server holds it: one object, updated in place by each edit. */
class Source {
	readonly uri = 'file:///traces/edited.log';
	version = 1;
	constructor(public text: string) {}
	getText(): string {
		return this.text;
	}
	/** Types a character at `at`. */
	edit(at: number): void {
		this.text = `${this.text.slice(0, at)}X${this.text.slice(at)}`;
		this.version++;
	}
}

const idle = async (): Promise<void> => {
	for (let i = 0; i < 200; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

test('edits are analysed from the previous version; after a few, the whole text again when idle', async () => {
	const cache = new AnalysisCache();
	const source = new Source(toHeaderLineText(generateTraffic(600, 5)));
	const first = await cache.ensure(source);
	assert.equal(incrementalEditsOf(first.analysis), 0);
	const kept = first.analysis.messages[0];
	let doc = first;
	for (let edit = 1; edit <= compactAfterEdits; edit++) {
		source.edit(source.text.length - 5000 * edit);
		doc = await cache.ensure(source);
		assert.equal(doc.version, source.version);
		assert.equal(incrementalEditsOf(doc.analysis), edit);
		assert.equal(doc.analysis.messages[0], kept, 'messages before the edit are kept');
	}
	// Nothing else asked: the whole text is analysed again, for the same version.
	await idle();
	const compacted = cache.peek(source.uri)!;
	assert.equal(compacted.version, source.version);
	assert.equal(incrementalEditsOf(compacted.analysis), 0);
	assert.notEqual(compacted.analysis.messages[0], kept);
	assert.equal(compacted.analysis.messages.length, doc.analysis.messages.length);
});

test('an edit stops the analysis of the outdated version; the new version is analysed', async () => {
	const cache = new AnalysisCache();
	const source = new Source(toHeaderLineText(generateTraffic(20_000, 6)));
	const outdated = cache.ensure(source);
	await new Promise<void>((resolve) => setImmediate(resolve));
	source.edit(source.text.length - 100);
	await assert.rejects(outdated, AnalysisSuperseded);
	const doc = await cache.ensure(source);
	assert.equal(doc.version, 2);
	assert.match(doc.analysis.text, /X/);
});

test('progress is heard as a growing fraction, from start to end', async () => {
	const cache = new AnalysisCache();
	const source = new Source(toHeaderLineText(generateTraffic(20_000, 8)));
	const heard: number[] = [];
	await cache.ensure(source, (fraction) => heard.push(fraction));
	assert.ok(heard.length >= 5, `${heard.length} steps`);
	assert.deepEqual(
		heard,
		[...heard].sort((a, b) => a - b),
	);
	assert.ok(heard[0]! < 0.5 && heard.at(-1)! > 0.5 && heard.at(-1)! <= 1);
});
