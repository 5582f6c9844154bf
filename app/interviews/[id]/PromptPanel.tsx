// The problem as everyone in the room sees it: statement, requirements and scale.
import type { PromptView } from '@/lib/interviews/contract'
import styles from './room.module.css'

function Bullets({ title, items, testId }: { title: string; items: string[]; testId: string }) {
  if (items.length === 0) return null
  return (
    <>
      <h4>{title}</h4>
      <ul className={styles.list} data-testid={testId}>
        {items.map((item, i) => <li key={i}>{item}</li>)}
      </ul>
    </>
  )
}

export function PromptPanel({ prompt }: { prompt: PromptView }) {
  return (
    <section className={styles.section} data-testid="interview-prompt">
      <h3>{prompt.title}</h3>
      <p className={styles.statement} data-testid="prompt-statement">{prompt.statement}</p>
      <Bullets title="Functional requirements" items={prompt.functional} testId="prompt-functional" />
      <Bullets title="Non-functional requirements" items={prompt.nonFunctional} testId="prompt-non-functional" />
      <Bullets title="Scale" items={prompt.scale} testId="prompt-scale" />
    </section>
  )
}
