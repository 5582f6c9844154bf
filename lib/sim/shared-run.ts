// The simulator run a board shares: a small JSON record kept in the tldraw document record's meta
// (key `simulator`), so every browser on the board computes the same picture from it without any
// server support. A run is fully described by (simulator, parameters, seed, failure commands at
// sim times) plus the play clock, and the engine is seeded, so replaying the record gives the
// same state everywhere. Pure: no DOM, no Date (callers pass the wall clock).
import { z } from 'zod'
import { boardSimulator } from '@/lib/sim/board'
import type { Run, Simulator } from '@/lib/sim/engine'
import { getSimulator } from '@/lib/sim/registry'

/**
 * The one simulator not in the registry: the board's own diagram (lib/sim/board). Its run needs
 * the board's graph, which every browser reads from the same document, so a record names it by id.
 */
export const BOARD_SIMULATOR_ID = boardSimulator.id

export function isKnownSimulator(id: string): boolean {
  return id === BOARD_SIMULATOR_ID || getSimulator(id) !== undefined
}

/** The record is synced to every client: keep it small. */
export const MAX_SHARED_BYTES = 4096
export const MAX_FAILURES = 64
export const MIN_SPEED = 0.25
export const MAX_SPEED = 4
/** At 1x a simulator's default run length plays out in this many real seconds. */
export const REAL_SECONDS_PER_RUN = 60

const paramValue = z.union([z.number().finite(), z.string().max(64), z.boolean()])

export const failureSchema = z.strictObject({
  node: z.string().min(1).max(64),
  at: z.number().finite().min(0),
  heal: z.boolean().optional(),
})

export const sharedRunSchema = z.strictObject({
  id: z.string().min(1).max(64),
  params: z.record(z.string().max(64), paramValue),
  seed: z.number().int().min(0).max(0xffffffff),
  playing: z.boolean(),
  speed: z.number().finite().min(MIN_SPEED).max(MAX_SPEED),
  startedAt: z.number().finite().min(0),
  offset: z.number().finite().min(0),
  failures: z.array(failureSchema).max(MAX_FAILURES),
})

export type SharedRun = z.infer<typeof sharedRunSchema>
export type Failure = z.infer<typeof failureSchema>

/** Parse untrusted input (another client's record); null when invalid, unknown or oversized. */
export function parseSharedRun(input: unknown): SharedRun | null {
  const parsed = sharedRunSchema.safeParse(input)
  if (!parsed.success) return null
  if (!isKnownSimulator(parsed.data.id)) return null
  if (JSON.stringify(parsed.data).length > MAX_SHARED_BYTES) return null
  return parsed.data
}

/**
 * Make a record fit before writing it: drop the oldest failures until it is under the size
 * limit (a dropped failure is one that happened long ago). Null if it still cannot fit.
 */
export function fitSharedRun(state: SharedRun): SharedRun | null {
  let failures = state.failures.slice(-MAX_FAILURES)
  let next: SharedRun = { ...state, failures }
  while (JSON.stringify(next).length > MAX_SHARED_BYTES && failures.length > 0) {
    failures = failures.slice(1)
    next = { ...state, failures }
  }
  return sharedRunSchema.safeParse(next).success && JSON.stringify(next).length <= MAX_SHARED_BYTES ? next : null
}

export function defaultSharedRun(sim: Pick<Simulator, 'id' | 'params'>): SharedRun {
  return { id: sim.id, params: { ...(sim.params.defaults as Record<string, number | string | boolean>) }, seed: 1, playing: false, speed: 1, startedAt: 0, offset: 0, failures: [] }
}

/** Simulated time units per real second at 1x. */
export function simRate(sim: Pick<Simulator, 'defaultDuration'>): number {
  return sim.defaultDuration / REAL_SECONDS_PER_RUN
}

/** The run's length: play stops here (chart samples are spaced for it). */
export function horizonOf(sim: Pick<Simulator, 'defaultDuration'>): number {
  return sim.defaultDuration
}

/**
 * How fast a record's run plays and where it stops. The board simulator's length is its
 * `duration` parameter (clients send for that long), so its clock follows the parameter.
 */
