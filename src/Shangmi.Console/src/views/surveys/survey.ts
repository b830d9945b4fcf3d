/** The rules the survey builder and its preview share with the server (the enums' words are in components/labels.ts). */
import type { Schemas } from '../../api/client'

export type Question = Schemas['SurveyQuestion']
export type Kind = Schemas['QuestionKind']
export type Indicator = Schemas['SurveyIndicator']
export type Measure = Schemas['SurveyMeasure']

/** The kind of question each indicator must be (SurveyRules.IndicatorFits on the server). */
export function indicatorsFor(kind: Kind): Indicator[] {
  if (kind === 'yesNo') return ['protectionSystem']
  if (kind === 'matrix') return ['readiness']
  if (kind === 'integer') return ['employees', 'secretStaff', 'tradeSecrets', 'patents', 'confidentialitySigned', 'nonCompeteSigned']
  return []
}

export const OTHER = '其他'
const YES = '是'
const NO = '否'

export const isChoice = (kind: Kind) => kind === 'singleChoice' || kind === 'multipleChoice'
export const isNumber = (kind: Kind) => kind === 'integer' || kind === 'decimal'

/** The answers a display condition may name: a choice question's options (and 其他), or 是/否. */
export function choicesOf(q: Question): string[] {
  if (isChoice(q.kind)) return [...(q.options ?? []), ...(q.allowOther ? [OTHER] : [])]
  return q.kind === 'yesNo' ? [YES, NO] : []
}

/** What an answer picks, as the server reads it for conditions (SurveyAnswerRules.Picked). */
function picked(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  if (value === true) return [YES]
  if (value === false) return [NO]
  return value === undefined || value === null || value === '' ? [] : [String(value)]
}

/** The keys of the questions shown for these answers: a condition's question must itself be shown and picked the answer. */
export function visibleKeys(questions: Question[], answers: Record<string, unknown>): Set<string> {
  const visible = new Set<string>()
  for (const q of questions) {
    const c = q.showIf
    if (!c?.questionKey || (visible.has(c.questionKey) && picked(answers[c.questionKey]).includes(c.answer ?? ''))) visible.add(q.key)
  }
  return visible
}

/** A new question of this kind with the next free key (q1, q2, …). */
export function newQuestion(kind: Kind, taken: string[]): Question {
  let n = taken.length + 1
  while (taken.includes(`q${n}`)) n++
  return {
    key: `q${n}`, kind, title: '', help: null, required: true, min: null, max: null, unit: null,
    options: isChoice(kind) ? ['', ''] : null, allowOther: false, items: kind === 'matrix' ? [''] : null,
    indicator: null as unknown as Indicator, showIf: null as unknown as Question['showIf'],
  }
}

/** The lines of an options or items box, without the empty ones (a trailing newline while typing). */
const filled = (lines: string[] | null) => (lines ?? []).map((l) => l.trim()).filter(Boolean)

/** A question as the API takes it: only the fields its kind uses, no empty condition. */
export function toRequest(q: Question): Schemas['SurveyQuestionRequest'] {
  const number = isNumber(q.kind)
  return {
    key: q.key, kind: q.kind, title: q.title, help: q.help || null, required: q.required,
    min: number ? q.min : null, max: number ? q.max : null, unit: number ? q.unit || null : null,
    options: isChoice(q.kind) ? filled(q.options) : null, allowOther: isChoice(q.kind) ? q.allowOther : false,
    items: q.kind === 'matrix' ? filled(q.items) : null, indicator: q.indicator || undefined,
    showIf: q.showIf?.questionKey ? q.showIf : undefined,
  }
}


/** A moment as ChinaDateTimePicker takes it, an instant in China time, e.g. "2026-06-01T09:30:00+08:00". */
export function pickerValue(date: Date): string {
  const china = new Date(date.getTime() + 8 * 3600_000)
  return `${china.toISOString().slice(0, 19)}+08:00`
}

/** The settings of a survey as the API takes them back (PUT), with changes. */
export function settingsOf(s: Schemas['SurveyDetail'], change: Partial<Schemas['SurveySettingsRequest']> = {}): Schemas['SurveySettingsRequest'] {
  return {
    title: s.title, intro: s.intro, opensAt: s.opensAt, closesAt: s.closesAt, audience: s.audience,
    districtIds: s.districtIds, industryIds: s.industryIds, tagIds: s.tagIds, ...change,
  }
}
