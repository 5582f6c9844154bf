// L3 (template fan-out): the bench's fan-out measurement (bench/scenarios.ts `fanout`, row 3) at
// the matrix's shape: one writer, 500 readers of one room split across the two nodes, so half
// the readers get each write through Redis.
import { fanout } from '../bench/scenarios'
import { atMost, type ScenarioResult } from './report'
import { loopFigures, type System } from './system'

export async function templateFanout(sys: System, opts: { readers: number; writes: number }): Promise<ScenarioResult> {
  const f = await fanout(sys.server, { readers: opts.readers, writes: opts.writes, gapMs: 200, nodes: 2 })
  const nodeLag = [0, 1].map((i) => loopFigures(sys.probes, sys.server.pid(i), f.window.from, f.window.to))
  return {
    scenario: `L3 template fan-out: 1 writer -> ${opts.readers} readers over 2 nodes, ${opts.writes} writes 200 ms apart`,
    figures: {
      'writes measured': f.writes,
      'time to last reader p50 ms': f.p50,
      'time to last reader max ms': f.max,
      // Node 0 holds the writer; node 1's readers get each write through Redis.
      ...Object.fromEntries(f.byNode.flatMap((n, i) => [[`node ${i} readers: last p50 / p99 / max ms`, `${n.p50.toFixed(1)} / ${n.p99.toFixed(1)} / ${n.max.toFixed(1)}`]])),
      'generator loop delay p99 / max ms': `${f.generatorLag.p99.toFixed(1)} / ${f.generatorLag.max.toFixed(1)}`,
      ...Object.fromEntries(nodeLag.map((l, i) => [`node ${i} loop lag p99 / max ms`, `${l.lagP99.toFixed(1)} / ${l.lagMax.toFixed(1)}`])),
    },
    criteria: [atMost('L3', 'time to last reader p99', f.p99, 50, 'ms'), atMost('L3', 'writes some reader never got', f.lost, 0, '')],
    notes: [],
  }
}
