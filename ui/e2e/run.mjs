// End-to-end flows in the real desktop webview (tauri-driver + WebKitWebDriver under Xvfb).
// Started by scripts/e2e.sh, which builds the app and starts the driver. Screenshots go to target/e2e/.
// Figures (cold start, a scripted payment, memory) are printed, not asserted.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pinyin } from "pinyin-pro";
import { Driver, KEY, sleep } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const out = process.env.E2E_OUT ?? join(root, "target/e2e");
const app = process.env.FEEDESK_APP ?? join(root, "target/debug/feedesk-app");
const cli = process.env.FEEDESK_CLI ?? join(root, "target/debug/feedesk");
const driverUrl = process.env.WEBDRIVER_URL ?? "http://127.0.0.1:4444";
const dataDir = join(process.env.XDG_DATA_HOME ?? join(out, "xdg"), "com.feedesk.desk");
const only = process.env.E2E_ONLY ? process.env.E2E_ONLY.split(",") : null;

mkdirSync(out, { recursive: true });
const figures = [];
const results = [];

function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
}

/** yuan text like "¥1,234.50" -> integer fen, by digits (no float). */
function fenOf(text) {
  const m = /(-?)¥?([\d,]+)\.(\d{2})/.exec(text);
  if (!m) throw new Error(`no amount in "${text}"`);
  const v = Number(m[2].replace(/,/g, "")) * 100 + Number(m[3]);
  return m[1] ? -v : v;
}

/** Resident (RSS) and proportional (PSS: shared pages divided among their users) memory in MB of processes. */
function memMb(pids) {
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    try {
      const roll = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      rss += Number(/^Rss:\s+(\d+) kB/m.exec(roll)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+) kB/m.exec(roll)?.[1] ?? 0);
    } catch {
      /* gone */
    }
  }
  return { rss: Math.round(rss / 1024), pss: Math.round(pss / 1024) };
}

/** This run's app (its ledger is `db`) and the WebKit web and network processes it started. */
function appMemory(db) {
  const procs = readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .map((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        const ppid = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1];
        return { pid, ppid, cmd };
      } catch {
        return null;
      }
    })
    .filter(Boolean);
  const shell = procs.filter((p) => p.cmd[0] === app && p.cmd.includes(db)).map((p) => p.pid);
  const child = (name) => procs.filter((p) => shell.includes(p.ppid) && p.cmd[0].includes(name)).map((p) => p.pid);
  const m = { shell: memMb(shell), web: memMb(child("WebKitWebProcess")), net: memMb(child("WebKitNetworkProcess")) };
  return { ...m, pss: m.shell.pss + m.web.pss + m.net.pss };
}

function memText(m) {
  return `shell RSS ${m.shell.rss} MB / PSS ${m.shell.pss} MB; WebKit web RSS ${m.web.rss} / PSS ${m.web.pss} MB; network PSS ${m.net.pss} MB; all processes PSS ${m.pss} MB`;
}

async function flow(name, fn) {
  if (only && !only.includes(name)) return;
  const t0 = Date.now();
  let d = null;
  const start = async (args) => (d = await Driver.start(driverUrl, app, args));
  try {
    await fn(start, () => d);
    results.push([name, "passed", Date.now() - t0]);
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push([name, "FAILED", Date.now() - t0]);
    console.log(`FAIL ${name}: ${e.stack ?? e}`);
    if (d) {
      // A stuck webview must not hang the run: each look at it gets 10 s.
      const within = (p) => Promise.race([p, sleep(10_000).then(() => "")]).catch((e) => (console.log(`     (could not look: ${e.message ?? e})`), ""));
      await within(d.screenshot(join(out, `${name}-failure.png`)));
      const msg = await within(d.exec("const m = document.querySelector('.ant-message'); return m ? m.innerText : ''"));
      if (msg) console.log(`     message on screen: ${msg}`);
    }
  } finally {
    if (d) await Promise.race([d.quit(), sleep(15_000)]);
    await sleep(300);
  }
}

/** Confirm a dialog by its OK button, clicked from the page: a pointer click while the dialog still
 *  zooms in can land on its mask (no error, nothing happens). */
async function okInDialog(d, css) {
  await sleep(400);
  await d.exec(`document.querySelector(${JSON.stringify(css)}).click()`);
}

async function login(d, user, password) {
  await d.wait("[data-testid=login]");
  await d.type("#login-username", user, { clear: true });
  await d.type("#login-password", password + KEY.Enter, { clear: true });
  await d.wait("[data-testid=counter]");
}

/** Types into a field and reads it back: under load a dialog still opening can take a keystroke. */
async function typeChecked(d, css, text) {
  for (let i = 0; i < 3; i++) {
    await d.type(css, text, { clear: true });
    if ((await d.exec(`return document.querySelector(${JSON.stringify(css)}).value`)) === text) return;
    await sleep(300);
  }
  throw new Error(`${css} would not take "${text}"`);
}

/** At the counter: a unit's open charges paid exactly (search, Enter, Enter, blank tendered, Enter). */
async function payExactly(d, unit) {
  await d.type("#search", unit, { clear: true });
  await d.wait("[data-testid=hit]", { text: unit });
  await d.keys(KEY.Enter);
  await d.wait("[data-testid=unit-panel]", { text: unit });
  await d.keys(KEY.Enter);
  await d.waitFocus("tender-0");
  await d.keys(KEY.Enter);
}

/** 收据 (F6): a number typed in full opens its receipt. */
async function openReceipt(d, number) {
  await d.keys(KEY.F6);
  await d.type("#receipt-search", number + KEY.Enter, { clear: true });
  await d.wait("[data-testid=receipt-drawer]", { text: number });
  await sleep(400); // the drawer slides in
}

/** Alt+V 作废 or Alt+R 冲红 on the open receipt: the reason, then the supervisor zhangmin and a password. */
async function undo(d, key, reason, password) {
  await d.chord(KEY.Alt, key);
  await d.waitFocus("undo-reason");
  await d.type("#undo-reason", reason);
  await d.keys(KEY.Tab, "zhangmin", KEY.Tab, password, KEY.Enter);
}

