import createClient, { type Middleware } from 'openapi-fetch'
import type { components, paths } from './schema'
import { auth, signOut } from '../auth/session'

export type Schemas = components['schemas']

/** What a 401 does (set by the router: back to the login page with the page to return to). */
let onUnauthorized: () => void = () => {}
export function whenUnauthorized(handler: () => void) {
  onUnauthorized = handler
}

const bearer: Middleware = {
  onRequest({ request }) {
    if (auth.session) request.headers.set('Authorization', `Bearer ${auth.session.token}`)
    return request
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.endsWith('/admin/auth/login')) {
      signOut()
      onUnauthorized()
    }
    return response
  },
}

/** The one API client of the console: typed by the contract (src/api/schema.d.ts, generated from openapi.json). */
export const api = createClient<paths>({ baseUrl: window.location.origin })
api.use(bearer)

/** Uploads a file to the files API (images, PDFs, photos) as multipart field `file`; answers its public URL. */
export async function uploadFile(file: File): Promise<Schemas['UploadedFile']> {
  const { data, error } = await api.POST('/api/v1/admin/files', fileForm(file))
  if (error || !data) throw error ?? { title: '上传失败' }
  return data
}

/** A file as the multipart body of an import or upload route (field `file`), for openapi-fetch. */
export function fileForm(file: File) {
  return {
    body: { file: file as unknown as string },
    bodySerializer(body: { file?: string } | undefined) {
      const form = new FormData()
      form.append('file', body?.file as unknown as File)
      return form
    },
  }
}

/** Saves a Blob as a download with the given name. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
