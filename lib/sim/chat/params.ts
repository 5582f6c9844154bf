import { defineParams, int, num, select } from '@/lib/sim/engine'

export const chatParams = defineParams({
  placement: select({
    label: 'Placement',
    options: [
      { value: 'rendezvous', label: 'Rendezvous hashing (highest random weight)' },
      { value: 'consistent', label: 'Consistent hashing with virtual nodes' },
    ],
    default: 'rendezvous',
  }),
  vnodes: int({ label: 'Virtual nodes per server', description: 'Consistent hashing only', min: 1, max: 1000, default: 100 }),
  connectBy: select({
    label: 'Connect by',
    description: "Room: every member of a room connects to the room's server (DesignRoom). User: each user connects to its own server, so rooms span servers and messages cross pub/sub.",
    options: [
      { value: 'room', label: "Room: the room's server" },
      { value: 'user', label: "User: the user's server (gateway style)" },
    ],
    default: 'room',
  }),
  servers: int({ label: 'Servers', min: 2, max: 16, default: 4 }),
  rooms: int({ label: 'Rooms', min: 1, max: 500, default: 60 }),
  clientsPerRoom: int({ label: 'Clients per room', min: 1, max: 50, default: 6 }),
  messageRate: num({ label: 'Messages per room', description: 'Poisson, each from a random member', unit: 'msg/s', min: 0, max: 100, step: 0.1, default: 2 }),
  netLatency: num({ label: 'Client-server latency', description: 'One way; plus uniform jitter', unit: 'ms', min: 0, max: 2000, default: 20 }),
  jitter: num({ label: 'Latency jitter', description: 'Uniform extra delay per hop: reorders messages, which clients put back in order', unit: 'ms', min: 0, max: 2000, default: 10 }),
  pubsubLatency: num({ label: 'Pub/sub latency', description: 'Server to broker to server, plus the same jitter', unit: 'ms', min: 0, max: 2000, default: 2 }),
  failServerAt: num({ label: 'Fail a server at', description: '0 = never; click a server to fail it by hand', unit: 's', min: 0, max: 100_000, default: 20 }),
  failServer: int({ label: 'Server to fail', min: 0, max: 15, default: 0 }),
  healAfter: num({ label: 'Restart it after', description: '0 = stays down', unit: 's', min: 0, max: 100_000, default: 20 }),
  detectionDelay: num({ label: 'Detection delay', description: "Time for a client to notice its server is gone (uniform in half to all of it)", unit: 's', min: 0, max: 120, step: 0.1, default: 1 }),
  leaseTtl: num({ label: 'Registry lease', description: 'The lookup keeps naming a dead server until its lease runs out', unit: 's', min: 0, max: 120, step: 0.5, default: 6 }),
  backoffBase: num({ label: 'Backoff base', description: 'Retry k waits uniform in [floor, min(cap, base x 2^k)) (full jitter)', unit: 's', min: 0.01, max: 60, step: 0.01, default: 0.5 }),
  backoffCap: num({ label: 'Backoff cap', unit: 's', min: 0.01, max: 600, default: 15 }),
  sessionLength: num({ label: 'Mean session length', description: 'Clients leave and come back (exponential); 0 = no churn', unit: 's', min: 0, max: 100_000, default: 30 }),
  offlineTime: num({ label: 'Mean time offline', description: 'Between leaving and coming back', unit: 's', min: 0.01, max: 100_000, default: 3 }),
})
