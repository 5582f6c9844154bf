// Interview mode through the real server (docs/api.md, "Interviews"): an interviewer creates an
// interview from a template, a guest joins by invite link without an account, the clock runs,
// notes, hints and a scorecard are written, and after the end the candidate gets a read-only copy.
// Then every way a candidate or a stranger could reach private material is tried, with a canary.
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CandidateView, InterviewerView, InterviewNote, InterviewSummary, ReplayView } from '@/lib/interviews/contract'
import { roomLookupSchema } from '@/lib/protocol/lookup'
import { findTemplate } from '@/lib/templates/catalog'
import { startAppServer, type AppServer } from '../helpers/app-server'
import { connectClient, waitFor, waitForSynced } from '../helpers/sync-harness'
import { signedInUser, WebClient } from '../helpers/web-client'

let server: AppServer

beforeAll(async () => {
  server = await startAppServer()
})

afterAll(async () => {
  await server?.dispose()
})

const spec = findTemplate('url-shortener')!
const rubricDimensions = spec.rubric.map((r) => r.dimension)

/** A stock y-websocket client whose socket keeps every frame it receives, for the canary. */
function recordingClient(url: string, room: string, token: string): { doc: Y.Doc; provider: WebsocketProvider; frames: Buffer[]; destroy(): void } {
  const frames: Buffer[] = []
  class RecordingSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols)
      this.on('message', (data: WebSocket.RawData) => frames.push(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer)))
    }
  }
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: RecordingSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
  })
  return { doc, provider, frames, destroy: () => (provider.destroy(), doc.destroy()) }
}

type Person = { client: WebClient; id: string; name: string }

const newUser = (label: string): Promise<Person> => signedInUser(server.baseUrl, label)

type Created = InterviewerView & { inviteUrl: string }

async function createInterview(person: Person, body: Record<string, unknown> = { template: spec.slug }): Promise<Created> {
  const res = await person.client.json('/api/interviews', 'POST', body)
  expect(res.status).toBe(201)
  return (await res.json()) as Created
}

function tokenOf(inviteUrl: string): string {
  const match = /^\/i\/([A-Za-z0-9_-]{43})$/.exec(inviteUrl)
  if (!match?.[1]) throw new Error(`not an invite url: ${inviteUrl}`)
  return match[1]
}

async function join(guest: WebClient, inviteUrl: string, name = 'Ada Candidate'): Promise<Response> {
  return guest.json('/api/interviews/join', 'POST', { token: tokenOf(inviteUrl), name })
}

async function clock(person: Person, id: string, action: string): Promise<Response> {
  return person.client.json(`/api/interviews/${id}/clock`, 'POST', { action })
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>
}

/** Every interviewer-only request, as [method, path, body]. */
function interviewerRoutes(id: string): Array<[string, string, unknown]> {
  return [
    ['POST', `/api/interviews/${id}/clock`, { action: 'pause' }],
    ['POST', `/api/interviews/${id}/notes`, { text: 'from the candidate' }],
    ['POST', `/api/interviews/${id}/hints`, { index: 0 }],
    ['PUT', `/api/interviews/${id}/scorecard`, { scores: {}, recommendation: null, summary: '' }],
    ['POST', `/api/interviews/${id}/invite`, undefined],
    ['DELETE', `/api/interviews/${id}/invite`, undefined],
    ['GET', `/api/interviews/${id}/replay`, undefined],
    ['GET', `/api/interviews/${id}/summary.md`, undefined],
    ['POST', `/api/interviews/${id}/candidate-copy`, undefined],
  ]
}

async function send(client: WebClient, [method, path, body]: [string, string, unknown]): Promise<Response> {
  return body === undefined ? client.fetch(path, { method }) : client.json(path, method, body)
}