async function logout(d) {
  await d.chord(KEY.Control, "q");
  await d.wait("[data-testid=login]");
}

/** The last receipt number shown at the counter ("" before the first). */
function lastReceipt(d) {
  return d.exec("const e = document.querySelector('[data-testid=last-receipt]'); return e ? e.innerText : ''");
}

/** Waits (up to 10 s) for the counter to show a receipt other than `previous`; returns its number. */
async function nextReceipt(d, previous) {
  let now = previous;
  for (let i = 0; i < 400 && now === previous; i++) {
    await sleep(25);
    now = await lastReceipt(d);
  }
  check(now !== previous, `a receipt after ${previous || "none"}`);
  return now;
}

async function ensureShift(d) {
  await sleep(300);
  if (await d.find("[data-testid=no-shift]")) {
    await d.keys(KEY.F8);
    await d.type("#float", "500", { clear: true });
    await d.chord(KEY.Alt, "o");
    await d.wait("[data-testid=shift-open]");
    await d.keys(KEY.F2);
    await d.wait("[data-testid=counter]");
  }
}

function cliJson(db, args) {
  return JSON.parse(execFileSync(cli, ["--json", ...args], { env: { ...process.env, FEEDESK_DB: db, FEEDESK_USER: "admin", FEEDESK_PASSWORD: "admin123" } }).toString());
}

function arrearsUnits(db, n) {
  return cliJson(db, ["arrears"]).rows.slice(0, n).map((r) => r.unit);
}

/** A unit in arrears whose owner's pinyin initials (worked out here by pinyin-pro, not by feedesk) make
 *  it the first hit: the cashier types only those letters. */
function pinyinUnit(db, skip) {
  for (const unit of arrearsUnits(db, 200)) {
    if (skip.includes(unit)) continue;
    const owner = cliJson(db, ["unit", "search", unit, "--limit", "1"])[0]?.owner;
    if (!owner) continue;
    const initials = pinyin(owner, { pattern: "first", toneType: "none", type: "array", surname: "head" }).join("");
    if (cliJson(db, ["unit", "search", initials, "--limit", "1"])[0]?.code === unit) return { unit, owner, initials };
  }
  throw new Error("no unit in arrears is the first hit of its owner's initials");
}

const wizardDb = join(out, "wizard.sqlite");
const dayDb = join(out, "day.sqlite");

// 1. First start: the wizard creates a ledger; its administrator signs in.
await flow("wizard", async (start) => {
  for (const s of ["", "-wal", "-shm"]) rmSync(wizardDb + s, { force: true });
  const d = await start(["--db", wizardDb]);
  await d.wait("[data-testid=wizard]");
  await d.type("#wiz-company", "阳光物业");
  await d.type("#wiz-estate", "绿洲家园");
  await d.type("#wiz-desk", "b02", { clear: true });
  await d.type("#wiz-name", "王建国");
  await d.type("#wiz-password", "admin-pass");
  await d.type("#wiz-password2", "admin-pass");
  await d.screenshot(join(out, "01-wizard.png"));
  await d.click("#wiz-submit");
  await d.waitBody("B02");
  await login(d, "admin", "admin-pass");
  const title = await d.textOf("[data-testid=title]");
  check(title.includes("绿洲家园") && title.includes("B02"), `title shows the new estate and desk: ${title}`);
  await d.screenshot(join(out, "02-login-counter.png"));
});

// 2. First start with the demo estate (built by the app on first use); the ledger of the day's flows.
await flow("demo", async (start) => {
  rmSync(dataDir, { recursive: true, force: true });
  const d = await start([]);
  await d.click("#wiz-demo");
  const t0 = Date.now();
  await d.wait("[data-testid=login]", { timeout: 600000 });
  figures.push(["demo estate built by the app (1,200 units, 12 months)", `${Date.now() - t0} ms`]);
  await d.screenshot(join(out, "03-demo-login.png"));
  await d.quit();
  await sleep(500);
  for (const s of ["", "-wal"]) {
    const f = join(dataDir, "feedesk-demo.sqlite" + s);
    if (existsSync(f)) copyFileSync(f, dayDb + s);
    else rmSync(dayDb + s, { force: true });
  }
  rmSync(dayDb + "-shm", { force: true });
});

