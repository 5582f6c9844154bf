import { defineSimulator } from '@/lib/sim/engine'
import { cqrsFanoutParams, validateCqrsFanout } from './params'
import { CqrsFanoutRun } from './run'

export const cqrsFanout = defineSimulator({
  id: 'cqrs-fanout',
  title: 'CQRS and feed fan-out',
  summary: 'A write store and a lagging read store; news feeds by fan-out on write, on read, or the celebrity hybrid, over a heavy-tailed follow graph.',
  timeUnit: 's',
  defaultDuration: 60,
  params: cqrsFanoutParams,
  metrics: [
    { name: 'posts', description: 'Posts committed to the write store', kind: 'value' },
    { name: 'reads', description: 'Feed reads served', kind: 'value' },
    { name: 'failedReads', description: 'Reads refused while the read store was down', kind: 'value' },
    { name: 'fanoutWrites', description: 'Timeline inserts made by fan-out on write', kind: 'value' },
    { name: 'writeAmplification', description: 'Timeline inserts per replicated post', kind: 'value' },
    { name: 'theoryWriteAmplification', description: 'Expected inserts per post: activity-weighted mean followers of pushed authors', kind: 'value' },
    { name: 'maxFanout', description: 'Largest single fan-out (followers of one post author)', kind: 'value' },
    { name: 'maxFanoutSeconds', description: 'Time the largest fan-out takes at the insert rate', unit: 's', kind: 'value' },
    { name: 'readSources', description: 'Lists fetched per read (timeline + pulled authors)', kind: 'value' },
    { name: 'readLatencyP50', description: 'Feed read latency, median', unit: 'ms', kind: 'value' },
    { name: 'readLatencyP99', description: 'Feed read latency, 99th percentile', unit: 'ms', kind: 'value' },
    { name: 'staleReadFraction', description: "Reads missing a post from the newest page of the write store", kind: 'value' },
    { name: 'meanStaleness', description: 'Stale reads: age of the oldest missing post', unit: 's', kind: 'value' },
    { name: 'maxStaleness', description: 'Largest such age (at most the lag while nothing is failed)', unit: 's', kind: 'value' },
    { name: 'missedAfterLag', description: 'Posts older than the lag missing from a read (must be 0)', kind: 'value' },
    { name: 'checkedPosts', description: 'Post-in-read checks made for missedAfterLag', kind: 'value' },
    { name: 'fanoutWrites', description: 'Timeline inserts per second; dashed: post rate x expected inserts per post', kind: 'series', theory: 'theoryFanoutWrites' },
    { name: 'theoryFanoutWrites', description: 'Theory: postRate x activity-weighted mean followers of pushed authors', kind: 'series' },
    { name: 'readLatencyP99', description: 'Read latency p99 per interval', kind: 'series' },
    { name: 'staleFraction', description: 'Fraction of stale reads per interval', kind: 'series' },
    { name: 'posts', description: 'Posts in the write store and the read store', kind: 'perNode' },
    { name: 'entries', description: 'Timeline entries held', kind: 'perNode' },
    { name: 'writes', description: 'Fan-out inserts', kind: 'perNode' },
  ],
  leavesOut:
    'Fan-out time and queues (inserts land at the replication instant); timeline caches that evict inactive users; ranking (feeds are newest first); follows and unfollows during the run; per-request replica choice (one read store, one lag per post); merge and storage cost.',
  caveat(p, m) {
    if (p.strategy === 'pull') return null
    if (m.time < 3 * p.replicationLag) return `replication lag: inserts start about ${p.replicationLag} s after the first posts, so early windows sit below the line`
    return 'heavy tail: one post by a big account inserts thousands of rows at once, so per-second inserts swing far around the mean'
  },
  validate: validateCqrsFanout,
  create(params, seed, horizon) {
    return new CqrsFanoutRun(params, seed, horizon ?? 60)
  },
})
