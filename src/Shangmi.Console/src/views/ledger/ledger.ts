import type { Schemas } from '../../api/client'

/** The staff actions that ask for something first (a dialog); take, assign, note and message have their own controls. */
export const DIALOG_ACTIONS = ['accept', 'schedule', 'resolve', 'reject', 'transfer', 'linkTip'] as const

export type DialogAction = (typeof DIALOG_ACTIONS)[number]

export function isDialogAction(action: string): action is DialogAction {
  return (DIALOG_ACTIONS as readonly string[]).includes(action)
}

/** Today and the first of this month as China dates (YYYY-MM-DD), whatever the browser's time zone. */
export function thisMonth(): [string, string] {
  const today = chinaToday()
  return [`${today.slice(0, 8)}01`, today]
}

export function chinaToday(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
}

/** The three rates of one line of GET /rates, each with the counts it divides: the rates page and the dashboard show them alike. */
export function threeRates(line: Schemas['RateLine']) {
  return [
    { key: 'response', name: '响应率', rate: line.responseRate, detail: `按时响应 ${line.respondedInTime} / 应响应 ${line.responseDue}` },
    { key: 'solve', name: '解决率', rate: line.solveRate, detail: `已解决 ${line.solved} / 企业反馈 ${line.feedbackGiven}` },
    { key: 'satisfaction', name: '满意率', rate: line.satisfactionRate, detail: `满意 ${line.satisfied} / 评价 ${line.ratings}` },
  ]
}
