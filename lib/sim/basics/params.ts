import { defineParams, int, num, type NumberParam } from '@/lib/sim/engine'

type TierKnobs<N extends string> = Record<`${N}Latency` | `${N}Servers` | `${N}Rate`, NumberParam>

/** One tier's three knobs: hop latency, servers and the rate one server can serve. */
function tier<const N extends string>(name: N, latency: number, servers: number, rate: number, maxServers = 64): TierKnobs<N> {
  return {
    [`${name}Latency`]: num({ label: `${name.toUpperCase()} latency`, description: 'Network and fixed time per visit, on top of service', unit: 'ms', min: 0, max: 1000, step: 0.5, default: latency }),
    [`${name}Servers`]: int({ label: `${name.toUpperCase()} servers`, min: 1, max: maxServers, default: servers }),
    [`${name}Rate`]: num({ label: `${name.toUpperCase()} rate per server`, description: 'Requests one server completes per second (mean service time 1/rate)', unit: 'req/s', min: 1, max: 1_000_000, default: rate }),
  } as TierKnobs<N>
}

export const basicsParams = defineParams({
  rate: num({ label: 'Traffic', description: 'Poisson request rate at the start of the run', unit: 'req/s', min: 0.1, max: 100_000, default: 200 }),
  rampTo: num({ label: 'Ramp to (x start rate)', description: 'Traffic grows linearly to this multiple by the end of the run; 1 = flat', min: 1, max: 20, step: 0.5, default: 6 }),
  dnsHitRatio: num({ label: 'DNS cache hit ratio', description: "Requests whose resolver still holds the answer (within the record's TTL)", min: 0, max: 1, step: 0.01, default: 0.9 }),
  cdnHitRatio: num({ label: 'CDN hit ratio', description: 'Requests the edge answers without the origin', min: 0, max: 1, step: 0.01, default: 0.6 }),
  cacheHitRatio: num({ label: 'Cache hit ratio', description: "App reads the cache answers without the database", min: 0, max: 1, step: 0.01, default: 0.8 }),
  ...tier('dns', 20, 2, 500, 16),
  ...tier('cdn', 15, 4, 500),
  ...tier('lb', 1, 2, 1000, 16),
  ...tier('app', 5, 4, 100),
  ...tier('cache', 1, 1, 5000, 16),
  ...tier('db', 2, 1, 200, 16),
  queueLimit: int({ label: 'Queue limit per server', description: 'Waiting requests a server holds before refusing more (a timeout in disguise)', unit: 'req', min: 1, max: 100_000, default: 100 }),
})
