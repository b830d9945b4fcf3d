// N whistleblowers at once: each submits a tip, then uploads one evidence file of SIZE_MB; then every receipt is
// checked. Prints latencies, non-201 and 5xx counts, and the peak memory (VmHWM) of the API process serving BASE_URL.
//   node bench/tip-rush.mjs [tips=200] [sizeMb=5] [--pid N] [--gcdump-at SECONDS]
// The process measured is --pid N, else the one listening on BASE_URL's port (never "the first dotnet on the
// machine", which may be another instance). --gcdump-at takes a managed-heap dump (dotnet-gcdump) that many seconds
// into the rush, to see what in-flight uploads hold.
// Run the service with the per-address limits and the hourly evidence budget raised (everything comes from one
// address, and 200 × 20 MB is 4 GB):
//   env RateLimits__TipSubmit__PermitLimit=100000 RateLimits__TipUpload__PermitLimit=100000 \
//       Tips__EvidenceBytesPerHour=100000000000 ./run.sh
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

const args = process.argv.slice(2);
const option = (name) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
const pidArg = option("--pid");
const gcdumpAt = option("--gcdump-at");
const base = process.env.BASE_URL ?? "http://127.0.0.1:5080";
const tips = Number(args[0] ?? 200);
const sizeMb = Number(args[1] ?? 5);

function listeningPid(url) {
  const port = new URL(url).port || "80";
  const out = execFileSync("ss", ["-Hltnp", `sport = :${port}`]).toString();
  const match = out.match(/pid=(\d+)/);
  if (!match) throw new Error(`no process listens on port ${port}; pass --pid`);
  return match[1];
}
const pid = pidArg ?? listeningPid(base);
const memory = () => Object.fromEntries(readFileSync(`/proc/${pid}/status`, "utf8").split("\n")
  .filter((l) => /^(VmHWM|VmRSS)/.test(l)).map((l) => [l.split(":")[0], l.split(/\s+/)[1] / 1024]));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

// A JPEG header followed by random bytes: the service types evidence by its first bytes.
const file = new Uint8Array(sizeMb * 1024 * 1024);
for (let i = 0; i < file.length; i += 65536) crypto.getRandomValues(file.subarray(i, Math.min(i + 65536, file.length)));
file.set([0xff, 0xd8, 0xff, 0xe0], 0);

let inFlight = 0;
let inFlightPeak = 0;
if (gcdumpAt) {
  setTimeout(() => {
    const out = `/tmp/tip-rush-${pid}.gcdump`;
    console.log(`  gcdump with ${inFlight} uploads in flight: ${out}`);
    try { execFileSync("dotnet-gcdump", ["collect", "-p", pid, "-o", out], { stdio: "ignore" }); }
    catch (e) { console.log(`  gcdump failed: ${e.message}`); }
  }, Number(gcdumpAt) * 1000);
}

const before = memory();
console.log(`measuring pid ${pid} (serving ${base})`);
const started = performance.now();
const results = await Promise.all(Array.from({ length: tips }, async (_, i) => {
  const t0 = performance.now();
  const submitted = await fetch(`${base}/api/v1/tips`, {
    method: "POST", headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
    body: JSON.stringify({ categoryCode: "breach_of_duty", targetName: `压测公司 ${i}`, truthful: true,
      description: "压测用线索：前员工带走了工艺文件并在竞争对手处使用，细节见附件。" }),
  });
  const submitMs = performance.now() - t0;
  const receipt = submitted.ok ? (await submitted.json()).receiptCode : null;
  const form = new FormData();
  form.append("file", new Blob([file], { type: "image/jpeg" }), `evidence-${i}.jpg`);
  const t1 = performance.now();
  inFlight++; inFlightPeak = Math.max(inFlightPeak, inFlight);
  const uploaded = receipt ? await fetch(`${base}/api/v1/tips/mine/attachments`,
    { method: "POST", headers: { "X-Receipt-Code": receipt }, body: form }) : null;
  inFlight--;
  const problem = uploaded && !uploaded.ok ? (await uploaded.json().catch(() => ({}))).code : undefined;
  return { receipt, submit: submitted.status, upload: uploaded?.status, problem, submitMs, uploadMs: performance.now() - t1 };
}));
const wall = performance.now() - started;
const after = memory();

let retrievable = 0;
for (const r of results.filter((r) => r.receipt)) {
  const mine = await fetch(`${base}/api/v1/tips/mine`, { headers: { "X-Receipt-Code": r.receipt } });
  if (mine.ok && (await mine.json()).attachments.length === 1) retrievable++;
}
const submits = results.map((r) => r.submitMs).sort((a, b) => a - b);
const uploads = results.map((r) => r.uploadMs).sort((a, b) => a - b);
const failures = results.filter((r) => r.upload !== 201).map((r) => `${r.upload}${r.problem ? " " + r.problem : ""}`);
console.log(`tips ${tips}, evidence ${sizeMb} MB each, wall ${(wall / 1000).toFixed(1)} s, uploads in flight at most ${inFlightPeak}`);
console.log(`  submit: non-201 ${results.filter((r) => r.submit !== 201).length}, p50 ${percentile(submits, 50).toFixed(0)} ms, p99 ${percentile(submits, 99).toFixed(0)} ms`);
console.log(`  upload: non-201 ${failures.length}${failures.length ? " (" + [...new Set(failures)].join(", ") + ")" : ""}, `
  + `5xx ${results.filter((r) => r.upload >= 500 || r.submit >= 500).length}, `
  + `p50 ${percentile(uploads, 50).toFixed(0)} ms, p99 ${percentile(uploads, 99).toFixed(0)} ms`);
console.log(`  receipts retrievable with their evidence: ${retrievable}/${tips}`);
console.log(`  API memory MB: RSS before ${before.VmRSS.toFixed(0)}, peak before ${before.VmHWM.toFixed(0)}, peak after ${after.VmHWM.toFixed(0)}`);
