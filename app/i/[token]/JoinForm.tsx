'use client'
// The candidate's name, then POST /api/interviews/join: the answer sets the guest cookie and
// names the interview to open. A link that stopped working meanwhile gets the page's wording.
import { useRouter } from 'next/navigation'
import { useState, type FormEvent } from 'react'
import { NAME_MAX } from '@/lib/interviews/contract'
import { call } from '../../interviews/api'

const STATUS_TEXT: Record<number, string> = {
  404: "This invite link isn't valid. Check that you copied all of it.",
  409: 'This invite link has already been used. Ask your interviewer for a new one.',
  410: 'This invite link no longer works: it was revoked, it expired or the interview has ended.',
  429: 'Too many attempts. Wait a minute and try again.',
}

export function JoinForm({ token }: { token: string }) {
  const router = useRouter()
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<{ status: number; text: string } | null>(null)

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setBusy(true)
    setProblem(null)
    const answer = await call<{ interviewId: string }>('/api/interviews/join', { method: 'POST', body: { token, name } })
    if (answer.ok) {
      router.push(`/interviews/${answer.data.interviewId}`)
      return
    }
    setBusy(false)
    setProblem({ status: answer.status, text: STATUS_TEXT[answer.status] ?? answer.error })
  }

  if (problem && problem.status >= 404 && problem.status <= 410) {
    return <p className="error" role="alert" data-testid="join-problem" data-status={problem.status}>{problem.text}</p>
  }
  return (
    <form className="stack" onSubmit={(e) => void onSubmit(e)}>
      <label>
        Your name
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} required maxLength={NAME_MAX} autoFocus autoComplete="name" data-testid="join-name" />
      </label>
      {problem ? <p className="error" role="alert" data-testid="join-problem" data-status={problem.status}>{problem.text}</p> : null}
      <button type="submit" className="button primary" disabled={busy || !name.trim()} data-testid="join-submit">{busy ? 'Joining…' : 'Join the interview'}</button>
    </form>
  )
}
