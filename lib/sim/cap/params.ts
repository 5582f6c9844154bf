import { bool, defineParams, int, num, select } from '@/lib/sim/engine'

export const capParams = defineParams({
  mode: select({
    label: 'Mode',
    options: [
      { value: 'cp', label: 'CP: Raft-style leader, majority commit' },
      { value: 'ap', label: 'AP: write anywhere, last-writer-wins' },
    ],
    default: 'cp',
  }),
  replicas: int({ label: 'Replicas', min: 3, max: 7, default: 5 }),
  keys: int({ label: 'Keys', min: 1, max: 100, default: 5 }),
  opRate: num({ label: 'Client operations', unit: 'ops/ms', min: 0.001, max: 1, step: 0.001, default: 0.05 }),
  readFraction: num({ label: 'Read fraction', min: 0, max: 1, step: 0.05, default: 0.5 }),
  latency: num({ label: 'Mean message delay', unit: 'ms', min: 0.1, max: 1000, default: 10 }),
  partitionAt: num({ label: 'Partition at', unit: 'ms', description: '0 = no partition', min: 0, max: 1e7, default: 2000 }),
  healAt: num({ label: 'Heal at', unit: 'ms', description: '0 = never', min: 0, max: 1e7, default: 5000 }),
  minoritySize: int({ label: 'Nodes cut off', description: 'The minority side: n0, n1, ...', min: 1, max: 3, default: 2 }),
  clientsStopAt: num({ label: 'Clients stop at', unit: 'ms', description: '0 = never', min: 0, max: 1e7, default: 0 }),
  heartbeat: num({ label: 'Heartbeat interval', unit: 'ms', min: 1, max: 10000, default: 50 }),
  electionTimeoutMin: num({ label: 'Election timeout min', unit: 'ms', min: 1, max: 100000, default: 150 }),
  electionTimeoutMax: num({ label: 'Election timeout max', unit: 'ms', min: 1, max: 100000, default: 300 }),
  antiEntropyInterval: num({ label: 'Anti-entropy interval (AP)', unit: 'ms', min: 1, max: 100000, default: 100 }),
  requestTimeout: num({ label: 'Client timeout', unit: 'ms', min: 1, max: 100000, default: 500 }),
  startWithLeader: bool({ label: 'Start with n0 as leader', description: 'Otherwise the first election runs at start', default: true }),
})
