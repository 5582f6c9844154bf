// Producers: Poisson notifications over Zipf-active users with a priority mix, some emitted
// twice with the same idempotency key (a producer retrying after a lost ack), and an optional
// low-priority campaign to every user at once.
import { Zipf, exponential, type Rng, type Simulation } from '@/lib/sim/engine'
import type { Priority } from './priority-queue'

export type Note = {
  id: number
  user: number
  priority: Priority
  key: number
  createdAt: number
  repeat: boolean
  /** A digest: the low-priority items it carries. */
  parts?: Note[]
}

export type ProducerConfig = {
  rate: number
  users: number
  userSkew: number
  highShare: number
  lowShare: number
  repeatRate: number
  /** Minutes. */
  repeatDelay: number
  campaignAt: number
  stopAt: number
}

export type ProducerStreams = { arrivals: Rng; users: Rng; priority: Rng; repeats: Rng }

export function startProducers(sim: Simulation, c: ProducerConfig, rng: ProducerStreams, nextId: () => number, emit: (n: Note) => void): void {
  const zipf = new Zipf(c.users, c.userSkew)
  const stopped = (): boolean => c.stopAt > 0 && sim.now >= c.stopAt
  const produce = (): void => {
    if (stopped()) return
    const u = rng.priority.next()
    const priority: Priority = u < c.highShare ? 0 : u < c.highShare + c.lowShare ? 2 : 1
    const id = nextId()
    const note: Note = { id, user: zipf.sample(rng.users), priority, key: id, createdAt: sim.now, repeat: false }
    emit(note)
    // Draw both numbers every time so the repeat knob does not shift the other draws.
    const isRepeat = rng.repeats.next() < c.repeatRate
    const delay = rng.repeats.next() * c.repeatDelay
    if (isRepeat) sim.after(delay, () => emit({ ...note, id: nextId(), createdAt: sim.now, repeat: true }))
    sim.after(exponential(rng.arrivals, c.rate), produce)
  }
  sim.at(exponential(rng.arrivals, c.rate), produce)
  if (c.campaignAt > 0 && !(c.stopAt > 0 && c.campaignAt >= c.stopAt)) {
    sim.at(c.campaignAt, () => {
      for (let user = 0; user < c.users; user++) {
        const id = nextId()
        emit({ id, user, priority: 2, key: id, createdAt: sim.now, repeat: false })
      }
    })
  }
}
