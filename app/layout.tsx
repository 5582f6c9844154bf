import type { Metadata } from 'next'
import localFont from 'next/font/local'
import { connection } from 'next/server'
import type { ReactNode } from 'react'
import './globals.css'

// tldraw's own IBM Plex Sans, self-hosted: next/font/google cannot fetch offline, and without a
// page font tldraw's menus (font-family: inherit) fall back to serif.
const uiFont = localFont({
  src: [
    { path: '../node_modules/@tldraw/assets/fonts/IBMPlexSans-Medium.woff2', weight: '500', style: 'normal' },
    { path: '../node_modules/@tldraw/assets/fonts/IBMPlexSans-Bold.woff2', weight: '700', style: 'normal' },
  ],
  display: 'swap',
  variable: '--font-ui',
})

export const metadata: Metadata = {
  title: { default: 'DesignRoom', template: '%s · DesignRoom' },
  description: 'A multiplayer whiteboard for system-design interviews',
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: Next can only put proxy.ts's CSP nonce on its scripts while
  // rendering, and a page prerendered at build time (/cluster, the 404) would carry none.
  await connection()
  return (
    <html lang="en" className={`${uiFont.className} ${uiFont.variable}`}>
      <body>{children}</body>
    </html>
  )
}
