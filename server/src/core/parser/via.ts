import type { Span, Via } from '../model';
import { isTokenChar } from './headerNames';
import { isSpace, parseParams, sameLowerAt, unquote } from './split';
import { readsAt, type Interner } from './strings';

/**
 * Parses one via-parm (RFC 3261 §20.42, §25.1): `SIP/2.0/UDP host:port;branch=...;rport`.
 * The protocol may carry white space around its slashes (RFC 4475 §3.1.1.1), sent-by around its
 * colon (§25.1). Null when malformed.
 * Given the trace's `strings`, sent-by and the parameters are the trace's shared strings.
 */
export function parseVia(text: string, start: number, end: number, strings?: Interner): Via | null {
	const plain = plainVia(text, start, end, strings);
	if (plain) return plain;
	const raw = text.slice(start, end);
	let m = viaShape.exec(raw);
	// sent-by's colon may have white space around it (COLON is SWS ":" SWS, §25.1).
	let sentBy = m?.[4]!.replace(/\s+/g, '');
	if (!m && maskedHost.test(raw)) {
		// `SIP/2.0/WSS <server IP>:8443;branch=...`: a host the poster masked with a phrase was one
		// host on the wire; read with the phrase as one token, kept as written.
		maskedHost.lastIndex = 0;
		const unmasked = raw.replace(maskedHost, (mask) => 'x'.repeat(mask.length));
		m = viaShape.exec(unmasked);
		if (m) {
			const at = unmasked.indexOf(m[4]!, unmasked.indexOf(m[3]!) + m[3]!.length);
			sentBy = raw.substr(at, m[4]!.length);
		}
	}
	maskedHost.lastIndex = 0;
	if (!m) return null;
	const params = parseParams((m[5] ?? '').replace(/\r?\n[ \t]+/g, ' '));
	return new ParsedVia(
		viaForm(
			`${m[1]!.toUpperCase()}/${m[2]}/${m[3]!.toUpperCase()}`,
			m[3]!.toUpperCase(),
			params.get('received') ?? null,
			params.has('rport') ? (params.get('rport') ?? '') : null,
		),
		sentBy!,
		params.get('branch') ?? null,
		start,
		end,
	);
}

