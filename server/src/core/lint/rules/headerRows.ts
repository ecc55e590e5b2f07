import type { Problem, SipMessage, TraceAnalysis } from '../../model';
import { knownNameCount, nameCodeOf } from '../../parser/headerNames';
import { checkAddressHeader, checkReferTo, checkRouteHeader } from './addresses';
import { checkCredentials } from './credentials';
import { checkIdentities } from './identities';
import { checkMaxForwards } from './maxForwards';
import { checkOptionTags } from './optionTags';
import { checkMandatoryHeader, checkMissingHeaders, mandatoryBits } from './mandatoryHeaders';

const dateCode = nameCodeOf('date');
/**
 * By name code: 1 for the headers the address rules read (Date, and From, To, Contact), 2 for
 * Route, Record-Route, Path and Service-Route, 3 for Authorization and Proxy-Authorization, 4 for Max-Forwards, 5 for
 * Refer-To, 6 for P-Asserted-Identity and P-Preferred-Identity, 7 for the option-tag lists
 * (Require, Proxy-Require, Supported, Unsupported).
 */
const addressed = new Uint8Array(knownNameCount);
for (const key of ['date', 'from', 'to', 'contact']) addressed[nameCodeOf(key)] = 1;
// Path (RFC 3327 §4) and Service-Route (RFC 3608 §5) are written as Route is.
for (const key of ['route', 'record-route', 'path', 'service-route'])
	addressed[nameCodeOf(key)] = 2;
for (const key of ['authorization', 'proxy-authorization']) addressed[nameCodeOf(key)] = 3;
addressed[nameCodeOf('max-forwards')] = 4;
addressed[nameCodeOf('refer-to')] = 5;
for (const key of ['p-asserted-identity', 'p-preferred-identity']) addressed[nameCodeOf(key)] = 6;
for (const key of ['require', 'proxy-require', 'supported', 'unsupported'])
	addressed[nameCodeOf(key)] = 7;
/** The address rules' problems of the message at hand, made after the mandatory ones. */
const pending: Problem[] = [];

/**
 * The rules that read a message's header rows one by one, in one walk over them: the mandatory
 * headers (not for a message the trace cuts short, which lacks headers it had: the parser
 * reported the cut) and the single ones, then the addresses. Headers are told apart by their name code, and
 * the problems come in the order of the rules, each rule's in header order.
 */
export function checkHeaderRows(analysis: TraceAnalysis, m: SipMessage, out: Problem[]): void {
	const mandatory = !m.cutShort && m.kind !== 'invalid';
	// A header shown twice is twice in the message, cut short or not (a bug report's excerpt of
	// the two Content-Lengths a stack rejected): only what is missing is not judged.
	const single = m.kind !== 'invalid';
	// Where the trace cuts the message short, its last header line may be cut too (`From:` and
	// nothing after): its value is not judged.
	const judged = m.cutShort ? m.headerCount - 1 : m.headerCount;
	let present = 0;
	for (let i = 0, n = m.headerCount; i < n; i++) {
		const code = m.headerCode(i);
		if (code < 0) continue;
		const bit = mandatoryBits[code];
		if (single && bit) present = checkMandatoryHeader(m, i, bit, present, out);
		if (i >= judged) break;
		const address = addressed[code];
		if (address === 1) checkAddressHeader(analysis, m, i, code === dateCode, pending);
		else if (address === 2) checkRouteHeader(analysis, m, i, pending);
		else if (address === 3) checkCredentials(analysis, m, i, pending);
		else if (address === 4) checkMaxForwards(analysis, m, i, pending);
		else if (address === 5) checkReferTo(analysis, m, i, pending);
		else if (address === 6) checkIdentities(analysis, m, i, judged, pending);
		else if (address === 7) checkOptionTags(analysis, m, i, pending);
	}
	if (mandatory) checkMissingHeaders(m, present, out);
	if (pending.length === 0) return;
	for (let k = 0; k < pending.length; k++) out.push(pending[k]!);
	pending.length = 0;
}
