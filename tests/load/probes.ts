// Reads what node-probe.mjs writes: per-process event-loop lag samples and RSS, one JSON line a
// second in $LOAD_PROBE_DIR/<pid>.jsonl. The runner switches the probe on for itself too, so the
// load generator's own loop lag (the matrix's "discard the run if > 5 ms" check) is measured the
// same way as the nodes'.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { z } from 'zod'

const lineSchema = z.object({ t: z.number(), rss: z.number(), lag: z.array(z.number()), live: z.number().optional() })

/** `liveBytes`: heap used + external right after each SIGUSR2-triggered GC, in order. */
export type ProbeWindow = { lagMs: number[]; rssBytes: number[]; liveBytes: number[] }

export type Probes = {
  /** Samples of process `pid` written between `fromMs` and `toMs` (epoch ms). */
  window(pid: number, fromMs: number, toMs: number): ProbeWindow
  dispose(): void
}

/**
 * Turns the probe on for every process started from here on (they inherit NODE_OPTIONS and
 * LOAD_PROBE_DIR) and for this process.
 */
export async function enableProbes(): Promise<Probes> {
  const dir = mkdtempSync(join(tmpdir(), 'designroom-load-'))
  const probe = pathToFileURL(resolve('tests/load/node-probe.mjs')).href
  process.env.LOAD_PROBE_DIR = dir
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --expose-gc --import=${probe}`.trim()
  await import(probe)
  return {
    window(pid, fromMs, toMs) {
      const out: ProbeWindow = { lagMs: [], rssBytes: [], liveBytes: [] }
      let text = ''
      try {
        text = readFileSync(join(dir, `${pid}.jsonl`), 'utf8')
      } catch {
        return out
      }
      for (const raw of text.split('\n')) {
        if (!raw) continue
        const line = lineSchema.parse(JSON.parse(raw))
        if (line.t < fromMs || line.t > toMs) continue
        out.lagMs.push(...line.lag)
        out.rssBytes.push(line.rss)
        if (line.live !== undefined) out.liveBytes.push(line.live)
      }
      return out
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  }
}
