import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Tag, Timeline } from "antd";
import { useTranslation } from "react-i18next";
import { api, type Session } from "../api";
import type { DeductionKind } from "../bindings/DeductionKind";
import type { Deposit } from "../bindings/Deposit";
import type { DepositFilter } from "../bindings/DepositFilter";
import { parseAmount } from "../money";
import { Amount, focusFirstField, KeyButton, PAY_METHODS, showError } from "../util";

type Dialog = "collect" | "inspect" | "request" | "approve" | "refund" | "forfeit";
const DEDUCTIONS: DeductionKind[] = ["damage", "cleaning", "overdue"];

/** 装修押金: list with filters; collect, inspection, refund request with deductions, approval, refund, forfeit. */
export default function Deposits({ session }: { session: Session }) {
  const { t } = useTranslation("deposits");
  const [filter, setFilter] = useState<DepositFilter["which"]>("held");
  const [list, setList] = useState<Deposit[]>([]);
  const [open, setOpen] = useState<Deposit | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // Room code or contractor: Enter opens the first deposit shown.
  const [query, setQuery] = useState("");
  const q = query.trim();
  const shown = q ? list.filter((d) => d.unit.includes(q) || d.contractor.includes(q)) : list;
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const f: DepositFilter = filter === "refunded_in" ? { which: "refunded_in", month: new Date().toISOString().slice(0, 7) } : ({ which: filter } as DepositFilter);
      setList((await api.deposits(f)).deposits);
    } catch (e) {
      showError(e);
    }
  }, [filter]);
  useEffect(() => {
    load();
  }, [load]);

  // Deposit receipts and refund vouchers print like any receipt: to the desk's printer, or the viewer.
  const [printed, setPrinted] = useState<string | null>(null);
  useEffect(() => setPrinted(null), [open?.id, open?.state_zh]);
  const print = async (number: string) => {
    try {
      setPrinted((await api.printReceipt(number)).path);
    } catch (e) {
      showError(e);
    }
  };

  const after = async (d: Deposit, msg: string) => {
    setDialog(null);
    setOpen(d);
    setDone(msg);
    load();
  };

  const act = async (v: Record<string, string>) => {
    try {
      const money = (s: string) => {
        const p = parseAmount(s ?? "");
        if (!p.ok) throw t(`counter:bad.${p.error}`);
        return p.fen;
      };
      if (dialog === "collect") {
        const r = await api.depositCollect({
          unit: v.unit,
          payer: v.payer || null,
          contractor: v.contractor ?? "",
          contractor_phone: v.contractor_phone ?? "",
          amount: money(v.amount),
          permit_no: v.permit_no ?? "",
          planned_end: v.planned_end,
          tenders: [{ method: "cash", amount: money(v.tendered || v.amount), reference: "" }],
          note: v.note ?? "",
        });
        return after(r.deposit, t("collected", { n: r.receipt.number }));
      }
      if (!open) return;
      if (dialog === "inspect") return after(await api.depositInspect(open.id, { passed: v.passed !== "no", findings: v.findings ?? "" }), t("inspected"));
      if (dialog === "request")
        return after(
          await api.depositRequestRefund(open.id, {
            deductions: v.deduction_amount ? [{ kind: (v.deduction_kind ?? "damage") as DeductionKind, amount: money(v.deduction_amount), note: v.deduction_note ?? "" }] : [],
            charges: [],
            note: v.note ?? "",
          }),
          t("requested"),
        );
      if (dialog === "approve") return after(await api.depositApproveRefund(open.id, v.note ?? ""), t("approved"));
      if (dialog === "refund") {
        const r = await api.depositRefund(open.id, (v.method ?? "cash") as any, v.reference ?? "");
        return after(r.deposit, t("refunded", { n: r.receipt.number }));
      }
      if (dialog === "forfeit") return after(await api.depositForfeit(open.id, v.reason, { username: v.username, password: v.password }), t("forfeited"));
    } catch (e) {
      showError(e);
    }
  };

  const supervisor = session.actor.role === "supervisor" || session.actor.role === "admin";

  return (
    <Card
      size="small"
      data-testid="deposits"
      title={t("title")}
      extra={
        <Space>
          <Select
            value={filter}
            onChange={setFilter}
            style={{ width: 160 }}
            options={["held", "overdue_inspection", "refunded_in", "all"].map((w) => ({ value: w, label: t(`filter.${w}`) }))}
          />
          <KeyButton k="Alt+N" type="primary" onClick={() => setDialog("collect")} disabled={dialog !== null} id="deposit-new">
            {t("collect")}
          </KeyButton>
        </Space>
      }
    >
      <Input
        id="deposit-search"
        autoFocus
        allowClear
        placeholder={t("search_placeholder")}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onPressEnter={() => shown.length > 0 && (setOpen(shown[0]), setDone(null))}
        style={{ marginBottom: 12 }}
      />
      <Table<Deposit>
        size="small"
        rowKey="id"
        dataSource={shown}
        pagination={{ pageSize: 15 }}
        onRow={(d) => ({ onClick: () => (setOpen(d), setDone(null)), style: { cursor: "pointer" } })}
        columns={[
          { title: t("unit"), dataIndex: "unit", render: (u: string) => <a data-testid="deposit-row">{u}</a> },
          { title: t("payer"), dataIndex: "payer" },
          { title: t("contractor"), dataIndex: "contractor" },
          { title: t("planned_end"), dataIndex: "planned_end" },
          { title: t("amount"), dataIndex: "amount_fen", align: "right", render: (f: number) => <Amount fen={f} /> },
          { title: t("state"), dataIndex: "state_zh", render: (s: string, d) => <Tag color={d.overdue_for_inspection ? "red" : "blue"}>{s}</Tag> },
        ]}
      />
      <Drawer open={open !== null} onClose={() => setOpen(null)} width={600} title={open ? `${open.unit} · ${open.receipt}` : ""} data-testid="deposit-drawer">
        {open && (
          <>
            {done && <Alert type="success" message={<span data-testid="deposit-done">{done}</span>} style={{ marginBottom: 8 }} />}
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t("state")}>
                <span data-testid="deposit-state">{open.state_zh}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t("amount")}>
                <Amount fen={open.amount_fen} />
              </Descriptions.Item>
              <Descriptions.Item label={t("held")}>
                <Amount fen={open.held_fen} />
              </Descriptions.Item>
              <Descriptions.Item label={t("deducted")}>
                <Amount fen={open.deducted_fen} testid="deposit-deducted" />
              </Descriptions.Item>
              <Descriptions.Item label={t("refunded_amount")}>
                <Amount fen={open.refunded_fen} testid="deposit-refunded" />
              </Descriptions.Item>
              <Descriptions.Item label={t("voucher")}>{open.refund_voucher ?? "—"}</Descriptions.Item>
            </Descriptions>
            <Space wrap style={{ margin: "12px 0" }}>
              <KeyButton k="Alt+I" onClick={() => setDialog("inspect")} disabled={dialog !== null || open.closed} id="deposit-inspect">
                {t("inspect")}
              </KeyButton>
              <KeyButton k="Alt+Q" onClick={() => setDialog("request")} disabled={dialog !== null || open.closed} id="deposit-request">
                {t("request")}
              </KeyButton>
              <KeyButton k="Alt+A" onClick={() => setDialog("approve")} disabled={dialog !== null || open.closed || !supervisor} id="deposit-approve">
                {t("approve")}
              </KeyButton>
              <KeyButton k="Alt+R" type="primary" onClick={() => setDialog("refund")} disabled={dialog !== null || open.closed} id="deposit-refund">
                {t("refund")}
              </KeyButton>
              <KeyButton k="Alt+F" danger onClick={() => setDialog("forfeit")} disabled={dialog !== null || open.closed} id="deposit-forfeit">
                {t("forfeit")}
              </KeyButton>
              <KeyButton k="Alt+P" onClick={() => print(open.receipt)} disabled={dialog !== null} id="deposit-print-receipt">
                {t("print_receipt")}
              </KeyButton>
              <KeyButton k="Alt+T" onClick={() => open.refund_voucher && print(open.refund_voucher)} disabled={dialog !== null || !open.refund_voucher} id="deposit-print-voucher">
                {t("print_voucher")}
              </KeyButton>
            </Space>
            {printed && <Alert type="success" style={{ marginBottom: 8 }} message={<span data-testid="deposit-printed">{t("printed", { path: printed })}</span>} />}
            <Timeline items={open.events.map((e) => ({ children: `${e.at.replace("T", " ").slice(0, 16)} ${e.step_zh} · ${e.user}${e.approved_by ? " / " + e.approved_by : ""}${e.note ? " · " + e.note : ""}` }))} />
          </>
        )}
      </Drawer>
      <Modal open={dialog !== null} title={dialog ? t(`${dialog}_title`) : ""} onCancel={() => setDialog(null)} footer={null} destroyOnHidden afterOpenChange={focusFirstField} data-testid="deposit-dialog">
        <Form layout="vertical" onFinish={act} initialValues={{ passed: "yes", method: "cash", deduction_kind: "damage" }}>
          {dialog === "collect" && (
            <>
              <Form.Item name="unit" label={t("unit")} rules={[{ required: true }]}>
                <Input id="dep-unit" autoFocus />
              </Form.Item>
              <Form.Item name="contractor" label={t("contractor")}>
                <Input id="dep-contractor" />
              </Form.Item>
              <Form.Item name="contractor_phone" label={t("contractor_phone")}>
                <Input id="dep-phone" />
              </Form.Item>
              <Form.Item name="permit_no" label={t("permit_no")}>
                <Input id="dep-permit" />
              </Form.Item>
              <Form.Item name="planned_end" label={t("planned_end")} rules={[{ required: true }]} extra="YYYY-MM-DD">
                <Input id="dep-planned-end" />
              </Form.Item>
              <Form.Item name="amount" label={t("amount")} rules={[{ required: true }]}>
                <Input id="dep-amount" />
              </Form.Item>
              <Form.Item name="tendered" label={t("tendered")}>
                <Input id="dep-tendered" />
              </Form.Item>
            </>
          )}
          {dialog === "inspect" && (
            <>
              <Form.Item name="passed" label={t("passed")}>
                <Select options={[{ value: "yes", label: t("passed_yes") }, { value: "no", label: t("passed_no") }]} />
              </Form.Item>
              <Form.Item name="findings" label={t("findings")}>
                <Input id="dep-findings" />
              </Form.Item>
            </>
          )}
          {dialog === "request" && (
            <>
              <Space.Compact style={{ width: "100%" }}>
                <Form.Item name="deduction_kind" label={t("deduction")}>
                  <Select style={{ width: 120 }} options={DEDUCTIONS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
                </Form.Item>
                <Form.Item name="deduction_amount" label={t("amount")}>
                  <Input id="dep-deduction" />
                </Form.Item>
                <Form.Item name="deduction_note" label={t("note")}>
                  <Input id="dep-deduction-note" />
                </Form.Item>
              </Space.Compact>
            </>
          )}
          {dialog === "refund" && (
            <Form.Item name="method" label={t("method")}>
              <Select options={PAY_METHODS.map((m) => ({ value: m, label: t(`counter:method.${m}`) }))} />
            </Form.Item>
          )}
          {dialog === "forfeit" && (
            <>
              <Form.Item name="reason" label={t("reason")} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="username" label={t("supervisor")} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="password" label={t("supervisor_password")} rules={[{ required: true }]}>
                <Input.Password />
              </Form.Item>
            </>
          )}
          {(dialog === "approve" || dialog === "request" || dialog === "collect") && (
            <Form.Item name="note" label={t("note")}>
              <Input id="dep-note" />
            </Form.Item>
          )}
          <KeyButton k="Ctrl+Enter" type="primary" htmlType="submit" block id="dep-submit">
            {t("confirm")}
          </KeyButton>
        </Form>
      </Modal>
    </Card>
  );
}
