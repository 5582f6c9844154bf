// What the board page exposes on window for end-to-end tests and debugging: the live tldraw
// editor and tldraw's rich-text helper (shapes take `richText`, not `text`, in tldraw 5). Safe to
// expose always: it gives a script on the page nothing it could not reach through the DOM.
import type { Editor, TLRichText } from 'tldraw'

export type DesignRoomTestHooks = {
  editor: Editor
  toRichText: (text: string) => TLRichText
}

declare global {
  interface Window {
    __designroom?: DesignRoomTestHooks
  }
}

export function exposeTestHooks(hooks: DesignRoomTestHooks): () => void {
  window.__designroom = hooks
  return () => {
    if (window.__designroom === hooks) delete window.__designroom
  }
}
