import type * as vscode from 'vscode';
import {
	LanguageClient,
	TransportKind,
	type LanguageClientOptions,
	type ServerOptions,
} from 'vscode-languageclient/node';

/** Starts the SIP language server (dist/server.js) for SIP documents, over IPC. */
export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
	const module = context.asAbsolutePath('dist/server.js');
	const serverOptions: ServerOptions = {
		run: { module, transport: TransportKind.ipc },
		debug: {
			module,
			transport: TransportKind.ipc,
			options: { execArgv: ['--nolazy', '--inspect=6010'] },
		},
	};
	const clientOptions: LanguageClientOptions = {
		documentSelector: [
			{ language: 'sip', scheme: 'file' },
			{ language: 'sip', scheme: 'untitled' },
			{ language: 'sip', scheme: 'vscode-remote' },
		],
		synchronize: { configurationSection: 'sipTrace' },
		outputChannelName: 'SIP Trace Inspector',
	};
	return new LanguageClient('sipTrace', 'SIP Trace Inspector', serverOptions, clientOptions);
}
