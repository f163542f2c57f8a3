// A small W3C WebDriver client (fetch only) for tauri-driver + WebKitWebDriver: no test framework needed.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const KEY = {
  Enter: "\uE007",
  Escape: "\uE00C",
  Tab: "\uE004",
  Backspace: "\uE003",
  Control: "\uE009",
  Alt: "\uE00A",
  Null: "\uE000",
  F2: "\uE032",
  F3: "\uE033",
  F4: "\uE034",
  F6: "\uE036",
  F7: "\uE037",
  F8: "\uE038",
  F9: "\uE039",
  F10: "\uE03A",
  F11: "\uE03B",
};

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class Driver {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, application, args = [], env = {}) {
    const body = {
      capabilities: {
        alwaysMatch: { browserName: "wry", "tauri:options": { application, args, env } },
      },
    };
    const r = await req(base, "POST", "/session", body);
    return new Driver(base, r.sessionId);
  }

  cmd(method, path, body) {
    return req(this.base, method, `/session/${this.id}${path}`, body);
  }

  async quit() {
    try {
      await this.cmd("DELETE", "");
    } catch {
      /* the app may be gone already */
    }
  }

  /** First element matching a CSS selector, or null. */
  async find(css) {
    return (await this.all(css))[0]?.[ELEMENT] ?? null;
  }

  /** Every element matching a CSS selector. An element removed while the driver looked (WebKitWebDriver's
   *  "stale element reference") means: look again. */
  async all(css) {
    for (let i = 0; ; i++) {
      try {
        return await this.cmd("POST", "/elements", { using: "css selector", value: css });
      } catch (e) {
        if (i >= 20 || !String(e.message).includes("stale element")) throw e;
        await sleep(25);
      }
    }
  }

  /** Wait until `css` matches (and its text contains `text`, if given); returns the element id. */
  async wait(css, { timeout = 15000, text } = {}) {
    const t0 = Date.now();
    let last = "";
    for (;;) {
      const els = await this.all(css);
      for (const e of els) {
        const id = e[ELEMENT];
        if (text === undefined) return id;
        last = await this.text(id).catch(() => "");
        if (last.includes(text)) return id;
      }
      if (Date.now() - t0 > timeout) throw new Error(`timed out waiting for ${css}${text ? ` with "${text}" (last: "${last}")` : ""}`);
      await sleep(50);
    }
  }

  /** Wait until the page's visible text contains `text`. */
  waitBody(text, timeout = 15000) {
    return this.until(`return document.body.innerText.includes(${JSON.stringify(text)})`, `page never showed "${text}"`, { timeout, every: 50 });
  }

  /** Wait until a script run in the page returns something true; `message` is the error after `timeout`.
   *  Nothing but the script's answer travels: no element is handed out (and kept) by the driver. */
  async until(script, message, { timeout = 10000, every = 25 } = {}) {
    const t0 = Date.now();
    while (!(await this.exec(script))) {
      if (Date.now() - t0 > timeout) throw new Error(message);
      await sleep(every);
    }
  }

  async gone(css, timeout = 15000) {
    const t0 = Date.now();
    while (await this.find(css)) {
      if (Date.now() - t0 > timeout) throw new Error(`${css} still there`);
      await sleep(50);
    }
  }

  /** The element's text content (WebDriver's rendered text is empty while a dialog still animates in). */
  text(el) {
    return this.exec("return arguments[0].textContent", [{ [ELEMENT]: el }]);
  }

  async textOf(css, opts) {
    return this.text(await this.wait(css, opts));
  }

  async click(css, opts) {
    // A dialog re-rendering between finding and clicking leaves a stale element: find it again.
    for (let i = 0; ; i++) {
      try {
        return await this.clickOnce(css, opts);
      } catch (e) {
        if (i >= 4 || !String(e).includes("stale element")) throw e;
        await sleep(100);
      }
    }
  }

  async clickOnce(css, opts) {
    const el = await this.wait(css, opts);
    try {
      await this.cmd("POST", `/element/${el}/click`, {});
    } catch (e) {
      // Rows in a scrolled table or a dialog still animating in: scroll it into view and click from the page.
      if (!/not interactable|intercepted/.test(String(e))) throw e;
      await this.exec("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", [{ [ELEMENT]: el }]);
    }
    return el;
  }

  async type(css, text, { clear = false } = {}) {
    const el = await this.wait(css);
    // Select all and delete with keys: a React-controlled input ignores WebDriver's clear.
    if (clear) await this.cmd("POST", `/element/${el}/value`, { text: KEY.Control + "a" + KEY.Null + KEY.Backspace });
    await this.cmd("POST", `/element/${el}/value`, { text });
    return el;
  }

  /** Keys to whatever has the focus, one key at a time; counts them. */
  async keys(...ks) {
    const actions = [];
    for (const k of ks) {
      for (const c of [...k]) actions.push({ type: "keyDown", value: c }, { type: "keyUp", value: c });
    }
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "kb", actions }] });
    await this.cmd("DELETE", "/actions");
    this.keystrokes = (this.keystrokes ?? 0) + ks.reduce((n, k) => n + [...k].length, 0);
  }

  /** Ctrl (or another modifier) held while pressing a key. */
  async chord(mod, key) {
    const actions = [
      { type: "keyDown", value: mod },
      { type: "keyDown", value: key },
      { type: "keyUp", value: key },
      { type: "keyUp", value: mod },
    ];
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "kb", actions }] });
    await this.cmd("DELETE", "/actions");
  }

  /** Wait until the element with this id has the keyboard focus. */
  waitFocus(id, timeout = 5000) {
    return this.until(`return document.activeElement !== null && document.activeElement.id === ${JSON.stringify(id)}`, `#${id} never got the focus`, { timeout });
  }

  async activeId() {
    const r = await this.cmd("GET", "/element/active");
    return r[ELEMENT];
  }

  async attr(el, name) {
    return this.cmd("GET", `/element/${el}/attribute/${name}`);
  }

  exec(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  async screenshot(path) {
    const b64 = await this.cmd("GET", "/screenshot");
    writeFileSync(path, Buffer.from(b64, "base64"));
  }
}

async function req(base, method, path, body) {
  // Reading commands (GET, finding elements) are asked again when the connection itself fails: a
  // keep-alive socket closed by the driver as it is reused is not the app failing. A driver that does
  // not answer within two minutes, anything else, or a third failure stops the flow with the cause
  // and the end of the driver's log.
  const safe = method === "GET" || path.endsWith("/elements") || path.endsWith("/element");
  for (let attempt = 1; ; attempt++) {
    let r;
    try {
      r = await fetch(base + path, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(120_000),
      });
    } catch (e) {
      const cause = e.cause ? ` (${e.cause.code ?? ""} ${e.cause.message ?? e.cause})` : "";
      if (safe && attempt < 3 && e.name !== "TimeoutError") {
        console.log(`     ${method} ${path}: ${e.message}${cause}; asked again`);
        await sleep(300 * attempt);
        continue;
      }
      throw new Error(`${method} ${path}: ${e.message}${cause}${driverLogTail()}`);
    }
    const j = await r.json().catch(() => ({}));
    if (!r.ok || (j.value && j.value.error)) {
      throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(j.value ?? j).slice(0, 400)}`);
    }
    return j.value;
  }
}

function driverLogTail() {
  const log = join(process.env.E2E_OUT ?? ".", "tauri-driver.log");
  if (!existsSync(log)) return "";
  const lines = readFileSync(log, "utf8").trimEnd().split("\n").slice(-15);
  return `\n     end of ${log}:\n       ${lines.join("\n       ")}`;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
