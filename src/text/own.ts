/**
 * A record's own entry for a key, never one inherited from Object.prototype: a child who says
 * "constructor" or "toString" must find nothing in a word table, not a function.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
