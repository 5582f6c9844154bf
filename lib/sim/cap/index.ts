import { defineSimulator } from '@/lib/sim/engine'
import { capParams } from './params'
import { CapRun } from './run'

export const cap = defineSimulator({
  id: 'cap',
  title: 'CAP theorem and consensus',
  summary: 'Replicas under a network partition: a Raft-style CP cluster refuses, an AP cluster diverges and reconciles.',
  timeUnit: 'ms',
  defaultDuration: 8000,
  params: capParams,
  metrics: [
    { name: 'operations', description: 'Client operations issued', kind: 'value' },
    { name: 'availability', description: 'Fraction of operations that succeeded before the client timeout', kind: 'value' },
    { name: 'availabilityMajority', description: 'Availability for clients on the majority side during the partition', kind: 'value' },
    { name: 'availabilityMinority', description: 'Availability for clients on the minority side during the partition', kind: 'value' },
    { name: 'reads', description: 'Successful reads', kind: 'value' },
    { name: 'staleReads', description: 'Reads older than the last write acknowledged before they began (CP: always 0)', kind: 'value' },
    { name: 'writesAcked', description: 'Writes acknowledged to clients', kind: 'value' },
    { name: 'minorityWritesAcked', description: 'Writes acknowledged on the minority side (CP: always 0)', kind: 'value' },
    { name: 'conflicts', description: 'Keys written on both sides of the partition (AP: resolved by last-writer-wins)', kind: 'value' },
    { name: 'divergentKeys', description: 'Keys on which up replicas disagree now (AP)', kind: 'value' },
    { name: 'timeToConverge', description: 'Time from heal until all replicas agreed (AP; CP: immediately)', unit: 'ms', kind: 'value' },
    { name: 'latencyP50', description: 'Median latency of successful operations', unit: 'ms', kind: 'value' },
    { name: 'latencyP99', description: '99th percentile latency of successful operations', unit: 'ms', kind: 'value' },
    { name: 'messagesDelivered', description: 'Messages delivered between replicas', kind: 'value' },
    { name: 'messagesLost', description: 'Messages dropped by the partition or a crash', kind: 'value' },
    { name: 'twoLeaderTerms', description: 'CP: terms that had two leaders (Raft election safety; must be 0)', kind: 'value' },
    { name: 'minorityCommits', description: 'CP: entries committed by a leader on the minority side (must be 0)', kind: 'value' },
    { name: 'availability', description: 'Availability per sampling window', kind: 'series' },
  ],
  leavesOut:
    'A full linearizability checker over multi-key histories (the stale-read check is the single-register condition); clock skew (last-writer-wins uses perfect time); CRDT merges; N/R/W sloppy quorums; client retries; log compaction and membership changes.',
  validate(p) {
    const errors: string[] = []
    const maxMinority = Math.floor((p.replicas - 1) / 2)
    if (p.minoritySize > maxMinority) errors.push(`minoritySize: must be at most ${maxMinority} with ${p.replicas} replicas (a minority)`)
    if (p.electionTimeoutMin > p.electionTimeoutMax) errors.push('electionTimeoutMin: must not exceed electionTimeoutMax')
    if (p.heartbeat >= p.electionTimeoutMin) errors.push('heartbeat: must be shorter than electionTimeoutMin')
    return errors
  },
  create(params, seed, horizon) {
    return new CapRun(params, seed, horizon ?? 8000)
  },
})
