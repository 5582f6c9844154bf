// CP mode: a compact Raft (Ongaro and Ousterhout, 2014). Terms, randomized election timeouts,
// votes only for candidates whose log is at least as up to date, majority commit of entries
// from the leader's own term, a no-op at the start of each term, and reads served by the leader
// after a heartbeat round confirms a majority still follows it (the "read index" technique).
// Simplification: AppendEntries ships the leader's whole log, so followers adopt it wholesale
// instead of the nextIndex back-off; safety is the same, only message size differs.
import { uniform, type EventHandle, type Rng, type Simulation } from '@/lib/sim/engine'
import type { Network } from './network'
import type { ClientOp, Protocol, Reply } from './protocol'

type Entry = { term: number; key: number; index: number; at: number }

type RaftNode = {
  id: string
  term: number
  votedFor: string | null
  log: Entry[]
  /** Term of the AppendEntries that last set the log (snapshots of one term can arrive out of order). */
  logTerm: number
  commitIndex: number
  role: 'follower' | 'candidate' | 'leader'
  leader: string | null
  votes: Set<string>
  matchIndex: Map<string, number>
  timer: EventHandle | null
  /** Pending client writes by log index, and reads waiting for a heartbeat round. */
  pendingWrites: Map<number, { op: ClientOp; reply: Reply }>
  pendingReads: { round: number; acks: Set<string>; readIndex: number; op: ClientOp; reply: Reply }[]
  round: number
}

export type CpOptions = { heartbeat: number; electionTimeoutMin: number; electionTimeoutMax: number; startWithLeader: boolean }

export class CpProtocol implements Protocol {
  private readonly nodes = new Map<string, RaftNode>()
  private readonly leaders = new Map<number, string>()
  private twoLeaderTerms = 0
  private minorityCommits = 0

  constructor(
    private readonly sim: Simulation,
    private readonly net: Network,
    private readonly rng: Rng,
    private readonly o: CpOptions,
  ) {
    for (const id of net.ids) {
      this.nodes.set(id, {
        id, term: 0, votedFor: null, log: [], logTerm: 0, commitIndex: 0, role: 'follower', leader: null,
        votes: new Set(), matchIndex: new Map(), timer: null, pendingWrites: new Map(), pendingReads: [], round: 0,
      })
    }
    const first = this.nodes.get(net.ids[0]!)!
    for (const n of this.nodes.values()) this.resetTimer(n)
    if (o.startWithLeader) {
      for (const n of this.nodes.values()) n.term = 1
      first.votedFor = first.id
      this.becomeLeader(first)
    }
  }

  private node(id: string): RaftNode {
    return this.nodes.get(id)!
  }

  private resetTimer(n: RaftNode): void {
    if (n.timer) n.timer.cancelled = true
    n.timer = this.sim.after(uniform(this.rng, this.o.electionTimeoutMin, this.o.electionTimeoutMax), () => {
      n.timer = null
      if (this.net.isUp(n.id) && n.role !== 'leader') this.startElection(n)
    })
  }

  private lastTerm(n: RaftNode): number {
    return n.log.at(-1)?.term ?? 0
  }

  /** Any message carrying a newer term demotes the receiver. */
  private observeTerm(n: RaftNode, term: number): void {
    if (term <= n.term) return
    n.term = term
    n.votedFor = null
    if (n.role === 'leader') this.stepDown(n)
    n.role = 'follower'
  }

  private stepDown(n: RaftNode): void {
    n.role = 'follower'
    n.leader = null
    for (const { reply } of n.pendingWrites.values()) reply(false, 0)
    for (const r of n.pendingReads) r.reply(false, 0)
    n.pendingWrites.clear()
    n.pendingReads = []
    this.resetTimer(n)
  }

  private startElection(n: RaftNode): void {
    n.term++
    n.role = 'candidate'
    n.votedFor = n.id
    n.leader = null
    n.votes = new Set([n.id])
    this.resetTimer(n)
    const { term } = n
    const lastTerm = this.lastTerm(n)
    const lastIndex = n.log.length
    for (const peer of this.net.ids) {
      if (peer === n.id) continue
      this.net.send(n.id, peer, 'vote?', () => {
        const v = this.node(peer)
        this.observeTerm(v, term)
        const upToDate = lastTerm > this.lastTerm(v) || (lastTerm === this.lastTerm(v) && lastIndex >= v.log.length)
        const granted = term === v.term && (v.votedFor === null || v.votedFor === n.id) && upToDate
        if (granted) {
          v.votedFor = n.id
          this.resetTimer(v)
        }
        const voterTerm = v.term
        this.net.send(peer, n.id, granted ? 'vote' : 'no-vote', () => {
          this.observeTerm(n, voterTerm)
          if (!granted || n.role !== 'candidate' || n.term !== term) return
          n.votes.add(peer)
          if (n.votes.size >= this.net.majority) this.becomeLeader(n)
        })
      })
    }
  }

  private becomeLeader(n: RaftNode): void {
    const other = this.leaders.get(n.term)
    if (other !== undefined && other !== n.id) this.twoLeaderTerms++
    this.leaders.set(n.term, n.id)
    n.role = 'leader'
    n.leader = n.id
    if (n.timer) n.timer.cancelled = true
    n.timer = null
    n.matchIndex = new Map()
    // The no-op lets the new leader commit an entry of its own term, which commits everything
    // before it and makes its commit index safe to serve reads from.
    n.log.push({ term: n.term, key: -1, index: n.log.length + 1, at: this.sim.now })
    const term = n.term
    const beat = (): void => {
      if (n.role !== 'leader' || n.term !== term || !this.net.isUp(n.id)) return
      this.broadcast(n)
      this.sim.after(this.o.heartbeat, beat)
    }
    beat()
  }

