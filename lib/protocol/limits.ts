// Every bound the sync node enforces, in one place so the server, the tests and the docs agree.
// Sources for the numbers: research/reliability.md §4.1 and §6.1.

export type Limits = {
  /** ws maxPayload: larger frames are refused by ws itself (close 1009) before buffering. Sized
   *  for a sync step 2 that uploads an offline client's backlog; other kinds are capped below. */
  maxFrameBytes: number
  /** One incremental update (sync type 2). */
  maxUpdateBytes: number
  /** One sync step 2 from a client (its catch-up upload). */
  maxSyncStep2Bytes: number
  /** One awareness frame (stock clients echo every state they receive, so it holds several). */
  maxAwarenessFrameBytes: number
  /** The JSON of one awareness state. */
  maxAwarenessStateBytes: number
  /** Nesting of one awareness state's JSON: deep JSON makes later encodes throw (finding 1). */
  maxAwarenessDepth: number
  /** Token bucket per socket: sustained frames per second and burst. */
  messagesPerSecond: number
  messageBurst: number
  /** Open sockets per remote address. */
  maxConnectionsPerIp: number
  /** Approximate encoded size of a room's document; updates beyond it are refused. */
  maxRoomDocBytes: number
  /** Bytes of missing-dependency (gap) updates a client may send before it is closed (finding 2);
   *  each gap is dropped and answered with a resync request, never parked in the room. */
  maxPendingStructBytes: number
  /** Frames a socket may send while its room is still loading. */
  maxQueuedFramesBeforeReady: number
  /** Bytes a socket may queue while its room is still loading. The frame count alone let 256
   *  frames of up to maxFrameBytes each (2 GiB) sit in memory before any per-kind check ran
   *  (reliability.md §6.1 B18: ≤ 5 MiB buffered). */
  maxQueuedBytesBeforeReady: number
  /** Above this bufferedAmount, awareness to the socket is dropped. */
  softBufferedBytes: number
  /** Above this bufferedAmount, the socket is closed with rateLimited. */
  hardBufferedBytes: number
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxFrameBytes: 8 * 1024 * 1024,
  maxUpdateBytes: 1024 * 1024,
  maxSyncStep2Bytes: 8 * 1024 * 1024,
  maxAwarenessFrameBytes: 1024 * 1024,
  maxAwarenessStateBytes: 32 * 1024,
  maxAwarenessDepth: 12,
  // tldraw sends a document update and a presence update per animation frame while drawing
  // (~120 frames/s); 240/s with a burst of 480 leaves room for that and stops floods.
  messagesPerSecond: 240,
  messageBurst: 480,
  maxConnectionsPerIp: 64,
  maxRoomDocBytes: 10 * 1024 * 1024,
  maxPendingStructBytes: 64 * 1024,
  maxQueuedFramesBeforeReady: 256,
  maxQueuedBytesBeforeReady: 4 * 1024 * 1024,
  softBufferedBytes: 512 * 1024,
  hardBufferedBytes: 4 * 1024 * 1024,
})

export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  return { ...DEFAULT_LIMITS, ...overrides }
}
