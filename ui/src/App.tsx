import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { App as AntApp, ConfigProvider, Layout, Menu, Spin, Tag } from "antd";
import zhCN from "antd/locale/zh_CN";
import enUS from "antd/locale/en_US";
import { useTranslation } from "react-i18next";
import SyncState from "./screens/SyncState";
import { api, type AppStatus, type Session } from "./api";
import i18n from "./i18n";
import { isShortcut, Key, showError } from "./util";
import Wizard from "./screens/Wizard";
import Login from "./screens/Login";
import LockScreen from "./screens/LockScreen";
import Counter from "./screens/Counter";
import Damaged from "./screens/Damaged";
// Screens other than the counter load when first opened: a cashier's day never loads the charts.
const ShiftScreen = lazy(() => import("./screens/Shift"));
const Receipts = lazy(() => import("./screens/Receipts"));
const Deposits = lazy(() => import("./screens/Deposits"));
const Billing = lazy(() => import("./screens/Billing"));
const Reports = lazy(() => import("./screens/Reports"));
const Data = lazy(() => import("./screens/Data"));
const Settings = lazy(() => import("./screens/Settings"));

export type Screen = "counter" | "shift" | "receipts" | "deposits" | "billing" | "reports" | "data" | "settings";

/** Function keys that switch screens, shown in the menu and the status bar. */
export const SCREEN_KEYS: Record<Screen, string> = {
  counter: "F2",
  deposits: "F4",
  receipts: "F6",
  billing: "F7",
  shift: "F8",
  reports: "F9",
  data: "F10",
  settings: "F11",
};

/** The screens in the menu. Billing is hidden from cashiers (the core refuses them anyway). */
export function screensFor(role: string): Screen[] {
  return (Object.keys(SCREEN_KEYS) as Screen[]).filter((s) => s !== "billing" || role !== "cashier");
}

export default function App() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [screen, setScreen] = useState<Screen>("counter");
  const [locked, setLocked] = useState(false);
  // F3 pressed on any screen: the counter opens its sale dialog once it is there.
  const [saleAsked, setSaleAsked] = useState(false);
  const [lang, setLang] = useState("zh-CN");

  const refresh = useCallback(async () => {
    const s = await api.appStatus();
    setStatus(s);
    setLang(s.prefs.lang);
    i18n.changeLanguage(s.prefs.lang);
  }, []);

  useEffect(() => {
    refresh();
  }, [refresh]);

  // Screen keys: F2 … F11 anywhere once signed in.
  useEffect(() => {
    if (!session || locked) return;
    const onKey = (e: KeyboardEvent) => {
      // F3 (counter sale) works from every screen: it opens the counter with the sale dialog.
      if (e.key === "F3") {
        e.preventDefault();
        setScreen("counter");
        setSaleAsked(true);
        return;
      }
      const hit = screensFor(session.actor.role).find((s) => SCREEN_KEYS[s] === e.key);
      if (hit) {
        e.preventDefault();
        setScreen(hit);
        if (hit === "counter") window.dispatchEvent(new Event("feedesk:focus-search"));
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [session, locked]);

  // Lock: the shell refuses every command as the user until the password is typed again.
  const lock = useCallback(() => {
    api.lock().then(() => setLocked(true), () => setLocked(true));
  }, []);

  // Ctrl+L locks at once (the cashier stepping away); Ctrl+Q signs out (the next user signs in).
  useEffect(() => {
    if (!session || locked) return;
    const onKey = (e: KeyboardEvent) => {
      if (isShortcut(e, "Ctrl+L")) {
        e.preventDefault();
        lock();
      } else if (isShortcut(e, "Ctrl+Q")) {
        e.preventDefault();
        api.logout().then(() => setSession(null), showError);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [session, locked, lock]);

  // Idle lock: no key or pointer input for the configured minutes.
  useEffect(() => {
    const minutes = status?.prefs.idle_minutes ?? 0;
    if (!session || locked || minutes <= 0) return;
    let last = Date.now();
    const touch = () => (last = Date.now());
    const events = ["keydown", "mousedown", "mousemove", "wheel"];
    events.forEach((e) => window.addEventListener(e, touch, true));
    const timer = window.setInterval(() => {
      if (Date.now() - last > minutes * 60_000) lock();
    }, 1000);
    return () => {
      events.forEach((e) => window.removeEventListener(e, touch, true));
      window.clearInterval(timer);
    };
  }, [session, locked, status?.prefs.idle_minutes, lock]);

  const locale = lang === "en" ? enUS : zhCN;
  let body;
  if (!status) body = <Spin style={{ marginTop: "40vh", width: "100%" }} />;
  else if (status.problem) body = <Damaged problem={status.problem} dbPath={status.db_path} onRestored={refresh} />;
  else if (!status.initialised) body = <Wizard onDone={refresh} />;
  else if (!session) body = <Login estate={status.estate!} onLogin={(s) => { setSession(s); setScreen("counter"); }} />;
  else {
    const logout = async () => {
      await api.logout();
      setSession(null);
    };
    const items = screensFor(session.actor.role).map((s) => ({
      key: s,
      label: (
        <span data-testid={`nav-${s}`}>
          {t(`nav.${s}`)} <Key k={SCREEN_KEYS[s]} />
        </span>
      ),
    }));
    body = (
      <Layout style={{ minHeight: "100%" }}>
        <Layout.Header style={{ display: "flex", alignItems: "center", gap: 16, padding: "0 16px" }}>
          <div style={{ color: "#fff", fontWeight: 600, whiteSpace: "nowrap" }} data-testid="title">
            {status.estate?.estate_name} · {t("desk")} {session.desk}
          </div>
          <Menu theme="dark" mode="horizontal" selectedKeys={[screen]} items={items} onClick={(e) => setScreen(e.key as Screen)} style={{ flex: 1, minWidth: 0 }} />
          <SyncState />
          <Tag color="blue" data-testid="user">
            {session.actor.display_name} · {t(`role.${session.actor.role}`)}
          </Tag>
          <a onClick={lock} data-testid="lock-now" style={{ color: "#fff", whiteSpace: "nowrap" }}>
            {t("lock")} <Key k="Ctrl+L" />
          </a>
          <a onClick={logout} data-testid="logout" style={{ color: "#fff", whiteSpace: "nowrap" }}>
            {t("logout")} <Key k="Ctrl+Q" />
          </a>
        </Layout.Header>
        <Layout.Content style={{ padding: 16, paddingBottom: 40 }}>
          <Suspense fallback={<Spin />}>
          {screen === "counter" && <Counter session={session} saleAsked={saleAsked} onSaleTaken={() => setSaleAsked(false)} />}
          {screen === "shift" && <ShiftScreen session={session} />}
          {screen === "receipts" && <Receipts session={session} />}
          {screen === "deposits" && <Deposits session={session} />}
          {screen === "billing" && <Billing session={session} />}
          {screen === "reports" && <Reports session={session} />}
          {screen === "data" && <Data session={session} />}
          {screen === "settings" && <Settings status={status} onSaved={refresh} onRestored={() => { setSession(null); refresh(); }} />}
          </Suspense>
        </Layout.Content>
        {locked && <LockScreen session={session} onUnlock={() => setLocked(false)} onLogout={() => { setLocked(false); logout(); }} />}
      </Layout>
    );
  }
  return (
    <ConfigProvider locale={locale} theme={{ token: { borderRadius: 4 } }}>
      <AntApp style={{ height: "100%" }}>{body}</AntApp>
    </ConfigProvider>
  );
}
