import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Bounds that keep hostile XML cheap: larger or deeper documents are refused, not parsed. */
export const maxXmlChars = 1_000_000;
export const maxXmlDepth = 64;

export type XmlNode = Record<string, unknown>;
export type XmlResult = { ok: true; root: XmlNode } | { ok: false; error: string };

/** Elements that may repeat in the presence-related schemas: always parsed as arrays. */
export const repeatedElements: ReadonlySet<string> = new Set([
	'tuple',
	'person',
	'device',
	'service',
	'note',
	'dialog',
	'watcher',
	'watcher-list',
	'resource',
	'instance',
	'name',
	'contact',
	'media',
	'registration',
	'unknown-param',
]);

/**
 * Parses trace XML safely: no DOCTYPE (so no entity expansion, no external fetch), bounded size
 * and nesting checked by a linear pre-scan before the parser sees anything, entity processing
 * off (the five predefined entities are decoded on the strings afterwards). Namespace prefixes
 * are dropped: PIDF documents use `pidf:`, `rpid:`, `dm:` or default namespaces interchangeably.
 * The options are shared by the ordered reading below.
 */
const safeOptions = {
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	removeNSPrefix: true,
	processEntities: false,
	htmlEntities: false,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
	maxNestedTags: maxXmlDepth + 1,
};

const parser = new XMLParser({ ...safeOptions, isArray: (name) => repeatedElements.has(name) });

/**
 * The same reading with the document order kept (each element `{ name: [children], ':@': attrs }`,
 * each text `{ '#text': ... }`): for applying XML patches (RFC 5261), where order is meaning.
 */
const orderedParser = new XMLParser({ ...safeOptions, preserveOrder: true });

export type OrderedXmlResult = { ok: true; nodes: unknown[] } | { ok: false; error: string };

export function parseXml(xml: string): XmlResult {
	const read = guardedParse(xml, parser);
	return read.ok ? { ok: true, root: read.value as XmlNode } : read;
}

/** {@link parseXml} with the document order kept, under the same bounds and refusals. */
export function parseXmlOrdered(xml: string): OrderedXmlResult {
	const read = guardedParse(xml, orderedParser);
	return read.ok
		? { ok: true, nodes: Array.isArray(read.value) ? (read.value as unknown[]) : [] }
		: read;
}

/**
 * What {@link parseXml} answers for a document with a DOCTYPE of its own: not read, for safety
 * (an entity can expand a short text a billion times). A document so written is well-formed XML
 * no presence RFC forbids, though protocols should do without DTDs (RFC 3470 §4.14).
 */
export const doctypeRefused =
	'XML body declares a DOCTYPE with declarations of its own or entities; not read (no entity expansion, no external references)';

function guardedParse(
	xml: string,
	using: XMLParser,
): { ok: true; value: unknown } | { ok: false; error: string } {
	if (xml.length > maxXmlChars)
		return {
			ok: false,
			error: `XML body of ${xml.length} characters exceeds the ${maxXmlChars} limit; not decoded`,
		};
	xml = withoutExternalDoctype(xml);
	if (/<!DOCTYPE|<!ENTITY/i.test(xml))
		return {
			ok: false,
			error: doctypeRefused,
		};
	const depth = nestingDepth(xml);
	if (depth > maxXmlDepth)
		return { ok: false, error: `XML nesting deeper than ${maxXmlDepth} levels; not decoded` };
	const declaration = declarationFault(xml);
	if (declaration !== null) return { ok: false, error: `XML is not well-formed: ${declaration}` };
	const valid = XMLValidator.validate(xml);
	if (valid !== true) {
		// The validator gives no column for some faults (a document with no element at all).
		const { msg, line, col } = valid.err as { msg: string; line: number; col?: number };
		const at = col === undefined ? `line ${line}` : `line ${line}, column ${col}`;
		const fault = validatorFault(msg);
		// The validator places a document that ends inside elements at its start: no place said.
		const where = fault === msg ? ` (${at})` : '';
		return { ok: false, error: `XML is not well-formed: ${fault}${where}` };
	}
	try {
		return { ok: true, value: using.parse(xml) as unknown };
	} catch (error) {
		return {
			ok: false,
			error: `XML could not be parsed: ${error instanceof Error ? error.message : String(error)}`,
		};
	}
}

/**
 * The validator's message as a reader takes it. For a document that ends inside elements it
 * prints the open elements as a JSON array (`Invalid '[    "dialog-info",    "dialog"]'
 * found.`): said as what it means, their names in order.
 */
function validatorFault(msg: string): string {
	const open = /^Invalid '\[([^\]]{0,2000})\]' found\.?$/.exec(msg);
	if (!open) return msg;
	const names = [...open[1]!.matchAll(/"([^"]{1,200})"/g)].map((m) => `<${m[1]}>`);
	if (names.length === 0) return msg;
	return `the document ends inside ${names.join(', ')}, opened and never closed`;
}

