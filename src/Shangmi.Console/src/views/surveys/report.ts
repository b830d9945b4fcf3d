/** How the report pages read a figure: one headline number per measure, as the .xlsx's cross tables do. */
import type { Schemas } from '../../api/client'
import { measureLabel, percentText } from '../../components/labels'
import { type Measure } from './survey'

export type Figure = Schemas['MeasureFigure']
export type Group = Schemas['GroupReport']

export const MEASURES = Object.keys(measureLabel) as Measure[]

/** Rates and shares are 0..1 and read as percentages. */
export const isShare = (m: Measure) => m === 'confidentialityRate' || m === 'nonCompeteRate' || m === 'protectionSystem'

/** The measure's headline: the sum of a count, the weighted (Σ÷Σ) rate, the share of yes, the mean readiness score. */
export function headline(f: Figure | undefined): number | null {
  if (!f || f.suppressed) return null
  return f.sum ?? f.weightedRate ?? f.share ?? f.mean ?? null
}

/** What a headline is called in a table header. */
export function headlineLabel(m: Measure): string {
  if (m === 'confidentialityRate' || m === 'nonCompeteRate') return `${measureLabel[m]}（Σ÷Σ）`
  if (m === 'readiness') return `${measureLabel[m]}（平均）`
  if (m === 'protectionSystem') return measureLabel[m]
  return `${measureLabel[m]}（合计）`
}

/** A figure's headline as a table shows it: the suppressed text when hidden, "—" when nobody answered. */
export function cell(f: Figure | undefined, m: Measure, hidden: string): string {
  if (f?.suppressed) return hidden
  const v = headline(f)
  if (v == null) return '—'
  return isShare(m) ? percentText(v) : String(Math.round(v * 100) / 100)
}

export const figureOf = (g: Group, m: Measure) => g.figures.find((f) => f.measure === m)

/** The groups worth a line: those with respondents, and the hidden ones (which read as hidden, never as absent). */
export const present = (groups: Group[]) => groups.filter((g) => g.suppressed || (g.respondents ?? 0) > 0)
