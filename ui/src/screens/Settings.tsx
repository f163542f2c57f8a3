import { Button, Card, Descriptions, Form, Input, InputNumber, Radio, Select, Space, Switch, message } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type AppStatus, type Prefs } from "../api";
import { showError } from "../util";

export default function Settings({ status, onSaved }: { status: AppStatus; onSaved: () => void }) {
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
    </Card>
  );
}
