import { defineParams, int, num, select, type ParamValues } from '@/lib/sim/engine'

export const cqrsFanoutParams = defineParams({
  strategy: select({
    label: 'Feed strategy',
    options: [
      { value: 'push', label: 'Fan-out on write (push to every follower timeline)' },
      { value: 'pull', label: 'Fan-out on read (pull from every followee)' },
      { value: 'hybrid', label: 'Hybrid (push, but pull celebrities at read time)' },
    ],
    default: 'push',
  }),
  users: int({ label: 'Users', min: 10, max: 50000, default: 5000 }),
  followerDistribution: select({
    label: 'Follower counts',
    options: [
      { value: 'zipf', label: 'Zipf: the r-th most followed has max / r^s' },
      { value: 'pareto', label: 'Pareto (power-law tail)' },
    ],
    default: 'zipf',
  }),
  zipfExponent: num({ label: 'Zipf exponent s', min: 0.3, max: 2, step: 0.05, default: 1 }),
  paretoAlpha: num({ label: 'Pareto alpha', description: 'Smaller is heavier-tailed', min: 1.05, max: 4, step: 0.05, default: 1.5 }),
  minFollowers: int({ label: 'Minimum followers', min: 0, max: 10000, default: 5 }),
  maxFollowers: int({ label: 'Maximum followers', description: 'Capped at users - 1', min: 1, max: 50000, default: 5000 }),
  celebrityThreshold: int({ label: 'Celebrity threshold', unit: 'followers', description: 'Hybrid: authors with more followers are pulled at read time', min: 1, max: 50000, default: 500 }),
  activitySkew: num({ label: 'Posting activity skew', description: 'An author posts in proportion to (1 + followers)^skew; 0 = everyone alike', min: 0, max: 1.5, step: 0.05, default: 0.5 }),
  postRate: num({ label: 'Post rate', unit: 'posts/s', min: 0.1, max: 2000, default: 20 }),
  readRate: num({ label: 'Feed read rate', unit: 'reads/s', min: 0.1, max: 5000, default: 200 }),
  replicationLag: num({ label: 'Replication lag (max)', unit: 's', description: 'Write store to read store (and timelines)', min: 0, max: 60, default: 1 }),
  lagJitter: num({ label: 'Lag jitter', description: 'Each post lags lag x (1 - jitter x U(0,1))', min: 0, max: 1, step: 0.05, default: 0.5 }),
  feedSize: int({ label: 'Feed page size', unit: 'posts', min: 1, max: 200, default: 20 }),
  readBase: num({ label: 'Read base latency', unit: 'ms', min: 0, max: 1000, default: 2 }),
  fetchTime: num({ label: 'Per-source fetch (mean)', unit: 'ms', description: 'Each timeline or author list fetched in parallel; the read waits for the slowest', min: 0.01, max: 1000, default: 5 }),
  insertRate: num({ label: 'Fan-out insert rate', unit: 'inserts/s', description: 'Only sizes how long the largest fan-out takes', min: 100, max: 1e7, default: 100000 }),
})

export type CqrsFanoutParams = ParamValues<typeof cqrsFanoutParams.specs>

export function validateCqrsFanout(p: CqrsFanoutParams): string[] {
  const errors: string[] = []
  if (p.minFollowers > p.maxFollowers) errors.push('minFollowers: must be at most maxFollowers')
  if (p.minFollowers >= p.users) errors.push('minFollowers: must be below the number of users')
  // Push work is postRate x mean followers inserts per second; keep a run's events sane.
  if (p.strategy !== 'pull' && p.postRate * Math.min(p.maxFollowers, p.users - 1) > 5e7) errors.push('postRate: fan-out work would exceed 5e7 inserts/s at this follower cap')
  return errors
}
