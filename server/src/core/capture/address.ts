import { u16, type Bytes } from './bytes';

/** `192.0.2.1` from four octets at `at`. */
export function ipv4(b: Bytes, at: number): string {
	return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/**
 * An IPv6 address in the text form of RFC 5952 §4: lower case, no leading zeros, the longest run
 * of two or more zero groups (the first of equal runs) as `::`; IPv4-mapped addresses end in the
 * dotted quad (§5), as tshark and tcpdump print them.
 */
export function ipv6(b: Bytes, at: number): string {
	const groups: number[] = [];
	for (let i = 0; i < 8; i++) groups.push(Math.max(0, u16(b, at + 2 * i)));
	if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
		return `::ffff:${ipv4(b, at + 12)}`;
	let best = -1;
	let bestLen = 1;
	for (let i = 0; i < 8;) {
		if (groups[i] !== 0) {
			i++;
			continue;
		}
		let j = i;
		while (j < 8 && groups[j] === 0) j++;
		if (j - i > bestLen) {
			best = i;
			bestLen = j - i;
		}
		i = j;
	}
	const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
	if (best < 0) return hex(groups);
	return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

/** `ip:port`, IPv6 in brackets (`[::1]:5060`), as the trace formats write an address. */
export function endpoint(ip: string, port: number): string {
	return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}
