// The head-office console end to end, in Debian's Chromium (headless, chromium-driver), against a real
// head office fed by real desks driven through the desk CLI: two estates (EST1 with desks A01 and A02,
// EST2 with A01). Signs in as each role, opens every screen, exports, verifies a genuine, a voided and
// a forged receipt, publishes a fee standard and sees it applied at a desk and used by its next
// billing run. Started by scripts/e2e-console.sh; screenshots and files in $E2E_OUT.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Driver, KEY, sleep } from "../../../ui/e2e/webdriver.mjs";

const OUT = process.env.E2E_OUT;
const HQ = process.env.HQ_URL;
const CA = process.env.HQ_CA;
const DESK_BIN = process.env.FEEDESK_BIN;
const HQ_BIN = process.env.FEEDESK_HQ_BIN;
const PASS = "e2e-pass";
const DOWNLOADS = join(OUT, "downloads");
mkdirSync(DOWNLOADS, { recursive: true });

let step = 0;
const passed = [];
function ok(what) {
  passed.push(what);
  console.log(`  ✓ ${what}`);
}
function check(cond, what) {
  if (!cond) throw new Error(`failed: ${what}`);
}

// ---------------------------------------------------------------- head office and desks by their CLIs

function hq(...args) {
  const out = execFileSync(HQ_BIN, ["--json", ...args], { env: process.env, encoding: "utf8" });
  return out.trim() ? JSON.parse(out) : null;
}

