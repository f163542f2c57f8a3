import { useCallback, useEffect, useState } from "react";
import { Button, Drawer, Form, Input, Radio, Table } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { ArrearsReason } from "../bindings/ArrearsReason";
import type { ContactWay } from "../bindings/ContactWay";
import type { FollowUp } from "../bindings/FollowUp";
import { yuan } from "../money";
import { focusFirstField, KeyButton, showError } from "../util";

const WAYS: ContactWay[] = ["phone", "visit", "sms", "letter"];
const REASONS: ArrearsReason[] = ["vacant", "dispute", "hardship", "unreachable", "other"];

/** A unit's 催缴记录, newest first. */
export function FollowUpTable({ rows, testid }: { rows: FollowUp[]; testid: string }) {
  const { t } = useTranslation("reports");
  return (
    <Table<FollowUp>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={rows}
      data-testid={testid}
      columns={[
        { title: t("unit"), dataIndex: "unit" },
        { title: t("contacted_on"), dataIndex: "contacted_on" },
        { title: t("way"), dataIndex: "way", render: (w: ContactWay) => t(`ways.${w}`) },
        { title: t("by"), dataIndex: "by" },
        { title: t("result"), dataIndex: "result" },
        { title: t("reason"), key: "reason", render: (_, f) => (f.note ? `${t(`reasons.${f.reason}`)}：${f.note}` : t(`reasons.${f.reason}`)) },
        { title: t("promised_on"), dataIndex: "promised_on" },
        { title: t("next_on"), dataIndex: "next_on" },
        { title: t("arrears_then"), dataIndex: "arrears_fen", align: "right", render: (f: number) => yuan(f) },
      ]}
    />
  );
}

interface Contact {
  way: ContactWay;
  result: string;
  reason: ArrearsReason;
  note?: string;
  promised_on?: string;
  next_on?: string;
}

/** 催缴记录 of one unit: the contacts so far and a new one (Ctrl+Enter records it). */
export function FollowUpDrawer({ unit, onClose, onSaved }: { unit: string | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation("reports");
  const [form] = Form.useForm<Contact>();
  const [rows, setRows] = useState<FollowUp[]>([]);
  const load = useCallback(() => {
    if (unit) api.followUps(unit).then(setRows, showError);
  }, [unit]);
  useEffect(load, [load]);
  const save = async (v: Contact) => {
    if (!unit) return;
    const blank = (s?: string) => (s && s.trim() ? s.trim() : null);
    try {
      await api.recordFollowUp({ unit, contacted_on: null, way: v.way, result: v.result ?? "", reason: v.reason, note: v.note ?? "", promised_on: blank(v.promised_on), next_on: blank(v.next_on) });
      form.resetFields();
      load();
      onSaved();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Drawer open={unit !== null} onClose={onClose} width={860} title={t("follow_up_title", { unit })} afterOpenChange={focusFirstField} data-testid="follow-up-drawer" destroyOnClose>
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ way: "phone" }}>
        <Form.Item name="result" label={t("result")}>
          <Input id="follow-result" placeholder={t("result_hint")} maxLength={200} />
        </Form.Item>
        <Form.Item name="way" label={t("way")}>
          <Radio.Group options={WAYS.map((w) => ({ value: w, label: t(`ways.${w}`) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t("reason")} rules={[{ required: true, message: t("reason_required") }]}>
          <Radio.Group options={REASONS.map((r) => ({ value: r, label: t(`reasons.${r}`) }))} />
        </Form.Item>
        <Form.Item name="note" label={t("note")}>
          <Input id="follow-note" maxLength={500} />
        </Form.Item>
        <div style={{ display: "flex", gap: 12 }}>
          <Form.Item name="promised_on" label={t("promised_on")}>
            <Input id="follow-promised" placeholder="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item name="next_on" label={t("next_on")}>
            <Input id="follow-next" placeholder="YYYY-MM-DD" />
          </Form.Item>
        </div>
        <KeyButton k="Ctrl+Enter" type="primary" htmlType="submit" id="follow-save">
          {t("record")}
        </KeyButton>
      </Form>
      <div style={{ marginTop: 16 }}>
        <FollowUpTable rows={rows} testid="follow-up-list" />
      </div>
    </Drawer>
  );
}

/** 今日待跟进: the units whose next contact is due today or earlier. */
export function FollowUpsDue({ reload, open }: { reload: number; open: (unit: string) => void }) {
  const { t } = useTranslation("reports");
  const [rows, setRows] = useState<FollowUp[]>([]);
  useEffect(() => {
    api.followUpsDue().then(setRows, showError);
  }, [reload]);
  if (rows.length === 0) return null;
  return (
    <div style={{ marginBottom: 12 }} data-testid="follow-ups-due">
      <h4>{t("due_title", { n: rows.length })}</h4>
      <FollowUpTable rows={rows} testid="follow-ups-due-table" />
      <div style={{ marginTop: 4 }}>
        {rows.map((f) => (
          <Button key={f.unit} size="small" type="link" onClick={() => open(f.unit)}>
            {t("follow_up")} {f.unit}
          </Button>
        ))}
      </div>
    </div>
  );
}
