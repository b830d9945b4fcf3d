// request.ts: the mini-program's typed client for the Shangmi API, over types/api.d.ts (generated from openapi.json).
//
//   import { createClient, ApiError } from "./request";
//   const api = createClient({ baseUrl: "https://<registered domain>", wx });
//   const page = await api.get("/api/v1/articles", { query: { q: "商业秘密", pageSize: 10 } });
//   page.items[0].title;                                  // typed from the contract
//
// What it does for you:
// - sign-in only when a feature needs it: a call that answers 401 runs wx.login(), signs in, and is retried once
//   (tip routes never carry the user's token, so a tip-only user leaves no openid);
// - problem+json errors become an ApiError with the typed problem (code, title to show, errors per field, traceId);
// - the creates that take one carry an Idempotency-Key (a random UUID v4) reused on every retry of the same call, so a
//   retry after a lost answer never creates a second registration, tip, message or file;
// - network failures, 429 and 503 are retried (reads and keyed writes only), waiting retryAfter seconds;
// - response headers are read case-insensitively (Android lower-cases them, iOS does not).
import type { components, paths } from "./types/api";

export type Schemas = components["schemas"];
export type ApiProblem = Schemas["ApiProblem"];
export type ApiProblemCode = Schemas["ApiProblemCode"];

// ---- The subset of the wx API this client uses (the real wx object satisfies it). ----

export interface WxRequestSuccess {
  statusCode: number;
  data: unknown;
  header: Record<string, string>;
}

export interface WxUploadSuccess {
  statusCode: number;
  data: string;
  header?: Record<string, string>;
}

export interface WxError {
  errMsg: string;
}

export interface WxLike {
  request(options: {
    url: string;
    method: "GET" | "POST" | "PUT" | "DELETE";
    data?: unknown;
    header?: Record<string, string>;
    timeout?: number;
    success(result: WxRequestSuccess): void;
    fail(error: WxError): void;
  }): void;
  uploadFile(options: {
    url: string;
    filePath: string;
    name: string;
    header?: Record<string, string>;
    formData?: Record<string, string>;
    timeout?: number;
    success(result: WxUploadSuccess): void;
    fail(error: WxError): void;
  }): void;
  login(options: { success(result: { code: string }): void; fail(error: WxError): void }): void;
  getRandomValues?(options: {
    length: number;
    success(result: { randomValues: ArrayBuffer }): void;
    fail(error: WxError): void;
  }): void;
}

// ---- Types read from the contract. ----

type Method = "get" | "post" | "put" | "delete";

/** The paths that have an operation for the method. */
export type PathsFor<M extends Method> = {
  [P in keyof paths]-?: undefined extends paths[P][M] ? never : P;
}[keyof paths];

type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Parameters<O> = O extends { parameters: infer X } ? X : never;
type PathParams<O> = Parameters<O> extends { path: infer X } ? X : never;
type QueryParams<O> = Parameters<O> extends { query?: infer X } ? X : never;
type RequestBody<O> = O extends { requestBody?: infer R } ? NonNullable<R> : never;
type JsonBody<O> = [RequestBody<O>] extends [never]
  ? never
  : RequestBody<O> extends { content: { "application/json": infer B } } ? B : never;
type Responses<O> = O extends { responses: infer R } ? R : never;
type HeaderParams<O> = Parameters<O> extends { header?: infer H } ? NonNullable<H> : never;

/** The creates that honour an Idempotency-Key, by the contract: a retry of one returns the first result. */
export type KeyedPath = {
  [P in PathsFor<"post">]: [HeaderParams<Operation<P, "post">>] extends [never]
    ? never
    : "Idempotency-Key" extends keyof HeaderParams<Operation<P, "post">> ? P : never;
}[PathsFor<"post">];

