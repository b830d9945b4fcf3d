// The forum opens: N users register at once for an event with S seats, then C confirmed users cancel at once.
// node bench/registration-rush.mjs [users=500] [seats=100] [cancellations=50]
// Run the service with the sign-in limit raised, since every user signs in from this one address:
//   env RateLimits__Login__PermitLimit=100000 ./run.sh
import { readFileSync } from "node:fs";

const base = process.env.BASE_URL ?? "http://127.0.0.1:5080";
const [users, seats, cancellations] = [500, 100, 50].map((d, i) => Number(process.argv[2 + i] ?? d));
const secrets = Object.fromEntries(readFileSync(new URL("../.data/dev-secrets.env", import.meta.url), "utf8")
  .split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
const json = (token) => ({ "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) });
const post = (path, body, token) => fetch(`${base}${path}`, { method: "POST", headers: json(token), body: JSON.stringify(body) });
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const editor = (await (await post("/api/v1/admin/auth/login",
  { username: "demo-editor", password: process.env.EDITOR_PASSWORD ?? secrets.Seed__DemoPassword })).json()).token;
const now = Date.now();
const created = await post("/api/v1/admin/events", {
  type: "forum", title: `商业秘密保护论坛（压测 ${new Date(now).toISOString()}）`, venue: "会议中心",
  startsAt: new Date(now + 10 * 864e5).toISOString(), endsAt: new Date(now + 10 * 864e5 + 3 * 36e5).toISOString(),
  registrationOpensAt: new Date(now - 36e5).toISOString(), registrationClosesAt: new Date(now + 9 * 864e5).toISOString(),
  capacity: seats, maxAttendeesPerRegistration: 1, status: "published",
}, editor);
if (!created.ok) throw new Error(`event: ${created.status} ${await created.text()}`);
const eventId = (await created.json()).id;

const tokens = [];
for (let i = 0; i < users; i += 50) {
  const batch = await Promise.all(Array.from({ length: Math.min(50, users - i) }, (_, j) =>
    post("/api/v1/auth/wechat-login", { code: `rush${now}-${i + j}:1` }).then((r) => r.json())));
  tokens.push(...batch.map((b) => b.token));
}

const body = { companyName: "压测科技有限公司", creditCode: "91110108551385082Q", contactName: "测试", phone: "13800000000", attendees: 1 };
const started = performance.now();
const results = await Promise.all(tokens.map(async (token) => {
  const t0 = performance.now();
  const response = await post(`/api/v1/events/${eventId}/registrations`, body, token);
  return { token, status: response.status, ms: performance.now() - t0, body: await response.json() };
}));
const wall = performance.now() - started;
const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
const confirmed = results.filter((r) => r.body.status === "confirmed");
const waitlisted = results.filter((r) => r.body.status === "waitlisted").sort((a, b) => a.body.id - b.body.id);
const positionsInOrder = waitlisted.every((r, i) => r.body.waitlistPosition === i + 1);
console.log(`registrations: ${users} users, ${seats} seats, event ${eventId}, wall ${wall.toFixed(0)} ms`);
console.log(`  confirmed ${confirmed.length}, waitlisted ${waitlisted.length}, 5xx ${results.filter((r) => r.status >= 500).length}, `
  + `non-201 ${results.filter((r) => r.status !== 201).length}, waitlist positions 1..${waitlisted.length} in id order: ${positionsInOrder}`);
console.log(`  latency ms p50 ${percentile(latencies, 50).toFixed(1)} p95 ${percentile(latencies, 95).toFixed(1)} `
  + `p99 ${percentile(latencies, 99).toFixed(1)} max ${latencies.at(-1).toFixed(1)}`);

const leaving = confirmed.slice(0, cancellations);
const cancelStarted = performance.now();
const cancelled = await Promise.all(leaving.map((r) =>
  post(`/api/v1/me/registrations/${r.body.id}/cancel`, {}, r.token).then((x) => x.status)));
const cancelWall = performance.now() - cancelStarted;
const count = async (status) => (await (await fetch(`${base}/api/v1/admin/events/${eventId}/registrations?status=${status}&pageSize=1`,
  { headers: json(editor) })).json()).total;
const expectedPromoted = new Set(waitlisted.slice(0, cancellations).map((r) => r.body.id));
const promotedIds = [];
for (let page = 1; ; page++) {
  const list = await (await fetch(`${base}/api/v1/admin/events/${eventId}/registrations?status=confirmed&pageSize=50&page=${page}`,
    { headers: json(editor) })).json();
  promotedIds.push(...list.items.map((i) => i.id).filter((id) => expectedPromoted.has(id)));
  if (list.items.length < 50) break;
}
const admin = await (await fetch(`${base}/api/v1/admin/events/${eventId}`, { headers: json(editor) })).json();
console.log(`cancellations: ${cancellations} in parallel, wall ${cancelWall.toFixed(0)} ms, non-200 ${cancelled.filter((s) => s !== 200).length}`);
console.log(`  confirmed ${await count("confirmed")}, waitlisted ${await count("waitlisted")}, cancelled ${await count("cancelled")}, `
  + `seats taken ${admin.seatsTaken}/${seats}, promoted were the first ${cancellations} of the waiting list: ${promotedIds.length === cancellations}`);
