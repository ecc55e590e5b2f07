// `npm start`: builds and packages the extension, installs it into a fresh code-server profile and
// serves a VS Code on 127.0.0.1 (PORT, default 8080) with the sample traces open. Ctrl-C stops all.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageExtension, root, startCodeServer } from './codeServer';

async function main(): Promise<void> {
	execFileSync(process.execPath, [join(root, 'test', 'e2e', 'tools.mjs')], { stdio: 'inherit' });
	process.stderr.write('building and packaging the extension...\n');
	packageExtension();
	const port = Number(process.env['PORT'] ?? 8080);
	const real = join(root, 'test', 'fixtures', 'real');
	const workspace = existsSync(real) ? real : join(root, 'test', 'fixtures');
	const server = await startCodeServer({ port, workspace });
	process.stdout.write(
		`\nSIP Trace Inspector in VS Code: ${server.url}?folder=${encodeURIComponent(workspace)}\n(Ctrl-C stops it)\n`,
	);
	let stopping = false;
	const stop = (): void => {
		if (stopping) return;
		stopping = true;
		void server.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
