import { useEffect, useState } from "react";
import { Button, Card, Form, Input, InputNumber, Modal, message } from "antd";
import { useTranslation } from "react-i18next";
import { api, type BackupRecord, type RestoreReport } from "../api";
import { showError } from "../util";
import RestoreForm, { BackupList, RestoreResult } from "./RestoreForm";

/** 数据备份 in the settings: the folder (a second disk or a USB stick) and the copies kept (admins),
 * the recent attempts, and a restore from a chosen copy (admins, confirmed). */
export default function BackupSettings({ admin, onRestored }: { admin: boolean; onRestored: () => void }) {
  const { t } = useTranslation("backup");
  const [rows, setRows] = useState<BackupRecord[]>([]);
  const [restoring, setRestoring] = useState(false);
  const [report, setReport] = useState<RestoreReport | null>(null);
  const [form] = Form.useForm<{ dir: string; keep: number }>();
  const load = () => {
    api.backups(10).then(setRows, showError);
    api.backupStatus().then((s) => form.setFieldsValue({ dir: s.settings.default_dir ? "" : s.settings.dir, keep: s.settings.keep }), showError);
  };
  useEffect(load, [form]);
  const save = async (v: { dir: string; keep: number }) => {
    try {
      const s = await api.setBackupSettings(v.dir ?? "", v.keep);
      message.success(t("settings_saved", { dir: s.dir, keep: s.keep }));
      load();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card size="small" type="inner" title={t("title")} style={{ marginTop: 24, maxWidth: 760 }} data-testid="backup-settings">
      {admin && (
        <Form form={form} layout="horizontal" labelCol={{ span: 6 }} onFinish={save} style={{ maxWidth: 560 }}>
          <Form.Item name="dir" label={t("dir")} extra={t("dir_hint")}>
            <Input id="backup-dir" />
          </Form.Item>
          <Form.Item name="keep" label={t("keep")} rules={[{ required: true }]}>
            <InputNumber id="backup-keep" min={1} max={365} precision={0} />
          </Form.Item>
          <Button htmlType="submit" id="backup-settings-save">
            {t("save")}
          </Button>
          <Button danger style={{ marginLeft: 8 }} onClick={() => setRestoring(true)} id="restore-open">
            {t("restore_from")}
          </Button>
        </Form>
      )}
      <BackupList rows={rows} />
      <Modal open={restoring} title={t("restore_from")} footer={null} width={720} destroyOnHidden onCancel={() => (report ? onRestored() : setRestoring(false))}>
        {report ? (
          <>
            <RestoreResult report={report} />
            <Button type="primary" style={{ marginTop: 16 }} onClick={onRestored} id="restore-continue" autoFocus>
              {t("continue")}
            </Button>
          </>
        ) : (
          <RestoreForm onRestored={setReport} />
        )}
      </Modal>
    </Card>
  );
}
