import { defineParams, int, num, select, type ParamValues } from '@/lib/sim/engine'

export const boardSimParams = defineParams({
  requestRate: num({ label: 'Requests per client', description: 'Poisson traffic from every client that has an outgoing arrow', unit: 'req/s', min: 1, max: 5000, step: 1, default: 100 }),
  duration: num({ label: 'Duration', description: 'Clients send for this long; the run is this long', unit: 's', min: 1, max: 600, step: 1, default: 30 }),
  lbPolicy: select({
    label: 'Load balancers',
    options: [
      { value: 'round-robin', label: 'Round robin' },
      { value: 'least-loaded', label: 'Least loaded' },
    ],
    default: 'round-robin',
  }),
  cacheHitRatio: num({ label: 'Cache hit ratio', min: 0, max: 1, step: 0.01, default: 0.8 }),
  cdnHitRatio: num({ label: 'CDN hit ratio', min: 0, max: 1, step: 0.01, default: 0.9 }),
  writeFraction: num({ label: 'Writes', description: 'Share of requests to a data store that are writes and go on along its arrows (replication, CDC)', min: 0, max: 1, step: 0.01, default: 0.2 }),
  asyncFraction: num({ label: 'Dashed arrows taken', description: 'Share of requests that take each dashed (background) arrow of a server, worker, cache or gateway', min: 0, max: 1, step: 0.01, default: 0.2 }),
  providerFailureRate: num({ label: 'Provider failures', description: 'Share of requests a notification provider fails', min: 0, max: 1, step: 0.01, default: 0.01 }),
  networkLatency: num({ label: 'Network delay per arrow', unit: 'ms', min: 0, max: 1000, step: 0.1, default: 1 }),
  queueLimit: int({ label: 'Waiting room per component', description: 'Requests that may wait for a worker; more are refused (overload)', min: 0, max: 100_000, default: 200 }),
  maxHops: int({ label: 'Hop limit', description: 'Arrows a request may follow; stops loops', min: 1, max: 64, default: 16 }),
  redeliveryDelay: num({ label: 'Queue redelivery delay', description: 'A queue retries a failed delivery after this long', unit: 's', min: 0.01, max: 60, step: 0.01, default: 1 }),
})

export type BoardSimParams = ParamValues<typeof boardSimParams.specs>

/** Requests one client may send in a run: keeps a browser tab responsive. */
export const MAX_REQUESTS_PER_CLIENT = 1_000_000

export function validateBoardParams(p: BoardSimParams): string[] {
  return p.requestRate * p.duration > MAX_REQUESTS_PER_CLIENT ? [`requestRate: requestRate x duration must be at most ${MAX_REQUESTS_PER_CLIENT} requests per client`] : []
}
