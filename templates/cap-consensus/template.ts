import type { TemplateSpec } from '@/lib/templates/spec'

const template: TemplateSpec = {
  slug: 'cap-consensus',
  title: 'CAP theorem and consensus',
  topic: 'cap',
  kind: 'topic',
  summary: 'Contrast a CP configuration store run by Raft with an AP shopping-cart store using quorums, and decide per operation what a partition costs.',
  simulator: 'cap',
  prompt: {
    statement:
      'Design two stores for an online retailer and explain which side of CAP each one takes: a coordination store that 5,000 services use for configuration, feature flags and leader locks (like etcd), and a shopping-cart store that must keep accepting items even when the network between data centres is cut. Both are replicated across three availability zones.',
    functional: [
      'Config store: put/get keys, compare-and-set, leases for leader locks, and watches that notify on change.',
      'Cart store: add and remove items, and read the cart, keyed by cart id.',
      'Both stores keep working when any single node or availability zone fails.',
    ],
    nonFunctional: [
      'Config store: linearizable reads and writes; two services must never both hold the same lock.',
      'Cart store: always writable (availability over consistency); a read may briefly miss the latest add, and concurrent edits are merged, never lost.',
      'Cart p99 under 20 ms; config writes p99 under 50 ms.',
    ],
    scale: [
      'Config store: 5 nodes, 2 k writes/s, 50 k reads/s (mostly watches and cached reads), under 8 GB of data.',
      'Cart store: 200 k operations/s across 30 M active carts; each key replicated N = 3 times.',
      'Round trip 1 ms between availability zones, 70 ms between regions.',
    ],
  },
  tradeoffs: [
    'During a partition a CP system refuses requests on the minority side to stay consistent, while an AP system answers on both sides and accepts that replicas diverge until the partition heals.',
    'Without a partition the trade is latency against consistency: waiting for a majority or a quorum is slower than answering from one replica (PACELC).',
    'R + W > N quorums guarantee a read overlaps the latest acknowledged write but cost latency and availability, while R = W = 1 is fastest but returns stale data until replication catches up.',
    'A single Raft leader makes ordering and linearizable reads simple but caps write throughput at one node and pauses writes for an election when it fails.',
    'Last-writer-wins merges concurrent updates trivially but silently drops one of them, while vector clocks or CRDTs keep both and need merge logic (a cart union can resurrect deleted items).',
    'Five consensus nodes tolerate two failures instead of one, but every write waits for three acknowledgements instead of two.',
  ],
  followUps: [
    'The network splits the config cluster 2 | 3: what does each side do, and what do clients on the small side see?',
    'Why do Raft election timeouts need to be randomised, and what happens if they are not?',
    'With N = 3, R = 1, W = 1, what is the chance a read right after a write misses it, and how does that change over time?',
    'How do you serve linearizable reads without sending every read through the leader’s log?',
    'A customer removes an item from their cart during a partition and it reappears afterwards: why, and how would you fix it?',
  ],
  hints: [
    'Networks do partition, so P is not optional: the real choice is what each operation does during one.',
    'Ask which is worse for each store: an error, or a stale or conflicting answer.',
    'Count how many nodes a majority is with 3 or 5 nodes, and what the other side can do.',
    'For quorums, check whether every possible read set must intersect every possible write set.',
  ],
  rubric: [
    {
      dimension: 'CAP framing',
      strong: 'Treats partitions as a given and decides per operation between an error (CP) and a possibly stale answer (AP), tying the choice to business impact.',
      weak: 'Says "we pick CA" or claims a system can be consistent and available during a partition.',
    },
    {
      dimension: 'Consensus mechanics',
      strong: 'Explains leader election with terms and randomised timeouts, majority commit, and why a minority partition cannot make progress or elect a leader.',
      weak: 'Describes primary/backup replication with a manual failover and cannot say how split brain is avoided.',
    },
    {
      dimension: 'Quorums and consistency',
      strong: 'Uses R + W > N correctly, computes the stale-read chance when it does not hold, and names read repair, hinted handoff and anti-entropy.',
      weak: 'Uses the words eventual consistency without saying how or when replicas converge.',
    },
    {
      dimension: 'Conflict handling',
      strong: 'Chooses a merge strategy for concurrent cart updates (vector clocks or a CRDT) and explains what last-writer-wins would lose.',
      weak: 'Assumes writes never conflict in the AP store.',
    },
  ],
  diagram: {
    components: [
      { id: 'services', kind: 'client', label: 'Service fleet (config clients)', x: 0, y: 160 },
      { id: 'leader', kind: 'database', label: 'etcd leader (term 7)', x: 300, y: 160, capacity: 5000 },
      { id: 'follower-b', kind: 'db-replica', label: 'Follower (zone b)', x: 580, y: 60 },
      { id: 'follower-c', kind: 'db-replica', label: 'Follower (zone c)', x: 580, y: 260 },
      { id: 'shoppers', kind: 'client', label: 'Shoppers', x: 0, y: 640 },
      { id: 'cart', kind: 'server', label: 'Cart service (coordinator)', x: 300, y: 640, capacity: 20000 },
      { id: 'node-a', kind: 'database', label: 'Cart replica A', x: 580, y: 480, capacity: 100000 },
      { id: 'node-b', kind: 'database', label: 'Cart replica B', x: 580, y: 640, capacity: 100000 },
      { id: 'node-c', kind: 'database', label: 'Cart replica C', x: 580, y: 800, capacity: 100000 },
    ],
    arrows: [
      { from: 'services', to: 'leader', label: 'put, CAS, linearizable get' },
      { from: 'leader', to: 'follower-b', label: 'AppendEntries', dashed: true },
      { from: 'leader', to: 'follower-c', label: 'AppendEntries', dashed: true },
      { from: 'shoppers', to: 'cart', label: 'add item' },
      { from: 'cart', to: 'node-a', label: 'put, wait W = 2' },
      { from: 'cart', to: 'node-b', label: 'put / get R = 2' },
      { from: 'cart', to: 'node-c', label: 'put (hinted if down)' },
      { from: 'node-a', to: 'node-b', label: 'anti-entropy', dashed: true },
    ],
    notes: [
      {
        text: 'CP: a write commits once a majority (3 of 5) has it. The minority side of a partition cannot elect a leader, so it returns errors rather than stale data. Tolerates 2 failures.',
        x: 880,
        y: 40,
        color: 'light-blue',
      },
      {
        text: 'Raft: a follower that hears no heartbeat for a random 150-300 ms becomes a candidate. Randomness avoids split votes; at most one leader per term; votes go only to candidates whose log is up to date.',
        x: 880,
        y: 280,
        color: 'light-violet',
      },
      {
        text: 'AP: any 2 of 3 replicas accept a write, so both sides of a partition keep taking carts. Concurrent versions are merged on heal (vector clocks, union of items).',
        x: 880,
        y: 520,
        color: 'light-green',
      },
      {
        text: 'Quorum: R + W > N (2 + 2 > 3) makes every read set overlap the last write set. With R = W = 1 a read misses a fresh write 2/3 of the time until replication catches up: eventual consistency.',
        x: 880,
        y: 760,
        color: 'yellow',
      },
    ],
    zones: [
      { label: 'Raft group (CP): 5 nodes, 3 drawn', x: 276, y: 20, w: 488, h: 360 },
      { label: 'One key’s replicas (AP), N = 3', x: 556, y: 440, w: 208, h: 480 },
    ],
  },
}

export default template