describe('interviews', () => {
  it('full flow: template, invite, guest joins, clock, notes, hint, scorecard, summary, replay, candidate copy', async () => {
    const interviewer = await newUser('interviewer')
    const created = await createInterview(interviewer, { template: spec.slug, phases: [{ name: 'Requirements', minutes: 5 }, { name: 'Design', minutes: 30 }] })
    expect(created).toMatchObject({
      role: 'interviewer',
      title: spec.title,
      status: 'scheduled',
      template: spec.slug,
      hints: spec.hints,
      followUps: spec.followUps,
      rubric: spec.rubric,
      notes: [],
      invite: { status: 'unused' },
      candidateName: null,
      prompt: { title: spec.title, statement: spec.prompt.statement },
    })
    expect(created.clock).toEqual({ phases: created.phases, startedAt: null, pauses: [], endedAt: null })
    const id = created.id

    // The list shows it; the board is the interviewer's and starts from the template's blank start.
    const list = (await (await interviewer.client.fetch('/api/interviews')).json()) as InterviewSummary[]
    expect(list).toEqual([{ id, title: spec.title, status: 'scheduled', candidateName: null, createdAt: created.createdAt, boardId: created.boardId }])
    expect(await (await interviewer.client.fetch(`/api/boards/${created.boardId}`)).json()).toMatchObject({ role: 'owner' })

    // The candidate joins without an account.
    const guest = new WebClient(server.baseUrl)
    expect((await guest.fetch(`/api/interviews/${id}`)).status).toBe(401)
    const joined = await join(guest, created.inviteUrl, '  Ada Candidate  ')
    expect(joined.status).toBe(200)
    expect(await joined.json()).toEqual({ interviewId: id })
    const setCookie = joined.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/^designroom\.guest=/)
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    // Joining again from the same browser is fine (a reload of the join page).
    expect((await join(guest, created.inviteUrl)).status).toBe(200)

    const seen = (await (await guest.fetch(`/api/interviews/${id}`)).json()) as CandidateView
    expect(seen).toMatchObject({ id, role: 'candidate', status: 'scheduled', candidateName: 'Ada Candidate', revealedHints: [], candidateCopyUrl: null })
    expect(Math.abs(seen.serverNow - Date.now())).toBeLessThan(60_000)

    // Room tokens: the candidate is a named guest editor; the interviewer is shown as interviewer.
    const guestLookupRes = await guest.fetch(`/api/rooms/${created.boardId}`)
    expect(guestLookupRes.status).toBe(200)
    const guestLookup = roomLookupSchema.parse(await guestLookupRes.json())
    expect(guestLookup.role).toBe('editor')
    expect(claimsOf(guestLookup.token)).toMatchObject({ sub: expect.stringMatching(/^guest:/), name: 'Ada Candidate (candidate)', role: 'editor' })
    const ownerLookup = roomLookupSchema.parse(await (await interviewer.client.fetch(`/api/rooms/${created.boardId}`)).json())
    expect(claimsOf(ownerLookup.token)).toMatchObject({ sub: interviewer.id, name: `${interviewer.name} (interviewer)` })
    // The guest cookie opens no other board and no REST board route.
    const otherBoard = ((await (await interviewer.client.json('/api/boards', 'POST', { title: 'Private' })).json()) as { id: string }).id
    expect((await guest.fetch(`/api/rooms/${otherBoard}`)).status).toBe(404)
    expect((await guest.fetch(`/api/boards/${created.boardId}`)).status).toBe(401)

    // The clock, with misuse answered 409.
    expect((await clock(interviewer, id, 'pause')).status).toBe(409)
    expect((await clock(interviewer, id, 'resume')).status).toBe(409)
    const started = await clock(interviewer, id, 'start')
    expect(started.status).toBe(200)
    expect(((await started.json()) as InterviewerView).status).toBe('live')
    const again = await clock(interviewer, id, 'start')
    expect(again.status).toBe(409)
    expect(await again.json()).toEqual({ error: 'the clock has already started' })
    expect((await clock(interviewer, id, 'launch')).status).toBe(400)
    await new Promise((r) => setTimeout(r, 50))

    // A note is stamped with the interview clock.
    const noteRes = await interviewer.client.json(`/api/interviews/${id}/notes`, 'POST', { text: '  Asked about the read/write ratio  ' })
    expect(noteRes.status).toBe(201)
    const note = (await noteRes.json()) as InterviewNote
    expect(note).toMatchObject({ text: 'Asked about the read/write ratio', author: interviewer.name })
    expect(note.atMs).toBeGreaterThanOrEqual(40)
    expect(note.atMs).toBeLessThan(60_000)
    expect((await interviewer.client.json(`/api/interviews/${id}/notes`, 'POST', { text: '' })).status).toBe(400)
    expect((await interviewer.client.json(`/api/interviews/${id}/notes`, 'POST', { text: 'x'.repeat(4001) })).status).toBe(400)

    const paused = (await (await clock(interviewer, id, 'pause')).json()) as InterviewerView
    expect(paused.clock.pauses).toEqual([{ from: expect.any(Number), to: null }])
    expect((await clock(interviewer, id, 'pause')).status).toBe(409)
    expect((await clock(interviewer, id, 'resume')).status).toBe(200)

    // Hints: revealed one at a time, idempotent; the candidate sees only the revealed one.
    const hinted = await interviewer.client.json(`/api/interviews/${id}/hints`, 'POST', { index: 1 })
    expect(hinted.status).toBe(200)
    expect((await interviewer.client.json(`/api/interviews/${id}/hints`, 'POST', { index: 1 })).status).toBe(200)
    expect((await interviewer.client.json(`/api/interviews/${id}/hints`, 'POST', { index: 99 })).status).toBe(404)
    const afterHint = (await (await guest.fetch(`/api/interviews/${id}`)).json()) as CandidateView
    expect(afterHint.revealedHints).toEqual([{ index: 1, text: spec.hints[1], at: expect.any(Number) }])
    expect(afterHint.status).toBe('live')

    // Scorecard: rubric dimensions only.
    const badCard = await interviewer.client.json(`/api/interviews/${id}/scorecard`, 'PUT', { scores: { Vibes: { score: 4, comment: '' } }, recommendation: null, summary: '' })
    expect(badCard.status).toBe(400)
    expect(((await badCard.json()) as { error: string }).error).toContain('Vibes')
    const card = { scores: { [rubricDimensions[0]!]: { score: 3, comment: 'derived the 100:1 skew' } }, recommendation: 'yes', summary: 'Solid.' }
    expect((await interviewer.client.json(`/api/interviews/${id}/scorecard`, 'PUT', card)).status).toBe(200)
    expect((await interviewer.client.json(`/api/interviews/${id}/scorecard`, 'PUT', { ...card, recommendation: 'maybe' })).status).toBe(400)

    // The candidate copy needs the end first.
    expect((await interviewer.client.fetch(`/api/interviews/${id}/candidate-copy`, { method: 'POST' })).status).toBe(409)

    // The candidate's socket closes when the interview ends, and their lookup then says 404.
    const live = connectClient(guestLookup.url, guestLookup.room, guestLookup.token)
    try {
      await waitForSynced(live, 10_000)
      const ended = await clock(interviewer, id, 'end')
      expect(ended.status).toBe(200)
      expect(((await ended.json()) as InterviewerView).invite.status).toBe('expired')
      await waitFor(() => live.closeCodes.length > 0, 'candidate socket closed', 10_000)
    } finally {
      live.destroy()
    }
    expect((await clock(interviewer, id, 'end')).status).toBe(409)
    expect((await guest.fetch(`/api/rooms/${created.boardId}`)).status).toBe(404)
    expect((await interviewer.client.fetch(`/api/rooms/${created.boardId}`)).status).toBe(200)

    const view = (await (await interviewer.client.fetch(`/api/interviews/${id}`)).json()) as InterviewerView
    expect(view).toMatchObject({ status: 'ended', notes: [note], scorecard: card, candidateName: 'Ada Candidate' })

    // Summary as Markdown.
    const md = await interviewer.client.fetch(`/api/interviews/${id}/summary.md`)
    expect(md.status).toBe(200)
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/)
    const text = await md.text()
    expect(text).toContain(`# ${spec.title}`)
    expect(text).toContain('- Candidate: Ada Candidate')
    expect(text).toMatch(/- \[0:0\d\] Asked about the read\/write ratio/)
    expect(text).toContain(`| ${rubricDimensions[0]} | 3 | derived the 100:1 skew |`)
    expect(text).toContain('Recommendation: Yes')
    expect(text).toContain(spec.hints[1])
    expect(text).not.toContain(spec.hints[0])

    // Replay: phases in wall-clock time, frames as base64 Yjs updates.
    const replayRes = await interviewer.client.fetch(`/api/interviews/${id}/replay`)
    expect(replayRes.status).toBe(200)
    const replay = (await replayRes.json()) as ReplayView
    expect(replay.startedAt).toBe(view.clock.startedAt)
    expect(replay.endedAt).toBe(view.clock.endedAt)
    expect(replay.phases.map((p) => p.name)).toEqual(['Requirements', 'Design'])
    expect(replay.phases[0]?.at).toBe(view.clock.startedAt)
    for (const frame of replay.frames) {
      expect(typeof frame.at).toBe('number')
      const doc = new Y.Doc()
      Y.applyUpdate(doc, Buffer.from(frame.update, 'base64'))
      doc.destroy()
    }

    // A read-only copy for the candidate: visible in their view after the end; the live board is not.
    const copyRes = await interviewer.client.fetch(`/api/interviews/${id}/candidate-copy`, { method: 'POST' })
    expect(copyRes.status).toBe(201)
    const copy = (await copyRes.json()) as { boardId: string; url: string }
    expect(copy.url).toMatch(new RegExp(`^/b/${copy.boardId}\\?share=[A-Za-z0-9_-]{43}$`))
    expect((await interviewer.client.fetch(`/api/interviews/${id}/candidate-copy`, { method: 'POST' })).status).toBe(200)
    const final = (await (await guest.fetch(`/api/interviews/${id}`)).json()) as CandidateView
    expect(final).toMatchObject({ status: 'ended', candidateCopyUrl: copy.url })
    const share = new URL(copy.url, server.baseUrl).searchParams.get('share')!
    const copyLookup = await guest.fetch(`/api/rooms/${copy.boardId}?share=${share}`)
    expect(copyLookup.status).toBe(200)
    expect(roomLookupSchema.parse(await copyLookup.json()).role).toBe('viewer')
    expect((await guest.fetch(`/api/rooms/${created.boardId}`)).status).toBe(404)

    const listed = (await (await interviewer.client.fetch('/api/interviews')).json()) as InterviewSummary[]
    expect(listed[0]).toMatchObject({ id, status: 'ended', candidateName: 'Ada Candidate' })
  })

  it('a custom prompt starts an empty board; create validates its body', async () => {
    const interviewer = await newUser('custom')
    const created = await createInterview(interviewer, { customPrompt: 'Design a parking garage.', title: 'Parking' })
    expect(created).toMatchObject({ title: 'Parking', template: null, hints: [], rubric: [], prompt: { statement: 'Design a parking garage.' } })
    // Custom prompts score free-form dimensions.
    expect((await interviewer.client.json(`/api/interviews/${created.id}/scorecard`, 'PUT', { scores: { Clarity: { score: 2, comment: '' } }, recommendation: 'no', summary: '' })).status).toBe(200)
    expect((await interviewer.client.json(`/api/interviews/${created.id}/hints`, 'POST', { index: 0 })).status).toBe(404)
    for (const body of [{}, { template: spec.slug, customPrompt: 'x' }, { template: 'no-such-template' }, { customPrompt: 'x', phases: [] }, { customPrompt: 'x', extra: 1 }]) {
      const res = await interviewer.client.json('/api/interviews', 'POST', body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(((await res.json()) as { error: string }).error).toBeTruthy()
    }
    expect((await new WebClient(server.baseUrl).json('/api/interviews', 'POST', { customPrompt: 'x' })).status).toBe(401)
    expect((await interviewer.client.fetch('/api/interviews', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: JSON.stringify({ customPrompt: 'x' }) })).status).toBe(403)
  })

  it('invite misuse: reused 409, revoked 410, unknown 404, after the end 410; revoking ends a joined guest', async () => {
    const interviewer = await newUser('inviter')
    const created = await createInterview(interviewer)
    const id = created.id
    const first = new WebClient(server.baseUrl)
    expect((await join(first, created.inviteUrl)).status).toBe(200)
    const second = await join(new WebClient(server.baseUrl), created.inviteUrl, 'Mallory')
    expect(second.status).toBe(409)
    expect(await second.json()).toEqual({ error: 'this invite link has already been used' })

    const unknown = await new WebClient(server.baseUrl).json('/api/interviews/join', 'POST', { token: 'A'.repeat(43), name: 'Eve' })
    expect(unknown.status).toBe(404)
    expect((await new WebClient(server.baseUrl).json('/api/interviews/join', 'POST', { token: 'A'.repeat(43), name: 'x'.repeat(61) })).status).toBe(400)
    expect((await new WebClient(server.baseUrl).json('/api/interviews/join', 'POST', { token: 'A'.repeat(43), name: '   ' })).status).toBe(400)

    // A new link revokes the old unused one only; the joined guest keeps their claim.
    const fresh = (await (await interviewer.client.fetch(`/api/interviews/${id}/invite`, { method: 'POST' })).json()) as { inviteUrl: string }
    const unused = (await (await interviewer.client.fetch(`/api/interviews/${id}/invite`, { method: 'POST' })).json()) as { inviteUrl: string }
    expect((await join(new WebClient(server.baseUrl), fresh.inviteUrl)).status).toBe(410)
    expect((await first.fetch(`/api/rooms/${created.boardId}`)).status).toBe(200)

    // Revoking ends the joined guest's access: view, room lookup and the open socket.
    const lookup = roomLookupSchema.parse(await (await first.fetch(`/api/rooms/${created.boardId}`)).json())
    const socket = connectClient(lookup.url, lookup.room, lookup.token)
    try {
      await waitForSynced(socket, 10_000)
      const revoked = await interviewer.client.fetch(`/api/interviews/${id}/invite`, { method: 'DELETE' })
      expect(revoked.status).toBe(200)
      await waitFor(() => socket.closeCodes.length > 0, 'revoked guest socket closed', 10_000)
    } finally {
      socket.destroy()
    }
    expect((await first.fetch(`/api/rooms/${created.boardId}`)).status).toBe(404)
    expect((await first.fetch(`/api/interviews/${id}`)).status).toBe(404)
    const revokedJoin = await join(new WebClient(server.baseUrl), unused.inviteUrl)
    expect(revokedJoin.status).toBe(410)
    expect(((await revokedJoin.json()) as { error: string }).error).toMatch(/revoked/)
    expect((await join(first, created.inviteUrl)).status).toBe(410)

    // A link made before the end stops working at the end.
    const late = (await (await interviewer.client.fetch(`/api/interviews/${id}/invite`, { method: 'POST' })).json()) as { inviteUrl: string }
    expect((await clock(interviewer, id, 'end')).status).toBe(200)
    const afterEnd = await join(new WebClient(server.baseUrl), late.inviteUrl)
    expect(afterEnd.status).toBe(410)
    expect(await afterEnd.json()).toEqual({ error: 'this interview has ended' })
    expect((await interviewer.client.fetch(`/api/interviews/${id}/invite`, { method: 'POST' })).status).toBe(409)
  })

  it('a stranger with an account gets 404 everywhere, the same as for an interview that does not exist', async () => {
    const interviewer = await newUser('owner')
    const stranger = await newUser('stranger')
    const created = await createInterview(interviewer)
    const missing = await stranger.client.fetch('/api/interviews/doesnotexist0000000000000')
    expect(missing.status).toBe(404)
    const missingBody = await missing.text()
    const res = await stranger.client.fetch(`/api/interviews/${created.id}`)
    expect(res.status).toBe(404)
    expect(await res.text()).toBe(missingBody)
    for (const route of interviewerRoutes(created.id)) expect((await send(stranger.client, route)).status, route.join(' ')).toBe(404)
    expect((await stranger.client.fetch(`/api/rooms/${created.boardId}`)).status).toBe(404)
    expect((await (await stranger.client.fetch('/api/interviews')).json()) as unknown[]).toEqual([])
    // And with no identity at all: 401.
    const anonymous = new WebClient(server.baseUrl)
    for (const route of interviewerRoutes(created.id)) expect((await send(anonymous, route)).status, route.join(' ')).toBe(401)
  })

  it('canary: nothing private reaches the candidate through the API, the room or the board document', async () => {
    const CANARY = `canary-${Math.random().toString(36).slice(2)}-${Date.now()}`
    const interviewer = await newUser('canary')
    const created = await createInterview(interviewer)
    const id = created.id
    const guest = new WebClient(server.baseUrl)
    expect((await join(guest, created.inviteUrl)).status).toBe(200)
    expect((await clock(interviewer, id, 'start')).status).toBe(200)
    expect((await interviewer.client.json(`/api/interviews/${id}/notes`, 'POST', { text: `note ${CANARY}` })).status).toBe(201)
    const card = { scores: { [rubricDimensions[0]!]: { score: 2, comment: `comment ${CANARY}` } }, recommendation: 'no', summary: `summary ${CANARY}` }
    expect((await interviewer.client.json(`/api/interviews/${id}/scorecard`, 'PUT', card)).status).toBe(200)
    expect((await interviewer.client.json(`/api/interviews/${id}/hints`, 'POST', { index: 0 })).status).toBe(200)
    expect(await (await interviewer.client.fetch(`/api/interviews/${id}/summary.md`)).text()).toContain(CANARY)

    const secrets = [
      CANARY,
      ...spec.hints.slice(1),
      ...spec.followUps,
      ...spec.rubric.flatMap((r) => [r.strong, r.weak]),
    ]
    const received: Array<[string, string]> = []
    const record = async (label: string, res: Response): Promise<Response> => {
      received.push([label, `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${await res.clone().text()}`])
      return res
    }

    const check = async (phase: string): Promise<void> => {
      const viewRes = await record(`${phase} view`, await guest.fetch(`/api/interviews/${id}`))
      expect(viewRes.status).toBe(200)
      for (const route of interviewerRoutes(id)) {
        const res = await record(`${phase} ${route[0]} ${route[1]}`, await send(guest, route))
        expect(res.status, route.join(' ')).toBe(404)
      }
      await record(`${phase} list`, await guest.fetch('/api/interviews'))
    }
    await check('live')

    // The whole board document and everyone's presence, as a stock y-websocket client sees them.
    const lookupRes = await record('lookup', await guest.fetch(`/api/rooms/${created.boardId}`))
    expect(lookupRes.status).toBe(200)
    const lookup = roomLookupSchema.parse(await lookupRes.clone().json())
    const ownerLookup = roomLookupSchema.parse(await (await interviewer.client.fetch(`/api/rooms/${created.boardId}`)).json())
    const owner = connectClient(ownerLookup.url, ownerLookup.room, ownerLookup.token)
    const candidate = recordingClient(lookup.url, lookup.room, lookup.token)
    try {
      await waitForSynced(owner, 10_000)
      await waitFor(() => candidate.provider.synced, 'candidate synced', 10_000)
      // Presence: the node stamps each entry with the name and role from the room token.
      owner.provider.awareness.setLocalStateField('cursor', { x: 1, y: 2 })
      candidate.provider.awareness.setLocalStateField('cursor', { x: 3, y: 4 })
      await waitFor(() => candidate.provider.awareness.getStates().size >= 2, 'presence of both', 10_000)
      const state = Y.encodeStateAsUpdate(candidate.doc)
      received.push(['board document', Buffer.from(state).toString('latin1')])
      received.push(['board document (utf8)', Buffer.from(state).toString('utf8')])
      received.push(['presence', JSON.stringify([...candidate.provider.awareness.getStates().values()])])
      expect(state.byteLength).toBeGreaterThan(100)
      const wire = Buffer.concat(candidate.frames)
      expect(wire.byteLength).toBeGreaterThan(state.byteLength / 2)
      // The check can see text in the frames: the public prompt on the blank start is there.
      expect(wire.toString('utf8')).toContain(spec.prompt.statement.slice(0, 40))
      received.push(['every frame the socket received (latin1)', wire.toString('latin1')])
      received.push(['every frame the socket received (utf8)', wire.toString('utf8')])
    } finally {
      candidate.destroy()
      owner.destroy()
    }

    // After the end, and after a copy was given, still nothing.
    expect((await clock(interviewer, id, 'end')).status).toBe(200)
    expect((await interviewer.client.fetch(`/api/interviews/${id}/candidate-copy`, { method: 'POST' })).status).toBe(201)
    await check('ended')
    expect((await record('lookup after end', await guest.fetch(`/api/rooms/${created.boardId}`))).status).toBe(404)

    expect(received.length).toBeGreaterThan(20)
    for (const [label, body] of received) {
      for (const secret of secrets) expect(body.includes(secret), `${label} contains "${secret.slice(0, 40)}"`).toBe(false)
    }
    // The revealed hint does reach the candidate: the check above would catch a view that sends nothing.
    expect(received.some(([, body]) => body.includes(spec.hints[0]!))).toBe(true)
  })

  it("the board's history stays the interviewer's: text typed and deleted before the candidate joined never reaches them", async () => {
    const CANARY = `erased-${Math.random().toString(36).slice(2)}-${Date.now()}`
    const interviewer = await newUser('history')
    const created = await createInterview(interviewer)
    const ownerLookup = roomLookupSchema.parse(await (await interviewer.client.fetch(`/api/rooms/${created.boardId}`)).json())
    const owner = connectClient(ownerLookup.url, ownerLookup.room, ownerLookup.token)
    const saved = async (): Promise<string> => (await interviewer.client.fetch(`/api/boards/${created.boardId}/export.tldr`)).text()
    let versionId = 0
    try {
      await waitForSynced(owner, 10_000)
      // The interviewer writes a note to self on the board, names a version holding it, deletes it.
      const records = owner.doc.getArray<{ key: string; val: { typeName: string; props?: { richText?: unknown } } }>('tl_records')
      const withText = records.toArray().find((e) => e.val.typeName === 'shape' && e.val.props?.richText !== undefined)!
      const secret = { ...withText.val, id: 'shape:secret', props: { ...withText.val.props, richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: CANARY }] }] } } }
      records.push([{ key: 'shape:secret', val: secret }])
      await waitFor(async () => (await saved()).includes(CANARY), 'the note is saved', 10_000)
      const named = await interviewer.client.json(`/api/boards/${created.boardId}/versions`, 'POST', { name: 'with my note' })
      expect(named.status).toBe(201)
      versionId = ((await named.json()) as { id: number }).id
      const index = records.toArray().findIndex((e) => e.key === 'shape:secret')
      records.delete(index, 1)
      await waitFor(async () => !(await saved()).includes(CANARY), 'the deletion is saved', 10_000)
    } finally {
      owner.destroy()
    }

    const guest = new WebClient(server.baseUrl)
    expect((await join(guest, created.inviteUrl)).status).toBe(200)
    const bodies: string[] = []
    const list = await guest.fetch(`/api/boards/${created.boardId}/versions`)
    expect(list.status).toBe(403)
    bodies.push(await list.text())
    const versions = (await (await interviewer.client.fetch(`/api/boards/${created.boardId}/versions`)).json()) as { versions: { id: number }[] }
    for (const v of versions.versions) {
      const one = await guest.fetch(`/api/boards/${created.boardId}/versions/${v.id}`)
      expect(one.status).toBe(403)
      bodies.push(await one.text())
      const restore = await guest.json(`/api/boards/${created.boardId}/versions/${v.id}/restore`, 'POST', {})
      expect(restore.status).toBe(403)
      bodies.push(await restore.text())
    }
    expect(versions.versions.length).toBeGreaterThan(0)
    // What the candidate can have is the board as it is now: the export and the room.
    const exported = await guest.fetch(`/api/boards/${created.boardId}/export.tldr`)
    expect(exported.status).toBe(200)
    bodies.push(await exported.text())
    const lookup = roomLookupSchema.parse(await (await guest.fetch(`/api/rooms/${created.boardId}`)).json())
    const candidate = recordingClient(lookup.url, lookup.room, lookup.token)
    try {
      await waitFor(() => candidate.provider.synced, 'candidate synced', 10_000)
      bodies.push(Buffer.concat(candidate.frames).toString('utf8'), Buffer.from(Y.encodeStateAsUpdate(candidate.doc)).toString('latin1'))
    } finally {
      candidate.destroy()
    }
    for (const body of bodies) expect(body.includes(CANARY)).toBe(false)
    // The check can see text: the interviewer's own read of the named version holds the note.
    const mine = await interviewer.client.fetch(`/api/boards/${created.boardId}/versions/${versionId}`)
    expect(mine.status).toBe(200)
    expect(await mine.text()).toContain(CANARY)
  })
})
