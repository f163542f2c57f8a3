import { useEffect, useState } from "react";
import { Tag, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import { api, type SyncStatus } from "../api";

/** How the header names where sending to head office stands. */
export function syncLabel(s: SyncStatus | null): { state: "none" | "synced" | "pending" | "offline" | "error"; count: number } {
  if (!s || !s.enrollment) return { state: "none", count: 0 };
  const code = s.state.error_code;
  if (code === "HQ_UNREACHABLE") return { state: "offline", count: Number(s.pending) };
  if (code) return { state: "error", count: Number(s.pending) };
  return Number(s.pending) > 0 ? { state: "pending", count: Number(s.pending) } : { state: "synced", count: 0 };
}

const COLORS = { none: "default", synced: "green", pending: "gold", offline: "orange", error: "red" } as const;

/** The header's head-office indicator: 已同步 / 待同步 N 条 / 离线 / 错误, with the last success. */
export default function SyncState() {
  const { t, i18n } = useTranslation("common");
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    const load = () => api.syncStatus().then((s) => live && setStatus(s), () => {});
    load();
    const timer = window.setInterval(load, 3000);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, []);
  const { state, count } = syncLabel(status);
  if (state === "none") return null;
  const why = i18n.language === "en" ? status?.state.error_en : status?.state.error_zh;
  const last = status?.state.last_success_at?.replace("T", " ").slice(0, 19) ?? t("sync.never");
  return (
    <Tooltip title={`${t("sync.last_success")} ${last}${why ? ` · ${why}` : ""}`}>
      <Tag color={COLORS[state]} data-testid="sync-state" data-state={state}>
        {t(`sync.${state}`, { count, why: why ?? "" })}
      </Tag>
    </Tooltip>
  );
}