export function timingOf(state: SharedRun): { rate: number; horizon: number } {
  if (state.id === BOARD_SIMULATOR_ID) {
    const parsed = boardSimulator.params.schema.safeParse(state.params)
    const duration = parsed.success ? parsed.data.duration : boardSimulator.defaultDuration
    return { rate: duration / REAL_SECONDS_PER_RUN, horizon: duration }
  }
  const sim = getSimulator(state.id)
  return sim ? { rate: simRate(sim), horizon: horizonOf(sim) } : { rate: 1, horizon: Infinity }
}

/**
 * The simulated time the record stands at when the wall clock reads `nowMs`: paused, the offset;
 * playing, the offset plus the elapsed real time x speed x rate. Clamped to [offset, horizon].
 */
export function simTimeAt(state: SharedRun, nowMs: number, rate?: number, horizon?: number): number {
  const timing = rate === undefined || horizon === undefined ? timingOf(state) : null
  const r = rate ?? timing!.rate
  const h = horizon ?? timing!.horizon
  if (!state.playing) return Math.min(state.offset, Math.max(h, state.offset))
  const elapsed = Math.max(0, nowMs - state.startedAt) / 1000
  return Math.max(state.offset, Math.min(h, state.offset + elapsed * state.speed * r))
}

/**
 * A failure entry whose node starts with this prefix is a network cut (CAP): `cut:n0,n1` cuts
 * n0 and n1 off from the rest; with `heal: true` the partition heals. Runs without partitions
 * ignore it.
 */
export const CUT_PREFIX = 'cut:'

type Partitionable = { partition?(minority: readonly string[]): void; healPartition?(): void }

export function cutCommand(minority: readonly string[]): string {
  return `${CUT_PREFIX}${minority.join(',')}`
}

/** Apply one command to a run now. */
export function applyFailure(run: Run, f: Failure): void {
  if (f.node.startsWith(CUT_PREFIX)) {
    const p = run as Run & Partitionable
    if (f.heal) p.healPartition?.()
    else p.partition?.(f.node.slice(CUT_PREFIX.length).split(',').filter(Boolean))
    return
  }
  if (f.heal) run.heal(f.node)
  else run.fail(f.node)
}

/** Failures in the order they apply: by sim time, ties in recorded order. */
export function orderedFailures(failures: readonly Failure[]): Failure[] {
  return failures
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.at - b.f.at || a.i - b.i)
    .map(({ f }) => f)
}

/**
 * A run that follows a shared record incrementally: `syncTo(t)` advances the run to t, applying
 * each failure exactly once at its sim time. `applied` counts the ordered failures applied.
 */
export type Replay = { run: Run; failures: Failure[]; applied: number }

export function startReplay(run: Run, state: SharedRun): Replay {
  return { run, failures: orderedFailures(state.failures), applied: 0 }
}

/** Advance a replay to time t (never backwards), applying due failures at their times. */
export function syncTo(replay: Replay, t: number): void {
  const { run, failures } = replay
  while (replay.applied < failures.length && failures[replay.applied]!.at <= t) {
    const f = failures[replay.applied]!
    if (f.at > run.now) run.advance(f.at)
    applyFailure(run, f)
    replay.applied += 1
  }
  if (t > run.now) run.advance(t)
}

/**
 * Can `replay` (built from `prev`) follow `next` without starting over? Only if the simulator,
 * parameters and seed are the same and the failures already applied are unchanged and still come
 * first (new failures apply later, at or after the run's current time).
 */
export function canContinue(replay: Replay, prev: SharedRun, next: SharedRun): boolean {
  if (prev.id !== next.id || prev.seed !== next.seed) return false
  if (JSON.stringify(prev.params) !== JSON.stringify(next.params)) return false
  const ordered = orderedFailures(next.failures)
  for (let i = 0; i < replay.applied; i++) {
    const a = replay.failures[i]!
    const b = ordered[i]
    if (!b || a.node !== b.node || a.at !== b.at || !!a.heal !== !!b.heal) return false
  }
  // Unapplied ones must not lie in the run's past.
  for (let i = replay.applied; i < ordered.length; i++) if (ordered[i]!.at < replay.run.now) return false
  return true
}

/** Continue `replay` with `next`'s failure list (after canContinue said yes). */
export function adoptFailures(replay: Replay, next: SharedRun): void {
  replay.failures = orderedFailures(next.failures)
}

/** Advance a fresh run to t, applying the record's failures at their sim times. */
export function replayTo(run: Run, state: SharedRun, t: number): Run {
  syncTo(startReplay(run, state), t)
  return run
}
