import { useEffect, useState } from "react";
import { Alert, Button, Form, Input, List, Modal, Select, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api, type BackupFile, type RestoreReport } from "../api";
import { showError } from "../util";
import { when } from "./BackupCard";

/** What a restore did: where the replaced file went, the numbers issued after the copy (never reused),
 * the next number of each series. */
export function RestoreResult({ report }: { report: RestoreReport }) {
  const { t } = useTranslation("backup");
  return (
    <Alert
      type={report.lost.length > 0 || !report.replaced_readable ? "warning" : "success"}
      showIcon
      data-testid="restore-report"
      message={t("restored", { file: report.backup_file })}
      description={
        <>
          {report.replaced_file && <div>{t("replaced", { file: report.replaced_file })}</div>}
          {report.lost.map((r) => (
            <div key={r.first} data-testid="restore-lost">
              {t(r.source === "stated" ? "lost_stated" : "lost_file", { first: r.first, last: r.last, count: r.count })}
            </div>
          ))}
          {report.replaced_file && !report.replaced_readable && report.lost.length === 0 && <div>{t("unknown_after")}</div>}
          {report.events_lost > 0 && <div>{t("events_lost", { count: report.events_lost })}</div>}
          {report.next_numbers.length > 0 && <div data-testid="restore-next">{t("next", { numbers: report.next_numbers.join("，") })}</div>}
        </>
      }
    />
  );
}

type Values = { file: string; username: string; password: string; last_issued?: string };

/** 从备份恢复: choose a copy, sign in as an admin of it, say the last numbers on the paper stubs when the
 * current file cannot be read; confirmed (Enter keeps 取消) before anything moves. */
export default function RestoreForm({ onRestored }: { onRestored: (r: RestoreReport) => void }) {
  const { t } = useTranslation("backup");
  const [files, setFiles] = useState<BackupFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    api.backupFiles().then((f) => {
      setFiles(f);
      if (f[0]) form.setFieldValue("file", f[0].file);
    }, showError);
  }, [form]);
  const restore = (v: Values) => {
    Modal.confirm({
      title: t("confirm_title"),
      content: t("confirm", { file: v.file }),
      okText: t("restore"),
      cancelText: t("cancel"),
      okButtonProps: { danger: true, id: "restore-ok" },
      autoFocusButton: "cancel",
      onOk: async () => {
        setBusy(true);
        try {
          const stubs = (v.last_issued ?? "").split(/[\s,，]+/).filter((s) => s.length > 0);
          onRestored(await api.restoreBackup({ backup_file: v.file, username: v.username, password: v.password, last_issued: stubs }));
        } catch (e) {
          showError(e);
        } finally {
          setBusy(false);
        }
      },
    });
  };
  return (
    <Form form={form} layout="vertical" onFinish={restore} style={{ maxWidth: 640 }} data-testid="restore-form">
      <Form.Item name="file" label={t("file")} rules={[{ required: true, message: t("file_needed") }]} extra={files.length === 0 ? t("no_files") : undefined}>
        <Select
          id="restore-file"
          showSearch
          options={files.map((f) => ({ value: f.file, label: `${when(f.modified)} · ${f.file}` }))}
        />
      </Form.Item>
      <Form.Item name="username" label={t("admin")} rules={[{ required: true }]} extra={t("admin_hint")}>
        <Input id="restore-user" autoComplete="off" />
      </Form.Item>
      <Form.Item name="password" label={t("password")} rules={[{ required: true }]}>
        <Input.Password id="restore-password" />
      </Form.Item>
      <Form.Item name="last_issued" label={t("stubs")} extra={t("stubs_hint")}>
        <Input id="restore-stubs" placeholder="A01-2026-000123" />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t("keeps_current")}</Typography.Paragraph>
      <Button type="primary" danger htmlType="submit" loading={busy} id="restore-submit">
        {t("restore")}
      </Button>
    </Form>
  );
}

/** The recent attempts, for the settings screen. */
export function BackupList({ rows }: { rows: { id: number; taken_at: string; ok: boolean; file: string; reason: string }[] }) {
  const { t } = useTranslation("backup");
  return (
    <List
      size="small"
      data-testid="backup-list"
      dataSource={rows}
      renderItem={(r) => (
        <List.Item key={r.id}>
          {when(r.taken_at)} · {t(`reason.${r.reason}`)} · {r.ok ? t("ok") : t("failed_short")} {r.file}
        </List.Item>
      )}
    />
  );
}
