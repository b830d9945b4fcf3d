// The client side of bench/scale-out.sh: one phase per call, through the proxy (BASE_URL), as phones would do it:
// every write carries an Idempotency-Key and is retried with the same key when the proxy or an instance fails.
// When a quarter of a phase's requests have been answered it creates MIDPOINT_FILE, the shell's cue to kill one
// instance. Prints what it checked and exits 1 when a check fails.
//   node bench/scale-out.mjs registrations USERS SEATS
//   node bench/scale-out.mjs tips TIPS SIZE_MB
//   node bench/scale-out.mjs articles READS          (view counts, and an edit seen on both instances: A_URL, B_URL)
import { existsSync, writeFileSync } from "node:fs";

const base = process.env.BASE_URL ?? "http://127.0.0.1:5090";
const [phase, ...args] = process.argv.slice(2);
const failures = [];
const check = (ok, what) => { console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`); if (!ok) failures.push(what); };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let answered = 0;
let quarter = Infinity;
const midpoint = () => {
  if (++answered >= quarter && process.env.MIDPOINT_FILE && !existsSync(process.env.MIDPOINT_FILE)) {
    writeFileSync(process.env.MIDPOINT_FILE, "");
  }
};

/** fetch with a phone's patience: retried (same request, same key) on a dropped connection or a 502/503/504. */
let retries = 0;
async function send(path, init = {}, url = base) {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${url}${path}`, init);
      if (![502, 503, 504].includes(response.status) || attempt === 30) return response;
    } catch (e) {
      if (attempt === 30) throw e;
    }
    retries++;
    await sleep(100 * Math.min(attempt, 10));
  }
}
const json = (body, token, key) => ({
  method: "POST", body: JSON.stringify(body),
  headers: { "Content-Type": "application/json", ...(token && { Authorization: `Bearer ${token}` }), ...(key && { "Idempotency-Key": key }) },
});
const staff = async (username) => (await (await send("/api/v1/admin/auth/login",
  json({ username, password: process.env.Seed__DemoPassword }))).json()).token;
const get = async (path, token, url) => (await send(path, { headers: { Authorization: `Bearer ${token}` } }, url)).json();

