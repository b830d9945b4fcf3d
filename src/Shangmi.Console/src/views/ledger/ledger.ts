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
