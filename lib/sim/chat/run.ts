// One chat cluster run: clients in rooms look up their server (by room, or by user), connect
// and resync; messages are sequenced per room, delivered to the sender's server's members and
// crossed over pub/sub once per other server holding members of the room. A server failure
// drops its clients, who back off and look up again until the registry's lease runs out.
import { BaseRun, Rng, Simulation, exponential, uniform, type Metrics, type RunState } from '@/lib/sim/engine'
import { LogHistogram } from '@/lib/sim/engine'
import { makeClient, type Client, type Outgoing } from './client'
import { changeLiveSet, join, leave, makeServer, type Move, type MoveTotals, type Server } from './cluster'
import { audit } from './audit'
import { ChatStats } from './stats'
import { backoffDelay } from './theory'
import { Consistent, Rendezvous, type Placement } from './placement'
import type { ChatParams } from './types'

export type Room = { index: number; seq: number; times: number[]; clients: Client[] }

/** Hooks for checks (tests, the CLI): they see every delivery, resync and publication. */
export type ChatObserver = {
  delivered?(client: Client, seq: number, live: boolean): void
  resynced?(client: Client, missedFrom: number, missedTo: number): void
  published?(origin: Server, room: number, seq: number, crossings: number): void
}

export class ChatRun extends BaseRun {
  readonly servers: Server[]
  readonly rooms: Room[]
  readonly clients: Client[]
  readonly placement: Placement
  readonly moves: Move[] = []
  readonly totals: MoveTotals = { moved: 0, onServer: 0, movedWrongly: 0, movedBack: 0 }
  readonly stats: ChatStats
  readonly delivery = new LogHistogram({ ratio: 1.01 })
  private readonly keys: string[]
  private readonly rng: { msg: Rng; net: Rng; conn: Rng; churn: Rng }
  private nextMessage = 0
  observer: ChatObserver = {}

  constructor(
    readonly p: ChatParams,
    seed: number,
    horizon: number,
  ) {
    super(new Simulation())
    const root = new Rng(seed)
    // Separate streams, so e.g. switching placement leaves traffic and latencies identical.
    this.rng = { msg: root.fork(), net: root.fork(), conn: root.fork(), churn: root.fork() }
    const salt = root.fork().nextU32()
    this.servers = Array.from({ length: p.servers }, (_, i) => makeServer(i))
    const ids = this.servers.map((s) => s.id)
    this.placement = p.placement === 'rendezvous' ? new Rendezvous(ids, salt) : new Consistent(ids, p.vnodes, salt)
    this.stats = new ChatStats(this.sim, this, horizon)
    this.rooms = Array.from({ length: p.rooms }, (_, index) => ({ index, seq: 0, times: [], clients: [] }))
    this.clients = []
    for (const room of this.rooms) {
      for (let j = 0; j < p.clientsPerRoom; j++) {
        const client = makeClient(this.clients.length, room.index, p.connectBy, this.stats.inboxes, (c, seq, live, sentAt) => this.handed(c, seq, live, sentAt))
        room.clients.push(client)
        this.clients.push(client)
      }
    }
    this.keys = [...new Set(this.clients.map((c) => c.key))]
    // Everyone opens the board in the first second.
    for (const c of this.clients) this.sim.at(this.rng.conn.next(), () => this.lookup(c))
    const total = p.rooms * p.messageRate
    if (total > 0) {
      const next = (): void => {
        const room = this.rooms[this.rng.msg.int(p.rooms)]!
        this.send(room.clients[this.rng.msg.int(room.clients.length)]!, { id: this.nextMessage++, room: room.index, sender: 0 })
        this.sim.after(exponential(this.rng.msg, total), next)
      }
      this.sim.at(1 + exponential(this.rng.msg, total), next)
    }
    if (p.failServerAt > 0 && p.failServer < p.servers) {
      const id = `s${p.failServer}`
      this.sim.at(p.failServerAt, () => this.fail(id))
      if (p.healAfter > 0) this.sim.at(p.failServerAt + p.healAfter, () => this.heal(id))
    }
  }

  /** One network hop: base latency plus uniform jitter. */
  private hop(baseMs: number): number {
    return (baseMs + uniform(this.rng.net, 0, this.p.jitter)) / 1000
  }

  server(id: string | null): Server | undefined {
    return id === null ? undefined : this.servers[Number(id.slice(1))]
  }

  private send(client: Client, msg: Outgoing): void {
    msg.sender = client.index
    // Offline or mid-reconnect: the message waits in the outbox and goes out after the resync.
    if (client.state !== 'connected' || !client.synced) return void client.outbox.push(msg)
    const epoch = client.epoch
    const server = this.server(client.server)!
    const arrive = this.sim.now + this.hop(this.p.netLatency)
    this.stats.flight('message', 'clients', server.id, arrive)
    this.sim.at(arrive, () => {
      if (server.up && client.epoch === epoch) return this.sequence(msg, server)
      // Lost with the connection: resend after the next resync, or now if that already happened.
      if (client.state === 'connected' && client.synced) this.send(client, msg)
      else client.outbox.push(msg)
      this.stats.resent++
    })
  }

  /** The room's log assigns the next sequence number; then local delivery and pub/sub fan-out. */
  private sequence(msg: Outgoing, origin: Server): void {
    const room = this.rooms[msg.room]!
    room.seq++
    room.times.push(this.sim.now)
    this.stats.messages++
    const seq = room.seq
    const sentAt = this.sim.now
    this.deliverAt(origin, room.index, seq, sentAt)
    let crossings = 0
    for (const other of this.servers) {
      if (other === origin || !other.members.has(room.index)) continue
      crossings++
      origin.pubsubOut++
      this.stats.crossed()
      const arrive = this.sim.now + this.hop(this.p.pubsubLatency)
      this.stats.flight('pubsub', origin.id, other.id, arrive)
      this.sim.at(arrive, () => {
        // At-most-once: a server that died meanwhile never sees it; its clients resync.
        if (!other.up) return
        other.pubsubIn++
        this.deliverAt(other, room.index, seq, sentAt)
      })
    }
    this.observer.published?.(origin, room.index, seq, crossings)
  }