// 3. A cashier's day on the demo estate, from the keyboard.
await flow("day", async (start) => {
  check(existsSync(dayDb), "the demo ledger exists");
  const [unitB] = arrearsUnits(dayDb, 1);
  const { unit: unitA, owner, initials } = pinyinUnit(dayDb, [unitB]);
  const unitC = arrearsUnits(dayDb, 10).find((u) => u !== unitA && u !== unitB);
  const t0 = Date.now();
  const d = await start(["--db", dayDb]);
  await d.wait("[data-testid=login]");
  const tLogin = Date.now() - t0;
  await d.type("#login-username", "lisi");
  const t1 = Date.now();
  await d.type("#login-password", "123456" + KEY.Enter);
  await d.wait("#search");
  figures.push(["cold start: app launched to the login screen", `${tLogin} ms`]);
  figures.push(["sign-in to the counter usable (password check is argon2)", `${Date.now() - t1} ms`]);
  await ensureShift(d);

  // Collect cash with change: search by the owner's pinyin initials, Enter, Enter, tendered, Enter.
  const tPay = Date.now();
  await d.type("#search", initials);
  await d.wait("[data-testid=hit]", { text: unitA });
  check((await d.textOf("[data-testid=hit]")).includes(owner), `"${initials}" finds ${owner} (${unitA}) first`);
  await d.keys(KEY.Enter);
  await d.wait("[data-testid=unit-panel]");
  await d.keys(KEY.Enter);
  const due = fenOf(await d.textOf("[data-testid=collect-due]"));
  check(due > 0, "something is due");
  const tendered = (Math.floor(due / 10000) + 1) * 10000; // the next 100 yuan note above the amount due
  await d.waitFocus("tender-0");
  await d.keys(String(tendered / 100));
  await d.wait("[data-testid=change]", { text: (tendered - due) % 100 === 0 ? "." : String((tendered - due) % 100).padStart(2, "0") });
  let change = 0;
  for (let i = 0; i < 40 && change !== tendered - due; i++) {
    change = fenOf(await d.textOf("[data-testid=change]"));
    if (change !== tendered - due) await sleep(50);
  }
  check(change === tendered - due, `change ${change} = ${tendered} - ${due}`);
  await d.screenshot(join(out, "04-collect-dialog.png"));
  await d.keys(KEY.Enter);
  const number = await d.textOf("[data-testid=last-receipt]", { timeout: 20000 });
  figures.push(["scripted payment through the UI (search typed to receipt number shown)", `${Date.now() - tPay} ms`]);
  check(/^[A-Z0-9]+-\d{4}-\d+$/.test(number), `receipt number ${number}`);
  check(fenOf(await d.textOf("[data-testid=last-change]")) === change, "change shown after issuing");
  const pdfText = await d.textOf("[data-testid=last-pdf]");
  const pdf = pdfText.slice(pdfText.indexOf("/"));
  check(existsSync(pdf) && statSync(pdf).size > 1000 && readFileSync(pdf).subarray(0, 5).toString() === "%PDF-", `PDF at ${pdf}`);
  const active = await d.activeId();
  check((await d.attr(active, "id")) === "search", "focus is back in the search box");
  await d.screenshot(join(out, "05-collected.png"));

  // The five-keystroke path: search text, then Enter, Enter, Enter (blank tendered = exact amount).
  await d.type("#search", unitB);
  await d.wait("[data-testid=hit]", { text: unitB });
  d.keystrokes = 0;
  await d.keys(KEY.Enter);
  await d.wait("[data-testid=unit-panel]");
  await d.keys(KEY.Enter);
  await d.waitFocus("tender-0");
  await d.keys(KEY.Enter);
  const number2 = await nextReceipt(d, number);
  check(d.keystrokes <= 5, `${d.keystrokes} keystrokes after the search text`);
  figures.push(["keystrokes after the search text, exact payment", String(d.keystrokes)]);
  await d.screenshot(join(out, "06-five-keys.png"));

  // A part payment (部分缴纳): Alt+B, the amount, Enter, blank tendered = exactly that amount, Enter.
  await d.type("#search", unitC, { clear: true });
  await d.wait("[data-testid=hit]", { text: unitC });
  await d.keys(KEY.Enter);
  await d.wait("[data-testid=unit-panel]", { text: unitC });
  await d.keys(KEY.Enter);
  await d.waitFocus("tender-0");
  const dueC = fenOf(await d.textOf("[data-testid=collect-due]"));
  const partC = Math.max(100, Math.floor(dueC / 200) * 100);
  check(partC < dueC, `${unitC} owes more than ${partC} fen`);
  await d.wait("[data-testid=charge-groups]");
  await d.chord(KEY.Alt, "b");
  await d.waitFocus("collect-amount");
  await d.keys(String(partC / 100));
  const warned = await d.textOf("[data-testid=collect-partial]", { timeout: 5000 });
  check(fenOf(warned) === dueC - partC, `the dialog warns ${dueC - partC} fen stay owed: ${warned}`);
  await d.screenshot(join(out, "06a-part-payment.png"));
  await d.keys(KEY.Enter);
  await d.waitFocus("tender-0");
  await d.keys(KEY.Enter);
  const number3 = await nextReceipt(d, number2);
  const partial = await d.textOf("[data-testid=last-partial]");
  check(fenOf(partial) === dueC - partC, `the receipt says ${dueC - partC} fen stay owed: ${partial}`);
  const printedC = cliJson(dayDb, ["receipt", "show", number3]);
  check(printedC.total_fen === partC && printedC.remaining_fen === dueC - partC, `receipt ${number3}: ${printedC.total_fen} paid, ${printedC.remaining_fen} owed`);

  // A counter sale (有偿服务) from the quick-pick list: F3, quantity, tendered, Enter.
  await d.keys(KEY.F3);
  await d.wait("[data-testid=sale-dialog]");
  await d.waitFocus("sale-qty");
  await d.type("#sale-qty", "2", { clear: true });
  await d.type("#sale-tendered", "50");
  await d.keys(KEY.Enter);
  await nextReceipt(d, number3); // the sale's receipt
  await d.screenshot(join(out, "06b-sale.png"));

  // Void the second receipt with the supervisor's password typed in the dialog.
  // From here on the day is done with the keyboard alone: function keys, Alt+letter on the buttons, Enter.
  await openReceipt(d, number2);
  await undo(d, "v", "收错房号", "wrong-password");
  await d.wait("[data-testid=error]");
  await d.type("#undo-password", "123456" + KEY.Enter, { clear: true });
  const info = await d.textOf("[data-testid=void-info]");
  check(info.includes("收错房号"), `void recorded: ${info}`);
  await d.screenshot(join(out, "07-void.png"));
  await d.keys(KEY.Escape);

  // Deposit: collect, inspection, refund request with a deduction, approval by the supervisor, refund.
  await d.keys(KEY.F4);
  await d.waitFocus("deposit-search");
  await d.chord(KEY.Alt, "n");
  await d.wait("#dep-unit");
  await sleep(400); // the dialog's opening animation
  await typeChecked(d, "#dep-unit", unitA);
  await typeChecked(d, "#dep-contractor", "顺安装饰");
  await typeChecked(d, "#dep-phone", "13900001111");
  await typeChecked(d, "#dep-permit", "ZX-2026-001");
  await typeChecked(d, "#dep-planned-end", "2026-12-31");
  await typeChecked(d, "#dep-amount", "2000");
  await d.chord(KEY.Control, KEY.Enter);
  await d.wait("[data-testid=deposit-done]", { text: "收据" });
  await sleep(400); // the drawer slides in
  await d.chord(KEY.Alt, "i");
  await sleep(400);
  await d.chord(KEY.Control, KEY.Enter);
  await d.wait("[data-testid=deposit-done]", { text: "验收" });
  await sleep(400); // the drawer slides in
  await d.chord(KEY.Alt, "q");
  await sleep(400);
  await typeChecked(d, "#dep-deduction", "300");
  await typeChecked(d, "#dep-deduction-note", "电梯厅墙面损坏");
  await d.chord(KEY.Control, KEY.Enter);
  await d.wait("[data-testid=deposit-done]", { text: "申请" });
  await logout(d);
  await login(d, "zhangmin", "123456");
  const openDeposit = async () => {
    await d.keys(KEY.F4);
    await d.waitFocus("deposit-search");
    await d.keys(unitA);
    await d.wait("[data-testid=deposit-row]", { text: unitA });
    await d.keys(KEY.Enter);
    await d.wait("[data-testid=deposit-drawer]", { text: unitA });
    await sleep(400); // the drawer slides in
  };
  await openDeposit();
  await d.chord(KEY.Alt, "a");
  await sleep(400);
  await d.chord(KEY.Control, KEY.Enter);
  await d.wait("[data-testid=deposit-done]", { text: "审批" });
  await logout(d);
  await login(d, "lisi", "123456");
  await openDeposit();
  await d.chord(KEY.Alt, "r");
  await sleep(400);
  await d.chord(KEY.Control, KEY.Enter);
  await d.wait("[data-testid=deposit-done]", { text: "退款凭证" });
  check(fenOf(await d.textOf("[data-testid=deposit-deducted]")) === 30000, "300.00 deducted");
  check(fenOf(await d.textOf("[data-testid=deposit-refunded]")) === 170000, "1,700.00 refunded");
  // The refund voucher (退款凭证) printed from the drawer: a PDF with the deduction on it.
  await d.chord(KEY.Alt, "t");
  const printedText = await d.textOf("[data-testid=deposit-printed]");
  const voucherPdf = printedText.slice(printedText.indexOf("/"));
  const voucherText = execFileSync("pdftotext", ["-layout", voucherPdf, "-"]).toString();
  check(voucherText.includes("退款凭证") && voucherText.includes("300.00"), `the voucher PDF ${voucherPdf} shows the deduction`);
  await sleep(500); // the dialog fades out
  await d.screenshot(join(out, "08-deposit-refund.png"));
  await d.keys(KEY.Escape);

  // Shift close with a difference beyond the tolerance: refused alone, accepted with the supervisor.
  await d.keys(KEY.F8);
  // The shift's figures arrive after the screen: wait for the drawer's expected cash (the float at least).
  let expected = 0;
  for (let i = 0; i < 30 && expected <= 0; i++) {
    if (i > 0) await sleep(100);
    expected = fenOf(await d.textOf("[data-testid=expected]", { text: "" }));
  }
  const hundreds = Math.floor(expected / 10000) - 1; // one ¥100 note short: always beyond the ¥5 tolerance
  await d.type("#count-10000", String(hundreds));
  // The total follows the typing on the next render: poll it (up to 3 s) rather than read it once.
  let counted = -1;
  for (let i = 0; i < 30 && counted !== hundreds * 10000; i++) {
    if (i > 0) await sleep(100);
    counted = fenOf(await d.textOf("[data-testid=counted]", { text: "" }));
  }
  check(counted === hundreds * 10000, "counted from the denominations");
  await d.chord(KEY.Alt, "c");
  await d.wait("[data-testid=error]");
  await d.type("#close-note", "短款，已报主管");
  await d.type("#close-approver", "zhangmin");
  await d.type("#close-approver-password", "123456");
  await d.chord(KEY.Alt, "c");
  const diff = fenOf(await d.textOf("[data-testid=closed-difference]"));
  check(diff === counted - expected && diff !== 0, `difference ${diff}`);
  await d.wait("[data-testid=daily-report]");
  await d.screenshot(join(out, "09-shift-close-daily-report.png"));

  // The first receipt's shift is closed: it can no longer be voided, only reversed (红冲) in a new shift.
  await d.keys(KEY.F2);
  await ensureShift(d);
  await openReceipt(d, number);
  await undo(d, "r", "业主要求退费", "123456");
  const reversed = await d.textOf("[data-testid=reversed-info]");
  check(/[A-Z0-9]+-\d{4}-\d+/.test(reversed), `reversal recorded: ${reversed}`);
  await d.screenshot(join(out, "09b-reversal.png"));
  await d.keys(KEY.Escape);

  figures.push(["memory at the end of the day flow", memText(appMemory(dayDb))]);
});