/** Checked against the contract by the compiler: a path here that stops taking the key no longer compiles. */
const keyedPaths: readonly KeyedPath[] = [
  "/api/v1/events/{id}/registrations",
  "/api/v1/tips",
  "/api/v1/tips/mine/messages",
  "/api/v1/tips/mine/attachments",
  "/api/v1/me/service-requests",
];
type JsonContent<R> = R extends { content: { "application/json": infer B } } ? B : never;

/** The body of the operation's 200 or 201 (a 204 has none: undefined). */
export type Success<P extends keyof paths, M extends Method> =
  | JsonContent<Responses<Operation<P, M>>[200 & keyof Responses<Operation<P, M>>]>
  | JsonContent<Responses<Operation<P, M>>[201 & keyof Responses<Operation<P, M>>]>
  | (204 extends keyof Responses<Operation<P, M>> ? undefined : never);

/** What a call takes besides its path: only the parts the operation has. */
export type CallOptions<P extends keyof paths, M extends Method> = ([PathParams<Operation<P, M>>] extends [never]
  ? { path?: undefined }
  : { path: PathParams<Operation<P, M>> }) &
  ([QueryParams<Operation<P, M>>] extends [never | undefined] ? { query?: undefined } : { query?: QueryParams<Operation<P, M>> }) &
  ([JsonBody<Operation<P, M>>] extends [never] ? { body?: undefined } : { body: JsonBody<Operation<P, M>> }) & {
    /** The receipt code of an anonymous tip, for /api/v1/tips/mine*. */
    receiptCode?: string;
    /** Reuse a key across the user's own retries of one form (e.g. the same tip after an app restart). */
    idempotencyKey?: string;
  };

type Args<P extends keyof paths, M extends Method> = {} extends CallOptions<P, M>
  ? [options?: CallOptions<P, M>]
  : [options: CallOptions<P, M>];

// ---- Errors. ----

/** An error answer of the service (problem+json), or a network failure (status 0, code "network"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ApiProblem | undefined,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The stable code to branch on; "network" when the service was not reached. */
  get code(): ApiProblemCode | "network" {
    return this.problem?.code ?? "network";
  }

  /** Field → Chinese messages of a validation.failed, to show under each field. */
  get fieldErrors(): Record<string, string[]> {
    return this.problem?.errors ?? {};
  }
}

// ---- The client. ----

export interface ClientOptions {
  /** Scheme and host, e.g. "https://shangmi.example.gov.cn" (a domain registered as a request domain). */
  baseUrl: string;
  wx: WxLike;
  /** Retries after a network failure, 429 or 503 (reads and keyed writes). */
  retries?: number;
  /** The longest wait between retries, whatever retryAfter says (a phone user will not wait minutes). */
  maxRetryDelayMs?: number;
}

/** A header value by name, whatever case the platform gave the names. */
export function headerOf(headers: Record<string, string> | undefined, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const key of Object.keys(headers ?? {})) {
    if (key.toLowerCase() === wanted) {
      return headers![key];
    }
  }
  return undefined;
}

interface Raw {
  status: number;
  data: unknown;
  headers: Record<string, string>;
}

