// The administrator's actions on estates and desks: new estate, new desk, a one-time enrollment code, revoking.
import { useState } from "react";
import { Button, Form, Input, message, Modal, Popconfirm, Space, Typography } from "antd";
import { CopyOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import type { IssuedCode } from "../bindings/IssuedCode";
import type { NewEstate } from "../bindings/NewEstate";
import { api } from "../api";
import { enrollCommand } from "../logic/labels";
import { timeText } from "../logic/dates";
import { showError, testid, tid } from "../util";

const CODE_RULE = /^[A-Za-z0-9-]{1,16}$/;

export function NewEstateDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation("estates");
  const [form] = Form.useForm<NewEstate>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: NewEstate) => {
    setBusy(true);
    try {
      await api.addEstate({ code: v.code.trim(), name: v.name.trim() });
      message.success(t("estate_added", { code: v.code.trim().toUpperCase() }));
      form.resetFields();
      onDone();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t("new_estate")} onCancel={onClose} onOk={form.submit} confirmLoading={busy} okButtonProps={testid("estate-submit")} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="code" label={t("estate_code")} extra={t("code_hint")} rules={[{ required: true, pattern: CODE_RULE, message: t("code_hint") }]}>
          <Input data-testid="estate-code-input" autoFocus />
        </Form.Item>
        <Form.Item name="name" label={t("estate_name")} rules={[{ required: true, whitespace: true, max: 100, message: t("name_required") }]}>
          <Input data-testid="estate-name-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function NewDeskDialog({ estate, onClose, onDone }: { estate: string | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation("estates");
  const [form] = Form.useForm<{ code: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { code: string }) => {
    if (!estate) return;
    setBusy(true);
    try {
      await api.addDesk(estate, { code: v.code.trim() });
      message.success(t("desk_added", { estate, code: v.code.trim().toUpperCase() }));
      form.resetFields();
      onDone();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={estate !== null} title={t("new_desk", { estate })} onCancel={onClose} onOk={form.submit} confirmLoading={busy} okButtonProps={testid("desk-submit")} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="code" label={t("desk_code")} extra={t("code_hint")} rules={[{ required: true, pattern: CODE_RULE, message: t("code_hint") }]}>
          <Input data-testid="desk-code-input" autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The code as issued, shown once: it is stored hashed and cannot be shown again. */
export function IssuedCodeDialog({ issued, onClose }: { issued: IssuedCode | null; onClose: () => void }) {
  const { t } = useTranslation("estates");
  const command = issued ? enrollCommand(window.location.origin, issued.code) : "";
  const copy = (text: string) =>
    navigator.clipboard?.writeText(text).then(
      () => message.success(t("copied")),
      () => message.warning(t("copy_failed")),
    ) ?? message.warning(t("copy_failed"));
  return (
    <Modal
      open={issued !== null}
      title={issued ? t("code_title", { estate: issued.estate_code, desk: issued.desk_code }) : ""}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="issued-close">
          {t("code_done")}
        </Button>
      }
    >
      {issued && (
        <Space direction="vertical" style={{ width: "100%" }} data-testid="issued-dialog">
          <Typography.Text type="warning">{t("code_once")}</Typography.Text>
          <div className="code-box" data-testid="issued-code">
            {issued.code}
          </div>
          <Typography.Text type="secondary">{t("code_expires", { at: timeText(issued.expires_at) })}</Typography.Text>
          <div>{t("code_command")}</div>
          <div className="command-box" data-testid="issued-command">
            {command}
          </div>
          <Space>
            <Button icon={<CopyOutlined />} onClick={() => copy(issued.code)} data-testid="issued-copy-code">
              {t("copy_code")}
            </Button>
            <Button icon={<CopyOutlined />} onClick={() => copy(command)} data-testid="issued-copy">
              {t("copy_command")}
            </Button>
          </Space>
        </Space>
      )}
    </Modal>
  );
}

export function RevokeButton({ estate, desk, onDone }: { estate: string; desk: string; onDone: () => void }) {
  const { t } = useTranslation("estates");
  const [reason, setReason] = useState("");
  const revoke = async () => {
    try {
      await api.revoke(estate, desk, { reason: reason.trim() });
      message.success(t("revoked_done", { estate, desk }));
      setReason("");
      onDone();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Popconfirm
      title={t("revoke_title", { estate, desk })}
      description={
        <Space direction="vertical" style={{ width: 280 }}>
          <Typography.Text type="secondary">{t("revoke_hint")}</Typography.Text>
          <Input placeholder={t("revoke_reason")} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="revoke-reason" />
        </Space>
      }
      okText={t("revoke")}
      okButtonProps={{ danger: true, ...testid("revoke-ok") }}
      onConfirm={revoke}
    >
      <Button size="small" danger data-testid={tid("desk-revoke", estate, desk)}>
        {t("revoke")}
      </Button>
    </Popconfirm>
  );
}