// 4. Printing from the app: the desk's printer set in 设置 (a CUPS queue, CUPS-PDF here), a payment, and the
// receipt arrives at the printer holding its number.
await flow("print", async (start) => {
  check(existsSync(dayDb), "the demo ledger exists");
  const dirs = (process.env.E2E_PRINT_DIRS ?? "").split(":").filter(Boolean);
  check(process.env.E2E_PRINTER && dirs.length > 0, "scripts/e2e.sh started the CUPS-PDF printer");
  const [unit] = arrearsUnits(dayDb, 1);
  const d = await start(["--db", dayDb]);
  await login(d, "lisi", "123456");
  await ensureShift(d);
  await d.keys(KEY.F11);
  await d.type("#settings-printer", process.env.E2E_PRINTER + KEY.Enter, { clear: true });
  await d.wait("[data-testid=error], .ant-message-success");
  await d.keys(KEY.F2);
  const since = Date.now();
  await payExactly(d, unit);
  const number = await d.textOf("[data-testid=last-receipt]", { timeout: 20000 });
  let found = null;
  for (let i = 0; i < 300 && !found; i++) {
    for (const dir of dirs.filter((x) => existsSync(x))) {
      for (const f of readdirSync(dir).filter((n) => n.endsWith(".pdf")).map((n) => join(dir, n))) {
        if (statSync(f).mtimeMs < since) continue;
        let text = "";
        try {
          text = execFileSync("pdftotext", [f, "-"], { stdio: ["ignore", "pipe", "ignore"] }).toString();
        } catch {
          continue; // still being written
        }
        if (text.includes(number)) found = f;
      }
    }
    if (!found) await sleep(100);
  }
  check(found, `receipt ${number} arrived at the printer (looked in ${dirs.join(", ")})`);
  figures.push(["receipt printed from the app arrived at the CUPS-PDF printer", `${Date.now() - since} ms after the payment started`]);
  rmSync(found);
  await d.screenshot(join(out, "13-printed.png"));
  // Back to no printer (save only), so the later flows do not print every receipt.
  await d.keys(KEY.F11);
  await d.type("#settings-printer", KEY.Enter, { clear: true });
  await sleep(300);
});

