import { defineSimulator } from '@/lib/sim/engine'
import { loadBalancingParams } from './params'
import { LoadBalancingRun } from './run'

export const loadBalancing = defineSimulator({
  id: 'load-balancing',
  title: 'Load balancing',
  summary: 'Poisson traffic spread over N servers by a policy; sticky vs JWT sessions when a server fails.',
  timeUnit: 's',
  defaultDuration: 1000,
  params: loadBalancingParams,
  metrics: [
    { name: 'arrivals', description: 'Requests that arrived', kind: 'value' },
    { name: 'completed', description: 'Requests served (after warm-up)', kind: 'value' },
    { name: 'dropped', description: 'Requests refused: queue full or no server up', kind: 'value' },
    { name: 'failedRequests', description: 'Requests lost inside a server when it failed', kind: 'value' },
    { name: 'throughput', description: 'Completed requests per unit time', unit: 'req/s', kind: 'value' },
    { name: 'meanWait', description: 'Mean time waiting in queue before service', unit: 's', kind: 'value' },
    { name: 'meanSojourn', description: 'Mean time in system (wait + service)', unit: 's', kind: 'value' },
    { name: 'latencyP50', description: 'Median time in system', unit: 's', kind: 'value' },
    { name: 'latencyP95', description: '95th percentile time in system', unit: 's', kind: 'value' },
    { name: 'latencyP99', description: '99th percentile time in system', unit: 's', kind: 'value' },
    { name: 'meanInSystem', description: 'Time-average requests in the system (L in Little\'s law)', kind: 'value' },
    { name: 'maxQueue', description: 'Largest number of requests ever held by one server', kind: 'value' },
    { name: 'sessionsActive', description: 'Client sessions pinned to a server (sticky only)', kind: 'value' },
    { name: 'sessionsLost', description: 'Sticky sessions whose server failed; always 0 with JWT', kind: 'value' },
    { name: 'theoryMeanSojourn', description: 'M/M/1 mean time in system when it applies (1 server or random, exponential, equal speeds), else null', unit: 's', kind: 'value' },
    { name: 'theoryMeanWait', description: 'M/M/1 mean wait in queue when it applies, else null', unit: 's', kind: 'value' },
    { name: 'maxQueue', description: 'Longest server queue over time', kind: 'series' },
    { name: 'latencyP99', description: 'p99 time in system per sampling window', unit: 's', kind: 'series' },
    { name: 'served', description: 'Requests served per server', kind: 'perNode' },
    { name: 'dropped', description: 'Requests dropped per server', kind: 'perNode' },
    { name: 'queue', description: 'Requests held now per server', kind: 'perNode' },
    { name: 'utilization', description: 'Fraction of time busy per server', kind: 'perNode' },
  ],
  create(params, seed, horizon) {
    return new LoadBalancingRun(params, seed, horizon ?? 1000)
  },
})
