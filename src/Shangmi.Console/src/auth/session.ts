import { reactive } from 'vue'

/** The signed-in staff member. Kept in memory and sessionStorage (closing the tab signs out), never localStorage. */
export interface Session {
  token: string
  expiresAt: string
  roles: string[]
  username: string
  displayName: string
}

const KEY = 'shangmi.console.session'

function load(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY)
    // No expiry check against this machine's clock: the server's answer (401) decides, and the console follows.
    return raw ? (JSON.parse(raw) as Session) : null
  } catch {
    return null
  }
}

export const auth = reactive<{ session: Session | null }>({ session: load() })

export function signIn(session: Session) {
  auth.session = session
  sessionStorage.setItem(KEY, JSON.stringify(session))
}

export function replaceToken(token: string, expiresAt: string) {
  if (auth.session) signIn({ ...auth.session, token, expiresAt })
}

export function signOut() {
  auth.session = null
  sessionStorage.removeItem(KEY)
}

export function hasRole(...roles: string[]): boolean {
  return roles.length === 0 || roles.some((role) => auth.session?.roles.includes(role) ?? false)
}
