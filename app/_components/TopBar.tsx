import Link from 'next/link'
import type { ReactNode } from 'react'

export function TopBar({ children }: { children?: ReactNode }) {
  return (
    <header className="topbar">
      <Link href="/" className="brand">
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src="/icon.svg" alt="" width={24} height={24} />
        DesignRoom
      </Link>
      <nav>
        <Link href="/templates">Templates</Link>
        <Link href="/groups">Groups</Link>
        <Link href="/interviews">Interviews</Link>
        {children}
      </nav>
    </header>
  )
}
