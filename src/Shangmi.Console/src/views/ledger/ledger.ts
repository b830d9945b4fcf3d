/** The staff actions that ask for something first (a dialog); take, assign, note and message have their own controls. */
export type DialogAction = 'accept' | 'schedule' | 'resolve' | 'reject' | 'transfer' | 'linkTip'

export const DIALOG_ACTIONS: readonly string[] = ['accept', 'schedule', 'resolve', 'reject', 'transfer', 'linkTip']

/** A rate as the API gives it (percent, one decimal) for tables: "66.7%", or "—" when nothing was due. */
export function rateText(rate: number | null | undefined): string {
  return rate == null ? '—' : `${rate}%`
}

/** Today and the first of this month as China dates (YYYY-MM-DD), whatever the browser's time zone. */
export function thisMonth(): [string, string] {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
  return [`${today.slice(0, 8)}01`, today]
}
