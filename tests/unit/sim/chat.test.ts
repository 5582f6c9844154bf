import { describe, expect, it } from 'vitest'
import { chat } from '@/lib/sim/chat'
import type { ChatRun } from '@/lib/sim/chat/run'
import { startRun } from '@/lib/sim/registry'
import { byRoomNoCrossings, fanoutMean, onlyFailedMoves } from '@/lib/sim/verify/chat'
import { expectChecks, runTo, value } from './helpers'

function start(params: Record<string, unknown>, seed: number, horizon = 60): ChatRun {
  const started = startRun(chat, params, seed, horizon)
  if (!started.ok) throw new Error(started.errors.join('; '))
  return started.run as ChatRun
}

/** Every path after sequencing: pub/sub hop then client hop, each at most base + jitter. */
const settle = (r: ChatRun): number => (r.p.pubsubLatency + r.p.netLatency + 2 * r.p.jitter) / 1000 + 1e-9

describe('chat: room lookup and pub/sub fan-out', () => {
  it('after a server failure only its rooms move; every other client keeps its server', () => {
    // Exact for both schemes: rendezvous ranks servers per key independently, and removing a
    // server from a hash ring only hands its own arcs to their successors. Counted: keys whose
    // owner changed iff s1 did not own them, clients elsewhere that reconnected or changed
    // server, clients of s1 not on their key's new owner, and (connecting by room) rooms not
    // held by one server; all must be 0, with keysMoved = keysOnFailedServer > 0.
    // Shared with `npm run sim:verify` (lib/sim/verify/chat.ts), as is the fan-out check below.
    expectChecks(onlyFailedMoves)
  })

  it('every client sees each room in sequence order with no gaps, through churn, failure and restart', () => {
    // Checked on every delivery by an observer independent of the inbox: sequence numbers per
    // client must go 1, 2, 3, ... (exact). At the end every connected, resynced client holds
    // every message sequenced more than one pub/sub hop + one client hop (the longest path,
    // with maximum jitter) ago (exact). Jitter reorders arrivals, so messages are held back.
    let heldBack = 0
    for (const connectBy of ['room', 'user']) {
      for (const seed of [1, 2]) {
        const r = start({ connectBy, jitter: 30, sessionLength: 10, offlineTime: 2 }, seed)
        const last = new Map<string, number>()
        let violations = 0
        r.observer.delivered = (c, seq) => {
          if (seq !== (last.get(c.id) ?? 0) + 1) violations++
          last.set(c.id, seq)
        }
        r.advance(60)
        const m = r.metrics()
        expect(violations).toBe(0)
        expect(value(m, 'outOfOrder')).toBe(0)
        const audit = r.audit(settle(r))
        expect(audit.checked).toBeGreaterThan(200)
        expect(audit.behind).toBe(0)
        heldBack += value(m, 'heldBack')
      }
    }
    expect(heldBack).toBeGreaterThan(100)
  })

  it('messages published while a client was disconnected are all delivered to it after it reconnects', () => {
    // For every outage (server failure or churn): when the resync arrives, every message its
    // room sequenced from the disconnect until that moment, and not yet handed over, is owed
    // to the client; taken from the room's log by time, independently of the server's
    // snapshot. All must be delivered, each once, by the end (exact; the run goes on one
    // second past the last resync checked, far longer than any delivery path).
    for (const seed of [1, 2, 3]) {
      const r = start({ sessionLength: 15, failServerAt: 20, healAfter: 15 }, seed, 61)
      const owed = new Map<string, Set<number>>()
      let outages = 0
      let owedTotal = 0
      r.observer.resynced = (c) => {
        if (r.now > 60 || c.disconnectedAt === 0) return
        const times = r.rooms[c.room]!.times
        const want = owed.get(c.id) ?? new Set<number>()
        for (let seq = c.inbox.last + 1; seq <= times.length; seq++) if (times[seq - 1]! > c.disconnectedAt) want.add(seq)
        owed.set(c.id, want)
        outages++
        owedTotal += want.size
      }
      r.observer.delivered = (c, seq) => {
        owed.get(c.id)?.delete(seq)
      }
      r.advance(61)
      const m = r.metrics()
      expect(outages).toBeGreaterThan(50)
      expect(owedTotal).toBeGreaterThan(1000)
      for (const [id, want] of owed) expect(want.size, id).toBe(0)
      // The run's own counters agree: every message sequenced during an outage was delivered after it.
      expect(value(m, 'deliveredAfterResync')).toBe(value(m, 'missedWhileDisconnected'))
    }
  })

  it('no client reconnects before the lease runs out, since the lookup names the dead server until then', () => {
    // Exact bound: failure at t, the registry drops the server at t + lease, and the first
    // successful connect is a lookup after that.
    const r = start({ sessionLength: 0, healAfter: 0, leaseTtl: 6 }, 4)
    r.advance(60)
    const m = r.metrics()
    expect(value(m, 'reconnects')).toBe(value(m, 'keysOnFailedServer') * 6)
    expect(r.stats.reconnectPercentile(0)).toBeGreaterThanOrEqual(6)
    expect(value(m, 'refusedConnects')).toBeGreaterThan(0)
    expect(value(m, 'reconnecting')).toBe(0)
  })

  it('a message crosses pub/sub once per other server holding members of its room', () => {
    // Exact per message; and the average matches (n-1)(1-(1-1/n)^(m-1)) for users placed
    // uniformly: 200 rooms of 6, the per-room crossing count has sd ~0.7, so the average over
    // rooms has SE ~0.05 (2%); tolerance 8% = 4 SE. (4 and 8 servers, 2 seeds each.)
    // Connecting by room keeps a room on one server: nothing crosses.
    expectChecks(fanoutMean, byRoomNoCrossings)
  })

  it('is deterministic for a seed, and the seed matters', () => {
    const a = JSON.stringify(runTo(chat, {}, 9, 30))
    expect(JSON.stringify(runTo(chat, {}, 9, 30))).toBe(a)
    expect(JSON.stringify(runTo(chat, {}, 10, 30))).not.toBe(a)
  })

  it('rejects bad parameters by name', () => {
    const bad = startRun(chat, { servers: 1, messageRate: -1 }, 1, 10)
    expect(bad.ok).toBe(false)
    if (!bad.ok) {
      expect(bad.errors.some((e) => e.startsWith('servers:'))).toBe(true)
      expect(bad.errors.some((e) => e.startsWith('messageRate:'))).toBe(true)
    }
    const cross = startRun(chat, { servers: 3, failServer: 5 }, 1, 10)
    expect(cross.ok).toBe(false)
    if (!cross.ok) expect(cross.errors[0]).toMatch(/^failServer:/)
  })

  it('clicking a server fails and heals it; unknown ids are ignored; state stays small', () => {
    const r = start({ failServerAt: 0, sessionLength: 0 }, 1, 60)
    r.advance(5)
    r.fail('s2')
    r.fail('pubsub')
    r.fail('nope')
    r.advance(6)
    const s = r.state()
    expect(s.nodes.find((n) => n.id === 's2')!.up).toBe(false)
    expect(s.nodes.find((n) => n.id === 's2')!.role).toContain('lookup still names it')
    expect(s.inFlight.length).toBeLessThanOrEqual(80)
    r.advance(30)
    expect(r.metrics().perNode.s2!.connections).toBe(0)
    r.heal('s2')
    expect(r.state().nodes.find((n) => n.id === 's2')!.up).toBe(true)
    expect(value(r.metrics(), 'keysMovedBack')).toBe(value(r.metrics(), 'keysOnFailedServer'))
    const t0 = performance.now()
    for (let i = 0; i < 100; i++) r.metrics()
    expect(performance.now() - t0).toBeLessThan(300)
  })
})
