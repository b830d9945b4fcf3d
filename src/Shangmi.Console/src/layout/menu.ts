import { hasRole } from '../auth/session'

export interface MenuItem {
  path: string
  title: string
  roles: string[]
}

/** The side menu; each entry shows only to the roles its page needs (the server still checks every call). */
const ALL: MenuItem[] = [
  { path: '/', title: '工作台', roles: [] },
  { path: '/articles', title: '栏目与文章', roles: ['editor'] },
  { path: '/experts', title: '专家库', roles: ['editor'] },
  { path: '/events', title: '活动', roles: ['editor'] },
  { path: '/checkin', title: '现场签到', roles: ['editor'] },
  { path: '/tips', title: '线索', roles: ['officer'] },
  { path: '/enterprises/claims', title: '企业认证', roles: ['service'] },
  { path: '/enterprises', title: '企业名录', roles: ['service'] },
  { path: '/ledger', title: '服务台账', roles: ['service'] },
  { path: '/ledger/rates', title: '服务成效', roles: ['service'] },
  { path: '/network', title: '服务网络', roles: ['service'] },
  { path: '/guidance', title: '指导资料', roles: ['editor'] },
  { path: '/surveys', title: '问卷调研', roles: ['analyst', 'admin'] },
  { path: '/work-calendar', title: '工作日历', roles: ['officer', 'admin'] },
  { path: '/accounts', title: '账号', roles: ['admin'] },
]

export function menuForRoles(): MenuItem[] {
  return ALL.filter((item) => hasRole(...item.roles))
}
