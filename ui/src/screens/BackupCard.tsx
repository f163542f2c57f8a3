import { useCallback, useEffect, useState } from "react";
import { Alert, Card, Typography, message } from "antd";
import { useTranslation } from "react-i18next";
import { api, type BackupStatus } from "../api";
import { KeyButton, showError } from "../util";

/** The time of a record as the cashier reads it: 2026-02-03 17:30. */
export function when(at: string): string {
  return at.slice(0, 16).replace("T", " ");
}

/** 数据备份 on the shift screen: the last good copy, a failed attempt, a warning after 24 h without a
 * good copy, and a copy on request (Alt+B). The copy after a shift close or 日结 is made in the
 * background within seconds, so the card looks again every few seconds. */
export default function BackupCard() {
  const { t, i18n } = useTranslation("backup");
  const [status, setStatus] = useState<BackupStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => api.backupStatus().then(setStatus, () => undefined), []);
  useEffect(() => {
    load();
    const timer = window.setInterval(load, 5000);
    return () => window.clearInterval(timer);
  }, [load]);
  const now = async () => {
    setBusy(true);
    try {
      const r = await api.backupNow();
      if (r.ok) message.success(t("done", { file: r.file }));
      else showError(i18n.language === "en" ? r.detail_en : r.detail);
      load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const good = status?.last_good;
  const failed = status?.last && !status.last.ok ? status.last : null;
  return (
    <Card size="small" title={t("title")} style={{ marginTop: 12 }} data-testid="backup-card">
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        {good ? (
          <span data-testid="backup-last-good">{t("last_good", { at: when(good.taken_at), file: good.file })}</span>
        ) : (
          <span data-testid="backup-last-good">{t("never")}</span>
        )}
      </Typography.Paragraph>
      {failed && (
        <Alert type="error" showIcon style={{ marginBottom: 8 }} data-testid="backup-failed" message={t("failed", { at: when(failed.taken_at) })} description={i18n.language === "en" ? failed.detail_en : failed.detail} />
      )}
      {status?.overdue && <Alert type="warning" showIcon style={{ marginBottom: 8 }} data-testid="backup-overdue" message={t("overdue")} />}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t("where", { dir: status?.settings.dir ?? "", keep: status?.settings.keep ?? 0 })}
      </Typography.Paragraph>
      <KeyButton k="Alt+B" onClick={now} loading={busy} id="backup-now">
        {t("now")}
      </KeyButton>
    </Card>
  );
}