// 5. Billing: the supervisor previews next month's billing run and generates it, from the keyboard.
await flow("billing", async (start) => {
  check(existsSync(dayDb), "the demo ledger exists");
  // The demo is billed up to this month: the next one is new.
  const now = new Date();
  const next = now.getMonth() === 11 ? `${now.getFullYear() + 1}-01` : `${now.getFullYear()}-${String(now.getMonth() + 2).padStart(2, "0")}`;
  check(cliJson(dayDb, ["bill", "preview", next]).preview.already_billed === 0, `${next} is not billed yet`);
  const d = await start(["--db", dayDb]);
  await login(d, "zhangmin", "123456");
  await d.keys(KEY.F7);
  await d.wait("[data-testid=billing]");
  await d.chord(KEY.Alt, "5");
  await d.type("#billing-period", next, { clear: true });
  await d.chord(KEY.Alt, "v");
  const charges = Number(await d.textOf("[data-testid=preview-charges]"));
  check(charges > 1000, `the preview of ${next} counts the estate's charges: ${charges}`);
  await d.screenshot(join(out, "14-billing-preview.png"));
  await d.chord(KEY.Alt, "g");
  const done = await d.textOf("[data-testid=billing-done]", { timeout: 30000 });
  check(done.includes(String(charges)), `the run created the ${charges} charges previewed: ${done}`);
  const after = cliJson(dayDb, ["bill", "preview", next]).preview;
  check(after.already_billed === charges && after.charges === 0, `the ledger has the ${charges} charges of ${next}`);
});

// 6. Reports: the collection rate per building (an ECharts chart, with Object.prototype frozen), the same
// figures as the CLI; saved as XLSX (Ctrl+E); the supervisor's cross-check of the shifts; last month's
// 收费月报表 and its 月结 (the report frozen, the month closed to billing).
await flow("reports", async (start) => {
  check(existsSync(dayDb), "the demo ledger exists");
  const now = new Date();
  const month = (back) => {
    const d = new Date(now.getFullYear(), now.getMonth() - back, 1);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
  };
  const [from, to] = [month(11), month(0)];
  const cli = cliJson(dayDb, ["report", "collection", "--from", from, "--to", to]);
  const d = await start(["--db", dayDb]);
  await login(d, "zhangmin", "123456");
  await d.keys(KEY.F9);
  await d.wait("[data-testid=reports]");
  await d.chord(KEY.Alt, "3");
  await d.type("#rates-from", from, { clear: true });
  await d.type("#rates-to", to + KEY.Enter, { clear: true });
  // The tab first shows its default range; the one typed replaces it.
  await d.wait("[data-testid=rate-total]", { text: cli.total.rate_percent });
  const labels = async () => d.exec("const c = document.querySelector('[data-testid=rate-chart] svg'); return c ? c.textContent : ''");
  let chart = "";
  for (let i = 0; i < 50 && !cli.buildings.every((b) => chart.includes(`${b.rate_percent}%`)); i++) {
    if (i > 0) await sleep(100);
    chart = await labels();
  }
  check(cli.buildings.every((b) => chart.includes(`${b.rate_percent}%`)), `a bar labelled with each building's rate: ${chart.slice(0, 200)}`);
  // What a person sees: each bar as tall as its rate (against the 0%–100% axis), not only its label.
  const bars = await d.exec(`
    const svg = document.querySelector('[data-testid=rate-chart] svg');
    const blue = (p) => ['#1677ff', 'rgb(22,119,255)'].includes((p.getAttribute('fill') || '').replace(/\s/g, '').toLowerCase());
    const boxes = [...svg.querySelectorAll('path')].filter(blue).map((p) => p.getBoundingClientRect());
    const lines = [...svg.querySelectorAll('path')].filter((p) => !blue(p)).map((p) => p.getBoundingClientRect()).filter((r) => r.height < 2 && r.width > 200);
    const ys = lines.map((r) => r.top);
    return { heights: boxes.sort((a, b) => a.left - b.left).map((r) => r.height), axis: Math.max(...ys) - Math.min(...ys) };`);
  check(bars.heights.length === cli.buildings.length, `one bar per building: ${JSON.stringify(bars)}`);
  cli.buildings.forEach((b, i) => {
    const expected = (Number(b.rate_percent) / 100) * bars.axis;
    check(Math.abs(bars.heights[i] - expected) <= 2, `building ${b.building}: bar ${bars.heights[i]?.toFixed(1)} px for ${b.rate_percent}% of ${bars.axis.toFixed(1)} px`);
  });
  console.log(`  collection-rate bars as tall as their rates (${bars.heights.length} bars, axis ${bars.axis.toFixed(0)} px)`);
  await d.screenshot(join(out, "15-collection-rate.png"));
  await d.chord(KEY.Control, "e");
  const saved = (await d.textOf("[data-testid=saved-path]")).trim();
  const xlsx = saved.slice(saved.indexOf("/"));
  check(existsSync(xlsx) && readFileSync(xlsx).subarray(0, 2).toString() === "PK", `the XLSX saved at ${xlsx}`);
  await d.chord(KEY.Alt, "4");
  await d.type("#check-from", KEY.Enter);
  await d.wait(".ant-tabs-tabpane-active .ant-table-row", { text: "李四" });
  await d.screenshot(join(out, "16-cross-check.png"));

  // 收费月报表 of last month, the same figures as the CLI's; then 月结: the report is frozen and the
  // month takes no more charges. Its last day is closed first (日结) unless the demo closed it already.
  const last = month(1);
  const daysBack = (n) => new Date(now.getFullYear(), now.getMonth(), now.getDate() - n).toLocaleDateString("sv-SE");
  // 日结 in the app (交班/日结, F8) of yesterday (today's shifts go on in the flows after this one),
  // which closes last month's last day as well; Enter in the confirmation is 取消.
  const yesterday = daysBack(1);
  await d.keys(KEY.F8);
  await d.wait("[data-testid=last-day-close]");
  const through = /(\d{4}-\d{2}-\d{2})/.exec(await d.textOf("[data-testid=last-day-close]"))?.[1];
  if (!through || through < yesterday) {
    await d.type("#close-day-date", yesterday, { clear: true });
    await d.chord(KEY.Alt, "d");
    await d.wait("#close-day-ok");
    await d.keys(KEY.Enter);
    await d.gone(".ant-modal-confirm");
    check(!(await d.textOf("[data-testid=last-day-close]")).includes(yesterday), "Enter alone closed the day");
    await d.chord(KEY.Alt, "d");
    await d.wait("#close-day-ok");
    await okInDialog(d, "#close-day-ok");
    await d.wait("[data-testid=last-day-close]", { text: yesterday });
  }
  console.log(`  日结 through ${yesterday} in the app (closed through ${through ?? "none"} before)`);
  await d.keys(KEY.F9);
  await d.wait("[data-testid=reports]");
  const monthly = cliJson(dayDb, ["report", "monthly", last]);
  await d.chord(KEY.Alt, "5");
  await d.type("#monthly-month", last + KEY.Enter, { clear: true });
  const received = monthly.total.collected_fen + monthly.total.recovered_fen + monthly.total.advance_fen - monthly.total.prepayment_used_fen;
  await d.wait("[data-testid=monthly-table] .ant-table-row", { text: "合计" });
  const totalRow = await d.exec(
    "const rows = [...document.querySelectorAll('[data-testid=monthly-table] .ant-table-row')]; return rows[rows.length - 1].innerText",
  );
  const amounts = [...totalRow.matchAll(/-?¥[\d,]+\.\d{2}/g)].map((m) => fenOf(m[0]));
  check(amounts[0] === monthly.total.billed_fen && amounts[amounts.length - 1] === received, `the month's total as the CLI has it: ${totalRow}`);
  await d.click("#monthly-close");
  // The confirmation starts on 取消: Enter alone does not close a month.
  await d.wait("#monthly-close-ok");
  await d.keys(KEY.Enter);
  await d.gone(".ant-modal-confirm");
  check(!(await d.exec("return !!document.querySelector('[data-testid=monthly-closed]')")), "Enter alone closed the month");
  check(cliJson(dayDb, ["report", "monthly", last]).closed === null, `${last} still open after Enter alone`);
  await d.gone("#monthly-close-ok");
  await d.click("#monthly-close");
  await d.wait("#monthly-close-ok");
  await okInDialog(d, "#monthly-close-ok");
  try {
    await d.wait("[data-testid=monthly-closed]", { text: "张敏" });
  } catch (e) {
    const said = await d.exec("const m = document.querySelector('.ant-message'); return m ? m.innerText : document.body.innerText.slice(0, 400)");
    throw new Error(`${e.message}; on screen: ${said}`);
  }
  await d.gone(".ant-modal-confirm");
  await d.screenshot(join(out, "17-month-close.png"));
  const frozen = cliJson(dayDb, ["report", "monthly", last]);
  check(frozen.closed?.month === last && JSON.stringify(frozen.total) === JSON.stringify(monthly.total), `the report of ${last} frozen as shown: ${JSON.stringify(frozen.closed)}`);
  let refused = "";
  try {
    cliJson(dayDb, ["bill", "run", last]);
  } catch (e) {
    refused = String(e.stderr ?? e.message);
  }
  check(/已月结/.test(refused), `a billing run into the closed month is refused: ${refused}`);
});

