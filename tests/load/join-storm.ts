// L5 (join storm): a board whose log holds 10,000 updates (bench/scenarios.ts `uploadLog`) is left
// to unload, so it loads cold from SQLite; one client's cold load is timed alone; the room unloads
// again, then 100 clients join within 1 s (evenly spread start times). Each join is timed from
// its intended start until the client is synced.
import { BenchClient, closeAll } from '../bench/load-generator'
import { percentile, uploadLog } from '../bench/scenarios'
import { atMost, type ScenarioResult } from './report'
import type { System } from './system'

// The node unloads a room 2 s after its last client leaves (server/node.ts unloadDelayMs), once
// its appends are flushed; this leaves room for both.
const UNLOAD_WAIT_MS = 5_000
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export async function joinStorm(sys: System, opts: { updates: number; clients: number; spreadMs: number }): Promise<ScenarioResult> {
  const { server } = sys
  const room = `bload${Date.now().toString(36)}storm`
  await (await uploadLog(server, room, opts.updates)).close()
  await sleep(UNLOAD_WAIT_MS)
  const coldStart = performance.now()
  const one = new BenchClient(await server.endpoint(room, 0))
  await one.synced
  const cold = performance.now() - coldStart
  await one.close()
  await sleep(UNLOAD_WAIT_MS)

  const endpoints = await Promise.all(Array.from({ length: opts.clients }, () => server.endpoint(room, 0)))
  const started = performance.now()
  const times: number[] = []
  const clients = await Promise.all(
    endpoints.map(async (ep, i) => {
      const intended = started + (i / opts.clients) * opts.spreadMs
      await sleep(intended - performance.now())
      const client = new BenchClient(ep)
      await client.synced
      times.push(performance.now() - intended)
      return client
    }),
  )
  const allSynced = performance.now() - started
  await closeAll(clients)
  return {
    scenario: `L5 join storm: ${opts.clients} clients join a ${opts.updates}-update board within ${opts.spreadMs} ms`,
    figures: { 'join p50 ms': percentile(times, 50), 'join max ms': percentile(times, 100) },
    criteria: [
      atMost('L5', 'all synced (from the first join)', allSynced, 5_000, 'ms'),
      atMost('L5', 'join p99 (intended start -> synced)', percentile(times, 99), 3_000, 'ms'),
      atMost('L5', 'cold load of one client', cold, 100, 'ms'),
    ],
    notes: [],
  }
}
