// Every public flow of the mini-program, written the obvious way against request.ts, run against the service
// (MiniProgramClientTests starts it and seeds an article, an expert and an open event). Exits non-zero on failure.
import { ApiError, createClient } from "../request";
import { createStandIn } from "./wx-stand-in";

declare const process: { env: Record<string, string | undefined>; exitCode?: number };

const wx = createStandIn();
const api = createClient({ baseUrl: process.env.SHANGMI_BASE_URL!, wx, maxRetryDelayMs: 200 });
const evidencePath = process.env.SHANGMI_EVIDENCE_FILE!;

function check(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new Error(message);
  }
}

async function appStart() {
  const config = await api.get("/api/v1/config");
  check(config.pages.eventDetail === "pages/event/detail", "config gives the event page");
  check(config.evidence.acceptedExtensions.includes("jpg"), "config gives the evidence types");
  check(new RegExp(config.receipt.pattern).test(config.receipt.example), "the receipt example fits its pattern");
}

async function readingArticles() {
  const columns = await api.get("/api/v1/columns");
  check(columns.length > 0, "columns are listed");
  const page = await api.get("/api/v1/articles", { query: { columnId: columns[0].id, pageSize: 10 } });
  check(page.total > 0 && page.items.length > 0, "articles are listed");
  const found = await api.get("/api/v1/articles", { query: { q: "商业秘密" } });
  check(found.items.some((a) => a.id === page.items[0].id), "search finds the article");

  const first = await api.getIfChanged("/api/v1/articles/{id}", undefined, { path: { id: page.items[0].id } });
  check(first.changed && first.etag, "a detail comes with an ETag");
  check(first.data.contentHtml.length > 0 && first.data.attachments.length >= 0, "the detail has its body");
  const again = await api.getIfChanged("/api/v1/articles/{id}", first.etag, { path: { id: page.items[0].id } });
  check(!again.changed, "the same ETag answers 304");

  try {
    await api.get("/api/v1/articles/{id}", { path: { id: 987654321 } });
    check(false, "an unknown article is an error");
  } catch (error) {
    check(error instanceof ApiError && error.status === 404 && error.code === "article.not_found", `404 article.not_found, got ${error}`);
  }
}

async function findingExperts() {
  const fields = await api.get("/api/v1/expert-fields");
  const field = fields.find((f) => f.expertCount > 0);
  check(field, "a field has experts");
  const regions = await api.get("/api/v1/expert-regions");
  const region = regions.find((r) => r.expertCount > 0);
  check(region, "a region has experts");

  const byField = await api.get("/api/v1/experts", { query: { fieldId: field.id } });
  check(byField.total === field.expertCount, "the field filter matches the field's count");
  const byRegion = await api.get("/api/v1/experts", { query: { region: region.name, pageSize: 5 } });
  check(byRegion.items.every((e) => e.region === region.name), "the region filter");
  const expert = await api.get("/api/v1/experts/{id}", { path: { id: byRegion.items[0].id } });
  check(expert.name === byRegion.items[0].name && expert.photoUrl !== undefined, "an expert's profile, photoUrl present (maybe null)");
}

async function registeringForAnEvent() {
  const me = await api.get("/api/v1/me"); // 401 first: the client signs in with wx.login() and retries
  check(me.id > 0 && api.signedIn, "signed in silently when a feature needed it");

  const events = await api.get("/api/v1/events", { query: { when: "upcoming", type: "training" } });
  const open = events.items.find((e) => e.registrationWindow === "open");
  check(open, "an open event is listed");
  const detail = await api.get("/api/v1/events/{id}", { path: { id: open.id } });
  check(detail.title === open.title && Array.isArray(detail.speakers), "the event detail is flat");

  // The first answer is lost on the way back; the client retries with the same Idempotency-Key.
  wx.loseNextAnswer(`/api/v1/events/${open.id}/registrations`);
  const registration = await api.post("/api/v1/events/{id}/registrations", {
    path: { id: open.id },
    body: { companyName: "天和精密制造有限公司", creditCode: "9144030071526726XG", contactName: "李明", phone: "138 1234 5678" },
  });
  check(wx.sent.get(`POST /api/v1/events/${open.id}/registrations`) === 2, "the registration was sent twice");
  check(registration.status === "confirmed" && registration.checkInCode !== null, "confirmed with a check-in code");

  const mine = await api.get("/api/v1/me/registrations", { query: { page: 1, pageSize: 20 } });
  check(mine.total === 1 && mine.items[0].id === registration.id, "the retry made no second registration");
  check(mine.items[0].event.id === open.id, "my registration carries its event");

  await api.post("/api/v1/me/registrations/{id}/cancel", { path: { id: registration.id } });
  const cancelled = await api.get("/api/v1/me/registrations/{id}", { path: { id: registration.id } });
  check(cancelled.status === "cancelled" && cancelled.checkInCode === null, "cancelled");

  try {
    await api.post("/api/v1/me/registrations/{id}/cancel", { path: { id: registration.id } });
    check(false, "cancelling twice is an error");
  } catch (error) {
    check(error instanceof ApiError && error.code === "registration.not_active", `409 registration.not_active, got ${error}`);
  }
}

async function deletingMyAccount() {
  await api.delete("/api/v1/me");
  api.signOut();
  const fresh = await api.get("/api/v1/me/registrations"); // signs in again: a new, empty account
  check(fresh.total === 0, "nothing of the deleted account is left to the new one");
}

async function reportingATip() {
  const categories = await api.get("/api/v1/tip-categories");
  api.signOut(); // a tip needs no account; tip routes never carry a token anyway
  const receipt = await api.post("/api/v1/tips", {
    body: {
      categoryCode: categories[0].code, targetName: "远航精工有限公司", truthful: true,
      description: "某公司研发部前员工离职时拷贝了全部工艺图纸，现在竞争对手处使用。",
    },
  });
  check(/^\d{4} \d{4} \d{4} \d{4}$/.test(receipt.receiptCode), "a grouped receipt code");

  const evidence = await api.uploadEvidence(receipt.receiptCode, evidencePath);
  check(evidence.contentType === "image/jpeg", "the evidence is typed by content");

  wx.loseNextAnswer("/api/v1/tips/mine/messages");
  const message = await api.post("/api/v1/tips/mine/messages", { body: { text: "补充：图纸编号 ZX-7731" }, receiptCode: receipt.receiptCode });
  check(message.from === "reporter" && message.fromText === "我", "the message comes back, from the reporter");

  const tip = await api.get("/api/v1/tips/mine", { receiptCode: receipt.receiptCode });
  check(tip.status === "submitted" && tip.statusText.length > 0, "the tip's status");
  check(tip.messages.length === 1 && tip.attachments.length === 1, "one message (the retry added none) and one file");
  check(!api.signedIn, "a tip-only user never signed in");

  try {
    await api.get("/api/v1/tips/mine", { receiptCode: "0000 0000 0000 0000" });
    check(false, "a wrong receipt is an error");
  } catch (error) {
    check(error instanceof ApiError && error.status === 404 && error.code === "tip.not_found", `404 tip.not_found, got ${error}`);
  }
}

async function main() {
  for (const [name, flow] of [
    ["app start", appStart], ["articles", readingArticles], ["experts", findingExperts], ["registration", registeringForAnEvent],
    ["account deletion", deletingMyAccount], ["tip", reportingATip],
  ] as const) {
    await flow();
    console.log(`ok: ${name}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ApiError ? `${error.status} ${error.code}: ${error.message} ${JSON.stringify(error.problem)}` : error);
  process.exitCode = 1;
});
