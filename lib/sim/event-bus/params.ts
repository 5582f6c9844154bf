import { bool, defineParams, int, num, select, type ParamValues } from '@/lib/sim/engine'

export const eventBusParams = defineParams({
  producers: int({ label: 'Producers', min: 1, max: 8, default: 2 }),
  eventRate: num({ label: 'Event rate (all producers)', unit: 'events/s', min: 1, max: 2000, default: 100 }),
  keys: int({ label: 'Entity keys', description: 'Accounts the events update; a key always maps to one partition', min: 1, max: 10000, default: 50 }),
  partitions: int({ label: 'Log partitions', min: 1, max: 32, default: 4 }),
  groups: int({ label: 'Consumer groups', description: 'Each group reads the whole log with its own offsets', min: 1, max: 3, default: 2 }),
  consumersPerGroup: int({ label: 'Consumers per group', description: 'Partition p goes to consumer p mod n; extra consumers sit idle', min: 1, max: 16, default: 2 }),
  processTime: num({ label: 'Handler time (mean)', unit: 's', min: 0.0001, max: 1, default: 0.01 }),
  batchSize: int({ label: 'Fetch batch size', unit: 'records', min: 1, max: 500, default: 20 }),
  delivery: select({
    label: 'Delivery',
    options: [
      { value: 'at-least-once', label: 'At least once (commit offset after processing)' },
      { value: 'at-most-once', label: 'At most once (commit offset on fetch, before processing)' },
    ],
    default: 'at-least-once',
  }),
  commitInterval: num({ label: 'Offset commit interval', unit: 's', description: 'At least once: processed offsets are committed this often (0 = after every batch)', min: 0, max: 60, default: 1 }),
  idempotent: bool({ label: 'Idempotent handler', description: 'Processed event ids are stored with the state; a repeat is skipped', default: false }),
  handlerFailureRate: num({ label: 'Transient handler failures', description: 'Each attempt fails (before any effect) with this probability and is retried', min: 0, max: 0.5, step: 0.01, default: 0.02 }),
  maxRetries: int({ label: 'Retries before dead letter', min: 0, max: 20, default: 5 }),
  retryBackoff: num({ label: 'Retry backoff', unit: 's', min: 0, max: 10, default: 0.05 }),
  consumerCrashAt: num({ label: 'Consumer g0-c0 crashes at', unit: 's', description: '0 = never', min: 0, max: 1e6, default: 20 }),
  consumerRestartDelay: num({ label: 'Consumer restart delay', unit: 's', min: 0, max: 1e6, default: 5 }),
  outbox: bool({ label: 'Transactional outbox', description: 'Event and outbox row commit in one transaction; a relay publishes from the table', default: false }),
  publishDelay: num({ label: 'Commit to ack', unit: 's', description: 'Half in the send buffer, half on the wire: the window in which a dual write can lose the event', min: 0.001, max: 10, default: 0.2 }),
  relayInterval: num({ label: 'Outbox relay poll interval', unit: 's', min: 0.01, max: 60, default: 0.1 }),
  producerCrashAt: num({ label: 'Producer producer-0 crashes at', unit: 's', description: '0 = never', min: 0, max: 1e6, default: 30 }),
  producerDowntime: num({ label: 'Producer downtime', unit: 's', min: 0, max: 1e6, default: 3 }),
  durable: bool({ label: 'Durable log', description: 'Append is fsynced before the ack; otherwise acked data is flushed every flush interval', default: true }),
  flushInterval: num({ label: 'Flush interval (non-durable)', unit: 's', min: 0.01, max: 60, default: 1 }),
  brokerCrashAt: num({ label: 'Broker crashes at', unit: 's', description: '0 = never', min: 0, max: 1e6, default: 40 }),
  brokerDowntime: num({ label: 'Broker downtime', unit: 's', min: 0, max: 1e6, default: 2 }),
  replayAt: num({ label: 'Replay from offset 0 at', unit: 's', description: "Rebuild group 0's state from the log and compare with the live state; 0 = never", min: 0, max: 1e6, default: 55 }),
})

export type EventBusParams = ParamValues<typeof eventBusParams.specs>

export function validateEventBus(p: EventBusParams): string[] {
  const errors: string[] = []
  if (p.producerCrashAt > 0 && p.producerDowntime === 0) errors.push('producerDowntime: must be positive when the producer crashes')
  // The busiest consumer owns ceil(P / min(C, P)) partitions. Far beyond its capacity the lag
  // only grows and the event count explodes, so refuse more than 5x overload.
  const owned = Math.ceil(p.partitions / Math.min(p.consumersPerGroup, p.partitions))
  const load = (p.eventRate * owned) / p.partitions
  if (load * p.processTime > 5) errors.push('eventRate: the busiest consumer would get more than 5x what it can process')
  return errors
}
