// Placement strategies: map a shard-key value to one of the active shards. Each can be rebuilt
// for a new shard list, so a resize can be measured by comparing owners before and after.
import { HashRing, Rng, hash32 } from '@/lib/sim/engine'

export type PlacementName = 'modulo' | 'consistent' | 'jump' | 'range' | 'directory'

/** A shard-key value: a text form for hashing and a number for ranges. */
export type KeyValue = { text: string; ordinal: number; space: number }

export interface Placement {
  owner(key: KeyValue): string
  /** Move to a new shard list, keeping whatever state the strategy keeps (directory). */
  resize(shards: readonly string[]): void
}

/**
 * Jump consistent hash (Lamping and Veach, 2014) with a splitmix-seeded generator in place of
 * the paper's 64-bit LCG: the algorithm only needs a deterministic random sequence per key, and
 * this keeps everything in 32-bit arithmetic. Adding bucket n moves exactly the keys that jump
 * to n, about 1/(n+1) of them.
 */
export function jumpHash(key: number, buckets: number): number {
  const rng = new Rng(key)
  let b = -1
  let j = 0
  while (j < buckets) {
    b = j
    j = Math.floor((b + 1) / (1 - rng.next()))
  }
  return b
}

export function makePlacement(name: PlacementName, initial: readonly string[], vnodes: number, salt: number): Placement {
  let shards = [...initial]
  switch (name) {
    case 'modulo':
      return { owner: (k) => shards[hash32(`${salt}:${k.text}`) % shards.length]!, resize: (s) => void (shards = [...s]) }
    case 'jump':
      return { owner: (k) => shards[jumpHash(hash32(`${salt}:${k.text}`), shards.length)]!, resize: (s) => void (shards = [...s]) }
    case 'range':
      return {
        owner: (k) => shards[Math.min(shards.length - 1, Math.floor((k.ordinal * shards.length) / k.space))]!,
        resize: (s) => void (shards = [...s]),
      }
    case 'consistent': {
      const ring = new HashRing(shards, vnodes, salt)
      return {
        owner: (k) => ring.lookup(hash32(`${salt}:${k.text}`))!,
        resize(next) {
          for (const s of shards) if (!next.includes(s)) ring.remove(s)
          for (const s of next) if (!shards.includes(s)) ring.add(s)
          shards = [...next]
        },
      }
    }
    case 'directory': {
      // New values go to the shard with the fewest entries; a resize only moves the entries of a
      // removed shard (a real directory would also rebalance onto a new shard, in the background).
      const table = new Map<string, string>()
      const counts = new Map<string, number>(shards.map((s) => [s, 0]))
      const place = (text: string): string => {
        let best = shards[0]!
        for (const s of shards) if ((counts.get(s) ?? 0) < (counts.get(best) ?? 0)) best = s
        table.set(text, best)
        counts.set(best, (counts.get(best) ?? 0) + 1)
        return best
      }
      return {
        owner: (k) => table.get(k.text) ?? place(k.text),
        resize(next) {
          shards = [...next]
          for (const s of next) if (!counts.has(s)) counts.set(s, 0)
          for (const [text, s] of [...table]) {
            if (next.includes(s)) continue
            counts.delete(s)
            place(text)
          }
        },
      }
    }
  }
}

/** Expected fraction of keys moved when growing or shrinking from n to m shards. */
export function expectedMovedFraction(name: PlacementName, n: number, m: number): number | null {
  if (n === m) return 0
  const grow = m > n
  switch (name) {
    case 'modulo':
      // A key stays iff h mod n == h mod m, which holds for 1 in max(n, m) hashes.
      return 1 - 1 / Math.max(n, m)
    case 'consistent':
    case 'jump':
      return grow ? 1 - n / m : 1 - m / n
    case 'directory':
      return grow ? 0 : 1 / n
    case 'range':
      return null
  }
}