/** A desk's CLI as `user` (password as the demo has them); JSON unless `text`. */
function desk(db, user, args, { text = false, env = {} } = {}) {
  const passwords = { admin: "admin123", lisi: "123456", zhangmin: "123456" };
  const out = execFileSync(DESK_BIN, text ? args : ["--json", ...args], {
    env: { ...process.env, FEEDESK_DB: db, FEEDESK_USER: user, FEEDESK_PASSWORD: passwords[user], ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return text ? out : JSON.parse(out);
}

/** The desk CLI's refusal: its exit status and message. */
function deskFails(db, user, args) {
  try {
    desk(db, user, args, { text: true });
  } catch (e) {
    return String(e.stderr);
  }
  throw new Error(`expected ${args.join(" ")} to be refused`);
}

function enroll(db, estate, code) {
  const c = hq("desk-code", estate, code).code;
  desk(db, "admin", ["hq", "enroll", "--url", HQ, "--code", c, "--ca", CA], { text: true });
}

function syncAll(db) {
  let out = "";
  for (let i = 0; i < 200; i++) {
    out = desk(db, "admin", ["sync"], { text: true });
    if (out.includes("待发送 0 条")) return out;
  }
  throw new Error(`desk ${db} never caught up: ${out}`);
}

/** The text of a receipt's QR code, as a scanner reads it from the printed PDF. */
function qrOf(db, number) {
  const pdf = join(OUT, `${number}.pdf`);
  desk(db, "admin", ["receipt", "pdf", number, "--out", pdf], { text: true });
  execFileSync("pdftoppm", ["-png", "-r", "300", "-f", "1", "-l", "1", pdf, join(OUT, number)]);
  const png = readdirSync(OUT).find((f) => f.startsWith(number) && f.endsWith(".png"));
  // zbarimg's complaint about a missing D-Bus is noise on a server: its stderr is dropped.
  const text = execFileSync("zbarimg", ["-q", "--raw", join(OUT, png)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return text.trim().split("\n")[0];
}

function nextMonth() {
  const now = new Date(Date.now() + 8 * 3600 * 1000);
  const y = now.getUTCFullYear() + (now.getUTCMonth() === 11 ? 1 : 0);
  const m = ((now.getUTCMonth() + 1) % 12) + 1;
  return `${y}-${String(m).padStart(2, "0")}`;
}

function today() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function setUpGroup() {
  hq("estate-add", "EST1", "东方花园");
  hq("estate-add", "EST2", "西山苑");
  for (const [e, d] of [["EST1", "A01"], ["EST1", "A02"], ["EST2", "A01"]]) hq("desk-add", e, d);
  for (const [u, name, role, estate] of [["zongbu", "总部管理员", "admin"], ["caiwu", "总部财务", "finance"], ["jingli", "西山苑经理", "manager", "EST2"]]) {
    hq("user-add", u, name, "--role", role, "--password", PASS, ...(estate ? ["--estate", estate] : []));
  }
  const dbs = { a01: join(OUT, "est1-a01.sqlite"), a02: join(OUT, "est1-a02.sqlite"), b01: join(OUT, "est2-a01.sqlite") };
  // EST1 A01 and EST2 A01: demo estates with three months of billing and collection.
  desk(dbs.a01, "admin", ["demo", "--units", "120", "--months", "3", "--seed", "11"], { text: true });
  desk(dbs.b01, "admin", ["demo", "--units", "80", "--months", "3", "--seed", "7"], { text: true });
  // EST1 A02: a second counter of EST1 that sells at the counter today and closes its day.
  const a02 = (user, args) => desk(dbs.a02, user, args, { text: true, env: { FEEDESK_ADMIN_PASSWORD: "admin123", FEEDESK_NEW_PASSWORD: "123456" } });
  a02("admin", ["init", "--estate", "东方花园", "--desk", "A02", "--admin-name", "管理员"]);
  a02("admin", ["fee", "add", "--code", "FYF", "--name", "复印费", "--method", "per_quantity", "--unit-label", "张"]);
  a02("admin", ["fee", "standard", "--item", "FYF", "--rate", "0.5", "--type", "other", "--from", "2026-01"]);
  a02("admin", ["user", "add", "lisi", "--name", "李四", "--role", "cashier"]);
  a02("lisi", ["shift", "open", "--float", "100"]);
  a02("lisi", ["sale", "--item", "FYF:10", "--pay", "现金:5"]);
  a02("lisi", ["shift", "close", "--count", "100:1", "--count", "5:1"]);
  a02("lisi", ["shift", "close-day"]);
  // EST1 A01 today: a receipt taken and voided (作废) in the open shift.
  const unit = desk(dbs.a01, "admin", ["arrears"]).rows.find((r) => r.unit.includes("-")).unit;
  desk(dbs.a01, "lisi", ["shift", "open", "--float", "100"], { text: true });
  const owed = desk(dbs.a01, "lisi", ["arrears", unit]).charges.reduce((s, c) => s + c.open_fen, 0);
  const taken = desk(dbs.a01, "lisi", ["collect", unit, "--pay", `现金:${(owed / 100).toFixed(2)}`]);
  desk(dbs.a01, "lisi", ["void", taken.number, "--reason", "金额录错", "--approver", "zhangmin"], { text: true, env: { FEEDESK_APPROVER_PASSWORD: "123456" } });
  enroll(dbs.a01, "EST1", "A01");
  enroll(dbs.a02, "EST1", "A02");
  enroll(dbs.b01, "EST2", "A01");
  for (const db of Object.values(dbs)) syncAll(db);
  const genuine = desk(dbs.a01, "admin", ["receipt", "list", "2026-11"]).find((r) => !r.voided && r.kind === "payment").number;
  return { dbs, voided: taken.number, genuine };
}

// ---------------------------------------------------------------- the browser

async function chromium() {
  const caps = {
    capabilities: {
      alwaysMatch: {
        browserName: "chrome",
        acceptInsecureCerts: true,
        "goog:chromeOptions": {
          binary: "/usr/bin/chromium",
          args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1440,960", "--lang=zh-CN"],
          prefs: { "download.default_directory": DOWNLOADS, "download.prompt_for_download": false },
        },
      },
    },
  };
  const r = await fetch(`${process.env.WEBDRIVER_URL}/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(caps) });
  const j = await r.json();
  if (!r.ok || !j.value.sessionId) throw new Error(`chromium-driver: ${JSON.stringify(j).slice(0, 400)}`);
  const d = new Driver(process.env.WEBDRIVER_URL, j.value.sessionId);
  // Downloads in headless Chromium go where the page says (CDP through chromium-driver).
  await d.cmd("POST", "/goog/cdp/execute", { cmd: "Browser.setDownloadBehavior", params: { behavior: "allow", downloadPath: DOWNLOADS } }).catch(() => {});
  return d;
}

const tid = (id) => `[data-testid="${id}"]`;

async function shot(d, name) {
  step += 1;
  await sleep(300);
  await d.screenshot(join(OUT, `${String(step).padStart(2, "0")}-${name}.png`));
}

async function open(d, hash) {
  await d.cmd("POST", "/url", { url: `${HQ}/#/${hash}` });
}

async function signIn(d, user) {
  await d.cmd("POST", "/url", { url: `${HQ}/` });
  await d.type(`${tid("signin-username")} input, input${tid("signin-username")}`, user);
  await d.type(`${tid("signin-password")} input, input${tid("signin-password")}`, PASS + KEY.Enter);
  await d.wait(tid("current-user"));
}

async function signOut(d) {
  await d.click(tid("signout"));
  await d.wait(tid("screen-signin"));
}

/** Choose `label` in the antd Select marked `testid` (on the select or inside it). */
async function pick(d, testid, label) {
  await d.until(
    `const el = document.querySelector('[data-testid="${testid}"]'); const sel = el && (el.closest('.ant-select') || el.querySelector('.ant-select'));
     if (!sel) return false; sel.querySelector('.ant-select-selector').dispatchEvent(new MouseEvent('mousedown', { bubbles: true })); return true;`,
    `no select ${testid}`,
  );
  await d.until(
    `const o = [...document.querySelectorAll('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')].find(o => o.textContent.includes(${JSON.stringify(label)})); if (o) { o.click(); return true; } return false;`,
    `no option "${label}" in ${testid}`,
  );
}

/** Type a date or month into the antd picker marked `testid` (on its input or around it). */
async function date(d, testid, text) {
  const input = `input${tid(testid)}, ${tid(testid)} input`;
  await d.click(input);
  await d.type(input, text + KEY.Enter, { clear: true });
  await d.keys(KEY.Escape);
}

function downloaded(prefix, timeout = 15000) {
  const t0 = Date.now();
  for (;;) {
    const f = readdirSync(DOWNLOADS).find((n) => n.startsWith(prefix) && !n.endsWith(".crdownload"));
    if (f) return join(DOWNLOADS, f);
    if (Date.now() - t0 > timeout) throw new Error(`no download starting with ${prefix} in ${DOWNLOADS}: ${readdirSync(DOWNLOADS)}`);
    execFileSync("sleep", ["0.2"]);
  }
}

// ---------------------------------------------------------------- the flows

async function managerSeesOnlyTheirEstate(d) {
  await signIn(d, "jingli");
  await open(d, "estates");
  await d.wait(tid("screen-estates"));
  await d.waitBody("西山苑");
  const body = await d.exec("return document.body.innerText");
  check(!body.includes("东方花园"), "the manager of EST2 sees nothing of EST1");
  check(!(await d.find(tid("nav-users"))), "no people screen for a manager");
  await shot(d, "manager-estates");
  ok("an estate manager sees only their estate");
  await signOut(d);
}

/** "1,234.50" from fen, as the console shows money. */
function yuan(fen) {
  const s = (Math.abs(fen) % 100).toString().padStart(2, "0");
  return `${fen < 0 ? "-" : ""}${Math.trunc(Math.abs(fen) / 100).toLocaleString("en-US")}.${s}`;
}

async function estatesAndDaily(d, g) {
  await open(d, "estates");
  await d.wait(tid("screen-estates"));
  await d.waitBody("东方花园");
  await d.waitBody("西山苑");
  await shot(d, "estates-and-desks");
  ok("estates and desks: both estates, three desks");
  await open(d, `daily?day=${today()}`);
  await d.wait(tid("screen-daily"));
  await d.waitBody("一致");
  // The group's total is the sum of the desks' own daily cash reports of the day.
  const own = Object.values(g.dbs).reduce((sum, db) => sum + desk(db, "admin", ["report", "daily", "--date", today()]).total_fen, 0);
  await d.wait(tid("daily-total"), { text: yuan(own) });
  // An estate's day by payment method (kept per estate at ingest) adds up to its own desks' reports.
  const est1 = [g.dbs.a01, g.dbs.a02].reduce((sum, db) => sum + desk(db, "admin", ["report", "daily", "--date", today()]).total_fen, 0);
  check(est1 !== 0, "EST1 took money today");
  await d.click(`${tid("daily-breakdown-EST1")} .ant-collapse-header`);
  await d.wait(`${tid("daily-by-method-EST1")} .ant-table-summary`, { text: yuan(est1) });
  await shot(d, "daily-report");
  ok(`consolidated daily report: ${yuan(own)}, the desks' own reports added up (EST1 by method ${yuan(est1)}); the closed desk-day is 一致`);
}

async function monthlyAndExports(d) {
  await open(d, "monthly?month=2026-11");
  await d.wait(tid("screen-monthly"));
  await d.wait(tid("monthly-total"));
  await shot(d, "monthly-report");
  await d.click(tid("monthly-export-xlsx"));
  const xlsx = downloaded("收费月报表-2026-11");
  check(readFileSync(xlsx).subarray(0, 2).toString() === "PK", "the monthly XLSX is a workbook");
  await d.click(tid("monthly-export-pdf"));
  const pdf = downloaded("收费月报表-2026-11.pdf");
  const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
  check(text.includes("收费月报表") && text.includes("东方花园") && text.includes("西山苑"), "the monthly PDF names its estates");
  ok("monthly fee report, exported as XLSX and PDF");
  await open(d, "rates?estate=EST1&from=2026-09&to=2026-11");
  await d.wait(tid("screen-rates"));
  await d.wait(`${tid("rates-chart")} canvas`);
  await d.wait(tid("rates-definitions"));
  // What a person sees: each of the three lines drawn as far as the last month (its colour in the
  // right quarter of the plot), not only a canvas.
  const reach = await d.exec(`
    const c = document.querySelector('${tid("rates-chart")} canvas');
    const { data, width, height } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const colours = [[22, 119, 255], [82, 196, 26], [250, 140, 22]];
    return colours.map(([r, g, b]) => {
      let right = -1;
      for (let y = 0; y < height; y++) for (let x = right + 1; x < width; x++) {
        const i = (y * width + x) * 4;
        if (Math.abs(data[i] - r) < 30 && Math.abs(data[i + 1] - g) < 30 && Math.abs(data[i + 2] - b) < 30) right = x;
      }
      return right / width;
    });`);
  check(reach.every((x) => x > 0.75), `each rate's line reaches the last month: ${JSON.stringify(reach)}`);
  await shot(d, "collection-rates");
  ok("collection rates: table, trend chart and definitions");
  await open(d, "arrears?as_of=2026-11");
  await d.wait(tid("screen-arrears"));
  await d.wait(tid("arrears-total"));
  await d.click(tid("arrears-export-xlsx"));
  check(readFileSync(downloaded("欠费")).subarray(0, 2).toString() === "PK", "the arrears XLSX is a workbook");
  await shot(d, "arrears");
  ok("arrears with ageing, exported as XLSX");
}

async function verify(d, text, verdict, name) {
  await open(d, "verify");
  await d.wait(tid("screen-verify"));
  await d.type(`${tid("verify-text")}`, text, { clear: true });
  await d.click(tid("verify-submit"));
  await d.wait(tid("verify-verdict"), { text: verdict });
  await shot(d, `verify-${name}`);
  ok(`receipt verification: ${name} → ${verdict}`);
}

async function verification(d, g) {
  const qr = qrOf(g.dbs.a01, g.genuine);
  await verify(d, qr, "真实", "genuine");
  await verify(d, g.voided, "已作废", "voided");
  // The same QR code with its amount changed: the seal no longer matches.
  const forged = qr.replace(/\|(\d+)\|/, (_, fen) => `|${Number(fen) + 10000}|`);
  check(forged !== qr, "the QR text has an amount to change");
  await verify(d, forged, "伪造", "forged");
}

async function publishStandard(d, g) {
  const month = nextMonth();
  await open(d, "standards");
  await d.wait(tid("screen-standards"));
  await d.wait(tid("standards-publish-form"));
  await pick(d, "publish-estate", "东方花园");
  await date(d, "publish-month", month);
  await d.type(`${tid("publish-entry-0-code")} input, input${tid("publish-entry-0-code")}`, "WYF");
  await d.type(`${tid("publish-entry-0-name")} input, input${tid("publish-entry-0-name")}`, "物业服务费");
  await pick(d, "publish-entry-0-method", "面积");
  await pick(d, "publish-entry-0-type", "住宅");
  await d.type(`${tid("publish-entry-0-rate")} input, input${tid("publish-entry-0-rate")}`, "2.6");
  await shot(d, "standard-form");
  await d.click(tid("publish-submit"));
  // A published version cannot be taken back: the console asks first.
  await d.wait(".ant-modal-confirm", { text: "不能修改或撤回" });
  await shot(d, "standard-confirm");
  await d.click("#publish-confirm");
  await d.wait(tid("standards-versions"), { text: month });
  ok("a fee standard published for EST1 from next month");

  // The desk reads it on its next sync, applies it, and bills its next run with it.
  const out = syncAll(g.dbs.a01);
  check(out.includes("已应用总部发布的收费标准第"), `the desk applied the version: ${out}`);
  const items = desk(g.dbs.a01, "admin", ["fee", "list"]);
  check(items.find((i) => i.code === "WYF").hq_version !== null, "WYF is marked as head office's at the desk");
  const refused = deskFails(g.dbs.a01, "admin", ["fee", "standard", "--item", "WYF", "--rate", "3", "--type", "residential", "--from", month]);
  check(refused.includes("由总部发布"), `a local change is refused: ${refused}`);
  desk(g.dbs.a01, "admin", ["bill", "run", month], { text: true });
  const residential = desk(g.dbs.a01, "admin", ["unit", "search", "1-1"]).find((u) => u.unit_type === "residential").code;
  const wyf = desk(g.dbs.a01, "admin", ["arrears", residential]).charges.find((c) => c.item === "WYF" && c.period === month);
  check(wyf && wyf.basis.endsWith("× 2.6"), `the next billing run bills at 2.6: ${JSON.stringify(wyf)}`);
  ok("the standard is applied at the desk and used by its next billing run");

  syncAll(g.dbs.a01);
  await sleep(1500); // the acknowledgement is applied with the desk's events
  await open(d, "standards");
  await d.click(tid("standards-reload"));
  await d.until(
    `const t = document.querySelector('[data-testid="standards-desks"]')?.innerText ?? ''; return /EST1[\\s\\S]*A01[\\s\\S]*已应用/.test(t);`,
    "the console never showed EST1 A01 as applied",
    { timeout: 20000, every: 500 },
  );
  await shot(d, "standards-applied");
  ok("the console shows which desk applied which version");
}

async function english(d) {
  await d.click(tid("lang-en"));
  await d.waitBody("Sign out");
  await shot(d, "english");
  await d.click(tid("lang-zh"));
  await d.waitBody("退出");
  ok("the console switches to English and back");
}

async function main() {
  const t0 = Date.now();
  console.log("console E2E: head office, two estates, three desks (desk CLI)");
  const g = setUpGroup();
  console.log(`  desks ready and synced in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const d = await chromium();
  try {
    await managerSeesOnlyTheirEstate(d);
    await signIn(d, "zongbu");
    await estatesAndDaily(d, g);
    await monthlyAndExports(d);
    await verification(d, g);
    await publishStandard(d, g);
    await english(d);
    await signOut(d);
  } catch (e) {
    await shot(d, "failure").catch(() => {});
    throw e;
  } finally {
    await d.quit();
  }
  console.log(`console E2E: ${passed.length} checks passed in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${OUT}`);
}

main().catch((e) => {
  console.error(e.stack ?? e);
  process.exit(1);
});
