// A trace too large for the editor to sync, opened the way the extension opens it: the server
// reads it from disk (sipTrace/openLargeTrace), then the dialogs tree and the diagram are asked for.
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { LadderReply } from '../../server/src/protocol/lspExt';
import { LspClient } from '../lsp/lspClient';

export interface LargeOpenFigures {
	mb: number;
	messages: number;
	openMs: number;
	dialogsMs: number;
	dialogs: number;
	ladderMs: number;
	arrows: number;
	serverPeakRssMb: number | null;
}

const elapsed = async <T>(run: () => Promise<T>): Promise<[number, T]> => {
	const t = performance.now();
	const result = await run();
	return [performance.now() - t, result];
};

/** Peak resident memory of a process (Linux), in MB. */
function peakRssMb(pid: number | undefined): number | null {
	if (pid === undefined) return null;
	try {
		const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) / 1024 : null;
	} catch {
		return null;
	}
}

export async function benchLargeOpen(path: string): Promise<LargeOpenFigures> {
	const uri = pathToFileURL(path).toString();
	const client = new LspClient();
	await client.initialize();
	const [openMs, opened] = await elapsed(() =>
		client.request<{ messages: number }>('sipTrace/openLargeTrace', { uri, path }),
	);
	const [dialogsMs, symbols] = await elapsed(() =>
		client.request<unknown[] | null>('textDocument/documentSymbol', { textDocument: { uri } }),
	);
	const [ladderMs, ladder] = await elapsed(() =>
		client.request<LadderReply>('sipTrace/ladder', { uri, view: 'network' }),
	);
	const serverPeakRssMb = peakRssMb(client.pid);
	await client.shutdown();
	return {
		mb: statSync(path).size / 1e6,
		messages: opened.messages,
		openMs,
		dialogsMs,
		dialogs: symbols?.length ?? 0,
		ladderMs,
		arrows: ladder?.count ?? 0,
		serverPeakRssMb,
	};
}
