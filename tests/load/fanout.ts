// L3 (template fan-out): the bench's fan-out measurement (bench/scenarios.ts `fanout`, row 3) at
// the matrix's shape: one writer, 500 readers of one room split across the two nodes, so half
// the readers get each write through Redis.
import { fanout } from '../bench/scenarios'
import { atMost, type ScenarioResult } from './report'
import type { System } from './system'

export async function templateFanout(sys: System, opts: { readers: number; writes: number }): Promise<ScenarioResult> {
  const f = await fanout(sys.server, { readers: opts.readers, writes: opts.writes, gapMs: 200, nodes: 2 })
  return {
    scenario: `L3 template fan-out: 1 writer -> ${opts.readers} readers over 2 nodes, ${opts.writes} writes 200 ms apart`,
    figures: { 'writes measured': f.writes, 'time to last reader p50 ms': f.p50, 'time to last reader max ms': f.max },
    criteria: [atMost('L3', 'time to last reader p99', f.p99, 50, 'ms'), atMost('L3', 'writes some reader never got', f.lost, 0, '')],
    notes: [],
  }
}
