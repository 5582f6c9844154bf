// GET /api/templates: the built-in templates, public like the gallery. The learner-facing summary
// only; interviewer material (follow-ups, hints, rubric) is not part of any public answer.
import { listTemplates } from '@/lib/templates/catalog'

export function GET(): Response {
  return Response.json(listTemplates())
}
