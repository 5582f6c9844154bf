// chat: pub/sub fan-out per message, and only the failed server's keys move.
import type { ChatRun } from '@/lib/sim/chat/run'
import { expectedFanout } from '@/lib/sim/chat/theory'
import { defineCheck, type AnyCheck, type Case } from './check'
import { metric } from './metric'

const SIM = 'chat'

export const fanoutMean = defineCheck<ChatRun>({
  simulator: SIM,
  name: 'connect by user: pub/sub crossings per message = (n-1)(1-(1-1/n)^(m-1)), and exact per message',
  kind: 'approx',
  cases: [4, 8].flatMap((servers): Case[] => [5, 6].map((seed) => ({ params: { connectBy: 'user', servers, rooms: 200, sessionLength: 0, failServerAt: 0 }, seed, duration: 30 }))),
  drive: (run, c) => {
    let wrong = 0
    run.observer.published = (origin, room, _seq, crossings) => {
      const holding = new Set(run.rooms[room]!.clients.map((cl) => cl.server).filter((s) => s !== null))
      if (!holding.has(origin.id) || crossings !== holding.size - 1) wrong++
    }
    run.advance(c.duration)
    return { wrong }
  },
  theory: (o) => expectedFanout(o.params.servers, o.params.clientsPerRoom),
  measure: (o) => metric(o, 'fanoutPerMessage'),
  tolerance: { rel: 0.08, why: 'per-room crossing count sd ~0.7 over 200 rooms: SE ~2%; 8% = 4 SE' },
  also: (o) => [
    ...(o.extra.wrong === 0 ? [] : [`${o.extra.wrong} messages crossed pub/sub other than (servers holding the room - 1) times`]),
    ...(Math.abs(metric(o, 'theoryFanout') - expectedFanout(o.params.servers, o.params.clientsPerRoom)) < 5e-5 ? [] : ['theoryFanout metric disagrees']),
  ],
})

export const byRoomNoCrossings = defineCheck({
  simulator: SIM,
  name: 'connect by room, no failure or churn: pub/sub messages',
  kind: 'exact',
  cases: [5, 6].map((seed): Case => ({ params: { sessionLength: 0, failServerAt: 0 }, seed, duration: 30 })),
  theory: () => 0,
  measure: (o) => metric(o, 'pubsubMessages'),
  tolerance: { why: 'a room lives on one server: nothing to cross' },
})

/**
 * Fail s1 at 20 s: counts every way the move was not minimal: a key whose ownership changed iff
 * s1 did not own it, a client elsewhere that reconnected or changed server, a client of s1 not
 * on its key's new owner, and (by room) a room split over servers.
 */
export const onlyFailedMoves = defineCheck<ChatRun>({
  simulator: SIM,
  name: "fail s1: keys and clients moved other than s1's",
  kind: 'exact',
  cases: ['rendezvous', 'consistent'].flatMap((placement) =>
    ['room', 'user'].flatMap((connectBy): Case[] =>
      [1, 2, 3].map((seed) => ({ params: { placement, connectBy, sessionLength: 0, healAfter: 0, failServerAt: 20, failServer: 1 }, seed, duration: 60 })),
    ),
  ),
  drive: (run, c) => {
    run.advance(c.params.failServerAt - 0.1)
    const before = new Map(run.clients.map((cl) => [cl, { server: cl.server, epoch: cl.epoch }]))
    run.advance(c.duration)
    let wrongKeys = 0
    let disturbed = 0
    let misplaced = 0
    let split = 0
    const move = run.moves[0]!
    for (const [key, owner] of move.before) if ((move.after.get(key) !== owner) !== (owner === 's1')) wrongKeys++
    for (const cl of run.clients) {
      const was = before.get(cl)!
      if (was.server !== 's1') {
        if (cl.epoch !== was.epoch || cl.server !== was.server) disturbed++
      } else if (cl.server !== run.placement.owner(cl.key) || cl.server === 's1') misplaced++
    }
    if (c.params.connectBy === 'room') for (const room of run.rooms) if (new Set(room.clients.map((cl) => cl.server)).size !== 1) split++
    return { wrongKeys, disturbed, misplaced, split, moves: run.moves.length }
  },
  theory: () => 0,
  measure: (o) => o.extra.wrongKeys! + o.extra.disturbed! + o.extra.misplaced! + o.extra.split! + metric(o, 'keysMovedWrongly'),
  tolerance: { why: 'rendezvous ranks servers per key independently; a ring hands only the removed arcs to their successors' },
  also: (o) => {
    const out: string[] = []
    if (!(metric(o, 'keysOnFailedServer') > 0)) out.push('s1 owned no keys')
    if (metric(o, 'keysMoved') !== metric(o, 'keysOnFailedServer')) out.push(`keysMoved ${metric(o, 'keysMoved')} != keysOnFailedServer ${metric(o, 'keysOnFailedServer')}`)
    for (const k of ['wrongKeys', 'disturbed', 'misplaced', 'split'] as const) if (o.extra[k]) out.push(`${k} ${o.extra[k]}`)
    return out
  },
})

export const chatChecks: AnyCheck[] = [fanoutMean, byRoomNoCrossings, onlyFailedMoves]
