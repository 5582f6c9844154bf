// event-bus: replay = live with an idempotent handler; duplicates = redeliveries of applied records.
import type { EventBusRun } from '@/lib/sim/event-bus/run'
import { defineCheck, type AnyCheck, type Case } from './check'
import { metric } from './metric'

const SIM = 'event-bus'

/** Groups whose replay from offset 0 differs from the live projection, at `replayAt` and at the end. */
export const replayEqualsLive = defineCheck<EventBusRun>({
  simulator: SIM,
  name: 'at least once + idempotent handler, every failure on: groups whose replay from 0 differs from live',
  kind: 'exact',
  cases: [1, 2, 3].flatMap((seed): Case[] => [false, true].map((outbox) => ({ params: { delivery: 'at-least-once', idempotent: true, outbox }, seed, duration: 60 }))),
  drive: (run, c) => {
    run.advance(c.duration)
    let unequal = run.metrics().values.replayedStateEqualsLive === 1 ? 0 : 1
    let excess = 0
    for (const g of run.groups.keys()) {
      const end = run.replay(g)
      if (!end.equal) unequal++
      excess += Math.abs(end.excessApplications)
    }
    return { unequal, excess }
  },
  theory: () => 0,
  measure: (o) => o.extra.unequal!,
  tolerance: { why: 'the replay applies the same handler to the same records: any difference is a bug' },
  also: (o) => {
    const out: string[] = []
    if (!(metric(o, 'redeliveries') > 0)) out.push('no redeliveries (vacuous)')
    if (o.extra.excess !== 0) out.push(`replay excess applications ${o.extra.excess}`)
    if (metric(o, 'duplicates') !== 0) out.push(`${metric(o, 'duplicates')} duplicates applied`)
    const suppressed = metric(o, 'redeliveredApplied') + (o.params.outbox ? metric(o, 'logDuplicates') * o.run.groups.length : 0)
    if (metric(o, 'duplicatesSuppressed') !== suppressed) out.push(`suppressed ${metric(o, 'duplicatesSuppressed')} != ${suppressed}`)
    return out
  },
})

export const duplicatesAreRedeliveries = defineCheck<EventBusRun>({
  simulator: SIM,
  name: 'no idempotency, one consumer crash: duplicates = redeliveries of applied records',
  kind: 'exact',
  cases: [1, 2, 3, 4].map((seed): Case => ({ params: { idempotent: false, producerCrashAt: 0, brokerCrashAt: 0 }, seed, duration: 60 })),
  theory: (o) => metric(o, 'redeliveredApplied'),
  measure: (o) => metric(o, 'duplicates'),
  tolerance: { why: 'no producer crash, so the log has no repeats: every duplicate is a redelivery' },
  also: (o) => {
    const out: string[] = []
    if (!(metric(o, 'redeliveredApplied') > 0)) out.push('no redeliveries (vacuous)')
    // The replay's excess applications, measured from the projection, agree.
    if (metric(o, 'replayExcessApplications') !== o.run.groups[0]!.count.duplicates) out.push('replay excess != duplicates')
    if (metric(o, 'replayedStateEqualsLive') !== 0) out.push('replay equals live despite duplicates')
    return out
  },
})

export const noCrashNoDuplicates = defineCheck({
  simulator: SIM,
  name: 'no idempotency, no crash: duplicates + redeliveries',
  kind: 'exact',
  cases: [1, 2, 3, 4].map((seed): Case => ({ params: { idempotent: false, consumerCrashAt: 0, producerCrashAt: 0, brokerCrashAt: 0 }, seed, duration: 60 })),
  theory: () => 0,
  measure: (o) => metric(o, 'duplicates') + metric(o, 'redeliveries'),
  tolerance: { why: 'nothing is delivered twice without a crash' },
  also: (o) => (metric(o, 'replayedStateEqualsLive') === 1 ? [] : ['replay differs from live']),
})

export const eventBusChecks: AnyCheck[] = [replayEqualsLive, duplicatesAreRedeliveries, noCrashNoDuplicates]
