import { analyzeSteps, type AnalysisHooks } from './core/analyze';
import type { TraceAnalysis, TraceFormat } from './core/model';
import { incrementalEditsOf, reanalyzeSteps } from './core/reanalyze';
import { callIdSteps } from './core/byCallId';
import { runSteps, type Steps } from './core/steps';
import { LineIndex } from './core/text/lineIndex';
import type { TraceDocument } from './traceDocument';

/** What the cache needs of a document: its identity, version and text. */
export interface TextSource {
	readonly uri: string;
	readonly version: number;
	getText(): string;
}

/** An analysis given up because the document changed or closed before it was done. */
export class AnalysisSuperseded extends Error {
	constructor(uri: string) {
		super(`analysis of ${uri} superseded`);
	}
}

/**
 * After this many edits analysed incrementally, the whole text is analysed again in the
 * background (in steps, given up at the next edit), so that the texts of older versions, which
 * kept strings point into, can be let go.
 */
export const compactAfterEdits = 4;

interface Job {
	readonly version: number;
	readonly done: Promise<TraceDocument>;
	/** Who hears the fraction done (diagnostics' progress report, for one). */
	readonly listeners: Set<(fraction: number) => void>;
}

/**
 * One analysis per document version, computed the first time any feature asks, and shared by all
 * of them (hover, definition, symbols and the diagram use the same parse). After an edit, the
 * previous version's analysis is the starting point (only the touched messages are read again).
 *
 * {@link ensure} makes the analysis in steps with the event loop let in between: requests for
 * other documents, cancellations and edits are served meanwhile, and an edit or a close stops
 * the work for the outdated version at its next step.
 */
export class AnalysisCache {
	readonly #entries = new Map<string, TraceDocument>();
	readonly #jobs = new Map<string, Job>();
	readonly #compacting = new Set<string>();
	#format: TraceFormat | undefined;

	/** `hooksFor` adds to each whole analysis (the server checks bodies on another thread). */
	constructor(private readonly hooksFor: (text: string) => AnalysisHooks = () => ({})) {}

	/** The analysis of this version, made in steps; `progress` hears the fraction done. */
	ensure(source: TextSource, progress?: (fraction: number) => void): Promise<TraceDocument> {
		const cached = this.#entries.get(source.uri);
		if (cached && cached.version === source.version) return Promise.resolve(cached);
		const running = this.#jobs.get(source.uri);
		if (running && running.version === source.version) {
			if (progress) running.listeners.add(progress);
			return running.done;
		}
		const listeners = new Set(progress ? [progress] : []);
		const job: Job = { version: source.version, done: this.#run(source, listeners), listeners };
		this.#jobs.set(source.uri, job);
		const forget = (): void => {
			if (this.#jobs.get(source.uri) === job) this.#jobs.delete(source.uri);
		};
		job.done.then(forget, forget);
		return job.done;
	}

	async #run(
		source: TextSource,
		listeners: ReadonlySet<(fraction: number) => void>,
	): Promise<TraceDocument> {
		// Let the caller register the job before the first step runs.
		await new Promise<void>((resolve) => setImmediate(resolve));
		const { uri, version } = source;
		const text = source.getText();
		const steps = this.#steps(uri, text);
		for (;;) {
			const step = steps.next();
			if (step.done) {
				// Hovers and references on a Call-ID look its messages up: the map is made with the
				// analysis rather than by the first of them.
				runSteps(callIdSteps(step.value));
				return this.#store(source, text, step.value, version);
			}
			for (const listener of listeners) listener(step.value);
			await new Promise<void>((resolve) => setImmediate(resolve));
			// A newer version (the document object is updated in place) or a close: stop here.
			if (source.version !== version || this.#jobs.get(uri)?.version !== version)
				throw new AnalysisSuperseded(uri);
		}
	}

	#steps(uri: string, text: string): Steps<TraceAnalysis> {
		const options = this.#format ? { format: this.#format } : {};
		const previous = this.#entries.get(uri);
		return previous
			? reanalyzeSteps(previous.analysis, text, options)
			: analyzeSteps(text, options, this.hooksFor(text));
	}

	#store(
		source: TextSource,
		text: string,
		analysis: TraceAnalysis,
		version: number,
	): TraceDocument {
		const doc: TraceDocument = { uri: source.uri, version, analysis, lines: new LineIndex(text) };
		this.#entries.set(source.uri, doc);
		if (incrementalEditsOf(analysis) >= compactAfterEdits) void this.#compact(source, version);
		return doc;
	}

	/** The whole analysis of this version, made in steps while nothing else is asked for. */
	async #compact(source: TextSource, version: number): Promise<void> {
		const { uri } = source;
		if (this.#compacting.has(uri)) return;
		this.#compacting.add(uri);
		try {
			const current = (): boolean =>
				source.version === version && this.#entries.get(uri)?.version === version;
			await new Promise<void>((resolve) => setImmediate(resolve));
			if (!current()) return;
			const text = source.getText();
			const steps = analyzeSteps(
				text,
				this.#format ? { format: this.#format } : {},
				this.hooksFor(text),
			);
			for (;;) {
				const step = steps.next();
				if (step.done) {
					this.#store(source, text, step.value, version);
					return;
				}
				await new Promise<void>((resolve) => setImmediate(resolve));
				if (!current()) return;
			}
		} finally {
			this.#compacting.delete(uri);
		}
	}

	/** A document that is not open in the editor (e.g. a large trace read from disk). */
	put(doc: TraceDocument): void {
		this.#entries.set(doc.uri, doc);
	}

	/** Is the analysis of this version already made? */
	has(source: TextSource): boolean {
		return this.#entries.get(source.uri)?.version === source.version;
	}

	peek(uri: string): TraceDocument | undefined {
		return this.#entries.get(uri);
	}

	delete(uri: string): void {
		this.#entries.delete(uri);
		this.#jobs.delete(uri);
	}

	all(): IterableIterator<TraceDocument> {
		return this.#entries.values();
	}

	/** A format override applies to every document: drop all analyses. */
	setFormat(format: TraceFormat | undefined): void {
		if (format === this.#format) return;
		this.#format = format;
		this.#entries.clear();
		this.#jobs.clear();
	}
}
