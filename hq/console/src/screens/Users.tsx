import { useCallback, useEffect, useState } from "react";
import { Button, Card, Form, Input, message, Modal, Select, Table, Tag } from "antd";
import { PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import type { Me } from "../bindings/Me";
import type { NewUser } from "../bindings/NewUser";
import type { Role } from "../bindings/Role";
import type { UserRow } from "../bindings/UserRow";
import { api } from "../api";
import { showError, testid, tid } from "../util";

const ROLES: Role[] = ["admin", "finance", "manager"];
const MIN_PASSWORD = 8;

function NewUserDialog({ open, me, onClose, onDone }: { open: boolean; me: Me; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation("users");
  const [form] = Form.useForm<NewUser>();
  const role = Form.useWatch("role", form);
  const [busy, setBusy] = useState(false);
  const submit = async (v: NewUser) => {
    setBusy(true);
    try {
      const u = await api.addUser({ ...v, username: v.username.trim(), display_name: v.display_name.trim(), estates: v.role === "manager" ? (v.estates ?? []) : [] });
      message.success(t("added", { username: u.username }));
      form.resetFields();
      onDone();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t("new_user")} onCancel={onClose} onOk={form.submit} confirmLoading={busy} okButtonProps={testid("user-submit")} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ role: "finance", estates: [] }}>
        <Form.Item name="username" label={t("username")} extra={t("username_hint")} rules={[{ required: true, pattern: /^\s*[A-Za-z0-9_.]{1,32}\s*$/, message: t("username_hint") }]}>
          <Input autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item name="display_name" label={t("display_name")} rules={[{ required: true, whitespace: true, max: 50, message: t("name_required") }]}>
          <Input data-testid="user-display-name" />
        </Form.Item>
        <Form.Item name="role" label={t("role")} rules={[{ required: true }]}>
          <Select data-testid="user-role" options={ROLES.map((r) => ({ value: r, label: t(`common:role.${r}`) }))} />
        </Form.Item>
        {role === "manager" && (
          <Form.Item name="estates" label={t("estates")} rules={[{ required: true, type: "array", min: 1, message: t("estates_required") }]}>
            <Select mode="multiple" data-testid="user-estates" options={me.estates.map((e) => ({ value: e.code, label: `${e.name}（${e.code}）` }))} />
          </Form.Item>
        )}
        <Form.Item name="password" label={t("password")} rules={[{ required: true, min: MIN_PASSWORD, message: t("password_hint", { n: MIN_PASSWORD }) }]}>
          <Input.Password autoComplete="new-password" data-testid="user-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 人员 (administrators): the console's people, their roles and a manager's estates. */
export default function Users({ me }: { me: Me }) {
  const { t } = useTranslation("users");
  const [rows, setRows] = useState<UserRow[] | null>(null);
  const [adding, setAdding] = useState(false);
  const load = useCallback(() => {
    api.users().then(setRows, (e) => (setRows([]), showError(e)));
  }, []);
  useEffect(load, [load]);
  const color: Record<Role, string> = { admin: "red", finance: "blue", manager: "green" };
  return (
    <div data-testid="screen-users">
      <div className="toolbar">
        <h2 className="screen-title" style={{ margin: 0 }}>{t("title")}</h2>
        <span className="grow" />
        <Button icon={<ReloadOutlined />} onClick={load} data-testid="users-reload">{t("common:reload")}</Button>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="user-add">
          {t("new_user")}
        </Button>
      </div>
      <Card size="small">
        <Table<UserRow>
          size="small"
          rowKey="username"
          loading={rows === null}
          dataSource={rows ?? []}
          pagination={false}
          data-testid="users-table"
          onRow={(u) => testid(tid("user-row", u.username))}
          columns={[
            { title: t("username"), dataIndex: "username", render: (u: string) => <strong>{u}</strong> },
            { title: t("display_name"), dataIndex: "display_name" },
            { title: t("role"), dataIndex: "role", render: (r: Role) => <Tag color={color[r]}>{t(`common:role.${r}`)}</Tag> },
            { title: t("estates"), dataIndex: "estates", render: (es: string[], u) => (u.role === "manager" ? es.map((e) => <Tag key={e}>{e}</Tag>) : <span className="muted">{t("all_estates")}</span>) },
            { title: t("active"), dataIndex: "active", render: (a: boolean) => (a ? <Tag color="green">{t("yes")}</Tag> : <Tag>{t("no")}</Tag>) },
          ]}
        />
      </Card>
      <NewUserDialog open={adding} me={me} onClose={() => setAdding(false)} onDone={() => (setAdding(false), load())} />
    </div>
  );
}
