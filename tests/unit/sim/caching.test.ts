import { describe, expect, it } from 'vitest'
import { caching } from '@/lib/sim/caching'
import { startRun } from '@/lib/sim/registry'
import { runTo, value } from './helpers'

// 1000 req/s for 210 s with a 10 s warm-up: ~200k reads counted.
const UNTIL = 210

describe('caching', () => {
  const cases = [
    { keys: 1000, cacheSize: 100, zipfSkew: 0.8 },
    { keys: 10_000, cacheSize: 1000, zipfSkew: 1.2 },
    { keys: 10_000, cacheSize: 100, zipfSkew: 0.6 },
    { keys: 10_000, cacheSize: 300, zipfSkew: 1.0 },
  ]
  for (const c of cases) {
    it(`LRU hit ratio matches the Che approximation (K=${c.keys}, C=${c.cacheSize}, s=${c.zipfSkew})`, () => {
      const m = runTo(caching, { policy: 'lru', ...c }, 1, UNTIL)
      const hit = value(m, 'hitRatio')
      const che = value(m, 'cheHitRatio')
      const reads = value(m, 'reads')
      // Che's approximation itself is within ~1-2% at these sizes (Fricker, Robert, Roberts
      // 2012), and the measured ratio has a binomial SE of sqrt(h(1-h)/n); allow 2% + 5 SE.
      const tolerance = 0.02 * che + 5 * Math.sqrt((che * (1 - che)) / reads)
      expect(Math.abs(hit - che)).toBeLessThan(tolerance)
    })
  }

  it('with size >= working set the hit ratio tends to 1 (only cold misses remain)', () => {
    for (const cacheSize of [1000, 5000]) {
      for (const policy of ['lru', 'lfu', 'fifo', 'random']) {
        const m = runTo(caching, { policy, keys: 1000, cacheSize, warmup: 0 }, 2, UNTIL)
        // Every object misses at most once: hit >= 1 - K/reads, here 1 - 1000/210k = 0.995.
        // (1e-6: metrics are rounded to 6 decimals.)
        expect(value(m, 'hitRatio')).toBeGreaterThanOrEqual(1 - 1000 / value(m, 'reads') - 1e-6)
        expect(value(m, 'hitRatio')).toBeGreaterThan(0.99)
        expect(value(m, 'evictions')).toBe(0)
      }
    }
  })

  it('FIFO and RANDOM have the same hit ratio under independent requests (Gelenbe)', () => {
    // Binomial SE at h ~ 0.13 over 200k reads: 0.00075; the two policies share the request
    // stream, so most noise cancels. Tolerance 3% relative (~5 SE).
    const fifo = value(runTo(caching, { policy: 'fifo' }, 3, UNTIL), 'hitRatio')
    const random = value(runTo(caching, { policy: 'random' }, 3, UNTIL), 'hitRatio')
    expect(Math.abs(fifo / random - 1)).toBeLessThan(0.03)
    const lru = value(runTo(caching, { policy: 'lru' }, 3, UNTIL), 'hitRatio')
    expect(lru).toBeGreaterThan(fifo)
  })

  it('write-back defers database writes; write-around invalidates and keeps writes off the cache', () => {
    const mix = { readRatio: 0.7 }
    const through = runTo(caching, { ...mix, writePolicy: 'write-through' }, 4, 50)
    const back = runTo(caching, { ...mix, writePolicy: 'write-back' }, 4, 50)
    const around = runTo(caching, { ...mix, writePolicy: 'write-around' }, 4, 50)
    expect(value(through, 'dbWrites')).toBe(value(through, 'writes'))
    expect(value(back, 'dbWrites')).toBeLessThan(value(through, 'dbWrites'))
    expect(value(around, 'dbWrites')).toBe(value(around, 'writes'))
    expect(value(back, 'meanLatency')).toBeLessThan(value(through, 'meanLatency'))
  })

  it('failing the cache sends every read to the database; healing brings it back cold', () => {
    const started = startRun(caching, { keys: 1000 }, 5, 30)
    if (!started.ok) throw new Error()
    started.run.advance(10)
    started.run.fail('cache')
    const before = value(started.run.metrics(), 'dbReads')
    started.run.advance(11)
    // ~1000 reads in the second, all misses.
    expect(value(started.run.metrics(), 'dbReads') - before).toBeGreaterThan(900)
    started.run.heal('cache')
    started.run.advance(30)
    expect(value(started.run.metrics(), 'cached')).toBeGreaterThan(0)
  })
})
