import { useState } from "react";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import type { Me } from "../bindings/Me";
import type { SignIn as SignInBody } from "../bindings/SignIn";
import { api } from "../api";
import { errorText } from "../util";
import LangSwitch from "../LangSwitch";

/** Username and password; Enter signs in. The server locks an account for a while after repeated failures. */
export default function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useTranslation("signin");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: SignInBody) => {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.signIn({ username: v.username.trim(), password: v.password }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin-page" data-testid="screen-signin">
      <div className="signin-lang">
        <LangSwitch dark />
      </div>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: "center", marginTop: 0 }}>
          {t("common:title")}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: "center" }}>
          {t("subtitle")}
        </Typography.Paragraph>
        <Form<SignInBody> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t("username")} rules={[{ required: true, whitespace: true, message: t("username_required") }]}>
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" data-testid="signin-username" />
          </Form.Item>
          <Form.Item name="password" label={t("password")} rules={[{ required: true, message: t("password_required") }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="signin-password" />
          </Form.Item>
          {error !== null && <Alert type="error" showIcon message={errorText(error)} style={{ marginBottom: 16 }} data-testid="signin-error" />}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="signin-submit">
            {t("submit")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
