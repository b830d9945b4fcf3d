import { onMounted, ref, type Ref } from 'vue'
import { ElMessage } from 'element-plus'
import { showProblem, type FieldErrors } from '../../api/errors'

/**
 * One list of the service network (the public list staff edit): its rows, loaded on mount, and `change(call, done)`
 * that sends a save or delete, shows the server's problem (on the form's fields when given) or `done`, and reloads.
 */
export function useNetworkList<T>(fetch: () => Promise<{ data?: T[]; error?: unknown }>) {
  const rows = ref([]) as Ref<T[]>
  const loading = ref(false)
  /** A change is on its way (the dialog's save button spins). */
  const busy = ref(false)

  async function load() {
    loading.value = true
    try {
      const { data, error } = await fetch()
      if (error || !data) return void showProblem(error)
      rows.value = data
    } finally {
      loading.value = false
    }
  }

  /** Answers whether the change was made. */
  async function change(call: Promise<{ error?: unknown }>, done: string, fields?: FieldErrors): Promise<boolean> {
    busy.value = true
    try {
      const { error } = await call
      if (error) {
        showProblem(error, fields)
        return false
      }
      ElMessage.success(done)
      await load()
      return true
    } finally {
      busy.value = false
    }
  }

  onMounted(load)
  return { rows, loading, busy, load, change }
}