/**
 * What is wrong with the XML declaration that opens `xml` (`<?xml version="1.0"encoding=...?>`),
 * which the validator lets pass: its pseudo-attributes are separated by white space (XML 1.0
 * productions [23], [24], [80]), `version` first. Null where it has none, or a sound one.
 */
function declarationFault(xml: string): string | null {
	const at = xml.search(/\S/);
	if (at < 0 || !xml.startsWith('<?xml', at)) return null;
	const end = xml.indexOf('?>', at);
	if (end < 0 || end - at > 300) return null;
	const inside = xml.slice(at + 5, end);
	if (!/^\s/.test(inside) || !/^\s+version\s*=/.test(inside))
		return 'the XML declaration must start with version, after white space (XML 1.0 [23], [24]) (line 1)';
	if (/=\s*(?:"[^"]{0,100}"|'[^']{0,100}')[A-Za-z]/.test(inside))
		return 'the XML declaration needs white space between its attributes (XML 1.0 [23], [80]) (line 1)';
	return null;
}

// A document type declaration that only names an external DTD, as XPIDF documents carry
// (`<!DOCTYPE presence PUBLIC "-//IETF//DTD RFCxxxx XPIDF 1.0//EN" "xpidf.dtd">`, sent by Polycom
// phones, Asterisk's chan_sip, FreeSWITCH...): no internal subset, so nothing to expand. Bounded.
const externalDoctype =
	/<!DOCTYPE\s{1,20}[\w:.-]{1,100}(?:\s{1,20}(?:PUBLIC\s{1,20}(?:"[^"<>]{0,300}"|'[^'<>]{0,300}')\s{1,20}|SYSTEM\s{1,20})(?:"[^"<>]{0,300}"|'[^'<>]{0,300}'))?\s{0,20}>/y;

/**
 * The text with a leading external-only DOCTYPE blanked out (same length, line ends kept, so the
 * validator's line and column numbers still point into the body). The DTD is never fetched: the
 * document is read as if it had none (XML 1.0 §2.8 lets a non-validating processor skip it).
 */
function withoutExternalDoctype(xml: string): string {
	const at = xml.indexOf('<!DOCTYPE');
	// Only in the prolog: after the XML declaration, comments and white space, before any element.
	if (at < 0 || at > 2000) return xml;
	if (xml.slice(0, at).replace(/<\?[^<>]{0,300}\?>|<!--[^<>]{0,300}-->|\s+/g, '') !== '')
		return xml;
	externalDoctype.lastIndex = at;
	const m = externalDoctype.exec(xml);
	if (!m) return xml;
	const blank = m[0].replace(/[^\r\n]/g, ' ');
	return xml.slice(0, at) + blank + xml.slice(at + m[0].length);
}

/** Maximum element depth, by a linear scan of tags (stops counting once past the bound). */
function nestingDepth(xml: string): number {
	let depth = 0;
	let max = 0;
	for (let i = xml.indexOf('<'); i >= 0 && max <= maxXmlDepth; i = xml.indexOf('<', i + 1)) {
		const next = xml.charCodeAt(i + 1);
		if (next === 47)
			depth--; // </
		else if (next === 33 || next === 63)
			continue; // <! <?
		else {
			const close = xml.indexOf('>', i);
			if (close < 0) break;
			if (xml.charCodeAt(close - 1) !== 47) depth++; // not self-closing
			if (depth > max) max = depth;
		}
	}
	return max;
}

/** Decodes the predefined and numeric character references of XML 1.0 §4.6. */
export function decodeEntities(s: string): string {
	if (s.indexOf('&') < 0) return s;
	return s.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (_, e: string) => {
		switch (e) {
			case 'lt':
				return '<';
			case 'gt':
				return '>';
			case 'amp':
				return '&';
			case 'quot':
				return '"';
			case 'apos':
				return "'";
		}
		const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
		return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
	});
}

/** The text of an element that may be a plain string or `{ '#text': ... }` with attributes. */
export function textOf(node: unknown): string | null {
	if (node == null) return null;
	if (typeof node === 'string') return decodeEntities(node);
	if (typeof node === 'object' && '#text' in (node as XmlNode))
		return decodeEntities(String((node as XmlNode)['#text']));
	return null;
}

export function attr(node: unknown, name: string): string | null {
	if (node && typeof node === 'object') {
		const v = (node as XmlNode)[`@_${name}`];
		return v == null ? null : decodeEntities(String(v));
	}
	return null;
}

export function children(node: unknown, name: string): unknown[] {
	if (!node || typeof node !== 'object') return [];
	const v = (node as XmlNode)[name];
	return v == null ? [] : Array.isArray(v) ? v : [v];
}

/** Child element names (not attributes or text), e.g. the activities inside `<activities>`. */
export function elementNames(node: unknown): string[] {
	if (!node || typeof node !== 'object') return [];
	return Object.keys(node).filter((k) => !k.startsWith('@_') && k !== '#text');
}
