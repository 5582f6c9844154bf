// A per-room mutual exclusion for compaction, so two nodes (or two triggers on one node) never
// compact one room at once. In-process now; a Redis lock (SET NX PX + token) implements the same
// interface in scale-out.
export interface RoomLock {
  /** Runs `fn` if the lock for `key` is free; resolves `{ acquired: false }` without waiting otherwise. */
  tryWithLock<T>(key: string, fn: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }>
}

export class MemoryRoomLock implements RoomLock {
  readonly #held = new Set<string>()

  async tryWithLock<T>(key: string, fn: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }> {
    if (this.#held.has(key)) return { acquired: false }
    this.#held.add(key)
    try {
      return { acquired: true, value: await fn() }
    } finally {
      this.#held.delete(key)
    }
  }
}
