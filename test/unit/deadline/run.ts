// Runs one named case of `cases.ts` in this process: `node --import tsx run.ts NAME [ARG]`.
// Exit 0 when the case held, 1 with its error otherwise.
import { cases } from './cases';

const [name, arg] = process.argv.slice(2);
try {
	cases[name!]!(arg);
	process.exit(0);
} catch (error) {
	console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exit(1);
}
