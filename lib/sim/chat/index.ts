import { defineSimulator } from '@/lib/sim/engine'
import { chatParams } from './params'
import { ChatRun } from './run'

export const chat = defineSimulator({
  id: 'chat',
  title: 'Chat: room lookup and pub/sub fan-out',
  summary: "Clients look up their room's server (rendezvous or consistent hashing) and connect; messages fan out over pub/sub; a dead server's rooms move and their clients back off, reconnect and resync.",
  timeUnit: 's',
  defaultDuration: 60,
  params: chatParams,
  validate(p) {
    const errors: string[] = []
    if (p.failServerAt > 0 && p.failServer >= p.servers) errors.push(`failServer: must be below servers (${p.servers})`)
    if (p.backoffCap < p.backoffBase) errors.push('backoffCap: must be at least backoffBase')
    return errors
  },
  metrics: [
    { name: 'clients', description: 'Clients in all rooms', kind: 'value' },
    { name: 'connected', description: 'Clients connected to a server now', kind: 'value' },
    { name: 'reconnecting', description: 'Clients whose server died and who have not reconnected yet', kind: 'value' },
    { name: 'offline', description: 'Clients away (churn) or not yet connected', kind: 'value' },
    { name: 'messages', description: 'Messages sequenced by their room', kind: 'value' },
    { name: 'deliveries', description: 'Messages handed to users, live or by resync', kind: 'value' },
    { name: 'pubsubMessages', description: 'Pub/sub crossings: one per message per other server holding members of its room', kind: 'value' },
    { name: 'pubsubRate', description: 'Pub/sub crossings per second, last sample', unit: 'msg/s', kind: 'value' },
    { name: 'fanoutPerMessage', description: 'Pub/sub crossings per message', kind: 'value' },
    { name: 'theoryFanout', description: 'Expected crossings per message: 0 by room; (n-1)(1-(1-1/n)^(m-1)) by user', kind: 'value' },
    { name: 'deliveryP50', description: 'Median time from sequencing to a user seeing a live message', unit: 'ms', kind: 'value' },
    { name: 'deliveryP99', description: '99th percentile of the same', unit: 'ms', kind: 'value' },
    { name: 'reconnects', description: 'Clients reconnected and resynced after a server failure', kind: 'value' },
    { name: 'reconnectP50', description: 'Median time from failure to resynced', unit: 's', kind: 'value' },
    { name: 'reconnectP99', description: '99th percentile time from failure to resynced', unit: 's', kind: 'value' },
    { name: 'lookups', description: 'Lookups made', kind: 'value' },
    { name: 'refusedConnects', description: 'Connects refused because the lookup still named a dead server', kind: 'value' },
    { name: 'keysMoved', description: 'Placement keys (rooms, or users when connecting by user) whose server changed when a dead server left the registry', kind: 'value' },
    { name: 'keysOnFailedServer', description: 'Keys that the removed server owned', kind: 'value' },
    { name: 'keysMovedWrongly', description: 'Keys that moved although their server was alive (always 0 for both schemes)', kind: 'value' },
    { name: 'keysMovedBack', description: 'Keys that moved when a restarted server rejoined', kind: 'value' },
    { name: 'outOfOrder', description: 'Messages handed to a user out of sequence order (must be 0)', kind: 'value' },
    { name: 'duplicatesDropped', description: 'Copies of already delivered messages dropped by clients', kind: 'value' },
    { name: 'heldBack', description: 'Messages that overtook an earlier one and were held until it arrived', kind: 'value' },
    { name: 'missedWhileDisconnected', description: 'Messages sequenced while a client was disconnected, summed over outages', kind: 'value' },
    { name: 'deliveredAfterResync', description: 'Of those, delivered after the client reconnected (equals the above)', kind: 'value' },
    { name: 'resent', description: 'Sends lost with a connection and sent again after the resync', kind: 'value' },
    { name: 'pubsubPerSecond', description: 'Pub/sub crossings per second', unit: 'msg/s', kind: 'series' },
    { name: 'messagesPerSecond', description: 'Messages sequenced per second', unit: 'msg/s', kind: 'series' },
    { name: 'fanoutPerMessage', description: 'Pub/sub crossings per message per window; dashed: (n-1)(1-(1-1/n)^(m-1)) by user, 0 by room', kind: 'series', theory: 'theoryFanout' },
    { name: 'theoryFanout', description: 'Theory: expected crossings per message with the servers in the registry', kind: 'series' },
    { name: 'connected', description: 'Connected clients', kind: 'series' },
    { name: 'reconnecting', description: 'Clients reconnecting after a failure', kind: 'series' },
    { name: 'connections', description: 'Clients connected to the server', kind: 'perNode' },
    { name: 'rooms', description: 'Rooms with members on the server', kind: 'perNode' },
    { name: 'pubsubOut', description: 'Messages the server published to other servers', kind: 'perNode' },
    { name: 'pubsubIn', description: 'Messages the server received over pub/sub', kind: 'perNode' },
  ],
  leavesOut:
    'Yjs: DesignRoom merges CRDT updates and reconciles rooms held by two nodes every 10 s; here a per-room log and sequence numbers stand in. Redis failing, heartbeat phase (the lease ends exactly leaseTtl after a failure), server capacity and queueing, the lookup load, room tokens and authorization.',
  caveat(p, m) {
    const failed = p.failServerAt > 0 && m.time >= p.failServerAt
    if (p.connectBy === 'room') return failed && p.healAfter > 0 && p.sessionLength > 0 ? 'by room: 0 in theory, but after the restart returning members land on the owner while others stay, so rooms span two servers' : null
    if (p.sessionLength > 0) return 'churn: offline members hold no server, so fewer servers per room are crossed than the line (all m members online) assumes'
    if (failed) return 'failure: a dead server\'s members reconnect elsewhere while the lease runs, so crossings depart from the line for a while'
    return null
  },
  create(params, seed, horizon) {
    return new ChatRun(params, seed, horizon ?? 60)
  },
})
