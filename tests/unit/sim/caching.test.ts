import { describe, expect, it } from 'vitest'
import { caching } from '@/lib/sim/caching'
import { startRun } from '@/lib/sim/registry'
import { coldMissesOnly, lruChe } from '@/lib/sim/verify/caching'
import { expectChecks, runTo, value } from './helpers'

// 1000 req/s for 210 s with a 10 s warm-up: ~200k reads counted.
const UNTIL = 210

describe('caching', () => {
  it('LRU hit ratio matches the Che approximation (4 points of K, C, s; 2 seeds each)', () => {
    // Che's approximation itself is within ~1-2% at these sizes (Fricker, Robert, Roberts
    // 2012), and the measured ratio has a binomial SE of sqrt(h(1-h)/n); allow 2% + 5 SE.
    // Shared with `npm run sim:verify` (lib/sim/verify/caching.ts).
    expectChecks(lruChe)
  })

  it('with size >= working set the hit ratio tends to 1 (only cold misses remain)', () => {
    // Every object misses at most once: hit >= 1 - K/reads, here 1 - 1000/210k = 0.995; and
    // > 0.99 with no evictions, for LRU, LFU, FIFO and RANDOM at C = 1000 and 5000.
    // (1e-6: metrics are rounded to 6 decimals.)
    expectChecks(coldMissesOnly)
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