export function createClient(options: ClientOptions) {
  const { baseUrl, wx } = options;
  const retries = options.retries ?? 2;
  const maxDelay = options.maxRetryDelayMs ?? 5000;
  let token: string | undefined;
  let signingIn: Promise<string> | undefined;

  const promise = <T>(start: (resolve: (value: T) => void, reject: (error: unknown) => void) => void) =>
    new Promise<T>(start);

  async function randomBytes(length: number): Promise<Uint8Array> {
    if (wx.getRandomValues) {
      const buffer = await promise<ArrayBuffer>((resolve, reject) =>
        wx.getRandomValues!({ length, success: (r) => resolve(r.randomValues), fail: reject }));
      return new Uint8Array(buffer);
    }
    const bytes = new Uint8Array(length);
    (globalThis as unknown as { crypto: { getRandomValues(b: Uint8Array): Uint8Array } }).crypto.getRandomValues(bytes);
    return bytes;
  }

  /** A random UUID version 4, as the service requires for Idempotency-Key. */
  async function newIdempotencyKey(): Promise<string> {
    const b = await randomBytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** Signs in with a fresh wx.login() code; concurrent callers share one sign-in. */
  function signIn(): Promise<string> {
    signingIn ??= (async () => {
      try {
        const { code } = await promise<{ code: string }>((resolve, reject) => wx.login({ success: resolve, fail: reject }));
        const answer = await send("POST", "/api/v1/auth/wechat-login", { code }, {});
        if (answer.status !== 200) {
          throw toError(answer);
        }
        token = (answer.data as Schemas["WeChatLoginResponse"]).token;
        return token;
      } finally {
        signingIn = undefined;
      }
    })();
    return signingIn;
  }

  function send(method: "GET" | "POST" | "PUT" | "DELETE", url: string, data: unknown, header: Record<string, string>): Promise<Raw> {
    return promise<Raw>((resolve, reject) =>
      wx.request({
        url: baseUrl + url,
        method,
        data,
        header: { ...header, ...(data === undefined ? {} : { "Content-Type": "application/json" }) },
        success: (r) => resolve({ status: r.statusCode, data: r.data, headers: r.header ?? {} }),
        fail: (e) => reject(new ApiError(0, undefined, e.errMsg)),
      }));
  }

  function toError(answer: Raw): ApiError {
    const problem = typeof answer.data === "object" && answer.data !== null && "code" in answer.data
      ? (answer.data as ApiProblem)
      : undefined;
    return new ApiError(answer.status, problem, problem?.title ?? `HTTP ${answer.status}`);
  }

  const isTipRoute = (url: string) => url.startsWith("/api/v1/tips");
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  /**
   * One call with its retries: a network failure, 429 or 503 is retried when it is safe (a read, or a write with its
   * Idempotency-Key), and a 401 on a user route signs in and is retried once.
   */
  async function call(
    attempt: (headers: Record<string, string>) => Promise<Raw>,
    url: string,
    safe: boolean,
    extra: Record<string, string>,
  ): Promise<Raw> {
    let signedIn = false;
    for (let tries = 0; ; tries++) {
      const headers: Record<string, string> = { ...extra };
      if (token && !isTipRoute(url)) {
        headers["Authorization"] = `Bearer ${token}`;
      }
      let answer: Raw;
      try {
        answer = await attempt(headers);
      } catch (error) {
        if (safe && tries < retries && error instanceof ApiError && error.status === 0) {
          await sleep(Math.min(maxDelay, 500 * 2 ** tries));
          continue;
        }
        throw error;
      }
      if (answer.status === 401 && !signedIn && !isTipRoute(url) && url !== "/api/v1/auth/wechat-login") {
        signedIn = true;
        await signIn();
        tries--;
        continue;
      }
      if ((answer.status === 429 || answer.status === 503) && safe && tries < retries) {
        const seconds = Number((answer.data as Partial<ApiProblem> | undefined)?.retryAfter
          ?? headerOf(answer.headers, "Retry-After") ?? 1);
        await sleep(Math.min(maxDelay, seconds * 1000));
        continue;
      }
      return answer;
    }
  }

  function fill(template: string, path: Record<string, unknown> | undefined, query: Record<string, unknown> | undefined) {
    let url = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(path?.[name])));
    const pairs = Object.entries(query ?? {}).filter(([, v]) => v !== undefined && v !== null);
    if (pairs.length > 0) {
      url += "?" + pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join("&");
    }
    return url;
  }

  async function invoke<P extends keyof paths, M extends Method>(
    method: M,
    template: P,
    options: Partial<CallOptions<P, M>> | undefined,
  ): Promise<{ data: Success<P, M>; status: number; headers: Record<string, string> }> {
    const o = (options ?? {}) as { path?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown; receiptCode?: string; idempotencyKey?: string };
    const url = fill(template as string, o.path, o.query);
    const extra: Record<string, string> = {};
    if (o.receiptCode) {
      extra["X-Receipt-Code"] = o.receiptCode;
    }
    const writes = method !== "get";
    if (method === "post" && (keyedPaths as readonly string[]).includes(template as string)) {
      extra["Idempotency-Key"] = o.idempotencyKey ?? (await newIdempotencyKey());
    }
    const verb = method.toUpperCase() as "GET" | "POST" | "PUT" | "DELETE";
    const answer = await call((h) => send(verb, url, o.body, h), url, !writes || "Idempotency-Key" in extra, extra);
    if (answer.status >= 400) {
      throw toError(answer);
    }
    return { data: answer.data as Success<P, M>, status: answer.status, headers: answer.headers };
  }

  return {
    newIdempotencyKey,
    signIn,
    /** Forget the token (sign-out, or after deleting the account). */
    signOut: () => { token = undefined; },
    get signedIn() { return token !== undefined; },

    async get<P extends PathsFor<"get">>(path: P, ...[options]: Args<P, "get">): Promise<Success<P, "get">> {
      return (await invoke("get", path, options)).data;
    },
    async post<P extends PathsFor<"post">>(path: P, ...[options]: Args<P, "post">): Promise<Success<P, "post">> {
      return (await invoke("post", path, options)).data;
    },
    async put<P extends PathsFor<"put">>(path: P, ...[options]: Args<P, "put">): Promise<Success<P, "put">> {
      return (await invoke("put", path, options)).data;
    },
    async delete<P extends PathsFor<"delete">>(path: P, ...[options]: Args<P, "delete">): Promise<Success<P, "delete">> {
      return (await invoke("delete", path, options)).data;
    },

    /**
     * A read that may be answered 304: pass the ETag of the copy you have; `changed: false` means keep it.
     * (Article details send an ETag.)
     */
    async getIfChanged<P extends PathsFor<"get">>(path: P, etag: string | undefined, ...[options]: Args<P, "get">):
      Promise<{ changed: true; data: Success<P, "get">; etag: string | undefined } | { changed: false; etag: string }> {
      const o = (options ?? {}) as { path?: Record<string, unknown>; query?: Record<string, unknown> };
      const url = fill(path as string, o.path, o.query);
      const answer = await call((h) => send("GET", url, undefined, h), url, true, etag ? { "If-None-Match": etag } : {});
      if (answer.status === 304 && etag) {
        return { changed: false, etag };
      }
      if (answer.status >= 400) {
        throw toError(answer);
      }
      return { changed: true, data: answer.data as Success<P, "get">, etag: headerOf(answer.headers, "ETag") };
    },

    /**
     * Evidence in one request (wx.uploadFile, field "file"), with the receipt code and an Idempotency-Key reused on
     * retries: 201 (or 200 for a retry the server had already stored) with the attachment.
     */
    async uploadEvidence(receiptCode: string, filePath: string): Promise<Schemas["TipAttachmentInfo"]> {
      const url = "/api/v1/tips/mine/attachments";
      const extra = { "X-Receipt-Code": receiptCode, "Idempotency-Key": await newIdempotencyKey() };
      const answer = await call((header) => promise<Raw>((resolve, reject) =>
        wx.uploadFile({
          url: baseUrl + url,
          filePath,
          name: "file",
          header,
          success: (r) => resolve({ status: r.statusCode, data: r.data ? JSON.parse(r.data) : undefined, headers: r.header ?? {} }),
          fail: (e) => reject(new ApiError(0, undefined, e.errMsg)),
        })), url, true, extra);
      if (answer.status >= 400) {
        throw toError(answer);
      }
      return answer.data as Schemas["TipAttachmentInfo"];
    },
  };
}

export type ShangmiClient = ReturnType<typeof createClient>;
