import { defineSimulator } from '@/lib/sim/engine'
import { eventBusParams, validateEventBus } from './params'
import { EventBusRun } from './run'

export const eventBus = defineSimulator({
  id: 'event-bus',
  title: 'Event bus and event sourcing',
  summary: 'Producers, a partitioned durable log and consumer groups: crashes, delivery guarantees, idempotency, the outbox and replay.',
  timeUnit: 's',
  defaultDuration: 60,
  params: eventBusParams,
  metrics: [
    { name: 'committed', description: 'Business rows committed by producers (each should become one event)', kind: 'value' },
    { name: 'refused', description: 'Operations refused while their producer was down', kind: 'value' },
    { name: 'acked', description: 'Events the broker acknowledged at least once', kind: 'value' },
    { name: 'logRecords', description: 'Records in the log', kind: 'value' },
    { name: 'logDuplicates', description: 'Extra copies of an event in the log (relay republished after a crash)', kind: 'value' },
    { name: 'lostEvents', description: 'Committed events that are not in the log and never will be (dual write, or truncated)', kind: 'value' },
    { name: 'ackedLost', description: 'Acknowledged events lost in a broker crash (0 when the log is durable)', kind: 'value' },
    { name: 'outboxPending', description: 'Outbox rows not yet published', kind: 'value' },
    { name: 'lag', description: 'Group 0: records in the log beyond its committed offsets', kind: 'value' },
    { name: 'maxLag', description: 'Group 0: highest lag seen', kind: 'value' },
    { name: 'delivered', description: 'Records handed to consumers (all groups)', kind: 'value' },
    { name: 'redeliveries', description: 'Records delivered again after a consumer restart', kind: 'value' },
    { name: 'redeliveredApplied', description: 'Redeliveries of records the group had already applied', kind: 'value' },
    { name: 'duplicates', description: 'Events applied more than once to a projection', kind: 'value' },
    { name: 'duplicatesSuppressed', description: 'Repeats skipped by the idempotency check', kind: 'value' },
    { name: 'skipped', description: 'Records never processed: committed at fetch, then the consumer crashed (at most once)', kind: 'value' },
    { name: 'retries', description: 'Handler attempts retried after a transient failure', kind: 'value' },
    { name: 'deadLettered', description: 'Records given up after the last retry', kind: 'value' },
    { name: 'latencyP50', description: 'Group 0: DB commit to first application, median', unit: 'ms', kind: 'value' },
    { name: 'latencyP99', description: 'Group 0: DB commit to first application, 99th percentile', unit: 'ms', kind: 'value' },
    { name: 'replayedStateEqualsLive', description: "1 if replaying the log from offset 0 rebuilt group 0's live state at replayAt, else 0; null before", kind: 'value' },
    { name: 'replayMismatchKeys', description: 'Keys whose replayed balance differs from the live one', kind: 'value' },
    { name: 'replayExcessApplications', description: 'Live applications minus replayed ones (repeats; negative when records were skipped)', kind: 'value' },
    { name: 'lag', description: 'Group 0 lag over time', kind: 'series' },
    { name: 'redeliveries', description: 'Cumulative redeliveries', kind: 'series' },
    { name: 'duplicates', description: 'Cumulative duplicate applications', kind: 'series' },
    { name: 'lostEvents', description: 'Lost events over time', kind: 'series' },
    { name: 'processed', description: 'Records processed per consumer', kind: 'perNode' },
    { name: 'lag', description: 'Lag per consumer (its partitions)', kind: 'perNode' },
    { name: 'records', description: 'Records per partition', kind: 'perNode' },
    { name: 'refused', description: 'Refused operations per producer', kind: 'perNode' },
  ],
  leavesOut:
    "Rebalancing (a crashed consumer's partitions wait for it); broker replication, ISR and leader election (durability is one fsync); Kafka's idempotent and transactional producers; failing offset commits, compaction and retention; ordering across partitions; poison messages and the dead-letter queue's consumer.",
  validate: validateEventBus,
  create(params, seed, horizon) {
    return new EventBusRun(params, seed, horizon ?? 60)
  },
})
