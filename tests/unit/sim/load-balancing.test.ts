import { describe, expect, it } from 'vitest'
import { loadBalancing } from '@/lib/sim/load-balancing'
import { supermarketMeanSojourn } from '@/lib/sim/load-balancing/theory'
import { startRun } from '@/lib/sim/registry'
import { jwtLost, little, mm1Sojourn, mm1Wait, randomSplit, stickyLost } from '@/lib/sim/verify/load-balancing'
import { expectChecks, runTo, value } from './helpers'

describe('load balancing', () => {
  it('one server with exponential service matches the M/M/1 mean waiting time', () => {
    // rho = 0.7, mu = 1: Wq = rho/(mu - lambda) = 2.333, W = 1/(mu - lambda) = 3.333 (and rho = 0.5).
    // 200k requests after a 1000 s warm-up. Waits are strongly autocorrelated at this load, so
    // the standard error is not sd/sqrt(n): a pilot of 10 seeds gave a spread of 1.6% of the
    // mean (the asymptotic-variance formula for M/M/1 predicts ~1.8%). Tolerance 8% = ~5 SE.
    // Little's law L = lambda W on the same run (both estimates share the same noise): 3%.
    // The checks are shared with `npm run sim:verify` (lib/sim/verify/load-balancing.ts).
    expectChecks(mm1Wait, mm1Sojourn, little)
  })

  it('random splitting over N equal servers gives each an M/M/1 queue: W = 1/(mu - lambda/N)', () => {
    // Each server sees ~200k/N requests at rho = 0.7; N independent queues average, so the
    // spread is about that of one 200k-request M/M/1 run (1.6%). Tolerance 8%.
    expectChecks(randomSplit)
  })

  it('power of two choices has a far lower maximum queue than random at high load', () => {
    // 32 servers at rho = 0.95 for 2000 s (~61k requests). Random: each server is an M/M/1 at
    // 0.95, whose queue reaches ~100 (pilot: 99, 106, 96 over three seeds). Two choices: the
    // supermarket model's queue tails fall doubly exponentially (pilot: 10, 10, 10). The claim
    // checked is "far lower": at most a quarter, on each of three seeds.
    for (const seed of [1, 2, 3]) {
      const random = value(runTo(loadBalancing, { servers: 32, load: 0.95, policy: 'random' }, seed, 2000), 'maxQueue')
      const p2c = value(runTo(loadBalancing, { servers: 32, load: 0.95, policy: 'p2c' }, seed, 2000), 'maxQueue')
      expect(p2c * 4).toBeLessThan(random)
    }
    // The analytic limit the panel overlays (Mitzenmacher 2001): T_2(0.9) = 2.61, T_2(0.99) = 5.4.
    expect(supermarketMeanSojourn(0.9, 2)).toBeCloseTo(2.61, 2)
    expect(supermarketMeanSojourn(0.99, 2)).toBeCloseTo(5.4, 1)
  })

  it('failing a server loses the sticky sessions pinned to it, and none with JWT sessions', () => {
    // 4 servers; round robin assigns each new client the next server in turn (pinned clients do
    // not advance it), so the failed server holds 1/4 of the sessions, up to rounding (0.01).
    // 4200 requests over 1000 clients: all but ~e^-4.2 = 1.5% of clients have a session (> 950).
    expectChecks(stickyLost, jwtLost)
  })

  it('interactive failure: all traffic avoids a failed server until it heals', () => {
    const started = startRun(loadBalancing, { servers: 3, policy: 'least-connections' }, 4, 300)
    if (!started.ok) throw new Error()
    const { run } = started
    run.advance(100)
    run.fail('s1')
    const served = (run.metrics().perNode.s1 ?? {}).served
    run.advance(200)
    expect(run.metrics().perNode.s1?.served).toBe(served)
    run.heal('s1')
    run.advance(300)
    expect(run.metrics().perNode.s1?.served).toBeGreaterThan(served ?? 0)
  })
})
