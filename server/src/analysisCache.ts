import type { TraceFormat } from './core/model';
import { createTraceDocument, type TraceDocument } from './traceDocument';

/** What the cache needs of a document: its identity, version and text. */
export interface TextSource {
	readonly uri: string;
	readonly version: number;
	getText(): string;
}

/**
 * One analysis per document version, computed lazily the first time any feature asks, and
 * shared by all of them (hover, definition, symbols and the diagram use the same parse).
 */
export class AnalysisCache {
	readonly #entries = new Map<string, TraceDocument>();
	#format: TraceFormat | undefined;

	get(source: TextSource): TraceDocument {
		const cached = this.#entries.get(source.uri);
		if (cached && cached.version === source.version) return cached;
		const doc = createTraceDocument(
			source.uri,
			source.version,
			source.getText(),
			this.#format,
			cached,
		);
		this.#entries.set(source.uri, doc);
		return doc;
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
	}

	all(): IterableIterator<TraceDocument> {
		return this.#entries.values();
	}

	/** A format override applies to every document: drop all analyses. */
	setFormat(format: TraceFormat | undefined): void {
		if (format === this.#format) return;
		this.#format = format;
		this.#entries.clear();
	}
}
