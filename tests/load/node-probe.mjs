// Preloaded into every process of the system under test (NODE_OPTIONS=--import=<this file>, set
// by tests/load/system.ts), so the product carries no load-test code. Every 20 ms it measures
// how late a timer fires (event-loop lag); every second it appends one JSON line
// {t, rss, lag: [ms, ...]} to $LOAD_PROBE_DIR/<pid>.jsonl, which the runner reads by pid.
// SIGUSR2 runs a full garbage collection (NODE_OPTIONS carries --expose-gc) and appends a line
// at once with `live`: V8 heap used + external memory right after it, what the process really
// holds (RSS also counts heap pages V8 keeps resident after freeing them).
// Plain JavaScript: NODE_OPTIONS imports run before tsx is registered.
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.env.LOAD_PROBE_DIR
if (dir) {
  const file = join(dir, `${process.pid}.jsonl`)
  const PERIOD_MS = 20
  let lags = []
  let expected = performance.now() + PERIOD_MS
  const tick = () => {
    const now = performance.now()
    lags.push(Math.round(Math.max(0, now - expected) * 10) / 10)
    expected = now + PERIOD_MS
    setTimeout(tick, PERIOD_MS).unref()
  }
  setTimeout(tick, PERIOD_MS).unref()
  const write = (extra) => {
    const line = JSON.stringify({ t: Date.now(), rss: process.memoryUsage.rss(), lag: lags, ...extra })
    lags = []
    try {
      appendFileSync(file, `${line}\n`)
    } catch {
      // the runner removed the directory: the run is over
    }
  }
  process.on('SIGUSR2', () => {
    globalThis.gc?.()
    const m = process.memoryUsage()
    write({ live: m.heapUsed + m.external })
  })
  setInterval(() => write({}), 1000).unref()
}
