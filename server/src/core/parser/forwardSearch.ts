/**
 * The next occurrence of a fixed string in a trace's text, asked for at offsets that mostly only
 * grow (messages are read in order): each search starts where the last answer still holds, so
 * the text is searched once over, however many messages ask.
 */
export class ForwardSearch {
	/** Where the last search started, and what it found there (-1: none after). */
	#from = -1;
	#at = -1;

	constructor(private readonly needle: string) {}

	/** The next occurrence at or after `from`; -1: none. */
	after(text: string, from: number): number {
		if (this.#from < 0 || from < this.#from || (this.#at >= 0 && from > this.#at)) {
			this.#from = from;
			this.#at = text.indexOf(this.needle, from);
		}
		return this.#at;
	}
}
