// Eviction policies behind one interface. Each keeps its own order structure, O(1) per
// operation: LRU, FIFO and TTL ride on Map insertion order, LFU on frequency buckets, RANDOM on
// an array with swap-remove.
import type { Rng } from '@/lib/sim/engine'

export type Entry = { dirty: boolean; expires: number }
export type Evicted = { key: number; entry: Entry }

export interface EvictionCache {
  readonly size: number
  /** The entry if present and fresh; counts as a use (recency, frequency). */
  lookup(key: number, now: number): Entry | undefined
  /** Insert or replace; returns the victim when the cache was full. */
  insert(key: number, entry: Entry, now: number): Evicted | undefined
  remove(key: number): Entry | undefined
  clear(): void
}

/** LRU (touch moves to the back), FIFO (no touch) and TTL (FIFO order plus expiry). */
class OrderedCache implements EvictionCache {
  private readonly map = new Map<number, Entry>()
  constructor(
    private readonly capacity: number,
    private readonly touch: boolean,
  ) {}
  get size(): number {
    return this.map.size
  }
  lookup(key: number, now: number): Entry | undefined {
    const entry = this.map.get(key)
    if (!entry) return undefined
    if (entry.expires <= now) {
      this.map.delete(key)
      return undefined
    }
    if (this.touch) {
      this.map.delete(key)
      this.map.set(key, entry)
    }
    return entry
  }
  insert(key: number, entry: Entry): Evicted | undefined {
    if (this.map.delete(key) || this.map.size < this.capacity) {
      this.map.set(key, entry)
      return undefined
    }
    const victim = this.map.entries().next().value
    if (victim) this.map.delete(victim[0])
    this.map.set(key, entry)
    return victim ? { key: victim[0], entry: victim[1] } : undefined
  }
  remove(key: number): Entry | undefined {
    const entry = this.map.get(key)
    this.map.delete(key)
    return entry
  }
  clear(): void {
    this.map.clear()
  }
}

class RandomCache implements EvictionCache {
  private readonly keys: number[] = []
  private readonly index = new Map<number, { at: number; entry: Entry }>()
  constructor(
    private readonly capacity: number,
    private readonly rng: Rng,
  ) {}
  get size(): number {
    return this.keys.length
  }
  lookup(key: number): Entry | undefined {
    return this.index.get(key)?.entry
  }
  insert(key: number, entry: Entry): Evicted | undefined {
    const existing = this.index.get(key)
    if (existing) {
      existing.entry = entry
      return undefined
    }
    let victim: Evicted | undefined
    if (this.keys.length >= this.capacity) {
      const at = this.rng.int(this.keys.length)
      const victimKey = this.keys[at]!
      victim = { key: victimKey, entry: this.remove(victimKey)! }
    }
    this.index.set(key, { at: this.keys.length, entry })
    this.keys.push(key)
    return victim
  }
  remove(key: number): Entry | undefined {
    const slot = this.index.get(key)
    if (!slot) return undefined
    const last = this.keys.pop()!
    if (last !== key) {
      this.keys[slot.at] = last
      this.index.get(last)!.at = slot.at
    }
    this.index.delete(key)
    return slot.entry
  }
  clear(): void {
    this.keys.length = 0
    this.index.clear()
  }
}

/** In-cache LFU: frequencies count uses while cached; ties go to the least recently used. */
class LfuCache implements EvictionCache {
  private readonly entries = new Map<number, { freq: number; entry: Entry }>()
  private readonly buckets = new Map<number, Set<number>>()
  private minFreq = 0
  constructor(private readonly capacity: number) {}
  get size(): number {
    return this.entries.size
  }
  private bucket(freq: number): Set<number> {
    let b = this.buckets.get(freq)
    if (!b) this.buckets.set(freq, (b = new Set()))
    return b
  }
  lookup(key: number): Entry | undefined {
    const slot = this.entries.get(key)
    if (!slot) return undefined
    const old = this.bucket(slot.freq)
    old.delete(key)
    if (old.size === 0) {
      this.buckets.delete(slot.freq)
      if (this.minFreq === slot.freq) this.minFreq++
    }
    slot.freq++
    this.bucket(slot.freq).add(key)
    return slot.entry
  }
  insert(key: number, entry: Entry): Evicted | undefined {
    const slot = this.entries.get(key)
    if (slot) {
      slot.entry = entry
      this.lookup(key)
      return undefined
    }
    let victim: Evicted | undefined
    if (this.entries.size >= this.capacity) {
      // minFreq can be stale after an external remove(); recomputing only here keeps the
      // common path O(1).
      if (!this.buckets.has(this.minFreq)) this.minFreq = Math.min(...this.buckets.keys())
      const b = this.buckets.get(this.minFreq)
      const victimKey = b?.values().next().value
      if (victimKey !== undefined) victim = { key: victimKey, entry: this.remove(victimKey)! }
    }
    this.entries.set(key, { freq: 1, entry })
    this.bucket(1).add(key)
    this.minFreq = 1
    return victim
  }
  remove(key: number): Entry | undefined {
    const slot = this.entries.get(key)
    if (!slot) return undefined
    this.entries.delete(key)
    const b = this.buckets.get(slot.freq)
    b?.delete(key)
    if (b && b.size === 0) this.buckets.delete(slot.freq)
    return slot.entry
  }
  clear(): void {
    this.entries.clear()
    this.buckets.clear()
    this.minFreq = 0
  }
}

export type PolicyName = 'lru' | 'lfu' | 'fifo' | 'random' | 'ttl'

export function makeCache(policy: PolicyName, capacity: number, rng: Rng): EvictionCache {
  switch (policy) {
    case 'lru':
      return new OrderedCache(capacity, true)
    case 'fifo':
    case 'ttl':
      return new OrderedCache(capacity, false)
    case 'random':
      return new RandomCache(capacity, rng)
    case 'lfu':
      return new LfuCache(capacity)
  }
}
