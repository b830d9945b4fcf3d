import { ref, type Ref } from 'vue'
import { showProblem } from '../api/errors'

interface Page<T> {
  items: T[]
  page: number
  total: number
}

/**
 * One paged table: its rows, total, current page and loading flag, and `load(page)` that asks the API through
 * `fetchPage` and shows a failure the one way the console shows failures. Only the latest `load` may fill the table:
 * a filter clicked twice in quick succession sends two requests, and the older answer can arrive last.
 */
export function usePagedList<T>(
  fetchPage: (page: number, pageSize: number) => Promise<{ data?: Page<T>; error?: unknown }>,
  pageSize = 20,
) {
  const rows = ref([]) as Ref<T[]>
  const total = ref(0)
  const page = ref(1)
  const loading = ref(false)
  let latest = 0

  async function load(to = page.value) {
    const request = ++latest
    loading.value = true
    try {
      const { data, error } = await fetchPage(to, pageSize)
      if (request !== latest) return
      if (error || !data) return void showProblem(error)
      rows.value = data.items
      total.value = data.total
      page.value = data.page
    } catch (e) {
      if (request === latest) showProblem(e)
    } finally {
      if (request === latest) loading.value = false
    }
  }

  return { rows, total, page, pageSize, loading, load }
}