// 7. English: the whole UI switches language from Settings, and back.
await flow("english", async (start) => {
  check(existsSync(wizardDb), "the wizard's ledger exists");
  const d = await start(["--db", wizardDb]);
  await login(d, "admin", "admin-pass");
  const setLang = async (lang) => {
    await d.keys(KEY.F11);
    await d.wait("[data-testid=settings]");
    await d.click(`[data-testid=lang-${lang}]`);
    await d.click("#settings-save");
  };
  await setLang("en");
  await d.wait("[data-testid=nav-counter]", { text: "Counter" });
  check((await d.textOf("[data-testid=logout]")).includes("Sign out"), "the header is in English");
  await d.screenshot(join(out, "11-english.png"));
  await setLang("zh");
  await d.wait("[data-testid=nav-counter]", { text: "收银台" });
});

// 7b. A damaged ledger file: the app opens nothing, says so and names the last good backup; an admin of
// the backup restores it from that screen (Enter in the confirmation cancels), the replaced file is kept,
// sign-in works again, and the day's copy is made in the background (the shift screen shows it).
await flow("restore", async (start) => {
  check(existsSync(wizardDb), "the wizard's ledger exists");
  const db = join(out, "restore.sqlite");
  for (const side of ["", "-wal", "-shm", ".lastbackup"]) rmSync(db + side, { force: true });
  rmSync(join(out, "backups"), { recursive: true, force: true });
  copyFileSync(wizardDb, db);
  if (existsSync(wizardDb + "-wal")) copyFileSync(wizardDb + "-wal", db + "-wal");
  const env = { ...process.env, FEEDESK_DB: db, FEEDESK_USER: "admin", FEEDESK_PASSWORD: "admin-pass" };
  const copy = JSON.parse(execFileSync(cli, ["--json", "backup", "now"], { env }).toString());
  check(copy.ok && existsSync(copy.file), `a checked copy was made: ${JSON.stringify(copy)}`);
  for (const side of ["-wal", "-shm"]) rmSync(db + side, { force: true });
  const bytes = readFileSync(db);
  bytes.fill(0x42, 0, 16384);
  writeFileSync(db, bytes);
  const d = await start(["--db", db]);
  await d.wait("[data-testid=damaged]");
  const said = await d.textOf("[data-testid=damaged-message]");
  check(said.includes("检查未通过") && said.includes(copy.file), `the message says what is wrong and names the copy: ${said}`);
  await d.type("#restore-user", "admin");
  await d.type("#restore-password", "admin-pass");
  await d.click("#restore-submit");
  await d.wait("#restore-ok");
  await sleep(400);
  await d.keys(KEY.Enter);
  await sleep(600);
  check(await d.exec("return !document.querySelector('[data-testid=restore-report]')"), "Enter in the confirmation restores nothing");
  await d.click("#restore-submit");
  await d.wait("#restore-ok");
  await okInDialog(d, "#restore-ok");
  await d.wait("[data-testid=restore-report]");
  const report = await d.textOf("[data-testid=restore-report]");
  check(report.includes(".replaced-"), `the replaced file is kept: ${report}`);
  check(existsSync(copy.file), "the copy is still there");
  await sleep(600);
  await d.screenshot(join(out, "18-restore.png"));
  await d.click("#restore-continue");
  await login(d, "admin", "admin-pass");
  await d.keys(KEY.F8);
  await d.wait("[data-testid=backup-card]");
  // The restored ledger has no copy of today on record: the background one comes within 15 s.
  await d.wait("[data-testid=backup-last-good]", { text: "最近一次完好的备份", timeout: 40_000 });
});

