import { describe, expect, it } from 'vitest'
import { apply, ClockError, DEFAULT_PHASES, formatDuration, newClock, phaseStarts, view, wallClockAt, type ClockState } from '@/lib/interviews/clock'

const MIN = 60_000
const T0 = Date.UTC(2026, 10, 29, 9, 0, 0)

describe('interview clock', () => {
  it('shows 0:00 in the first phase before the interviewer starts it', () => {
    const v = view(newClock(DEFAULT_PHASES), T0 + 10 * MIN)
    expect(v).toMatchObject({ status: 'not-started', elapsedMs: 0, phaseIndex: 0, phaseRemainingMs: 5 * MIN, overtime: false, totalMs: 45 * MIN })
  })

  it('runs through the phases and runs over in the last one', () => {
    const started = apply(newClock(DEFAULT_PHASES), 'start', T0)
    expect(view(started, T0 + 4 * MIN)).toMatchObject({ status: 'running', phaseIndex: 0, phaseRemainingMs: MIN })
    expect(view(started, T0 + 5 * MIN)).toMatchObject({ phaseIndex: 1, phaseElapsedMs: 0, phaseRemainingMs: 15 * MIN })
    expect(view(started, T0 + 30 * MIN)).toMatchObject({ phaseIndex: 2, phaseElapsedMs: 10 * MIN })
    expect(view(started, T0 + 47 * MIN)).toMatchObject({ phaseIndex: 3, phaseRemainingMs: -2 * MIN, overtime: true })
  })

  it('stands still while paused, for everyone, and resumes where it stopped', () => {
    let clock: ClockState = apply(newClock(DEFAULT_PHASES), 'start', T0)
    clock = apply(clock, 'pause', T0 + 3 * MIN)
    expect(view(clock, T0 + 3 * MIN).elapsedMs).toBe(3 * MIN)
    expect(view(clock, T0 + 9 * MIN)).toMatchObject({ status: 'paused', elapsedMs: 3 * MIN })
    clock = apply(clock, 'resume', T0 + 10 * MIN)
    expect(view(clock, T0 + 12 * MIN)).toMatchObject({ status: 'running', elapsedMs: 5 * MIN, phaseIndex: 1 })
  })

  it('stops for good at the end, also when ended while paused', () => {
    let clock = apply(newClock(DEFAULT_PHASES), 'start', T0)
    clock = apply(clock, 'pause', T0 + 20 * MIN)
    clock = apply(clock, 'end', T0 + 25 * MIN)
    expect(view(clock, T0 + 60 * MIN)).toMatchObject({ status: 'ended', elapsedMs: 20 * MIN })
  })

  it('refuses impossible transitions with a message', () => {
    const fresh = newClock(DEFAULT_PHASES)
    expect(() => apply(fresh, 'pause', T0)).toThrow(new ClockError('the clock is not running'))
    expect(() => apply(fresh, 'resume', T0)).toThrow('the clock is not paused')
    const started = apply(fresh, 'start', T0)
    expect(() => apply(started, 'start', T0)).toThrow('the clock has already started')
    const ended = apply(started, 'end', T0 + MIN)
    expect(() => apply(ended, 'end', T0 + 2 * MIN)).toThrow('the interview has already ended')
  })

  it('maps interview time back to wall-clock time across pauses (for the replay timeline)', () => {
    let clock = apply(newClock(DEFAULT_PHASES), 'start', T0)
    clock = apply(clock, 'pause', T0 + 4 * MIN)
    clock = apply(clock, 'resume', T0 + 7 * MIN)
    expect(wallClockAt(clock, 2 * MIN)).toBe(T0 + 2 * MIN)
    expect(wallClockAt(clock, 5 * MIN)).toBe(T0 + 8 * MIN)
    expect(wallClockAt(newClock(DEFAULT_PHASES), MIN)).toBeNull()
    expect(phaseStarts(DEFAULT_PHASES).map((p) => p.atMs / MIN)).toEqual([0, 5, 20, 40])
  })

  it('formats durations as m:ss, negative when over', () => {
    expect(formatDuration(0)).toBe('0:00')
    expect(formatDuration(65_999)).toBe('1:05')
    expect(formatDuration(-90_000)).toBe('-1:30')
  })
})
