import type { TemplateSpec } from '@/lib/templates/spec'

const template: TemplateSpec = {
  slug: 'event-bus',
  title: 'Event bus and event sourcing',
  topic: 'event-bus',
  kind: 'topic',
  summary: 'Decouple a food-delivery order pipeline with a durable log: consumer groups, at-least-once with idempotency, the transactional outbox, and replay.',
  simulator: 'event-bus',
  prompt: {
    statement:
      'Design the order pipeline for a food-delivery platform. When an order is placed, payment capture, restaurant notification, courier dispatch and analytics must all react to it, yet none of them may slow down checkout, and no order may be lost if one of them is down for an hour.',
    functional: [
      'Placing an order records it and publishes an OrderPlaced event; later state changes publish their own events.',
      'Payments, restaurant notification, courier dispatch and analytics each consume every order event independently.',
      'A consumer that was down catches up from where it stopped without losing or reordering an order’s events.',
      'A new read model (for example, live order status) can be built from historical events.',
    ],
    nonFunctional: [
      'Checkout p99 under 300 ms regardless of consumer health.',
      'No acknowledged order event is ever lost, even with one broker down.',
      'Effects happen exactly once (no double charge) even though delivery is at least once; consumer lag p99 under 5 s in normal operation.',
    ],
    scale: [
      '2 k orders/s at the dinner peak, ~10 events per order lifecycle, so ~20 k events/s.',
      'Events of ~1 KB: 20 MB/s in; 7 days on broker disks ≈ 12 TB (36 TB with replication factor 3), older segments tiered to object storage for replay.',
      '48 partitions per topic, so at most 48 active consumers per group; one payments consumer handles ~1 k events/s.',
    ],
  },
  tradeoffs: [
    'An event bus decouples producers from consumers in time and availability, while direct synchronous calls are simpler to trace but make checkout as slow and fragile as its slowest dependency.',
    'At-most-once delivery (commit the offset before processing) never duplicates but can lose events, while at-least-once (commit after) never loses them but requires idempotent handlers.',
    'More partitions allow more parallel consumers and throughput, but ordering holds only within a partition and each partition adds broker overhead and rebalance time.',
    'acks=all with min.insync.replicas=2 survives a broker loss without losing acknowledged events, while acks=1 has lower produce latency but can lose the tail on leader failover.',
    'A transactional outbox guarantees the event is published if and only if the order commits, at the cost of a relay and a few hundred ms of delay; a dual write is simpler but loses or invents events on crashes.',
    'Event sourcing keeps the full history and lets you rebuild any read model by replay, but queries need projections and changing an event’s schema means versioning forever.',
  ],
  followUps: [
    'The payments consumer crashes after charging the card but before committing its offset: what happens next, and how do you make it safe?',
    'Courier dispatch needs events for one order in order, but global order does not matter: how do you key and partition?',
    'One poison message keeps crashing a consumer: what do you do with it?',
    'You add 60 consumers to a group reading a 48-partition topic: what happens, and what limits throughput?',
    'How do you rebuild the order-status view from scratch after fixing a bug in its projector, without stopping live traffic?',
  ],
  hints: [
    'What should checkout wait for, and what can happen after it returns?',
    'Think about the crash between writing the order row and publishing the event.',
    'If a message can arrive twice, what makes processing it twice harmless?',
    'Each downstream team wants its own position in the stream: what does that look like in Kafka?',
  ],
  rubric: [
    {
      dimension: 'Decoupling and durability',
      strong: 'Makes checkout depend only on its own DB write, with a replicated log (RF 3, acks=all, min.insync=2) holding events until every consumer group has processed them.',
      weak: 'Calls payment, dispatch and notification synchronously from checkout, or uses a non-durable pub/sub that drops events when a consumer is down.',
    },
    {
      dimension: 'Delivery semantics',
      strong: 'Chooses at-least-once with offsets committed after processing and idempotent handlers keyed by event id, and explains why exactly-once delivery end to end is not the goal.',
      weak: 'Claims exactly-once delivery without saying how, or ignores duplicates.',
    },
    {
      dimension: 'Publishing reliably',
      strong: 'Uses a transactional outbox (or CDC) so the state change and the event cannot diverge, and explains what dual writes lose.',
      weak: 'Writes to the DB and then to Kafka in application code with no plan for a crash in between.',
    },
    {
      dimension: 'Partitioning and scaling',
      strong: 'Keys by order id for per-order ordering, sizes partitions for peak consumer parallelism, and monitors lag per consumer group.',
      weak: 'Adds consumers without knowing partitions cap parallelism, or relies on global ordering.',
    },
    {
      dimension: 'Event sourcing and replay',
      strong: 'Explains state as a fold over events, projections as rebuildable read models, snapshots to bound replay time, and schema versioning.',
      weak: 'Treats the log as a transient pipe and has no way to rebuild a read model.',
    },
  ],
  diagram: {
    components: [
      { id: 'client', kind: 'client', label: 'Customer app', x: 0, y: 240 },
      { id: 'orders', kind: 'server', label: 'Order service', x: 280, y: 240, capacity: 3000 },
      { id: 'orders-db', kind: 'database', label: 'Orders DB + outbox table', x: 280, y: 480, capacity: 5000 },
      { id: 'relay', kind: 'worker', label: 'Outbox relay (CDC)', x: 560, y: 480 },
      { id: 'bus', kind: 'queue', label: 'Kafka: order events (48 partitions, RF 3)', x: 840, y: 320, capacity: 100000 },
      { id: 'payments', kind: 'worker', label: 'Payments group', x: 1120, y: 80, capacity: 1000 },
      { id: 'dispatch', kind: 'worker', label: 'Courier dispatch group', x: 1120, y: 240, capacity: 1000 },
      { id: 'notify', kind: 'worker', label: 'Restaurant notifier group', x: 1120, y: 400, capacity: 1000 },
      { id: 'projector', kind: 'worker', label: 'Order-status projector', x: 1120, y: 560, capacity: 2000 },
      { id: 'status-view', kind: 'database', label: 'Order-status read model', x: 1400, y: 560 },
    ],
    arrows: [
      { from: 'client', to: 'orders', label: 'POST /orders' },
      { from: 'orders', to: 'orders-db', label: 'order + outbox row, 1 tx' },
      { from: 'orders-db', to: 'relay', label: 'tail outbox', dashed: true },
      { from: 'relay', to: 'bus', label: 'publish, key = order_id', dashed: true },
      { from: 'bus', to: 'payments', label: 'consume', dashed: true },
      { from: 'bus', to: 'dispatch', label: 'consume', dashed: true },
      { from: 'bus', to: 'notify', label: 'consume', dashed: true },
      { from: 'bus', to: 'projector', label: 'replay from offset 0', dashed: true },
      { from: 'projector', to: 'status-view', label: 'upsert state' },
    ],
    notes: [
      {
        text: 'Transactional outbox: the order row and its event commit in one DB transaction; a relay publishes the outbox. A dual write (DB, then Kafka) loses the event if the service dies in between.',
        x: 0,
        y: 480,
        color: 'light-blue',
      },
      {
        text: 'Durable until delivered: acks=all, RF 3, min.insync 2 survives one broker loss. Each consumer group keeps its own offsets, so a slow or dead consumer only lags; the others carry on.',
        x: 1400,
        y: 40,
        color: 'yellow',
      },
      {
        text: 'At-least-once: commit the offset after processing, so a crash redelivers. Handlers dedupe on event_id (a unique key in the same transaction), so a redelivered charge is a no-op.',
        x: 1400,
        y: 280,
        color: 'light-green',
      },
      {
        text: 'Event sourcing: keep order events forever (tiered storage) and treat read models as folds over them. Fix a projector bug by replaying from offset 0 or a snapshot into a new table, then switch reads.',
        x: 560,
        y: 680,
        color: 'light-violet',
      },
    ],
  },
}

export default template