// 8. A long scripted session (SOAK_MINUTES, 1 by default; 60 for the hour-long figure): payments one after
// another, receipts looked up, memory sampled each minute. Then the idle lock: the shell refuses to run
// anything as the user until the password is typed.
await flow("soak", async (start) => {
  check(existsSync(dayDb), "the demo ledger exists");
  const minutes = Number(process.env.SOAK_MINUTES ?? 1);
  const units = arrearsUnits(dayDb, 1000);
  const d = await start(["--db", dayDb]);
  await login(d, "lisi", "123456");
  await ensureShift(d);
  // Idle lock after one minute (the shortest setting).
  await d.keys(KEY.F11);
  await d.wait("[data-testid=settings]");
  await d.type("#idle_minutes", "1", { clear: true });
  await d.click("#settings-save");
  await sleep(300);
  await d.keys(KEY.F2);
  await d.wait("#search");
  const samples = [["start", appMemory(dayDb)]];
  console.log(`     memory start: ${memText(samples[0][1])}`);
  const t0 = Date.now();
  let paid = 0;
  let last = await lastReceipt(d);
  let nextSample = t0 + 60_000;
  let sales = 0;
  while (Date.now() - t0 < minutes * 60_000) {
    if (paid - sales < units.length) {
      // A unit's arrears, paid exactly: search, Enter, Enter, Enter.
      await payExactly(d, units[paid - sales]);
    } else {
      // Every unit has paid: counter sales from then on.
      await d.gone("[data-testid=sale-dialog]");
      await d.keys(KEY.F3);
      await d.wait("[data-testid=sale-dialog]");
      await d.waitFocus("sale-qty");
      await d.type("#sale-tendered", "50");
      await d.keys(KEY.Enter);
      sales++;
    }
    const now = await nextReceipt(d, last);
    last = now;
    paid++;
    if (paid % 20 === 0) {
      // Look the receipt up now and then, as a cashier does.
      await openReceipt(d, now);
      await d.keys(KEY.Escape);
      await d.keys(KEY.F2);
      await d.wait("#search");
    }
    if (Date.now() >= nextSample) {
      samples.push([`${Math.round((Date.now() - t0) / 60000)} min`, appMemory(dayDb)]);
      // Printed as taken, so a long run that stops early still leaves its figures.
      console.log(`     memory ${samples.at(-1)[0]} (${paid} receipts): ${memText(samples.at(-1)[1])}`);
      nextSample += 60_000;
    }
  }
  samples.push([`end (${paid} receipts, ${sales} of them sales)`, appMemory(dayDb)]);
  console.log(`     memory ${samples.at(-1)[0]}: ${memText(samples.at(-1)[1])}`);
  const peak = Math.max(...samples.map(([, m]) => m.pss));
  figures.push([`scripted session of ${minutes} min: payments through the UI`, String(paid)]);
  figures.push([`memory after the ${minutes}-min session`, memText(samples.at(-1)[1])]);
  figures.push([`peak PSS of all the app's processes during the session`, `${peak} MB`]);

  // Idle: no input for a minute locks the desk; while locked, the shell refuses the user's commands.
  const idle0 = Date.now();
  await d.wait("[data-testid=lock]", { timeout: 90_000 });
  figures.push(["idle lock after (setting: 1 min)", `${Math.round((Date.now() - idle0) / 1000)} s without input`]);
  await d.exec("window.__probe = null; window.__TAURI_INTERNALS__.invoke('current_shift').then((v) => (window.__probe = 'ran'), (e) => (window.__probe = e.code || String(e)));");
  await d.until("return window.__probe !== null", "the command called while locked never answered", { timeout: 5000, every: 50 });
  const probe = await d.exec("return window.__probe");
  check(probe === "AUTH_FAILED", `a command while locked is refused: ${probe}`);
  // The cashier coming back types the password straight away: the field has the focus.
  await d.waitFocus("unlock-password");
  await d.keys("wrong", KEY.Enter);
  await sleep(500);
  check(await d.find("[data-testid=lock]"), "a wrong password keeps the desk locked");
  await d.type("#unlock-password", "123456" + KEY.Enter, { clear: true });
  await d.gone("[data-testid=lock]");
  await d.wait("#search");
  // Ctrl+L locks at once. (The screenshot is taken here: WebKitWebDriver's screenshot of a page left a
  // minute without input hung, in CI and here, though the page itself was drawn; X's own capture showed it.)
  await d.chord(KEY.Control, "l");
  await d.wait("[data-testid=lock]");
  await d.waitFocus("unlock-password");
  await sleep(600); // the lock fades in
  await d.screenshot(join(out, "12-idle-lock.png"));
  await d.keys("123456", KEY.Enter);
  await d.gone("[data-testid=lock]");
});

