import { ElMessage } from 'element-plus'
import { reactive } from 'vue'

/** RFC 9457 problem+json as the API answers it: Chinese title/detail, a stable code, field errors. */
export interface Problem {
  title?: string
  detail?: string
  status?: number
  code?: string
  errors?: Record<string, string[]>
  retryAfter?: number
  [key: string]: unknown
}

/** The field errors of one form, bound to `el-form-item :error="fieldErrors.x"`. */
export type FieldErrors = Record<string, string | undefined>

export function useFieldErrors(): FieldErrors {
  return reactive<FieldErrors>({})
}

/**
 * The one way the console shows a failed call: the server's Chinese title and detail as a message, and each field
 * error on its form field when the form has `fields`. A network failure (no answer at all) says so.
 */
export function showProblem(problem: unknown, fields?: FieldErrors): Problem {
  const p: Problem = isProblem(problem) ? problem : { title: '网络异常，请检查网络后重试' }
  if (fields) {
    for (const key of Object.keys(fields)) fields[key] = undefined
    for (const [key, messages] of Object.entries(p.errors ?? {})) fields[fieldName(key)] = messages.join('；')
  }
  const text = [p.title, p.detail].filter(Boolean).join('：')
  ElMessage({ type: 'error', message: text || '操作失败', duration: 5000, showClose: true })
  return p
}

export function clearFieldErrors(fields: FieldErrors) {
  for (const key of Object.keys(fields)) fields[key] = undefined
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && ('title' in value || 'errors' in value)
}

/** ASP.NET may name a field "Title" or "speakerIds[1]"; forms use camelCase names without an index. */
function fieldName(key: string): string {
  const bare = key.replace(/\[\d+\]$/, '').replace(/^\$\./, '')
  return bare.charAt(0).toLowerCase() + bare.slice(1)
}
