import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { auth, hasRole } from './auth/session'
import { whenUnauthorized } from './api/client'
import Shell from './layout/Shell.vue'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    /** Any of these roles opens the page; the server checks again on every call. */
    roles?: string[]
    public?: boolean
  }
}

const EDITOR = ['editor']
const ADMIN = ['admin']
const OFFICER = ['officer']
const SERVICE = ['service']
/** The API's staff:analyst policy: analysts or admins. */
const ANALYST = ['analyst', 'admin']

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./views/login/LoginView.vue'), meta: { public: true, title: '登录' } },
  {
    path: '/',
    component: Shell,
    children: [
      { path: '', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: '工作台' } },
      { path: 'password', name: 'password', component: () => import('./views/account/ChangePassword.vue'), meta: { title: '修改密码' } },
      { path: 'articles', name: 'articles', component: () => import('./views/articles/ArticleList.vue'), meta: { title: '栏目与文章', roles: EDITOR } },
      { path: 'articles/new', name: 'article-new', component: () => import('./views/articles/ArticleEdit.vue'), meta: { title: '新建文章', roles: EDITOR } },
      { path: 'articles/:id', name: 'article-edit', component: () => import('./views/articles/ArticleEdit.vue'), props: true, meta: { title: '编辑文章', roles: EDITOR } },
      { path: 'experts', name: 'experts', component: () => import('./views/experts/ExpertList.vue'), meta: { title: '专家库', roles: EDITOR } },
      { path: 'experts/new', name: 'expert-new', component: () => import('./views/experts/ExpertEdit.vue'), meta: { title: '新增专家', roles: EDITOR } },
      { path: 'experts/import', name: 'expert-import', component: () => import('./views/experts/ExpertImport.vue'), meta: { title: '导入专家', roles: EDITOR } },
      { path: 'experts/:id', name: 'expert-edit', component: () => import('./views/experts/ExpertEdit.vue'), props: true, meta: { title: '编辑专家', roles: EDITOR } },
      { path: 'events', name: 'events', component: () => import('./views/events/EventList.vue'), meta: { title: '活动', roles: EDITOR } },
      { path: 'events/new', name: 'event-new', component: () => import('./views/events/EventEdit.vue'), meta: { title: '新建活动', roles: EDITOR } },
      { path: 'events/:id', name: 'event-edit', component: () => import('./views/events/EventEdit.vue'), props: true, meta: { title: '编辑活动', roles: EDITOR } },
      { path: 'events/:id/registrations', name: 'registrations', component: () => import('./views/events/RegistrationList.vue'), props: true, meta: { title: '报名管理', roles: EDITOR } },
      { path: 'checkin', name: 'checkin', component: () => import('./views/events/CheckIn.vue'), meta: { title: '现场签到', roles: EDITOR } },
      { path: 'tips', name: 'tips', component: () => import('./views/tips/TipList.vue'), meta: { title: '线索', roles: OFFICER } },
      { path: 'tips/:id', name: 'tip', component: () => import('./views/tips/TipDetail.vue'), props: true, meta: { title: '线索详情', roles: OFFICER } },
      { path: 'work-calendar', name: 'work-calendar', component: () => import('./views/tips/WorkCalendar.vue'), meta: { title: '工作日历', roles: ['officer', 'admin'] } },
      { path: 'enterprises', name: 'enterprises', component: () => import('./views/enterprises/EnterpriseList.vue'), meta: { title: '企业名录', roles: SERVICE } },
      { path: 'enterprises/claims', name: 'claims', component: () => import('./views/enterprises/ClaimQueue.vue'), meta: { title: '企业认证', roles: SERVICE } },
      { path: 'enterprises/import', name: 'enterprise-import', component: () => import('./views/enterprises/RosterImport.vue'), meta: { title: '导入企业名录', roles: SERVICE } },
      { path: 'enterprises/:id', name: 'enterprise', component: () => import('./views/enterprises/EnterpriseDetail.vue'), props: true, meta: { title: '企业档案', roles: SERVICE } },
      { path: 'ledger', name: 'ledger', component: () => import('./views/ledger/LedgerList.vue'), meta: { title: '服务台账', roles: SERVICE } },
      { path: 'ledger/rates', name: 'service-rates', component: () => import('./views/ledger/ServiceRates.vue'), meta: { title: '服务成效', roles: SERVICE } },
      { path: 'ledger/:id(\\d+)', name: 'ledger-request', component: () => import('./views/ledger/RequestDetail.vue'), props: true, meta: { title: '诉求详情', roles: SERVICE } },
      { path: 'network', name: 'network', component: () => import('./views/network/NetworkView.vue'), meta: { title: '服务网络', roles: SERVICE } },
      { path: 'guidance', name: 'guidance', component: () => import('./views/network/GuidanceList.vue'), meta: { title: '指导资料', roles: EDITOR } },
      { path: 'surveys', name: 'surveys', component: () => import('./views/surveys/SurveyList.vue'), meta: { title: '问卷调研', roles: ANALYST } },
      { path: 'surveys/new', name: 'survey-new', component: () => import('./views/surveys/SurveyBuilder.vue'), meta: { title: '新建问卷', roles: ANALYST } },
      { path: 'surveys/:id', name: 'survey', component: () => import('./views/surveys/SurveyBuilder.vue'), props: true, meta: { title: '编辑问卷', roles: ANALYST } },
      { path: 'surveys/:id/report', name: 'survey-report', component: () => import('./views/surveys/SurveyReport.vue'), props: true, meta: { title: '调研分析报告', roles: ANALYST } },
      { path: 'accounts', name: 'accounts', component: () => import('./views/accounts/AccountList.vue'), meta: { title: '账号', roles: ADMIN } },
      { path: 'forbidden', name: 'forbidden', component: () => import('./views/errors/ForbiddenView.vue'), meta: { title: '无权访问' } },
      { path: ':rest(.*)*', name: 'not-found', component: () => import('./views/errors/NotFoundView.vue'), meta: { title: '页面不存在' } },
    ],
  },
]

export const router = createRouter({ history: createWebHistory('/console/'), routes })

router.beforeEach((to) => {
  if (to.meta.public) return true
  if (!auth.session) return { name: 'login', query: { redirect: to.fullPath } }
  // A page the roles do not open shows a 403 page in place (the address stays), never a blank page.
  if (to.meta.roles && !hasRole(...to.meta.roles)) return { name: 'forbidden', query: { from: to.fullPath } }
  return true
})

router.afterEach((to) => {
  document.title = `${to.meta.title ?? ''} · 商秘管理后台`
})

whenUnauthorized(() => {
  const current = router.currentRoute.value
  if (current.name !== 'login') void router.push({ name: 'login', query: { redirect: current.fullPath, expired: '1' } })
})
