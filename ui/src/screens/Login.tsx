import { useState } from "react";
import { Button, Card, Form, Input, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api, type Session } from "../api";
import type { EstateInfo } from "../bindings/EstateInfo";
import { showError } from "../util";

export default function Login({ estate, onLogin }: { estate: EstateInfo; onLogin: (s: Session) => void }) {
  const { t } = useTranslation("login");
  const [busy, setBusy] = useState(false);
  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    try {
      onLogin(await api.login(v.username, v.password));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card className="center-card" title={`${estate.estate_name} · ${t("title")} ${estate.desk_code}`} data-testid="login">
      <Form layout="vertical" onFinish={submit}>
        <Form.Item name="username" label={t("username")} rules={[{ required: true, message: t("required") }]}>
          <Input id="login-username" autoFocus autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t("password")} rules={[{ required: true, message: t("required") }]}>
          <Input.Password id="login-password" autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} id="login-submit">
          {t("submit")}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
        {estate.company_name}
      </Typography.Paragraph>
    </Card>
  );
}
