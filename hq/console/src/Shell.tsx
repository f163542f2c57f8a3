import { lazy, Suspense, useEffect, type ReactNode } from "react";
import { Button, Layout, Menu, Spin, Tag } from "antd";
import {
  AlertOutlined,
  AreaChartOutlined,
  AuditOutlined,
  CalendarOutlined,
  LogoutOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  TableOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import type { Me } from "./bindings/Me";
import { api } from "./api";
import { go, screensFor, useScreen, type Screen } from "./route";
import LangSwitch from "./LangSwitch";
import { showError } from "./util";

// Each screen loads when first opened (the charts only with the rates screen).
const Estates = lazy(() => import("./screens/Estates"));
const Daily = lazy(() => import("./screens/Daily"));
const Monthly = lazy(() => import("./screens/Monthly"));
const Rates = lazy(() => import("./screens/Rates"));
const Arrears = lazy(() => import("./screens/Arrears"));
const Verify = lazy(() => import("./screens/Verify"));
const Standards = lazy(() => import("./screens/Standards"));
const Users = lazy(() => import("./screens/Users"));

const ICONS: Record<Screen, ReactNode> = {
  estates: <ShopOutlined />,
  daily: <CalendarOutlined />,
  monthly: <TableOutlined />,
  rates: <AreaChartOutlined />,
  arrears: <AlertOutlined />,
  verify: <SafetyCertificateOutlined />,
  standards: <ProfileOutlined />,
  users: <TeamOutlined />,
};

/** The signed-in console: top bar, side menu, the screen in the address. */
export default function Shell({ me, onSignedOut }: { me: Me; onSignedOut: () => void }) {
  const { t } = useTranslation();
  const allowed = screensFor(me.role);
  const { screen: inHash, seen } = useScreen();
  const screen: Screen = (allowed as string[]).includes(inHash) ? (inHash as Screen) : "estates";

  // An address of no screen (or not this person's) shows, and then reads, the first one.
  useEffect(() => {
    if (inHash !== screen) window.history.replaceState(null, "", `#/${screen}`);
  }, [inHash, screen, seen]);

  // The next person starts at the first screen (a session that expired keeps the address instead).
  const signOut = () =>
    api.signOut().then(() => {
      window.history.replaceState(null, "", "#/");
      onSignedOut();
    }, showError);

  return (
    <Layout style={{ minHeight: "100%" }}>
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 16, padding: "0 16px" }}>
        <AuditOutlined style={{ color: "#fff", fontSize: 20 }} />
        <div style={{ color: "#fff", fontWeight: 600, fontSize: 16, whiteSpace: "nowrap", flex: 1 }} data-testid="app-title">
          {t("title")}
        </div>
        <Tag color="blue" data-testid="current-user" style={{ margin: 0 }}>
          {me.display_name}（{me.username}）· <span data-testid="current-role">{t(`role.${me.role}`)}</span>
        </Tag>
        <LangSwitch dark />
        <Button type="text" icon={<LogoutOutlined />} onClick={signOut} style={{ color: "#fff" }} data-testid="signout">
          {t("signout")}
        </Button>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} theme="light">
          <Menu
            mode="inline"
            selectedKeys={[screen]}
            onClick={(e) => go(e.key as Screen)}
            style={{ height: "100%", borderInlineEnd: 0 }}
            items={allowed.map((s) => ({ key: s, icon: ICONS[s], label: <span data-testid={`nav-${s}`}>{t(`nav.${s}`)}</span> }))}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>
          <Suspense fallback={<Spin />}>
            {screen === "estates" && <Estates me={me} />}
            {screen === "daily" && <Daily />}
            {screen === "monthly" && <Monthly />}
            {screen === "rates" && <Rates me={me} />}
            {screen === "arrears" && <Arrears />}
            {screen === "verify" && <Verify />}
            {screen === "standards" && <Standards me={me} />}
            {screen === "users" && <Users me={me} />}
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
