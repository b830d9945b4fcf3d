/** Chinese labels and tag colours for the API's enums, in one place. */
export const articleStatus: Record<string, { label: string; type: 'info' | 'warning' | 'success' | 'danger' }> = {
  draft: { label: '草稿', type: 'info' },
  scheduled: { label: '定时发布', type: 'warning' },
  published: { label: '已发布', type: 'success' },
  archived: { label: '已归档', type: 'danger' },
}

export const eventStatus: Record<string, { label: string; type: 'info' | 'warning' | 'success' | 'danger' }> = {
  draft: { label: '草稿', type: 'info' },
  published: { label: '已发布', type: 'success' },
  cancelled: { label: '已取消', type: 'danger' },
}

export const eventType: Record<string, string> = { forum: '论坛', training: '培训', meeting: '会议' }

export const registrationStatus: Record<string, { label: string; type: 'info' | 'warning' | 'success' | 'danger' }> = {
  pending: { label: '待审核', type: 'warning' },
  confirmed: { label: '已确认', type: 'success' },
  waitlisted: { label: '候补', type: 'info' },
  rejected: { label: '未通过', type: 'danger' },
  cancelled: { label: '已取消', type: 'info' },
}

export const roleLabels: Record<string, string> = { admin: '管理员', editor: '编辑', officer: '办案员', service: '企业服务', analyst: '调研分析' }

/** A time from the API as China time, "2026-06-01 09:30". */
export function formatTime(value: string | null | undefined): string {
  if (!value) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  return date.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).replace(/\//g, '-')
}

/** Element Plus date pickers give and take this format: the offset kept, so the API gets an exact instant. */
export const PICKER_FORMAT = 'YYYY-MM-DDTHH:mm:ssZ'
