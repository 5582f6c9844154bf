import { bool, defineParams, int, num, select } from '@/lib/sim/engine'

export const failureHandlingParams = defineParams({
  services: int({ label: 'Services in the chain', description: 'The client calls s0, s0 calls s1, and so on', min: 2, max: 6, default: 4 }),
  rate: num({ label: 'Offered rate', unit: 'req/s', min: 1, max: 5000, default: 100 }),
  serviceTime: num({ label: 'Own work per service (mean)', unit: 'ms', description: 'Lognormal, CV 1', min: 0.1, max: 1000, default: 10 }),
  workers: int({ label: 'Workers per service', description: 'A worker is held until the downstream call returns', min: 1, max: 1000, default: 32 }),
  queueCapacity: int({ label: 'Waiting room per service', unit: 'req', description: '0 = reject when every worker is busy', min: 0, max: 10000, default: 100 }),
  errorRate: num({ label: 'Independent error rate', description: 'Each service fails a call with this probability (scaled by the spread)', min: 0, max: 0.5, step: 0.001, default: 0.001 }),
  errorSpread: num({ label: 'Error rate spread', description: 's_i fails with errorRate x (1 - spread .. 1 + spread) along the chain', min: 0, max: 1, step: 0.05, default: 0 }),
  timeout: num({ label: 'Timeout per attempt', unit: 'ms', min: 1, max: 60000, default: 200 }),
  retry: select({
    label: 'Retries',
    options: [
      { value: 'none', label: 'None' },
      { value: 'fixed', label: 'Fixed backoff' },
      { value: 'exponential', label: 'Exponential backoff' },
    ],
    default: 'exponential',
  }),
  maxRetries: int({ label: 'Max retries', min: 1, max: 5, default: 2 }),
  backoff: num({ label: 'Base backoff', unit: 'ms', description: 'Exponential: base x 2^k before retry k+1', min: 1, max: 10000, default: 50 }),
  jitter: bool({ label: 'Full jitter', description: 'Wait a uniform random time in [0, backoff] instead of exactly backoff', default: false }),
  retryLayer: select({
    label: 'Who retries',
    options: [
      { value: 'every', label: 'Every hop (client and each service)' },
      { value: 'client', label: 'The client only' },
    ],
    default: 'every',
  }),
  breaker: bool({ label: 'Circuit breakers', description: 'One per caller -> dependency edge', default: false }),
  breakerThreshold: int({ label: 'Breaker threshold', unit: 'failures', description: 'Consecutive failures that open it', min: 1, max: 100, default: 5 }),
  breakerCooldown: num({ label: 'Breaker cool-down', unit: 'ms', description: 'Open time before one half-open probe', min: 10, max: 60000, default: 1000 }),
  bulkhead: int({ label: 'Bulkhead', unit: 'calls', description: 'Max concurrent calls per dependency; 0 = off', min: 0, max: 1000, default: 0 }),
  sickService: int({ label: 'Sick service', description: 'Index i of s_i', min: 0, max: 5, default: 3 }),
  sickKind: select({
    label: 'Injected fault',
    options: [
      { value: 'none', label: 'None' },
      { value: 'slow', label: 'Slow (work x factor)' },
      { value: 'errors', label: 'Errors (every call fails)' },
      { value: 'crash', label: 'Crash (in-flight calls fail at once, new ones refused)' },
    ],
    default: 'slow',
  }),
  sickAt: num({ label: 'Fault starts at', unit: 's', min: 0, max: 3600, default: 20 }),
  sickFor: num({ label: 'Fault lasts', unit: 's', description: '0 = until the end', min: 0, max: 3600, default: 20 }),
  slowFactor: num({ label: 'Slowdown factor', min: 1, max: 1000, default: 20 }),
})
