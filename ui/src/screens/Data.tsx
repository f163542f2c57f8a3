import { useEffect, useState } from "react";
import { Alert, Button, Card, Form, Input, Progress, Select, Space, Table, Tabs } from "antd";
import { useTranslation } from "react-i18next";
import { api, type Session } from "../api";
import type { ImportSummary } from "../bindings/ImportSummary";
import type { RowError } from "../bindings/RowError";
import type { UserRow } from "../bindings/UserRow";
import i18n from "../i18n";
import { showError } from "../util";

/** 数据 (F10): import units and owners, the users. Both are the administrator's (the core refuses anyone
 *  else); other roles are told so instead of being shown controls that would only be refused. */
export default function Data({ session }: { session: Session }) {
  const admin = session.actor.role === "admin";
  const { t } = useTranslation("data");
  const [path, setPath] = useState("");
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [problems, setProblems] = useState<RowError[] | null>(null);
  const [users, setUsers] = useState<UserRow[]>([]);

  useEffect(() => {
    if (admin) api.listUsers().then(setUsers, showError);
  }, [admin]);

  const runImport = async () => {
    setBusy(true);
    setSummary(null);
    setProblems(null);
    try {
      // Checked first: a file with a bad row imports nothing, and the table lists every problem.
      const check = await api.importCheck(path.trim());
      if (check.problems.length > 0) setProblems(check.problems);
      else setSummary(await api.importUnits(path.trim()));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!admin) {
    return (
      <Card size="small" data-testid="data">
        <Alert type="info" showIcon message={t("admin_only")} data-testid="data-admin-only" />
      </Card>
    );
  }

  return (
    <Card size="small" data-testid="data">
      <Tabs
        items={[
          {
            key: "import",
            label: t("import_title"),
            children: (
              <>
                <Alert type="info" message={t("import_hint")} style={{ marginBottom: 12 }} />
                <Space.Compact style={{ width: "100%" }}>
                  <Input id="import-path" placeholder={t("path")} value={path} onChange={(e) => setPath(e.target.value)} onPressEnter={runImport} />
                  <Button type="primary" onClick={runImport} loading={busy} id="import-run">
                    {t("import")}
                  </Button>
                </Space.Compact>
                {busy && <Progress percent={100} status="active" showInfo={false} />}
                {summary && (
                  <Alert
                    style={{ marginTop: 12 }}
                    type="success"
                    message={<span data-testid="import-summary">{t("imported", summary)}</span>}
                  />
                )}
                {problems && (
                  <>
                    <Alert style={{ marginTop: 12 }} type="error" message={<span data-testid="import-failed">{t("import_failed", { n: problems.length })}</span>} />
                    <Table
                      size="small"
                      rowKey={(_, i) => String(i)}
                      pagination={false}
                      dataSource={problems}
                      data-testid="import-errors"
                      columns={[
                        { title: t("row"), dataIndex: "row", width: 80 },
                        { title: t("column"), dataIndex: "column", width: 140 },
                        { title: t("problem"), render: (_, p: RowError) => (i18n.language === "en" ? p.en : p.zh) },
                      ]}
                    />
                  </>
                )}
              </>
            ),
          },
          {
            key: "users",
            label: t("users_title"),
            children: (
              <>
                <Table
                  size="small"
                  rowKey="username"
                  pagination={false}
                  dataSource={users}
                  columns={[
                    { title: t("username"), dataIndex: "username" },
                    { title: t("display_name"), dataIndex: "display_name" },
                    { title: t("role"), dataIndex: "role", render: (r: string) => i18n.t(`common:role.${r}`) },
                    { title: t("active"), dataIndex: "active", render: (a: boolean) => (a ? "✓" : "") },
                  ]}
                />
                <Form
                  layout="inline"
                  style={{ marginTop: 12 }}
                  onFinish={async (v) => {
                    try {
                      await api.createUser(v);
                      setUsers(await api.listUsers());
                    } catch (e) {
                      showError(e);
                    }
                  }}
                  initialValues={{ role: "cashier" }}
                >
                  <Form.Item name="username" rules={[{ required: true }]}>
                    <Input placeholder={t("username")} />
                  </Form.Item>
                  <Form.Item name="display_name" rules={[{ required: true }]}>
                    <Input placeholder={t("display_name")} />
                  </Form.Item>
                  <Form.Item name="role">
                    <Select style={{ width: 110 }} options={["cashier", "supervisor", "finance", "admin"].map((r) => ({ value: r, label: i18n.t(`common:role.${r}`) }))} />
                  </Form.Item>
                  <Form.Item name="password" rules={[{ required: true }]}>
                    <Input.Password placeholder={t("password")} />
                  </Form.Item>
                  <Button htmlType="submit">{t("add_user")}</Button>
                </Form>
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
