// A `wx` for Node: wx.request and wx.uploadFile over fetch, wx.login with the WeChat stand-in's codes, and the
// platform's quirks the client must cope with: every response header name lower-cased (as Android gives them), and
// a switch that loses the next answer of a route after the service has handled it (a flaky 4G link).
import type { WxError, WxLike, WxRequestSuccess, WxUploadSuccess } from "../request";

declare function require(name: "fs"): { readFileSync(path: string): Uint8Array<ArrayBuffer> };

export interface StandIn extends WxLike {
  /** The next answer to a URL containing `part` is lost: the request reaches the service, the caller sees a timeout. */
  loseNextAnswer(part: string): void;
  /** How many requests reached the service per "METHOD path" (query left out). */
  readonly sent: Map<string, number>;
  /** Codes wx.login() hands out: `${user}:${n}` signs in the same person every time. */
  user: string;
}

export function createStandIn(): StandIn {
  const losing = new Set<string>();
  const sent = new Map<string, number>();
  let logins = 0;

  const lowerCased = (headers: Headers) => {
    const result: Record<string, string> = {};
    headers.forEach((value, key) => { result[key.toLowerCase()] = value; });
    return result;
  };

  const count = (method: string, url: string) => {
    const key = `${method} ${new URL(url).pathname}`;
    sent.set(key, (sent.get(key) ?? 0) + 1);
  };

  const lost = (url: string) => {
    for (const part of losing) {
      if (url.includes(part)) {
        losing.delete(part);
        return true;
      }
    }
    return false;
  };

  const deliver = <T>(answer: Promise<T>, url: string, success: (r: T) => void, fail: (e: WxError) => void) => {
    const losingThis = lost(url);
    answer.then(
      (result) => (losingThis ? fail({ errMsg: "request:fail timeout" }) : success(result)),
      (error: unknown) => fail({ errMsg: `request:fail ${String(error)}` }),
    );
  };

  const standIn: StandIn = {
    sent,
    user: "miniprogram-check",
    loseNextAnswer: (part) => { losing.add(part); },

    request(options) {
      count(options.method, options.url);
      const hasBody = options.data !== undefined && options.method !== "GET";
      const answer = fetch(options.url, {
        method: options.method,
        headers: options.header,
        body: hasBody ? JSON.stringify(options.data) : undefined,
      }).then(async (response): Promise<WxRequestSuccess> => {
        const text = await response.text();
        let data: unknown = text;
        try { data = text ? JSON.parse(text) : ""; } catch { /* not JSON: wx gives the string */ }
        return { statusCode: response.status, data, header: lowerCased(response.headers) };
      });
      deliver(answer, options.url, options.success, options.fail);
    },

    uploadFile(options) {
      count("POST", options.url);
      const form = new FormData();
      const bytes = require("fs").readFileSync(options.filePath);
      form.append(options.name, new Blob([bytes]), options.filePath.split("/").pop());
      for (const [key, value] of Object.entries(options.formData ?? {})) {
        form.append(key, value);
      }
      const answer = fetch(options.url, { method: "POST", headers: options.header, body: form })
        .then(async (response): Promise<WxUploadSuccess> =>
          ({ statusCode: response.status, data: await response.text(), header: lowerCased(response.headers) }));
      deliver(answer, options.url, options.success, options.fail);
    },

    login(options) {
      logins += 1;
      setTimeout(() => options.success({ code: `${standIn.user}:${logins}` }), 0);
    },
  };
  return standIn;
}
