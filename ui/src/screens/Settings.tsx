import { Button, Card, Descriptions, Form, Input, InputNumber, Radio, Select, Space, Switch, Table, Tag, message } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type AppStatus, type HqStandard, type Prefs, type SyncStatus } from "../api";
import { showError } from "../util";
import BackupSettings from "./BackupSettings";

/** 总部: where this desk stands with head office, and its enrollment with a one-time code. */
function HeadOffice({ admin }: { admin: boolean }) {
  const { t } = useTranslation("settings");
  const [sync, setSync] = useState<SyncStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [standards, setStandards] = useState<HqStandard[]>([]);
  const load = () => {
    api.syncStatus().then(setSync, showError);
    api.hqStandards().then(setStandards, showError);
  };
  useEffect(() => {
    load();
  }, []);
  const enroll = async (v: { url: string; code: string; ca_path?: string }) => {
    setBusy(true);
    try {
      await api.enroll({ url: v.url.trim(), code: v.code.trim(), key_path: null, ca_path: v.ca_path?.trim() || null });
      message.success(t("hq_enrolled"));
      load();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const e = sync?.enrollment;
  return (
    <Card size="small" type="inner" title={t("hq_title")} style={{ marginTop: 24, maxWidth: 760 }} data-testid="hq-settings">
      {e && (
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t("hq_url")}>{e.url}</Descriptions.Item>
          <Descriptions.Item label={t("hq_estate")}>
            {e.estate_code} {e.estate_name}
          </Descriptions.Item>
          <Descriptions.Item label={t("hq_key")}>
            <span data-testid="hq-key-path">{e.key_path}</span> · #{e.key_no}
          </Descriptions.Item>
          <Descriptions.Item label={t("hq_pending")}>
            <span data-testid="hq-pending">{String(sync?.pending ?? 0)}</span>
          </Descriptions.Item>
        </Descriptions>
      )}
      {!e && <p>{t("hq_not_enrolled")}</p>}
      {standards.length > 0 && <TakenStandards rows={standards} />}
      {admin ? (
        <Form layout="horizontal" labelCol={{ span: 6 }} onFinish={enroll} style={{ maxWidth: 560 }} initialValues={{ url: e?.url ?? "https://localhost:8443", ca_path: e?.ca_path ?? "" }}>
          <Form.Item name="url" label={t("hq_url")} rules={[{ required: true }]}>
            <Input id="hq-url" />
          </Form.Item>
          <Form.Item name="code" label={t("hq_code")} rules={[{ required: true }]} extra={t("hq_code_hint")}>
            <Input id="hq-code" autoComplete="off" />
          </Form.Item>
          <Form.Item name="ca_path" label={t("hq_ca")} extra={t("hq_ca_hint")}>
            <Input id="hq-ca" />
          </Form.Item>
          <Button htmlType="submit" loading={busy} id="hq-enroll">
            {e ? t("hq_reenroll") : t("hq_enroll")}
          </Button>
        </Form>
      ) : (
        !e && <p>{t("hq_admin_only")}</p>
      )}
    </Card>
  );
}

/** 总部收费标准: each version head office published for this desk, applied here or refused and why. */
function TakenStandards({ rows }: { rows: HqStandard[] }) {
  const { t, i18n } = useTranslation("settings");
  return (
    <Table<HqStandard>
      data-testid="hq-standards"
      size="small"
      pagination={false}
      style={{ marginBottom: 12 }}
      title={() => t("hq_standards")}
      rowKey={(r) => `${r.version}-${r.at}`}
      dataSource={rows}
      columns={[
        { title: t("hq_std_version"), dataIndex: "version", width: 70 },
        { title: t("hq_std_month"), dataIndex: "effective_month", width: 90 },
        { title: t("hq_std_items"), render: (_, r) => r.items.join("、") },
        {
          title: t("hq_std_outcome"),
          render: (_, r) =>
            r.outcome === "applied" ? (
              <Tag color="green">{t("hq_std_applied")}</Tag>
            ) : (
              <span>
                <Tag color="red">{t("hq_std_refused")}</Tag>
                {i18n.language === "en" ? r.reason_en : r.reason_zh}
              </span>
            ),
        },
        { title: t("hq_std_at"), dataIndex: "at", width: 170, render: (v: string) => v.slice(0, 16).replace("T", " ") },
      ]}
    />
  );
}

export default function Settings({ status, onSaved, onRestored }: { status: AppStatus; onSaved: () => void; onRestored: () => void }) {
  const { t } = useTranslation("settings");
  // The desk's printer is kept in the ledger (it belongs to this counter), not in the app's preferences.
  const [printer, setPrinter] = useState("");
  useEffect(() => {
    api.printer().then((p) => setPrinter(p ?? ""), showError);
  }, []);
  const savePrinter = async () => {
    try {
      await api.setPrinter(printer);
      message.success(t("saved"));
    } catch (e) {
      showError(e);
    }
  };
  const save = async (v: Prefs) => {
    try {
      await api.setPrefs({ ...status.prefs, ...v });
      onSaved();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card size="small" title={t("title")} data-testid="settings">
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t("db_path")}>
          <span data-testid="db-path">{status.db_path}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("data_dir")}>{status.data_dir}</Descriptions.Item>
        <Descriptions.Item label={t("estate")}>
          {status.estate?.company_name} {status.estate?.estate_name}
        </Descriptions.Item>
        <Descriptions.Item label={t("desk")}>{status.estate?.desk_code}</Descriptions.Item>
      </Descriptions>
      <Form layout="horizontal" labelCol={{ span: 6 }} initialValues={status.prefs} onFinish={save} style={{ maxWidth: 560 }}>
        <Form.Item name="lang" label={t("lang")}>
          <Radio.Group optionType="button" options={[{ value: "zh-CN", label: <span data-testid="lang-zh">中文</span> }, { value: "en", label: <span data-testid="lang-en">English</span> }]} />
        </Form.Item>
        <Form.Item name="idle_minutes" label={t("idle")} extra={t("idle_hint")}>
          <InputNumber min={0} max={240} precision={0} />
        </Form.Item>
        <Form.Item name="receipt_layout" label={t("layout")}>
          <Select options={[{ value: "a5", label: t("layout_a5") }, { value: "roll", label: t("layout_roll") }]} />
        </Form.Item>
        <Form.Item name="preview" label={t("preview")} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" id="settings-save">
          {t("save")}
        </Button>
      </Form>
      <Form layout="horizontal" labelCol={{ span: 6 }} style={{ maxWidth: 560, marginTop: 24 }}>
        <Form.Item label={t("printer")} extra={t("printer_hint")}>
          <Space.Compact style={{ width: "100%" }}>
            <Input id="settings-printer" value={printer} onChange={(e) => setPrinter(e.target.value)} onPressEnter={savePrinter} />
            <Button onClick={savePrinter} id="settings-printer-save">
              {t("printer_save")}
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>
      <BackupSettings admin={status.user?.role === "admin"} onRestored={onRestored} />
      <HeadOffice admin={status.user?.role === "admin"} />
    </Card>
  );
}