if (phase === "registrations") {
  const [users, seats] = args.map(Number);
  const editor = await staff("demo-editor");
  const now = Date.now();
  // Starts in 20 hours: the day-before reminder is due at once, so the notification job has work on both instances.
  const starts = now + 20 * 36e5;
  const created = await send("/api/v1/admin/events", json({
    type: "forum", title: `扩容压测论坛 ${new Date(now).toISOString()}`, venue: "会议中心",
    startsAt: new Date(starts).toISOString(), endsAt: new Date(starts + 3 * 36e5).toISOString(),
    registrationOpensAt: new Date(now - 36e5).toISOString(), registrationClosesAt: new Date(starts - 36e5).toISOString(),
    capacity: seats, maxAttendeesPerRegistration: 1, status: "published",
  }, editor));
  if (!created.ok) throw new Error(`event: ${created.status} ${await created.text()}`);
  const eventId = (await created.json()).id;
  const tokens = [];
  for (let i = 0; i < users; i += 50) {
    tokens.push(...await Promise.all(Array.from({ length: Math.min(50, users - i) }, (_, j) =>
      send("/api/v1/auth/wechat-login", json({ code: `scale${now}-${i + j}:1` })).then((r) => r.json()).then((b) => b.token))));
  }
  quarter = users / 4;
  const body = { companyName: "扩容科技有限公司", creditCode: "91110108551385082Q", contactName: "测试", phone: "13800000000", attendees: 1 };
  const results = await Promise.all(tokens.map(async (token) => {
    const response = await send(`/api/v1/events/${eventId}/registrations`, json(body, token, crypto.randomUUID()));
    midpoint();
    if (response.status >= 300) console.log(`  answered ${response.status}: ${await response.text()}`);
    return response.status;
  }));
  console.log(`registrations: ${users} users, ${seats} seats, event ${eventId}, client retries ${retries}`);
  check(results.every((s) => s === 201 || s === 200), `every registration answered 201/200 (${results.filter((s) => s >= 300).length} did not)`);
  // What each user sees afterwards, read from whichever instance answers.
  const mine = await Promise.all(tokens.map(async (token) =>
    (await get("/api/v1/me/registrations?pageSize=50", token)).items.filter((r) => r.event.id === eventId)));
  check(mine.every((list) => list.length === 1), `every user has exactly one registration (no duplicate from a retry; `
    + `counts ${JSON.stringify(mine.map((l) => l.length).filter((n) => n !== 1))})`);
  const all = mine.flat();
  const confirmed = all.filter((r) => r.status === "confirmed").length;
  const waiting = all.filter((r) => r.status === "waitlisted").map((r) => r.waitlistPosition).sort((a, b) => a - b);
  check(confirmed === seats, `exactly ${seats} confirmed (${confirmed})`);
  check(waiting.length === users - seats && waiting.every((p, i) => p === i + 1),
    `waiting list contiguous 1..${users - seats} (${waiting.length} waiting)`);
  console.log(`EVENT_ID=${eventId}`);
} else if (phase === "tips") {
  const [tips, sizeMb] = args.map(Number);
  const file = new Uint8Array(sizeMb * 1024 * 1024);
  file.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
  quarter = tips / 4;
  const receipts = await Promise.all(Array.from({ length: tips }, async (_, i) => {
    const submitted = await send("/api/v1/tips", json({ categoryCode: "breach_of_duty", targetName: `扩容压测公司 ${i}`,
      truthful: true, description: "扩容压测线索：前员工带走了工艺文件并在竞争对手处使用，细节见附件。" }, null, crypto.randomUUID()));
    if (!submitted.ok) return null;
    const receipt = (await submitted.json()).receiptCode;
    const key = crypto.randomUUID();
    // A FormData body is serialised afresh for each attempt, so a retry sends the whole file again.
    const uploaded = await send("/api/v1/tips/mine/attachments", {
      method: "POST", headers: { "X-Receipt-Code": receipt, "Idempotency-Key": key }, body: form(i),
    });
    midpoint();
    return { receipt, uploaded: uploaded.status };
  }));
  function form(i) {
    const f = new FormData();
    f.append("file", new Blob([file], { type: "image/jpeg" }), `evidence-${i}.jpg`);
    return f;
  }
  const got = receipts.filter(Boolean);
  console.log(`tips: ${tips} with ${sizeMb} MB evidence each, client retries ${retries}`);
  check(got.length === tips, `every tip got a receipt (${got.length})`);
  check(got.every((r) => r.uploaded === 201 || r.uploaded === 200), `every evidence upload answered 201/200 (${got.filter((r) => r.uploaded >= 300).length} did not)`);
  let readable = 0;
  for (const r of got) {
    const mine = await send("/api/v1/tips/mine", { headers: { "X-Receipt-Code": r.receipt } });
    if (mine.ok && (await mine.json()).attachments.length === 1) readable++;
  }
  check(readable === got.length, `every receipt reads back with exactly one evidence file (${readable}/${got.length})`);
  const officer = await staff("demo-officer");
  const total = (await get("/api/v1/admin/tips?pageSize=1", officer)).total;
  console.log(`TIPS_TOTAL=${total}`);
} else if (phase === "articles") {
  const [reads] = args.map(Number);
  const editor = await staff("demo-editor");
  const columns = await get("/api/v1/columns", editor);
  const columnId = (columns.items ?? columns)[0].id;
  const title = `扩容压测文章 ${Date.now()}`;
  const created = await send("/api/v1/admin/articles", json({ columnId, title, summary: "压测", contentHtml: "<p>正文</p>",
    status: "published" }, editor));
  if (!created.ok) throw new Error(`article: ${created.status} ${await created.text()}`);
  const id = (await created.json()).id;
  quarter = reads / 4;
  let ok = 0;
  for (let i = 0; i < reads; i += 20) {
    const batch = await Promise.all(Array.from({ length: Math.min(20, reads - i) }, () =>
      send(`/api/v1/articles/${id}`).then((r) => { midpoint(); return r.ok; })));
    ok += batch.filter(Boolean).length;
  }
  // Each instance buffers its counts and writes them every Articles:ViewFlushInterval.
  await sleep(Number(process.env.VIEW_FLUSH_WAIT_MS ?? 4000));
  const counted = (await get(`/api/v1/admin/articles/${id}`, editor)).viewCount;
  console.log(`articles: ${reads} reads of article ${id} through the proxy (${ok} answered 200), client retries ${retries}`);
  check(counted <= ok, `views not double counted: ${counted} counted for ${ok} reads`);
  check(counted >= ok - Number(process.env.VIEWS_LOST_ALLOWED ?? 0),
    `views not lost beyond what a killed instance held (${ok - counted} lost, allowed ${process.env.VIEWS_LOST_ALLOWED ?? 0})`);
  // An edit through one instance, read on both directly: the other's public cache must let it through in time.
  const edited = `${title}（已更新）`;
  const before = await get(`/api/v1/admin/articles/${id}`, editor);
  // Both instances hold the article in their public cache when the edit lands.
  for (const url of [process.env.A_URL, process.env.B_URL]) await get(`/api/v1/articles/${id}`, editor, url);
  const put = await send(`/api/v1/admin/articles/${id}`, {
    method: "PUT", headers: { "Content-Type": "application/json", Authorization: `Bearer ${editor}` },
    body: JSON.stringify({ columnId, title: edited, summary: before.summary, contentHtml: before.contentHtml, status: "published" }),
  });
  check(put.ok, `edit accepted (${put.status})`);
  const t0 = Date.now();
  const seenAt = {};
  while (Object.keys(seenAt).length < 2 && Date.now() - t0 < 60_000) {
    for (const [name, url] of [["A", process.env.A_URL], ["B", process.env.B_URL]]) {
      if (seenAt[name] === undefined && (await get(`/api/v1/articles/${id}`, editor, url)).title === edited) seenAt[name] = Date.now() - t0;
    }
    await sleep(100);
  }
  const limit = Number(process.env.PUBLIC_CACHE_MS) + 1000;
  check(seenAt.A <= limit && seenAt.B <= limit,
    `the edit is visible on A after ${seenAt.A} ms and on B after ${seenAt.B} ms (public cache ${process.env.PUBLIC_CACHE_MS} ms)`);
} else {
  console.error("usage: node bench/scale-out.mjs registrations USERS SEATS | tips TIPS SIZE_MB | articles READS");
  process.exit(2);
}
process.exit(failures.length ? 1 : 0);
