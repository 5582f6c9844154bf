// /interviews/{id}: the interview room. Thin on purpose: who is asking (interviewer, candidate or
// nobody) is decided by GET /api/interviews/{id}, which answers each with only what they may see,
// so nothing private is ever rendered into this page's HTML.
import Room from './Room'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Interview', referrer: 'no-referrer' }

type Props = { params: Promise<{ id: string }> }

export default async function InterviewPage({ params }: Props) {
  const { id } = await params
  return <Room id={id} />
}
