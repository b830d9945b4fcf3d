/** Chinese labels and tag colours for the API's enums, in one place. */
import type { Schemas } from '../api/client'

type TagType = 'info' | 'warning' | 'success' | 'danger' | 'primary'

export const articleStatus: Record<string, { label: string; type: TagType }> = {
  draft: { label: '草稿', type: 'info' },
  scheduled: { label: '定时发布', type: 'warning' },
  published: { label: '已发布', type: 'success' },
  archived: { label: '已归档', type: 'danger' },
}

export const eventStatus: Record<string, { label: string; type: TagType }> = {
  draft: { label: '草稿', type: 'info' },
  published: { label: '已发布', type: 'success' },
  cancelled: { label: '已取消', type: 'danger' },
}

export const eventType: Record<string, string> = { forum: '论坛', training: '培训', meeting: '会议' }

export const registrationStatus: Record<string, { label: string; type: TagType }> = {
  pending: { label: '待审核', type: 'warning' },
  confirmed: { label: '已确认', type: 'success' },
  waitlisted: { label: '候补', type: 'info' },
  rejected: { label: '未通过', type: 'danger' },
  cancelled: { label: '已取消', type: 'info' },
}

export const tipStatus: Record<string, { label: string; type: TagType }> = {
  submitted: { label: '待核查', type: 'warning' },
  accepted: { label: '已受理', type: 'primary' },
  rejected: { label: '不予受理', type: 'info' },
  investigating: { label: '调查中', type: 'primary' },
  transferred: { label: '已移送', type: 'success' },
  closed: { label: '已办结', type: 'success' },
  discarded: { label: '无效线索', type: 'danger' },
}

/** The button that moves a tip to this state. */
export const tipMove: Record<string, string> = {
  accepted: '受理', rejected: '不予受理', investigating: '开始调查', transferred: '移送', closed: '办结',
}

/** How the desk counts: days left are working days after today; days overdue are calendar days. */
export const DUE_HINT = '剩余天数按工作日计（不含当天）；超期天数按自然日计'

/** A tip's next deadline as the desk reads it: "剩 N 个工作日", "已超期 N 天", or nothing when none is due. */
export function dueText(due: { workingDaysLeft?: number | null; daysOverdue?: number | null } | undefined): string {
  if (due?.daysOverdue != null) return `已超期 ${due.daysOverdue} 天`
  if (due?.workingDaysLeft != null) return due.workingDaysLeft === 0 ? '今日到期' : `剩 ${due.workingDaysLeft} 个工作日`
  return ''
}

/** What a tip's audit trail records (the API's stable words); an unknown word shows as it is. */
export const tipAuditAction: Record<string, string> = {
  list: '在列表中查看', read: '查看详情', transition: '变更状态', extend: '延期', notified: '记录已告知', discard: '作为无效线索',
  message: '留言', download: '下载证据', reveal_identity: '查看实名信息', audit_read: '查看访问记录',
}

/** What an enterprise's history records, and the profile fields a change names. */
export const enterpriseAction: Record<string, string> = {
  claimed: '提交认领', claim_verified: '认领通过', claim_rejected: '认领驳回', member_left: '成员退出', member_revoked: '撤销成员',
  changed: '修改资料', change_requested: '申请变更名称/代码', change_verified: '同意变更', change_rejected: '驳回变更',
  designated: '授予称号', undesignated: '取消称号', imported: '名录导入', viewed: '查看档案', contact_read: '查看联系方式',
  proof_read: '查看证明材料', exported: '导出名录',
}

export const enterpriseField: Record<string, string> = {
  name: '名称', creditCode: '信用代码', district: '所在区', industry: '行业', sizeBand: '规模', tags: '标签', address: '地址',
  employees: '员工人数', liaisonPoint: '联络点', liaison_point: '联络点', demonstration: '示范企业',
}

export const claimStatus: Record<string, { label: string; type: TagType }> = {
  pending: { label: '待审核', type: 'warning' },
  verified: { label: '已认证', type: 'success' },
  rejected: { label: '已驳回', type: 'danger' },
  left: { label: '已退出', type: 'info' },
  revoked: { label: '已撤销', type: 'info' },
}

export const claimKind: Record<string, string> = { enterprise: '新企业认领', member: '加入已认证企业' }

export const enterpriseStatus: Record<string, { label: string; type: TagType }> = {
  unverified: { label: '未认证', type: 'info' },
  verified: { label: '已认证', type: 'success' },
  reverify: { label: '变更待审', type: 'warning' },
}

