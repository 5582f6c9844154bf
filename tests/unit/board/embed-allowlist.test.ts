import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EMBED_HOST_PATTERNS, isAllowedEmbedUrl } from '@/lib/board/embed-allowlist'

describe('isAllowedEmbedUrl', () => {
  it('allows the https pages of tldraw\'s embed sites, with or without www.', () => {
    for (const url of [
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://youtu.be/dQw4w9WgXcQ',
      'https://m.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://www.figma.com/file/abc/Design',
      'https://docs.google.com/document/d/abc/edit',
      'https://www.google.co.uk/maps/@51.5,-0.1,12z',
      'https://codepen.io/someone/pen/abc',
      // As pasted: tldraw builds the frame's https address itself.
      'http://www.youtube.com/watch?v=dQw4w9WgXcQ',
    ]) {
      expect(isAllowedEmbedUrl(url), url).toBe(true)
    }
  })

  it('refuses other sites, including hosts that only contain an allowed name', () => {
    for (const url of [
      'https://attacker.example/phish',
      // tldraw's own match is an unanchored regular expression: these three count as Figma there.
      'https://figma.com.attacker.example/',
      'https://notfigma.com/file/abc',
      'https://evil.example/?next=figma.com',
      'https://youtube.com.evil.example/watch',
      'https://127.0.0.1:8080/',
    ]) {
      expect(isAllowedEmbedUrl(url), url).toBe(false)
    }
  })

  it('refuses other schemes, credentials, other ports and a viewer\'s own machine', () => {
    for (const url of [
      'ftp://www.youtube.com/watch?v=x',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'https://user:pass@www.youtube.com/watch?v=x',
      'https://www.youtube.com:8443/watch?v=x',
      'https://localhost:3000/f/abc',
      '',
      'not a url',
    ]) {
      expect(isAllowedEmbedUrl(url), url).toBe(false)
    }
  })

  it('lists exactly the hosts of the installed tldraw\'s embed definitions, minus localhost', () => {
    // Read as text: importing `tldraw` in Node pulls in the whole editor. A tldraw upgrade that
    // adds or drops an embed site fails here until this list follows it.
    const source = readFileSync('node_modules/tldraw/dist-esm/lib/defaultEmbedDefinitions.mjs', 'utf8')
    const lists = [...source.matchAll(/hostnames:\s*\[([^\]]*)\]/g)]
    expect(lists.length).toBeGreaterThan(10)
    const theirs = lists.flatMap((m) => [...m[1]!.matchAll(/"([^"]+)"/g)].map((h) => h[1]!)).filter((h) => !h.startsWith('localhost'))
    expect([...EMBED_HOST_PATTERNS].sort()).toEqual(theirs.sort())
  })
})
