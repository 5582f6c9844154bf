import { defineParams, int, num, select } from '@/lib/sim/engine'

export const loadBalancingParams = defineParams({
  policy: select({
    label: 'Policy',
    options: [
      { value: 'round-robin', label: 'Round robin' },
      { value: 'random', label: 'Random' },
      { value: 'least-connections', label: 'Least connections' },
      { value: 'p2c', label: 'Power of two choices' },
      { value: 'consistent-hash', label: 'Consistent hashing (client affinity)' },
    ],
    default: 'round-robin',
  }),
  servers: int({ label: 'Servers', min: 1, max: 64, default: 4 }),
  serviceRate: num({ label: 'Mean service rate per server', unit: 'req/s', min: 0.1, max: 1000, step: 0.1, default: 1 }),
  speedSpread: num({
    label: 'Speed spread',
    description: 'Server i runs at serviceRate x (1 - spread .. 1 + spread), evenly spaced; 0 = identical',
    min: 0,
    max: 0.9,
    step: 0.05,
    default: 0,
  }),
  load: num({ label: 'Offered load (rho)', description: 'Arrival rate / total service capacity', min: 0.05, max: 0.99, step: 0.01, default: 0.7 }),
  serviceDistribution: select({
    label: 'Service times',
    options: [
      { value: 'exponential', label: 'Exponential' },
      { value: 'lognormal', label: 'Lognormal (cv 2, heavy tail)' },
      { value: 'constant', label: 'Constant' },
    ],
    default: 'exponential',
  }),
  queueCapacity: int({ label: 'Queue capacity per server', description: '0 = unbounded', min: 0, max: 100000, default: 0 }),
  sessions: select({
    label: 'Session state',
    options: [
      { value: 'jwt', label: 'Stateless (JWT in the client)' },
      { value: 'sticky', label: 'Sticky (state on the server)' },
    ],
    default: 'jwt',
  }),
  clients: int({ label: 'Clients', min: 1, max: 100000, default: 1000 }),
  failServerAt: num({ label: 'Fail server s0 at', unit: 's', description: '0 = never', min: 0, max: 1e7, default: 0 }),
  healAfter: num({ label: 'Heal it after', unit: 's', description: '0 = never', min: 0, max: 1e7, default: 0 }),
  warmup: num({ label: 'Warm-up', unit: 's', description: 'Requests arriving earlier are left out of latency statistics', min: 0, max: 1e7, default: 0 }),
})
