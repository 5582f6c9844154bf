// /interviews/{id}/summary: the interviewer's scorecard, notes and board replay. Everything on it
// arrives from interviewer-only API routes; a candidate or a stranger gets their 404.
import Summary from './Summary'

export const dynamic = 'force-dynamic'
export const metadata = { title: 'Interview summary', referrer: 'no-referrer' }

type Props = { params: Promise<{ id: string }> }

export default async function SummaryPage({ params }: Props) {
  const { id } = await params
  return <Summary id={id} />
}
