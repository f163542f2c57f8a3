import { useState } from "react";
import { Button, Card, Divider, Form, Input, Progress as Bar, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import { percentOf, showError } from "../util";

/** First start: set up a new estate (estate name, desk code, administrator) or open the demo estate. */
export default function Wizard({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation("wizard");
  const [busy, setBusy] = useState<"" | "init" | "demo">("");
  const [percent, setPercent] = useState(0);

  const submit = async (v: { company: string; estate: string; desk: string; admin: string; name: string; password: string; password2: string }) => {
    if (v.password !== v.password2) {
      showError(t("mismatch"));
      return;
    }
    setBusy("init");
    try {
      await api.init({
        company_name: v.company ?? "",
        estate_name: v.estate,
        desk_code: v.desk,
        admin_username: v.admin,
        admin_display_name: v.name ?? "",
        admin_password: v.password,
      });
      onDone();
    } catch (e) {
      showError(e);
    } finally {
      setBusy("");
    }
  };

  const demo = async () => {
    setBusy("demo");
    setPercent(0);
    try {
      await api.openDemo((p) => setPercent(percentOf(p)));
      onDone();
    } catch (e) {
      showError(e);
    } finally {
      setBusy("");
    }
  };

  return (
    <Card className="center-card" style={{ maxWidth: 520, margin: "4vh auto" }} title={t("title")} data-testid="wizard">
      <Typography.Paragraph type="secondary">{t("intro")}</Typography.Paragraph>
      <Form layout="vertical" onFinish={submit} initialValues={{ desk: "A01", admin: "admin" }} disabled={busy !== ""}>
        <Form.Item name="company" label={t("company")}>
          <Input id="wiz-company" />
        </Form.Item>
        <Form.Item name="estate" label={t("estate")} rules={[{ required: true, message: t("required") }]}>
          <Input id="wiz-estate" autoFocus />
        </Form.Item>
        <Form.Item name="desk" label={t("desk")} extra={t("desk_hint")} rules={[{ required: true, message: t("required") }]}>
          <Input id="wiz-desk" />
        </Form.Item>
        <Form.Item name="admin" label={t("admin")} rules={[{ required: true, message: t("required") }]}>
          <Input id="wiz-admin" />
        </Form.Item>
        <Form.Item name="name" label={t("name")}>
          <Input id="wiz-name" />
        </Form.Item>
        <Form.Item name="password" label={t("password")} rules={[{ required: true, message: t("required") }]}>
          <Input.Password id="wiz-password" />
        </Form.Item>
        <Form.Item name="password2" label={t("password2")} rules={[{ required: true, message: t("required") }]}>
          <Input.Password id="wiz-password2" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy === "init"} id="wiz-submit">
          {t("create")}
        </Button>
      </Form>
      <Divider>{t("or")}</Divider>
      <Button block onClick={demo} loading={busy === "demo"} id="wiz-demo">
        {t("demo")}
      </Button>
      {busy === "demo" && (
        <>
          <Bar percent={percent} status="active" data-testid="demo-progress" />
          <Typography.Text type="secondary">{t("demo_building")}</Typography.Text>
        </>
      )}
    </Card>
  );
}
