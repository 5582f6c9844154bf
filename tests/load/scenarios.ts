// The runner's scenario table: the matrix row each name runs, its default (matrix) duration, and
// the system it starts. Each entry is a few lines; the work is in one module per scenario.
import { templateFanout } from './fanout'
import { idleCapacity } from './idle'
import { interviewRooms, L1_SHAPE } from './interview'
import { joinStorm } from './join-storm'
import { lookupAndUpgrade, webProcessCount } from './lookup-upgrade'
import type { ScenarioResult } from './report'
import { teamSessions } from './team'
import { soak } from './soak'
import { startSystem, type System } from './system'

export type RunContext = { durationS: number | undefined; pin: boolean }
type Scenario = { about: string; run(ctx: RunContext): Promise<ScenarioResult[]> }

async function withSystem<T>(pin: boolean, fn: (sys: System) => Promise<T>): Promise<T> {
  const sys = await startSystem(pin)
  try {
    return await fn(sys)
  } finally {
    await sys.stop()
  }
}

export const SCENARIOS = {
  l1: {
    about: 'L1 interview rooms + D9 saved acks, 300 s by default',
    run: ({ durationS, pin }) => withSystem(pin, async (sys) => [await interviewRooms(sys, { ...L1_SHAPE, durationS: durationS ?? 300 })]),
  },
  l4: {
    about: 'L4 idle capacity, 2,000 connections in 1,000 rooms',
    run: ({ pin }) => withSystem(pin, async (sys) => [await idleCapacity(sys, { connections: 2_000, perRoom: 2 })]),
  },
  l2: {
    about: 'L2 team sessions (affinity ON, OFF, the brief cross-node case) + L8 Redis PUBLISH per update, 30 s per run by default',
    run: ({ durationS, pin }) => withSystem(pin, async (sys) => [await teamSessions(sys, { durationS: durationS ?? 30 })]),
  },
  l3: {
    // A write every 200 ms; 500 writes by default, so the p99 is not simply the slowest write.
    about: 'L3 template fan-out, 1 writer -> 500 readers on 2 nodes, 100 s (500 writes) by default',
    run: ({ durationS, pin }) => withSystem(pin, async (sys) => [await templateFanout(sys, { readers: 500, writes: Math.round((durationS ?? 100) * 5) })]),
  },
  l5: {
    about: 'L5 join storm, 100 clients join a 10,000-update board within 1 s',
    run: ({ pin }) => withSystem(pin, async (sys) => [await joinStorm(sys, { updates: 10_000, clients: 100, spreadMs: 1_000 })]),
  },
  l6: {
    about: 'L6 soak: L1 with churn and Redis restarts, 2 h by default',
    run: ({ durationS, pin }) => withSystem(pin, async (sys) => [await soak(sys, { durationS: durationS ?? 7_200 })]),
  },
  l7: {
    about: 'L7 lookup (c=50) then upgrades (50/s) on the full cluster, 30 s each by default (L7_WEB_PROCESSES web processes, 1 by default); needs a production build',
    run: async ({ durationS }) => [
      await lookupAndUpgrade({ durationS: durationS ?? 30, concurrency: 50, upgradesPerS: 50, boards: 20, webProcesses: webProcessCount(process.env.L7_WEB_PROCESSES) }),
    ],
  },
} satisfies Record<string, Scenario>

export type ScenarioName = keyof typeof SCENARIOS
