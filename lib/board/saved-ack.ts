// Wires the sync node's "saved" acknowledgements (lib/protocol/saved.ts) into a y-websocket
// provider: subscribe on every (re)connect, hand each ack's state vector to `onAck`, and each
// "appends are failing" notice to `onUnsaved`.
// The `saved: '1'` WebSocket parameter asks for the same thing at upgrade time; the subscribe
// frame is sent too, so either mechanism on the node works.
import type { WebsocketProvider } from 'y-websocket'
import { messageSaved } from '@/lib/protocol/message-types'
import { decodeSaved, encodeSavedSubscribe } from '@/lib/protocol/saved'

export const SAVED_PARAMS: Readonly<Record<string, string>> = { saved: '1' }

export function listenForSavedAcks(
  provider: WebsocketProvider,
  onAck: (stateVector: Map<number, number>) => void,
  onUnsaved: (failingForMs: number) => void = () => {},
): () => void {
  provider.messageHandlers[messageSaved] = (_encoder, decoder) => {
    // decodeSaved reads the whole frame (type included), so the codec stays in one place.
    const message = decodeSaved(decoder.arr)
    decoder.pos = decoder.arr.length
    if (message?.kind === 'ack') onAck(message.stateVector)
    else if (message?.kind === 'unsaved') onUnsaved(message.failingForMs)
  }
  const subscribe = ({ status }: { status: string }) => {
    if (status !== 'connected') return
    const ws = provider.ws
    if (ws && ws.readyState === ws.OPEN) ws.send(encodeSavedSubscribe())
  }
  provider.on('status', subscribe)
  return () => {
    provider.off('status', subscribe)
    delete provider.messageHandlers[messageSaved]
  }
}
