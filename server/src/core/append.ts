/**
 * Appends `items` to `list`, one at a time. `list.push(...items)` passes every item as an
 * argument, on the stack: a list of some hundred thousand (a large trace's problems or frames)
 * overflows it and throws.
 */
export function appendAll<T>(list: T[], items: readonly T[]): void {
	for (let i = 0; i < items.length; i++) list.push(items[i]!);
}
