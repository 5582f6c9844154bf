// L6 (soak with churn): L1's rooms for the whole duration while clients keep reconnecting (10 % of
// them a minute) and redis-server is killed and restarted every 10 minutes (F3). Afterwards every
// room must unload within 60 s of its last client leaving, node RSS must not have grown more than
// 5 % between the first and the last minute after warm-up, and no probe or ack may be missing.
import { z } from 'zod'
import { interviewRooms, L1_SHAPE } from './interview'
import { atMost, type ScenarioResult } from './report'
import type { System } from './system'

const healthSchema = z.object({ rooms: z.number() })
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length

export async function soak(sys: System, opts: { durationS: number }): Promise<ScenarioResult> {
  const clients = L1_SHAPE.rooms * 3
  const run = await interviewRooms(sys, {
    ...L1_SHAPE,
    warmupS: Math.min(600, Math.max(10, Math.round(opts.durationS / 6))),
    durationS: opts.durationS,
    // L6_REDIS_RESTART_S shortens the F3 period, to reproduce what a restart does in minutes.
    churn: { reconnectsPerMinute: clients / 10, redisRestartEveryS: Number(process.env.L6_REDIS_RESTART_S ?? 600) },
  })
  // Closing happened at the end of the run; the last client left then.
  const leftAt = performance.now()
  let rooms = Infinity
  while (rooms > 0 && performance.now() - leftAt < 120_000) {
    const res = await fetch(`http://127.0.0.1:${sys.server.port(0)}/health`)
    rooms = healthSchema.parse(await res.json()).rooms
    if (rooms > 0) await new Promise((r) => setTimeout(r, 500))
  }
  const unloadS = rooms === 0 ? (performance.now() - leftAt) / 1000 : Infinity
  // The first and the last minute, or halves in a run shorter than two minutes.
  const span = Math.min(60_000, (run.window.to - run.window.from) / 2)
  const first = sys.probes.window(sys.server.pid(0), run.window.from, run.window.from + span).rssBytes
  const last = sys.probes.window(sys.server.pid(0), run.window.to - span, run.window.to).rssBytes
  const driftPercent = ((mean(last) - mean(first)) / mean(first)) * 100
  return {
    ...run,
    scenario: `L6 soak: ${run.scenario}, ${clients / 10} reconnects a minute, redis-server restarted every ${Number(process.env.L6_REDIS_RESTART_S ?? 600)} s`,
    figures: { ...run.figures, 'RSS first minute MB': mean(first) / 2 ** 20, 'RSS last minute MB': mean(last) / 2 ** 20 },
    criteria: [
      atMost('L6', 'node RSS drift after warm-up (last vs first minute)', driftPercent, 5, '%'),
      atMost('L6', 'all rooms unloaded after the last client left', unloadS, 60, 's'),
      atMost('L6', 'edits never acked', run.unackedEdits, 0, ''),
      atMost('L6', 'probes never delivered', run.lostProbes, 0, ''),
      atMost('L6', 'sockets the node closed (Redis restarts included)', run.closedByNode, 0, ''),
    ],
  }
}
