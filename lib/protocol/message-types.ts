// The first varUint of every y-websocket frame. 0-3 are the standard y-websocket/y-protocols
// types (yjs/y-protocols PROTOCOL.md); our own types start at 100 so a future upstream type
// cannot collide with them. Stock clients log "Unable to compute message" for types they do not
// know, so the node only sends our types to sessions that asked for them.
export const messageSync = 0
export const messageAwareness = 1
export const messageAuth = 2
export const messageQueryAwareness = 3
/** Server -> client "saved up to state vector X"; client -> server "send me saved acks". */
export const messageSaved = 100

/** Sub-types inside a messageSync frame (y-protocols sync.js). */
export const syncStep1 = 0
export const syncStep2 = 1
export const syncUpdate = 2
