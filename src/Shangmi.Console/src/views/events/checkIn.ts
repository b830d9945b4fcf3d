import { api, type Schemas } from '../../api/client'
import type { Problem } from '../../api/errors'

export type Answer =
  | { kind: 'green'; result?: Schemas['CheckInResult']; at?: string }
  | { kind: 'amber'; at: string }
  | { kind: 'red'; reason: string; detail?: string }

const RETRY_DELAYS_MS = [500, 1000, 2000]

/** A check-in code is 32 hex digits; a scanned QR may carry it inside a longer text (a page path, say). */
export function codeFrom(text: string): string {
  const match = text.trim().toLowerCase().match(/[0-9a-f]{32}/)
  return match ? match[0] : text.trim()
}

/**
 * Checks a code in, retrying when the network fails or the server is briefly unavailable. The server checks a code
 * in once (a second time answers 409 checkin.already), so a retry can never check anyone in twice; and when an
 * earlier attempt of this same scan may have reached the server, "already" is this scan's own success: green.
 */
export async function checkIn(code: string, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<Answer> {
  let mayHaveArrived = false
  for (let attempt = 0; ; attempt++) {
    try {
      const { data, error, response } = await api.POST('/api/v1/admin/checkins', { body: { code } })
      if (data) return { kind: 'green', result: data }
      const problem = (error ?? {}) as Problem
      if (problem.code === 'checkin.already') {
        const at = String(problem.checkedInAt ?? '')
        return mayHaveArrived ? { kind: 'green', at } : { kind: 'amber', at }
      }
      if ((response.status >= 500 || response.status === 429) && attempt < RETRY_DELAYS_MS.length) {
        mayHaveArrived = true
        await sleep(RETRY_DELAYS_MS[attempt])
        continue
      }
      const fieldError = problem.errors ? Object.values(problem.errors).flat()[0] : undefined
      return { kind: 'red', reason: fieldError ?? problem.title ?? '签到失败', detail: fieldError ? undefined : problem.detail }
    } catch {
      // No answer at all: the request may or may not have reached the server.
      mayHaveArrived = true
      if (attempt >= RETRY_DELAYS_MS.length) return { kind: 'red', reason: '网络异常，未能确认签到', detail: '请检查网络后再扫一次；重复扫码不会重复签到。' }
      await sleep(RETRY_DELAYS_MS[attempt])
    }
  }
}
