import { defineParams, int, num, select } from '@/lib/sim/engine'

export const rateLimitingParams = defineParams({
  algorithm: select({
    label: 'Limiter',
    options: [
      { value: 'token-bucket', label: 'Token bucket' },
      { value: 'leaky-bucket', label: 'Leaky bucket (queue)' },
      { value: 'fixed-window', label: 'Fixed window' },
      { value: 'sliding-log', label: 'Sliding window log' },
      { value: 'sliding-counter', label: 'Sliding window counter' },
    ],
    default: 'token-bucket',
  }),
  rate: num({ label: 'Rate r (buckets)', unit: 'req/s', min: 0.1, max: 10000, default: 10 }),
  burst: int({ label: 'Burst b (buckets)', unit: 'req', min: 1, max: 100000, default: 20 }),
  limit: int({ label: 'Limit L per window', unit: 'req', min: 1, max: 100000, default: 10 }),
  window: num({ label: 'Window W', unit: 's', min: 0.01, max: 3600, default: 1 }),
  tenants: int({ label: 'Tenants', description: 'Odd-numbered tenants are on the pro plan', min: 1, max: 100, default: 4 }),
  proMultiplier: num({ label: 'Pro plan limit multiplier', min: 1, max: 100, default: 5 }),
  traffic: select({
    label: 'Traffic',
    options: [
      { value: 'poisson', label: 'Poisson' },
      { value: 'bursty', label: 'Bursty (batches of 10)' },
      { value: 'boundary', label: 'Adversarial: a full limit just before and after each window boundary' },
    ],
    default: 'poisson',
  }),
  offeredRate: num({ label: 'Offered rate per tenant', unit: 'req/s', min: 0.1, max: 100000, default: 20 }),
  noisyFactor: num({ label: 'Noisy tenant factor', description: 'Tenant t0 sends this many times more', min: 1, max: 100, default: 5 }),
  invalidKeyFraction: num({ label: 'Invalid API keys', min: 0, max: 1, step: 0.01, default: 0.05 }),
  services: int({ label: 'Backend services', min: 1, max: 8, default: 3 }),
  priceFree: num({ label: 'Free plan price', unit: 'per 1000 req', min: 0, max: 1000, default: 0 }),
  pricePro: num({ label: 'Pro plan price', unit: 'per 1000 req', min: 0, max: 1000, default: 0.5 }),
})
