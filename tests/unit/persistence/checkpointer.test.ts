// The checkpoint pacing of one room, on a hand-driven clock: when checkpoints are written, what
// they hold, and how failures, unloads and deleted boards are handled.
import { describe, expect, it } from 'vitest'
import { silentLogger } from '@/lib/log'
import { MemoryUpdateLog } from '@/lib/persistence/memory-update-log'
import type { UpdateLog } from '@/lib/persistence/update-log'
import { Checkpointer } from '@/server/checkpointer'
import { TimerSet } from '@/server/clock'
import { FakeClock } from '../../helpers/fake-clock'

const INTERVAL = 10_000

function setup(updateLog: UpdateLog = new MemoryUpdateLog()) {
  const clock = new FakeClock()
  const timers = new TimerSet(clock)
  let version = 0
  const checkpointer = new Checkpointer({
    room: 'r',
    updateLog,
    timers,
    clock,
    log: silentLogger,
    intervalMs: INTERVAL,
    state: () => new Uint8Array([version]),
  })
  const edit = (): void => {
    version++
    checkpointer.committed()
  }
  return { clock, timers, checkpointer, edit, start: clock.now() }
}

describe('checkpointer', () => {
  it('writes nothing while no append has committed', async () => {
    const log = new MemoryUpdateLog()
    const { clock, timers } = setup(log)
    await clock.advance(5 * INTERVAL)
    expect(log.checkpoints('r')).toEqual([])
    expect(timers.size).toBe(0)
  })

  it('writes the current state one interval after the first commit, stamped with the clock', async () => {
    const log = new MemoryUpdateLog()
    const { clock, edit, start } = setup(log)
    edit()
    await clock.advance(INTERVAL - 1)
    expect(log.checkpoints('r')).toEqual([])
    edit() // a second commit in the same interval does not bring the checkpoint forward
    await clock.advance(1)
    expect(log.checkpoints('r')).toMatchObject([{ at: new Date(start + INTERVAL), data: new Uint8Array([2]) }])
  })

  it('continuous editing writes at most one checkpoint per interval, idle writes none', async () => {
    const log = new MemoryUpdateLog()
    const { clock, timers, edit } = setup(log)
    for (let s = 0; s < 35; s++) {
      edit()
      await clock.advance(1_000)
    }
    await clock.advance(10 * INTERVAL)
    const times = log.checkpoints('r').map((c) => c.at.getTime())
    expect(times.length).toBe(4) // at 10, 20, 30 s and one for the edits of 30..34 s
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(INTERVAL)
    expect(log.checkpoints('r').at(-1)?.data).toEqual(new Uint8Array([35]))
    expect(timers.size).toBe(0)
  })

  it('a failed write is retried at the next interval and does not lose the changes', async () => {
    const log = new MemoryUpdateLog()
    const { clock, checkpointer, edit } = setup(log)
    log.checkpointError = new Error('disk full')
    edit()
    await clock.advance(INTERVAL)
    expect(log.checkpointCalls).toBe(1)
    expect(checkpointer.failures).toBe(1)
    expect(checkpointer.dirty).toBe(true)
    log.checkpointError = undefined
    await clock.advance(INTERVAL)
    expect(log.checkpoints('r').map((c) => c.data)).toEqual([new Uint8Array([1])])
    expect(checkpointer.failures).toBe(0)
  })

  it('final writes once if anything changed since the last checkpoint, and never twice', async () => {
    const log = new MemoryUpdateLog()
    const { clock, checkpointer, timers, edit } = setup(log)
    await checkpointer.final(1_000)
    expect(log.checkpointCalls).toBe(0)
    edit()
    await clock.advance(INTERVAL)
    await checkpointer.final(1_000)
    expect(log.checkpointCalls).toBe(1) // nothing changed since the periodic one
    edit()
    await checkpointer.final(1_000)
    expect(log.checkpoints('r').map((c) => c.data)).toEqual([new Uint8Array([1]), new Uint8Array([2])])
    expect(timers.size).toBe(0)
  })

  it('final gives up after its deadline when the database hangs', async () => {
    const log = new MemoryUpdateLog()
    const hanging: UpdateLog = { load: (r) => log.load(r), append: (r, u) => log.append(r, u), compact: (r) => log.compact(r), checkpoint: () => new Promise(() => {}), readCheckpoint: (r, id) => log.readCheckpoint(r, id) }
    const { clock, checkpointer, timers, edit } = setup(hanging)
    edit()
    let done = false
    void checkpointer.final(2_000).then(() => (done = true))
    await clock.advance(1_999)
    expect(done).toBe(false)
    await clock.advance(1)
    expect(done).toBe(true)
    checkpointer.stop()
    expect(timers.size).toBe(0)
  })

  it('a deleted board stops checkpoints without retrying', async () => {
    const log = new MemoryUpdateLog({ autoCreate: false })
    const { clock, checkpointer, timers, edit } = setup(log)
    edit()
    await clock.advance(INTERVAL)
    expect(log.checkpointCalls).toBe(1)
    edit()
    await clock.advance(5 * INTERVAL)
    expect(log.checkpointCalls).toBe(1)
    expect(checkpointer.failures).toBe(0)
    expect(timers.size).toBe(0)
  })

  it('stop cancels a pending checkpoint', async () => {
    const log = new MemoryUpdateLog()
    const { clock, checkpointer, timers, edit } = setup(log)
    edit()
    checkpointer.stop()
    expect(timers.size).toBe(0)
    await clock.advance(2 * INTERVAL)
    expect(log.checkpointCalls).toBe(0)
  })

  it('credits whoever edited since the last checkpoint, once each, and keeps the credit through a failed write', async () => {
    const log = new MemoryUpdateLog()
    const { clock, checkpointer, edit } = setup(log)
    checkpointer.noteAuthor('Ada')
    checkpointer.noteAuthor('Ada')
    checkpointer.noteAuthor('Grace')
    edit()
    log.checkpointError = new Error('disk full')
    await clock.advance(INTERVAL)
    expect(log.checkpoints('r')).toEqual([])
    log.checkpointError = undefined
    checkpointer.noteAuthor('Linus')
    await clock.advance(INTERVAL)
    expect(log.checkpoints('r').map((c) => [c.kind, c.authors.sort()])).toEqual([['auto', ['Ada', 'Grace', 'Linus']]])
    // The next checkpoint credits only those who edited after it.
    checkpointer.noteAuthor('Ada')
    edit()
    await clock.advance(INTERVAL)
    expect(log.checkpoints('r').at(-1)!.authors).toEqual(['Ada'])
  })
})