/** The request ledger (诉求台账): kinds, states, staff actions, transfer targets and timeline lines. */
export const serviceKind: Record<string, string> = {
  consultation: '一对一咨询', visit: '上门指导', rights: '维权诉求', documents: '资料申领', training: '培训需求',
}

export const serviceStatus: Record<string, { label: string; type: TagType }> = {
  submitted: { label: '待受理', type: 'warning' },
  accepted: { label: '已受理', type: 'primary' },
  scheduled: { label: '已安排上门', type: 'primary' },
  resolved: { label: '已办结待评价', type: 'success' },
  closed: { label: '已关闭', type: 'info' },
  rejected: { label: '不予受理', type: 'info' },
  transferred: { label: '已移送', type: 'success' },
}

export const serviceAction: Record<string, string> = {
  take: '领办', assign: '转派', accept: '受理', schedule: '安排上门', note: '内部备注', message: '留言', resolve: '办结',
  reject: '不予受理', transfer: '移送', linkTip: '关联线索',
}

export const transferTarget: Record<string, string> = { enforcement: '执法办案', police: '公安机关', procuratorate: '检察院', court: '法院' }

export const serviceEvent: Record<string, string> = {
  submitted: '企业提交诉求', taken: '领办', assigned: '转派', accepted: '受理', scheduled: '安排上门', note: '内部备注',
  message: '留言（致企业）', reply: '企业留言', resolved: '办结', rejected: '不予受理', transferred: '移送', linked: '关联线索',
  viewed: '查看', attached: '企业上传附件', feedback: '企业评价', closed: '关闭',
}

export const guidanceKind: Record<string, string> = { standard: '规范', compilation: '制度汇编', guide: '指引', other: '其他' }

/** A rate the API gives in percent (one decimal) as the console shows every rate: "66.7%", "50.0%"; "—" when nothing was due. */
export function rateText(rate: number | null | undefined): string {
  return rate == null ? '—' : `${rate.toFixed(1)}%`
}

/** A file's size for people: "12 KB", "3.4 MB" (at least 1 KB). */
export function fileSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`
}

export const roleLabels: Record<string, string> = { admin: '管理员', editor: '编辑', officer: '办案员', service: '企业服务', analyst: '调研分析' }

/** A time from the API as China time, "2026-06-01 09:30". */
export function formatTime(value: string | null | undefined): string {
  if (!value) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  return date.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).replace(/\//g, '-')
}

/** An instant from the API as China wall time, "2026-06-05 10:00:00" (China keeps +08:00 all year). */
export function chinaWallTime(value: string): string {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}

/** A share 0..1 as a rate is shown, "37.5%", "100.0%" (one decimal, charts and tables alike); "—" when there is none. */
export function percentText(share: number | null | undefined): string {
  return share == null ? '—' : rateText(share * 100)
}

type SurveyStatus = Schemas['SurveyStatus']
type SurveyAudience = Schemas['SurveyAudience']
type QuestionKind = Schemas['QuestionKind']
type SurveyIndicator = Schemas['SurveyIndicator']
type SurveyMeasure = Schemas['SurveyMeasure']

export const surveyStatus: Record<SurveyStatus, { label: string; type: TagType }> = {
  draft: { label: '草稿', type: 'info' },
  scheduled: { label: '待开始', type: 'warning' },
  open: { label: '进行中', type: 'success' },
  closed: { label: '已结束', type: 'danger' },
  standard: { label: '标准问卷', type: 'primary' },
}

export const audienceLabel: Record<SurveyAudience, string> = {
  all: '全部已认证企业', liaison: '联络点企业', chosen: '指定企业',
}

export const kindLabel: Record<QuestionKind, string> = {
  integer: '整数', decimal: '小数', singleChoice: '单选', multipleChoice: '多选', yesNo: '是非题',
  shortText: '单行文字', longText: '多行文字', rating: '评分（1–5）', matrix: '矩阵（每项是/否）',
}

export const indicatorLabel: Record<SurveyIndicator, string> = {
  employees: '职工数', secretStaff: '涉密人员数', tradeSecrets: '商业秘密数', patents: '专利数',
  confidentialitySigned: '签订保密协议人数', nonCompeteSigned: '签订竞业限制协议人数',
  protectionSystem: '是否建立保护制度', readiness: '五落实、三到位（8 项）',
}

export const measureLabel: Record<SurveyMeasure, string> = {
  tradeSecrets: '商业秘密数', patents: '专利数', employees: '职工数', secretStaff: '涉密人员数',
  confidentialityRate: '保密协议签约率', nonCompeteRate: '竞业限制协议签约率', protectionSystem: '保护制度建立率',
  readiness: '五落实三到位得分',
}
