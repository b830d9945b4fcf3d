// Seeds articles through the admin API for load tests: node bench/seed-articles.mjs [count]
// Signs in as an editor (EDITOR_USERNAME / EDITOR_PASSWORD, by default demo-editor with Seed__DemoPassword from
// .data/dev-secrets.env) and creates published articles spread over the columns, 8 requests at a time.
import { readFileSync } from "node:fs";

const base = process.env.BASE_URL ?? "http://127.0.0.1:5080";
const count = Number(process.argv[2] ?? 10000);
const secrets = Object.fromEntries(
  readFileSync(new URL("../.data/dev-secrets.env", import.meta.url), "utf8")
    .split("\n").filter(Boolean).map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
const username = process.env.EDITOR_USERNAME ?? "demo-editor";
const password = process.env.EDITOR_PASSWORD ?? secrets.Seed__DemoPassword;

const words = ["商业秘密", "保密协议", "竞业限制", "技术信息", "经营信息", "客户名单", "源代码", "工艺参数", "权利人",
  "保密措施", "侵权行为", "行政处罚", "市场监管", "专项培训", "行政指导", "保护基地", "联络点", "示范企业",
  "知识产权", "数据安全", "员工离职", "合规审查", "电子侵入", "不正当竞争", "证据保全", "损害赔偿", "专精特新",
  "老字号", "制造业", "研发中心", "供应链", "风险评估", "分级管理", "访问记录", "涉密载体", "宣传册"];
const fillers = ["企业应当", "依法", "进一步加强", "建立健全", "认真落实", "有效防范", "及时发现", "积极开展", "全面提升"];
const pick = (list) => list[Math.floor(Math.random() * list.length)];
const sentence = () => `${pick(fillers)}${pick(words)}与${pick(words)}工作，${pick(fillers)}${pick(words)}。`;

const login = await fetch(`${base}/api/v1/admin/auth/login`, {
  method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username, password }),
});
if (!login.ok) throw new Error(`editor sign-in failed: ${login.status} ${await login.text()}`);
const { token } = await login.json();
const auth = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
const columns = await (await fetch(`${base}/api/v1/admin/columns`, { headers: auth })).json();

let created = 0;
async function worker() {
  while (created < count) {
    const n = ++created;
    const body = {
      columnId: columns[n % columns.length].id,
      title: `${pick(words)}${pick(["工作指引", "典型案例分析", "政策解读", "培训通知", "十问十答"])}（${n}）`,
      contentHtml: Array.from({ length: 8 }, () => `<p>${sentence()}${sentence()}${sentence()}</p>`).join(""),
      tags: [pick(words), pick(words)].filter((t, i, all) => all.indexOf(t) === i).map((t) => t.slice(0, 20)),
      pinned: n % 500 === 0,
      status: "published",
    };
    const response = await fetch(`${base}/api/v1/admin/articles`, { method: "POST", headers: auth, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`article ${n}: ${response.status} ${await response.text()}`);
  }
}
const started = Date.now();
await Promise.all(Array.from({ length: 8 }, worker));
console.log(`created ${count} articles in ${((Date.now() - started) / 1000).toFixed(1)} s`);