// 9. Import with a bad row: nothing is imported, every problem is listed by row.
await flow("import", async (start) => {
  check(existsSync(wizardDb), "the wizard's ledger exists");
  const csv = join(out, "units-bad.csv");
  writeFileSync(
    csv,
    "楼栋,单元,房号,房屋类型,建筑面积,业主姓名,联系电话,交房日期\n1,1,101,住宅,89.47,张三,13812345678,2020-05-01\n1,1,102,住宅,0,李四,13900000021,2020-05-01\n1,1,103,别墅,64.05,王五,137,2020-05-01\n",
  );
  const d = await start(["--db", wizardDb]);
  await login(d, "admin", "admin-pass");
  await d.keys(KEY.F10);
  await d.type("#import-path", csv);
  await d.click("#import-run");
  await d.wait("[data-testid=import-failed]");
  const table = await d.textOf("[data-testid=import-errors]");
  check(table.includes("第3行") && table.includes("第4行"), `rows 3 and 4 listed: ${table}`);
  await d.screenshot(join(out, "10-import-bad-row.png"));
});

// 10. Where the memory goes (only when named: `E2E_ONLY=demo,memory scripts/e2e.sh`): one kind of work
// repeated for MEMORY_MINUTES (4), the app's memory printed each minute. MEMORY_LOOP: `payments` (the
// soak's work: arrears paid exactly, then counter sales, every 20th receipt looked up), `commands` (called
// from the page, nothing on screen changes), `dialog` (the sale dialog opened and closed), `sales`
// (counter sales), `idle`. The page is driven by its own scripts and keys: no WebDriver element is held
// (WebKit's automation keeps every element it has handed out alive until the session ends).
if (only?.includes("memory")) {
  await flow("memory", async (start) => {
    check(existsSync(dayDb), "the demo ledger exists (run the demo flow first)");
    const loop = process.env.MEMORY_LOOP ?? "payments";
    const minutes = Number(process.env.MEMORY_MINUTES ?? 4);
    const d = await start(["--db", dayDb]);
    await login(d, "lisi", "123456");
    await ensureShift(d);
    const dialogGone = "return !document.querySelector('[data-testid=sale-dialog]')";
    const units = arrearsUnits(dayDb, 1000);
    let last = await lastReceipt(d);
    const sale = async () => {
      await d.keys(KEY.F3);
      await d.waitFocus("sale-qty");
      await d.exec("document.getElementById('sale-tendered').focus()");
      await d.waitFocus("sale-tendered");
      await d.keys("50", KEY.Enter);
      await d.until(dialogGone, "never: the sale dialog closed");
    };
    let lostFocus = 0;
    const activeChain =
      "const c = []; for (let e = document.activeElement; e && c.length < 5; e = e.parentElement) c.push(e.tagName + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : '')); return c.join(' < ') + '; dialogs open: ' + document.querySelectorAll('.ant-modal-wrap').length";
    const has = (selector, text) =>
      `const e = document.querySelector(${JSON.stringify(selector)}); return !!e && e.textContent.includes(${JSON.stringify(text)})`;
    const report = async (label, done) => {
      const nodes = await d.exec("return document.getElementsByTagName('*').length");
      console.log(`     ${loop} ${label} (${done}): ${memText(appMemory(dayDb))}; DOM nodes ${nodes}`);
    };
    await report("start", 0);
    const t0 = Date.now();
    let next = t0 + 60_000;
    let done = 0;
    while (Date.now() - t0 < minutes * 60_000) {
      if (loop === "commands") {
        await d.exec("window.__done = false; (async () => { for (let i = 0; i < 100; i++) { await window.__TAURI_INTERNALS__.invoke('fee_items'); await window.__TAURI_INTERNALS__.invoke('current_shift'); } window.__done = true; })()");
        await d.until("return window.__done", "never: 100 rounds of commands");
        done += 200;
      } else if (loop === "payments") {
        if (done < units.length) {
          // Search typed, Enter (the unit), Enter (collect), Enter (issue): as payExactly, by keys only.
          const unit = units[done];
          try {
            await d.waitFocus("search");
          } catch {
            // Seen now and then after a payment: the search box without the focus. Where it went is
            // printed; F2 (as a cashier would press) brings it back and the run goes on.
            lostFocus++;
            console.log(`     the search box lost the focus after ${done} receipts: ${await d.exec(activeChain)}`);
            await d.keys(KEY.F2);
            await d.waitFocus("search");
          }
          await d.chord(KEY.Control, "a");
          await d.keys(KEY.Backspace, unit);
          await d.until(`return [...document.querySelectorAll('[data-testid=hit]')].some((e) => e.textContent.includes(${JSON.stringify(unit)}))`, `never: a hit for ${unit}`);
          await d.keys(KEY.Enter);
          await d.until(has("[data-testid=unit-panel]", unit), `never: the panel of ${unit}`);
          await d.keys(KEY.Enter);
          await d.waitFocus("tender-0");
          await d.keys(KEY.Enter);
        } else {
          await sale();
        }
        await d.until(`const e = document.querySelector('[data-testid=last-receipt]'); return !!e && e.innerText !== ${JSON.stringify(last)}`, "never: a new receipt");
        last = await lastReceipt(d);
        done++;
        if (done % 20 === 0) {
          await d.keys(KEY.F6);
          await d.until("return !!document.getElementById('receipt-search')", "never: the receipts screen");
          await d.exec("document.getElementById('receipt-search').focus()");
          await d.waitFocus("receipt-search");
          await d.keys(last, KEY.Enter);
          await d.until(has("[data-testid=receipt-drawer]", last), `never: the drawer of ${last}`);
          await sleep(400);
          await d.keys(KEY.Escape, KEY.F2);
          await d.waitFocus("search");
        }
      } else if (loop === "sales") {
        await sale();
        done++;
      } else if (loop === "dialog") {
        await d.keys(KEY.F3);
        await d.waitFocus("sale-qty");
        await d.keys(KEY.Escape);
        await d.until(dialogGone, "never: the sale dialog closed");
        done++;
      } else {
        await sleep(1000);
      }
      if (Date.now() >= next) {
        await report(`${Math.round((Date.now() - t0) / 60_000)} min`, done);
        next += 60_000;
      }
    }
    await report("end", done);
    if (loop === "payments") figures.push(["search box without the focus after a payment (F2 brought it back)", `${lostFocus} times in ${done} receipts`]);
  });
}

console.log("\nfigures (measured in this run, not asserted):");
for (const [k, v] of figures) console.log(`  ${k}: ${v}`);
const failed = results.filter((r) => r[1] !== "passed").length;
console.log(`\nscreenshots: ${out}`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
