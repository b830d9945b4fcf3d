/** The survey pages' words for the API's enums, and the rules the builder and its preview share with the server. */
import type { Schemas } from '../../api/client'

type TagType = 'info' | 'warning' | 'success' | 'danger' | 'primary'
export type Question = Schemas['SurveyQuestion']
export type Kind = Schemas['QuestionKind']
export type Indicator = Schemas['SurveyIndicator']
export type Measure = Schemas['SurveyMeasure']

export const surveyStatus: Record<Schemas['SurveyStatus'], { label: string; type: TagType }> = {
  draft: { label: '草稿', type: 'info' },
  scheduled: { label: '待开始', type: 'warning' },
  open: { label: '进行中', type: 'success' },
  closed: { label: '已结束', type: 'danger' },
  standard: { label: '标准问卷', type: 'primary' },
}

export const audienceLabel: Record<Schemas['SurveyAudience'], string> = {
  all: '全部已认证企业', liaison: '联络点企业', chosen: '指定企业',
}

export const kindLabel: Record<Kind, string> = {
  integer: '整数', decimal: '小数', singleChoice: '单选', multipleChoice: '多选', yesNo: '是非题',
  shortText: '单行文字', longText: '多行文字', rating: '评分（1–5）', matrix: '矩阵（每项是/否）',
}

export const indicatorLabel: Record<Indicator, string> = {
  employees: '职工数', secretStaff: '涉密人员数', tradeSecrets: '商业秘密数', patents: '专利数',
  confidentialitySigned: '签订保密协议人数', nonCompeteSigned: '签订竞业限制协议人数',
  protectionSystem: '是否建立保护制度', readiness: '五落实、三到位（8 项）',
}

/** The kind of question each indicator must be (SurveyRules.IndicatorFits on the server). */
export function indicatorsFor(kind: Kind): Indicator[] {
  if (kind === 'yesNo') return ['protectionSystem']
  if (kind === 'matrix') return ['readiness']
  if (kind === 'integer') return ['employees', 'secretStaff', 'tradeSecrets', 'patents', 'confidentialitySigned', 'nonCompeteSigned']
  return []
}

export const measureLabel: Record<Measure, string> = {
  tradeSecrets: '商业秘密数', patents: '专利数', employees: '职工数', secretStaff: '涉密人员数',
  confidentialityRate: '保密协议签约率', nonCompeteRate: '竞业限制协议签约率', protectionSystem: '保护制度建立率',
  readiness: '五落实三到位得分',
}

export const OTHER = '其他'
export const YES = '是'
export const NO = '否'

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

/** A share 0..1 as "37.5%". */
export const percent = (v: number | null | undefined) => (v == null ? '—' : `${Math.round(v * 1000) / 10}%`)

/** A moment as the date pickers' value (PICKER_FORMAT) in China time, e.g. "2026-06-01T09:30:00+08:00". */
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