const viaShape =
	/^\s*([A-Za-z0-9.!%*_+`'~-]+)\s*\/\s*([0-9.]+)\s*\/\s*([A-Za-z0-9.!%*_+`'~-]+)\s+([^;\s]+(?:\s*:\s*\d+)?)\s*(?:;(.*))?$/s;
// A placeholder of words in angle brackets where a host goes (`<server IP>`, `<public ip>`).
const maskedHost = /<[A-Za-z][\w.-]{0,30}(?: [\w.-]{1,30}){1,4}>/g;

/**
 * A Via; what nearly every Via of a trace says alike (protocol and transport, no received, rport
 * absent or without a value) is one shared {@link ViaForm}, and its span is kept as offsets and
 * made when read: a trace holds a Via or two per message, a feature reads the spans of a few.
 */
class ParsedVia implements Via {
	readonly #form: ViaForm;
	readonly #start: number;
	readonly #end: number;

	constructor(
		form: ViaForm,
		readonly sentBy: string,
		readonly branch: string | null,
		start: number,
		end: number,
	) {
		this.#form = form;
		this.#start = start;
		this.#end = end;
	}

	get protocol(): string {
		return this.#form.protocol;
	}

	get transport(): string {
		return this.#form.transport;
	}

	get received(): string | null {
		return this.#form.received;
	}

	get rport(): string | null {
		return this.#form.rport;
	}

	get span(): Span {
		return { start: this.#start, end: this.#end };
	}

	/** Serialised as the plain value it stands for. */
	toJSON(): object {
		return {
			protocol: this.protocol,
			transport: this.transport,
			sentBy: this.sentBy,
			branch: this.branch,
			received: this.received,
			rport: this.rport,
			span: this.span,
		};
	}

	/** This Via at [start, end). */
	at(start: number, end: number): ParsedVia {
		return new ParsedVia(this.#form, this.sentBy, this.branch, start, end);
	}
}

/** The parts of a Via most of a trace's Vias share. */
interface ViaForm {
	readonly protocol: string;
	readonly transport: string;
	readonly received: string | null;
	readonly rport: string | null; // '' when present without a value
}

/** The shared form for these, where there is one; else a form of its own. */
function viaForm(
	protocol: string,
	transport: string,
	received: string | null,
	rport: string | null,
): ViaForm {
	if (received === null && (rport === null || rport === '')) {
		const shared = forms.get(transport);
		if (shared && shared.plain.protocol === protocol)
			return rport === null ? shared.plain : shared.rport;
	}
	return { protocol, transport, received, rport };
}

/** The same Via at [start, end): moved by an edit, or mapped back from a cut value. */
export function viaAt(v: Via, start: number, end: number): Via {
	if (v instanceof ParsedVia) return v.at(start, end);
	return new ParsedVia(
		viaForm(v.protocol, v.transport, v.received, v.rport),
		v.sentBy,
		v.branch,
		start,
		end,
	);
}

/**
 * The form nearly every Via takes, `SIP/2.0/UDP host:port;params` on one line, read in place
 * without a regex or a parameter map. Anything else (white space around the slashes, folded
 * lines) returns null and goes through the general reading above.
 */
function plainVia(
	text: string,
	start: number,
	end: number,
	strings: Interner | undefined,
): Via | null {
	let i = start;
	while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	if (!readsAt(text, i, 'SIP/2.0/')) return null;
	i += 8;
	const ts = i;
	while (i < end && isTokenChar(text.charCodeAt(i))) i++;
	if (i === ts || i >= end || text.charCodeAt(i) !== 32) return null;
	const transport = transportAt(text, ts, i);
	while (i < end && text.charCodeAt(i) === 32) i++;
	const ss = i;
	for (; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === 59 || c <= 32) break;
	}
	if (i === ss) return null;
	const se = i;
	while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	if (i < end && text.charCodeAt(i) !== 59) return null;
	for (let j = i; j < end; j++) if (text.charCodeAt(j) === 10) return null;
	readParams(text, i, end, strings);
	return new ParsedVia(
		viaForm(
			forms.get(transport)?.plain.protocol ?? `SIP/2.0/${transport}`,
			transport,
			received ?? null,
			rport === undefined ? null : (rport ?? ''),
		),
		strings ? strings.at(text, ss, se) : text.slice(ss, se),
		branch ?? null,
		start,
		end,
	);
}

// What `readParams` found: undefined when absent, null for a flag.
let branch: string | null | undefined;
let received: string | null | undefined;
let rport: string | null | undefined;

/**
 * The branch, received and rport parameters among `;name=value;flag` in [start, end), in one
 * pass: the reading of `paramAt` (the last occurrence wins) for the three at once.
 */
function readParams(text: string, start: number, end: number, strings: Interner | undefined): void {
	branch = received = rport = undefined;
	let i = start;
	while (i < end) {
		let partEnd = i;
		let quoted = false;
		for (; partEnd < end; partEnd++) {
			const c = text.charCodeAt(partEnd);
			if (c === 34) quoted = !quoted;
			else if (c === 59 && !quoted) break;
		}
		let ps = i;
		let pe = partEnd;
		while (ps < pe && isSpace(text.charCodeAt(ps))) ps++;
		while (pe > ps && isSpace(text.charCodeAt(pe - 1))) pe--;
		if (pe > ps) {
			let eq = ps;
			while (eq < pe && text.charCodeAt(eq) !== 61) eq++;
			let ne = eq;
			while (ne > ps && isSpace(text.charCodeAt(ne - 1))) ne--;
			const which =
				ne - ps === 6 && sameLowerAt(text, ps, 'branch')
					? 1
					: ne - ps === 8 && sameLowerAt(text, ps, 'received')
						? 2
						: ne - ps === 5 && sameLowerAt(text, ps, 'rport')
							? 3
							: 0;
			if (which) {
				let value: string | null = null;
				if (eq < pe) {
					let vs = eq + 1;
					while (vs < pe && isSpace(text.charCodeAt(vs))) vs++;
					value =
						strings &&
						!(pe - vs >= 2 && text.charCodeAt(vs) === 34 && text.charCodeAt(pe - 1) === 34)
							? strings.at(text, vs, pe)
							: unquote(text.slice(vs, pe));
				}
				if (which === 1) branch = value;
				else if (which === 2) received = value;
				else rport = value;
			}
		}
		i = partEnd + 1;
	}
}

const transports = ['UDP', 'TCP', 'TLS', 'SCTP', 'WS', 'WSS', 'TLS-SCTP'];
/** Per usual transport, its shared forms: without rport, and with rport without a value. */
const forms = new Map(
	transports.map((transport) => {
		const protocol = `SIP/2.0/${transport}`;
		return [
			transport,
			{
				plain: { protocol, transport, received: null, rport: null } as ViaForm,
				rport: { protocol, transport, received: null, rport: '' } as ViaForm,
			},
		];
	}),
);

/** The transport token, upper-case; the usual ones without allocating. */
function transportAt(text: string, start: number, end: number): string {
	for (const t of transports) {
		if (t.length !== end - start) continue;
		let same = true;
		for (let k = 0; same && k < t.length; k++)
			same =
				(text.charCodeAt(start + k) & ~32) === t.charCodeAt(k) ||
				text.charCodeAt(start + k) === t.charCodeAt(k);
		if (same) return t;
	}
	return text.slice(start, end).toUpperCase();
}
