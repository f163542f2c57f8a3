import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, Descriptions, Drawer, Form, Input, Modal, Space, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { api, type Session } from "../api";
import type { Receipt } from "../bindings/Receipt";
import type { ReceiptRow } from "../bindings/ReceiptRow";
import { yuan } from "../money";
import { Amount, focusFirstField, Key, KeyButton, showError } from "../util";

type Undo = "void" | "reverse";

/** Receipts: search by number, date (YYYY-MM-DD) or unit; view; 补打; void or reverse with a supervisor. */
export default function Receipts({ session: _ }: { session: Session }) {
  const { t } = useTranslation("receipts");
  const [query, setQuery] = useState("");
  const [rows, setRows] = useState<ReceiptRow[]>([]);
  const [open, setOpen] = useState<Receipt | null>(null);
  const [printed, setPrinted] = useState<string | null>(null);
  const [undo, setUndo] = useState<Undo | null>(null);

  const load = useCallback(async (q: string) => {
    try {
      const found = await api.receipts(q, 100);
      setRows(found);
      // A number typed in full finds one receipt: open it, so the next key can be its action.
      if (q.trim() && found.length === 1) view(found[0].number);
    } catch (e) {
      showError(e);
    }
  }, []);
  useEffect(() => {
    load("");
  }, [load]);

  async function view(number: string) {
    try {
      setOpen(await api.receipt(number));
      setPrinted(null);
    } catch (e) {
      showError(e);
    }
  }

  const reprint = async () => {
    if (!open) return;
    try {
      setPrinted((await api.printReceipt(open.number)).path);
    } catch (e) {
      showError(e);
    }
  };

  const submitUndo = async (v: { reason: string; username: string; password: string }) => {
    if (!open || !undo) return;
    try {
      const approval = { username: v.username, password: v.password };
      const r = undo === "void" ? await api.voidReceipt(open.number, v.reason, approval) : await api.reverseReceipt(open.number, v.reason, approval);
      setUndo(null);
      await view(undo === "void" ? r.number : open.number);
      load(query);
    } catch (e) {
      showError(e);
    }
  };

  return (
    <Card size="small" data-testid="receipts">
      <Input.Search id="receipt-search" placeholder={t("search_placeholder")} value={query} onChange={(e) => setQuery(e.target.value)} onSearch={load} enterButton autoFocus style={{ marginBottom: 12 }} />
      <Table<ReceiptRow>
        size="small"
        rowKey="number"
        dataSource={rows}
        pagination={{ pageSize: 15 }}
        onRow={(r) => ({ onClick: () => view(r.number), style: { cursor: "pointer" } })}
        columns={[
          { title: t("number"), dataIndex: "number", render: (n: string) => <a data-testid="receipt-row">{n}</a> },
          { title: t("issued_at"), dataIndex: "issued_at", render: (s: string) => s.replace("T", " ").slice(0, 16) },
          { title: t("kind"), dataIndex: "kind" },
          { title: t("unit"), dataIndex: "unit" },
          { title: t("payer"), dataIndex: "payer" },
          { title: t("total"), dataIndex: "total_fen", align: "right", render: (f: number) => <Amount fen={f} /> },
          { title: "", dataIndex: "voided", render: (v: boolean) => v && <Tag color="red">{t("voided")}</Tag> },
        ]}
      />
      <Drawer open={open !== null} onClose={() => setOpen(null)} width={620} title={open?.number} data-testid="receipt-drawer">
        {open && (
          <>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t("payer")}>{open.payer}</Descriptions.Item>
              <Descriptions.Item label={t("unit")}>{open.unit}</Descriptions.Item>
              <Descriptions.Item label={t("issued_at")}>{open.issued_at.replace("T", " ").slice(0, 19)}</Descriptions.Item>
              <Descriptions.Item label={t("cashier")}>{open.cashier}</Descriptions.Item>
              <Descriptions.Item label={t("total")}>
                <Amount fen={open.total_fen} strong />
                {open.remaining_fen !== null && (
                  <span className="arrears" data-testid="receipt-partial">
                    {" "}
                    {t("partial", { amount: yuan(open.remaining_fen) })}
                  </span>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t("kind")}>{open.kind}</Descriptions.Item>
              {open.note && <Descriptions.Item label={t("note")}>{open.note}</Descriptions.Item>}
            </Descriptions>
            {open.void && (
              <Alert style={{ marginTop: 8 }} type="error" message={<span data-testid="void-info">{t("void_info", { by: open.void.voided_by, approver: open.void.approved_by, reason: open.void.reason })}</span>} />
            )}
            {open.reversed_by && <Alert style={{ marginTop: 8 }} type="warning" message={<span data-testid="reversed-info">{t("reversed_by", { n: open.reversed_by })}</span>} />}
            <Table
              size="small"
              style={{ marginTop: 8 }}
              rowKey={(_, i) => String(i)}
              pagination={false}
              dataSource={open.lines}
              columns={[
                { title: t("item"), dataIndex: "description" },
                { title: t("period"), dataIndex: "period" },
                { title: t("basis"), dataIndex: "basis" },
                { title: t("amount"), dataIndex: "amount_fen", align: "right", render: (f: number) => <Amount fen={f} /> },
              ]}
            />
            <Table
              size="small"
              style={{ marginTop: 8 }}
              rowKey={(_, i) => String(i)}
              pagination={false}
              dataSource={open.payments}
              columns={[
                { title: t("method"), dataIndex: "method", render: (m: string) => t(`counter:method.${m}`) },
                { title: t("amount"), dataIndex: "amount_fen", align: "right", render: (f: number) => <Amount fen={f} /> },
                { title: t("tendered"), dataIndex: "tendered_fen", align: "right", render: (f: number | null) => (f === null ? "" : <Amount fen={f} />) },
                { title: t("change"), dataIndex: "change_fen", align: "right", render: (f: number | null) => (f === null ? "" : <Amount fen={f} />) },
              ]}
            />
            <Space style={{ marginTop: 12 }}>
              <KeyButton k="Alt+P" onClick={reprint} id="reprint">
                {t("reprint")}
              </KeyButton>
              <KeyButton k="Alt+V" danger onClick={() => setUndo("void")} disabled={undo !== null || open.void !== null || open.reverses !== null} id="void">
                {t("void")}
              </KeyButton>
              <KeyButton k="Alt+R" danger onClick={() => setUndo("reverse")} disabled={undo !== null || open.void !== null || open.reversed_by !== null || open.reverses !== null} id="reverse">
                {t("reverse")}
              </KeyButton>
            </Space>
            {printed && <Alert style={{ marginTop: 8 }} type="success" message={<span data-testid="reprinted">{t("printed", { path: printed })}</span>} />}
          </>
        )}
      </Drawer>
      <Modal open={undo !== null} title={undo ? t(`${undo}_title`, { n: open?.number }) : ""} onCancel={() => setUndo(null)} footer={null} destroyOnHidden afterOpenChange={focusFirstField} data-testid="undo-dialog">
        <Alert type="info" message={t(`${undo ?? "void"}_hint`)} style={{ marginBottom: 12 }} />
        <Form layout="vertical" onFinish={submitUndo}>
          <Form.Item name="reason" label={t("reason")} rules={[{ required: true, message: t("required") }]}>
            <Input id="undo-reason" autoFocus />
          </Form.Item>
          <Form.Item name="username" label={t("supervisor")} rules={[{ required: true, message: t("required") }]}>
            <Input id="undo-username" />
          </Form.Item>
          <Form.Item name="password" label={t("supervisor_password")} rules={[{ required: true, message: t("required") }]}>
            <Input.Password id="undo-password" />
          </Form.Item>
          <Button type="primary" danger htmlType="submit" block id="undo-submit">
            {t("confirm")} <Key k="Enter" />
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}
