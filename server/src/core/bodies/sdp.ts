/** A session description summarised for reading (RFC 8866). */
export interface SdpMedia {
	readonly type: string;
	readonly port: number;
	readonly protocol: string;
	readonly codecs: readonly string[];
	readonly direction: string | null;
	readonly connection: string | null;
}

export interface SdpSummary {
	readonly origin: string | null;
	readonly sessionName: string | null;
	readonly connection: string | null;
	readonly media: readonly SdpMedia[];
	readonly direction: string | null;
}

const directions = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);
/** RFC 3551 static payload types, for media without rtpmap lines. */
const staticTypes: Readonly<Record<string, string>> = {
	'0': 'PCMU/8000',
	'3': 'GSM/8000',
	'4': 'G723/8000',
	'8': 'PCMA/8000',
	'9': 'G722/8000',
	'18': 'G729/8000',
	'13': 'CN/8000',
};

export function decodeSdp(body: string): SdpSummary {
	let origin: string | null = null;
	let sessionName: string | null = null;
	let connection: string | null = null;
	let direction: string | null = null;
	const media: {
		type: string;
		port: number;
		protocol: string;
		formats: string[];
		rtpmap: Map<string, string>;
		direction: string | null;
		connection: string | null;
	}[] = [];
	for (const raw of body.split(/\r?\n/)) {
		const line = raw.trim();
		if (line.length < 2 || line[1] !== '=') continue;
		const value = line.slice(2);
		const current = media[media.length - 1];
		switch (line[0]) {
			case 'o':
				origin = value;
				break;
			case 's':
				sessionName = value;
				break;
			case 'c': {
				const address = value.split(/\s+/)[2] ?? value;
				if (current) current.connection = address;
				else connection = address;
				break;
			}
			case 'm': {
				const [type, port, protocol, ...formats] = value.split(/\s+/);
				media.push({
					type: type ?? '',
					port: Number(port) || 0,
					protocol: protocol ?? '',
					formats,
					rtpmap: new Map(),
					direction: null,
					connection: null,
				});
				break;
			}
			case 'a': {
				const m = /^rtpmap:(\d+) (.+)$/.exec(value);
				if (m && current) current.rtpmap.set(m[1]!, m[2]!);
				else if (directions.has(value)) {
					if (current) current.direction = value;
					else direction = value;
				}
				break;
			}
		}
	}
	return {
		origin,
		sessionName,
		connection,
		direction,
		media: media.map((m) => ({
			type: m.type,
			port: m.port,
			protocol: m.protocol,
			codecs: m.formats.map((f) => m.rtpmap.get(f) ?? staticTypes[f] ?? f),
			direction: m.direction ?? direction,
			connection: m.connection ?? connection,
		})),
	};
}
