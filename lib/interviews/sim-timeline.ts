// The simulator on the interview's time line. The board shares its simulator run through the
// tldraw document record's meta.simulator (lib/sim/shared-run.ts), and every replay frame is a
// whole board, so each frame already says what the simulator stood at then. This module reads
// that record per frame and turns the differences between consecutive frames into events (a run
// chosen or changed, play, pause, a failure injected), placed at the frame where they were first
// seen: checkpoints are the only clock the replay has, so an event is "between the previous frame
// and this one". Pure: frames come decoded from the caller.
import { boardSimulator } from '@/lib/sim/board'
import { getSimulator } from '@/lib/sim/registry'
import { orderedFailures, parseSharedRun, type Failure, type SharedRun } from '@/lib/sim/shared-run'

export const SIM_META_KEY = 'simulator'

/** What a frame needs to expose: its records (only the document record is read). */
export type RecordLike = { typeName: string; meta?: unknown }

export type SimFrame = { at: number; run: SharedRun | null }

export type SimEvent =
  | { kind: 'run'; at: number; run: SharedRun; changed: Array<'simulator' | 'params' | 'seed'> }
  | { kind: 'cleared'; at: number }
  | { kind: 'play' | 'pause'; at: number; run: SharedRun }
  | { kind: 'failure'; at: number; run: SharedRun; failure: Failure }

/** The shared run a board state holds; null when there is none or it does not parse. */
export function simRunOfRecords(records: Iterable<RecordLike>): SharedRun | null {
  for (const record of records) {
    if (record.typeName !== 'document') continue
    const meta = record.meta
    if (typeof meta !== 'object' || meta === null) return null
    return parseSharedRun((meta as Record<string, unknown>)[SIM_META_KEY])
  }
  return null
}

/** Per frame, its time and the simulator record in it, in the order given (the route sorts). */
export function simFrames(frames: ReadonlyArray<{ at: number; records: Iterable<RecordLike> }>): SimFrame[] {
  return frames.map((f) => ({ at: f.at, run: simRunOfRecords(f.records) }))
}

function sameParams(a: SharedRun['params'], b: SharedRun['params']): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const key of keys) if (a[key] !== b[key]) return false
  return true
}

function failureKey(f: Failure): string {
  return `${f.node}\u0000${f.at}\u0000${f.heal ? 1 : 0}`
}

/** Failures in `next` not in `prev`, as a multiset (the same command twice counts twice). */
function newFailures(prev: readonly Failure[], next: readonly Failure[]): Failure[] {
  const seen = new Map<string, number>()
  for (const f of prev) seen.set(failureKey(f), (seen.get(failureKey(f)) ?? 0) + 1)
  const added: Failure[] = []
  for (const f of orderedFailures(next)) {
    const n = seen.get(failureKey(f)) ?? 0
    if (n > 0) seen.set(failureKey(f), n - 1)
    else added.push(f)
  }
  return added
}

/** The events that turn `prev` into `next` at time `at` (prev null: nothing ran before). */
export function simEventsBetween(prev: SharedRun | null, next: SharedRun | null, at: number): SimEvent[] {
  if (!next) return prev ? [{ kind: 'cleared', at }] : []
  const events: SimEvent[] = []
  const changed: Array<'simulator' | 'params' | 'seed'> = []
  if (!prev || prev.id !== next.id) changed.push('simulator')
  if (prev && prev.id === next.id && !sameParams(prev.params, next.params)) changed.push('params')
  if (prev && prev.id === next.id && prev.seed !== next.seed) changed.push('seed')
  const restarted = changed.length > 0
  if (restarted) events.push({ kind: 'run', at, run: next, changed })
  // A new run that is already playing counts as play; otherwise only a change of state does.
  if (next.playing && (!prev || !prev.playing || restarted)) events.push({ kind: 'play', at, run: next })
  else if (!next.playing && prev?.playing && !restarted) events.push({ kind: 'pause', at, run: next })
  // After a restart every failure in the new record is new to this run.
  for (const failure of newFailures(restarted || !prev ? [] : prev.failures, next.failures)) events.push({ kind: 'failure', at, run: next, failure })
  return events
}

/** Every simulator event along the frames, in time order. */
export function simEvents(frames: readonly SimFrame[]): SimEvent[] {
  const events: SimEvent[] = []
  let prev: SharedRun | null = null
  for (const frame of frames) {
    events.push(...simEventsBetween(prev, frame.run, frame.at))
    prev = frame.run
  }
  return events
}

type Described = { title: string; timeUnit: string; defaults: Record<string, unknown>; labels: Record<string, string> }

/** Title, time unit, defaults and knob labels of a simulator id (the board's own included). */
export function describeSimulator(id: string): Described | null {
  const sim = id === boardSimulator.id ? boardSimulator : getSimulator(id)
  if (!sim) return null
  const specs = sim.params.specs as Record<string, { label?: string }>
  const labels: Record<string, string> = {}
  for (const [key, spec] of Object.entries(specs)) labels[key] = spec.label ?? key
  return { title: sim.title, timeUnit: sim.timeUnit, defaults: sim.params.defaults as Record<string, unknown>, labels }
}

export type ParamChange = { name: string; label: string; value: SharedRun['params'][string]; default: unknown }

/** The parameters that differ from the simulator's defaults, in the simulator's knob order. */
export function changedParams(run: SharedRun): ParamChange[] {
  const info = describeSimulator(run.id)
  if (!info) return []
  const order = [...Object.keys(info.defaults), ...Object.keys(run.params).filter((k) => !(k in info.defaults))]
  const changes: ParamChange[] = []
  for (const name of order) {
    if (!(name in run.params)) continue
    const value = run.params[name]!
    if (value === info.defaults[name]) continue
    changes.push({ name, label: info.labels[name] ?? name, value, default: info.defaults[name] })
  }
  return changes
}

/** One line for a failure command: "s2 failed", "s2 healed", "partition n0, n1", "partition healed". */
export function failureText(f: Failure): string {
  if (f.node.startsWith('cut:')) {
    return f.heal ? 'partition healed' : `partition ${f.node.slice(4).split(',').filter(Boolean).join(', ')}`
  }
  return `${f.node} ${f.heal ? 'healed' : 'failed'}`
}

/** A short label for an event mark on the scrubber. */
export function eventText(event: SimEvent): string {
  switch (event.kind) {
    case 'cleared':
      return 'Simulator cleared'
    case 'play':
      return 'Play'
    case 'pause':
      return 'Pause'
    case 'failure':
      return `${failureText(event.failure)} at t=${formatSimTime(event.failure.at)}`
    case 'run': {
      const title = describeSimulator(event.run.id)?.title ?? event.run.id
      return event.changed.includes('simulator') ? title : `${title}: ${event.changed.join(', ')} changed`
    }
  }
}

/** Sim times at a readable precision (they are floats from a clock). */
export function formatSimTime(t: number): string {
  return Number.isInteger(t) ? String(t) : t.toFixed(t < 10 ? 2 : 1)
}