  private deliverAt(server: Server, room: number, seq: number, sentAt: number): void {
    for (const client of server.members.get(room) ?? []) {
      const epoch = client.epoch
      const arrive = this.sim.now + this.hop(this.p.netLatency)
      this.stats.flight('deliver', server.id, 'clients', arrive)
      this.sim.at(arrive, () => {
        if (client.epoch === epoch) client.inbox.receive(seq, sentAt)
      })
    }
  }

  private handed(client: Client, seq: number, live: boolean, sentAt: number): void {
    this.stats.deliveries++
    this.observer.delivered?.(client, seq, live)
    if (live) this.delivery.add(this.sim.now - sentAt)
    if (seq > client.missedFrom && seq <= client.missedTo) this.stats.deliveredAfterResync++
  }

  /** Ask the lookup for the key's server, then connect; refused connects back off and retry. */
  private lookup(client: Client): void {
    const epoch = client.epoch
    this.stats.lookups++
    const atLookup = this.sim.now + this.hop(this.p.netLatency)
    this.stats.flight('lookup', 'clients', 'lookup', atLookup)
    this.sim.at(atLookup, () => {
      const server = this.server(this.placement.owner(client.key) ?? null)
      const arrive = this.sim.now + this.hop(this.p.netLatency) + this.hop(this.p.netLatency)
      if (server) this.stats.flight('connect', 'clients', server.id, arrive)
      this.sim.at(arrive, () => {
        if (client.epoch !== epoch) return
        if (server?.up) return this.connected(client, server)
        this.stats.refused++
        const retry = backoffDelay(client.attempts++, this.rng.conn.next(), this.p.backoffBase, this.p.backoffCap)
        this.sim.after(this.hop(this.p.netLatency) + retry, () => client.epoch === epoch && this.lookup(client))
      })
    })
  }

  private connected(client: Client, server: Server): void {
    const room = this.rooms[client.room]!
    join(server, client)
    if (client.state === 'reconnecting') this.stats.reconnecting--
    client.state = 'connected'
    client.server = server.id
    // Subscribe first, then read the log: anything sequenced after this snapshot comes live.
    const snapshot = room.seq
    const epoch = client.epoch
    this.sim.after(this.hop(this.p.netLatency), () => {
      if (client.epoch !== epoch) return
      client.missedFrom = client.seqAtDisconnect
      client.missedTo = snapshot
      this.stats.missed += Math.max(0, snapshot - client.seqAtDisconnect)
      this.observer.resynced?.(client, client.missedFrom, snapshot)
      client.inbox.resync(snapshot, (seq) => room.times[seq - 1] ?? 0)
      client.synced = true
      client.attempts = 0
      if (client.byFailure) this.stats.reconnected(this.sim.now - client.disconnectedAt)
      client.byFailure = false
      for (const msg of client.outbox.splice(0)) this.send(client, msg)
      if (this.p.sessionLength > 0) this.sim.after(exponential(this.rng.churn, 1 / this.p.sessionLength), () => this.churn(client, epoch))
    })
  }

  private disconnect(client: Client, byFailure: boolean): void {
    const server = this.server(client.server)
    if (server) leave(server, client)
    client.epoch++
    client.state = byFailure ? 'reconnecting' : 'offline'
    if (byFailure) this.stats.reconnecting++
    client.server = null
    client.synced = false
    client.byFailure = byFailure
    client.disconnectedAt = this.sim.now
    client.seqAtDisconnect = this.rooms[client.room]!.seq
    client.attempts = 0
  }

  private churn(client: Client, epoch: number): void {
    if (client.epoch !== epoch) return
    this.disconnect(client, false)
    const back = client.epoch
    this.sim.after(exponential(this.rng.churn, 1 / this.p.offlineTime), () => client.epoch === back && this.lookup(client))
  }

  fail(nodeId: string): void {
    const server = this.servers.find((s) => s.id === nodeId)
    if (!server?.up) return
    server.up = false
    const incarnation = ++server.incarnation
    const lost = [...server.members.values()].flatMap((set) => [...set])
    for (const client of lost) {
      this.disconnect(client, true)
      const epoch = client.epoch
      const detect = this.p.detectionDelay * (0.5 + 0.5 * this.rng.conn.next())
      const retry = backoffDelay(0, this.rng.conn.next(), this.p.backoffBase, this.p.backoffCap)
      client.attempts = 1
      this.sim.after(detect + retry, () => client.epoch === epoch && this.lookup(client))
    }
    this.sim.after(this.p.leaseTtl, () => {
      if (!server.up && server.incarnation === incarnation) this.moves.push(changeLiveSet(this.placement, this.keys, server.id, 'removed', this.totals))
    })
  }

  heal(nodeId: string): void {
    const server = this.servers.find((s) => s.id === nodeId)
    if (!server || server.up) return
    server.up = true
    if (!this.placement.live.includes(server.id)) this.moves.push(changeLiveSet(this.placement, this.keys, server.id, 'added', this.totals))
  }

  /** Connected, resynced clients still missing a message sequenced more than `settle` ago. */
  audit(settle: number): { checked: number; behind: number } {
    return audit(this.clients, this.rooms, this.sim.now - settle)
  }

  state(): RunState {
    return this.stats.state()
  }

  metrics(): Metrics {
    return this.stats.metrics()
  }
}