  /** AppendEntries to every follower; acks count towards commits and pending reads' rounds. */
  private broadcast(n: RaftNode): void {
    const round = ++n.round
    const { term, commitIndex } = n
    const log = n.log.slice()
    for (const peer of this.net.ids) {
      if (peer === n.id) continue
      this.net.send(n.id, peer, 'append', () => {
        const f = this.node(peer)
        this.observeTerm(f, term)
        if (term < f.term) {
          const t = f.term
          this.net.send(peer, n.id, 'reject', () => this.observeTerm(n, t))
          return
        }
        if (f.role !== 'follower') f.role = 'follower'
        f.leader = n.id
        // Delays are random, so an older snapshot from this same leader can arrive after a newer
        // one; it is a prefix of what the follower has, and shrinking would forget acked entries.
        if (f.logTerm !== term || log.length >= f.log.length) f.log = log
        f.logTerm = term
        f.commitIndex = Math.max(f.commitIndex, Math.min(commitIndex, log.length))
        this.resetTimer(f)
        this.net.send(peer, n.id, 'ack', () => this.onAck(n, term, peer, log.length, round))
      })
    }
  }

  private onAck(n: RaftNode, term: number, peer: string, match: number, round: number): void {
    if (n.role !== 'leader' || n.term !== term) return
    n.matchIndex.set(peer, Math.max(n.matchIndex.get(peer) ?? 0, match))
    this.advanceCommit(n)
    for (const r of n.pendingReads) if (r.round <= round) r.acks.add(peer)
    const ready = n.pendingReads.filter((r) => r.acks.size + 1 >= this.net.majority)
    n.pendingReads = n.pendingReads.filter((r) => r.acks.size + 1 < this.net.majority)
    for (const r of ready) this.serveRead(n, r.readIndex, r.op, r.reply)
  }

  private advanceCommit(n: RaftNode): void {
    for (let idx = n.log.length; idx > n.commitIndex; idx--) {
      if (n.log[idx - 1]!.term !== n.term) break
      let count = 1
      for (const peer of this.net.ids) if (peer !== n.id && (n.matchIndex.get(peer) ?? 0) >= idx) count++
      if (count < this.net.majority) continue
      // Entries that reached a majority before the cut may legitimately commit afterwards;
      // an entry appended after the cut on the minority side never may.
      const appendedAt = n.log[idx - 1]!.at
      if (this.net.cut.has(n.id) && appendedAt >= this.net.cutSince) this.minorityCommits++
      n.commitIndex = idx
      for (const [i, w] of n.pendingWrites) {
        if (i > idx) continue
        n.pendingWrites.delete(i)
        this.toClient(n, w.op, () => w.reply(true, i))
      }
      return
    }
  }

  private serveRead(n: RaftNode, readIndex: number, op: ClientOp, reply: Reply): void {
    let version = 0
    for (let i = readIndex; i >= 1; i--) {
      if (n.log[i - 1]!.key === op.key) {
        version = i
        break
      }
    }
    this.toClient(n, op, () => reply(true, version))
  }

  /** Send the result back to the replica the client talks to (no hop if it is the leader). */
  private toClient(leader: RaftNode, op: ClientOp, deliver: () => void): void {
    if (op.node === leader.id) deliver()
    else this.net.send(leader.id, op.node, 'reply', deliver)
  }

  /** Forward to the leader the client's replica believes in; refuse at once if it knows none. */
  private route(op: ClientOp, reply: Reply, atLeader: (leader: RaftNode) => void): void {
    const entry = this.node(op.node)
    const target = entry.role === 'leader' ? entry.id : entry.leader
    if (target === null) return reply(false, 0)
    const run = (): void => {
      const l = this.node(target)
      if (l.role !== 'leader' || !this.net.isUp(l.id)) return this.toClient(l, op, () => reply(false, 0))
      atLeader(l)
    }
    if (target === op.node) run()
    else this.net.send(op.node, target, 'request', run)
  }

  write(op: ClientOp, reply: Reply): void {
    this.route(op, reply, (l) => {
      const index = l.log.length + 1
      l.log.push({ term: l.term, key: op.key, index, at: this.sim.now })
      l.pendingWrites.set(index, { op, reply })
      this.broadcast(l)
    })
  }

  read(op: ClientOp, reply: Reply): void {
    this.route(op, reply, (l) => {
      // Only once the leader has committed in its own term is its commit index up to date.
      if (l.log[l.commitIndex - 1]?.term !== l.term) return this.toClient(l, op, () => reply(false, 0))
      l.pendingReads.push({ round: l.round + 1, acks: new Set(), readIndex: l.commitIndex, op, reply })
      this.broadcast(l)
    })
  }

  crash(id: string): void {
    const n = this.node(id)
    if (n.role === 'leader') this.stepDown(n)
    if (n.timer) n.timer.cancelled = true
    n.timer = null
    n.role = 'follower'
    n.leader = null
  }

  restart(id: string): void {
    // term, vote and log are persistent in Raft; only volatile state is lost.
    this.resetTimer(this.node(id))
  }

  role(id: string): string {
    const n = this.node(id)
    return `${n.role} (term ${n.term})`
  }

  divergentKeys(): number {
    return 0
  }

  safety(): Record<string, number> {
    return { twoLeaderTerms: this.twoLeaderTerms, minorityCommits: this.minorityCommits }
  }

  leaderOf(): string | null {
    let best: RaftNode | null = null
    for (const n of this.nodes.values()) if (n.role === 'leader' && this.net.isUp(n.id) && (!best || n.term > best.term)) best = n
    return best?.id ?? null
  }
}
