/**
 * Settings that a hot path reads from the store on every request (the branding document, the
 * email templates: two reads per email start), kept in the process for a moment. Kept per store,
 * so two servers on two store objects never share an entry. A write made through this process
 * forgets the entry once it is stored (`forget`), so the next read here sees it; another process's
 * write shows here within `maxAgeMs`, when the entry is read again. Concurrent misses share one
 * read; a read that fails is not kept.
 */

/** How long another process's write may take to show (the age at which an entry is read again). */
export const READ_CACHE_MS = 1000;

interface Entry<T> {
  value: Promise<T>;
  until: number;
}

export class ReadCache<T> {
  private readonly stores = new WeakMap<object, Map<string, Entry<T>>>();

  constructor(private readonly maxAgeMs = READ_CACHE_MS) {}

  /** The entry of `key` in `store`'s cache, or what `read` answers (then kept). */
  get(store: object, key: string, read: () => Promise<T>): Promise<T> {
    let entries = this.stores.get(store);
    if (!entries) this.stores.set(store, (entries = new Map()));
    const now = performance.now();
    const hit = entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const entry: Entry<T> = { value: read(), until: now + this.maxAgeMs };
    entries.set(key, entry);
    const kept = entries;
    entry.value.catch(() => {
      if (kept.get(key) === entry) kept.delete(key);
    });
    return entry.value;
  }

  /** After a write of `key` to `store` (every key when none is named): the next read asks the store. */
  forget(store: object, key?: string): void {
    if (key === undefined) this.stores.delete(store);
    else this.stores.get(store)?.delete(key);
  }
}
