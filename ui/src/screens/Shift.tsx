import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, Col, Descriptions, Form, Input, InputNumber, Radio, Row, Space, Table, Tag, Typography, Modal, message } from "antd";
import { useTranslation } from "react-i18next";
import { api, type Session } from "../api";
import type { DailyCashReport } from "../bindings/DailyCashReport";
import type { ShiftClosed } from "../bindings/ShiftClosed";
import { parseAmount, yuan } from "../money";
import { Amount, KeyButton, showError } from "../util";
import DailyReportView from "./DailyReportView";
import BackupCard from "./BackupCard";

/** Notes and coins counted at the close, in fen. */
export const DENOMINATIONS = [10000, 5000, 2000, 1000, 500, 100, 50, 10];

/** Σ count × denomination, integer fen; a blank or bad count counts as nothing. */
export function countedFen(counts: Record<number, string>): number {
  return DENOMINATIONS.reduce((s, d) => {
    const n = Number.parseInt(counts[d] ?? "", 10);
    return s + (Number.isFinite(n) && n > 0 ? n * d : 0);
  }, 0);
}

const NON_CASH = ["wechat", "alipay", "unionpay", "transfer"] as const;

export default function ShiftScreen({ session }: { session: Session }) {
  const { t } = useTranslation("shift");
  const [shift, setShift] = useState<number | null>(null);
  const [report, setReport] = useState<DailyCashReport | null>(null);
  const [float, setFloat] = useState("500");
  const [move, setMove] = useState({ dir: "in", amount: "", reason: "" });
  const [counts, setCounts] = useState<Record<number, string>>({});
  const [slips, setSlips] = useState<Record<string, string>>({});
  const [note, setNote] = useState("");
  const [approver, setApprover] = useState({ username: "", password: "" });
  const [closed, setClosed] = useState<ShiftClosed | null>(null);
  const [day, setDay] = useState(() => new Date().toLocaleDateString("sv-SE"));
  const [lastClosed, setLastClosed] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const s = await api.currentShift();
      setShift(s);
      setLastClosed(await api.lastDayClose());
      if (s !== null) setReport(await api.dailyReport({ kind: "shift", id: s }));
    } catch (e) {
      showError(e);
    }
  }, []);
  useEffect(() => {
    load();
  }, [load]);

  const open = async () => {
    const p = parseAmount(float);
    if (!p.ok) return showError(t(`counter:bad.${p.error}`));
    try {
      await api.openShift(p.fen);
      setClosed(null);
      load();
    } catch (e) {
      showError(e);
    }
  };

  const moveCash = async () => {
    const p = parseAmount(move.amount);
    if (!p.ok) return showError(t(`counter:bad.${p.error}`));
    try {
      await api.cashMovement(move.dir === "in" ? p.fen : -p.fen, move.reason);
      setMove({ dir: "in", amount: "", reason: "" });
      load();
    } catch (e) {
      showError(e);
    }
  };

  const close = async () => {
    const non_cash: [string, number][] = [];
    for (const m of NON_CASH) {
      const p = parseAmount(slips[m] ?? "");
      if (p.ok) non_cash.push([m, p.fen]);
      else if (p.error !== "empty") return showError(`${t(`counter:method.${m}`)}: ${t(`counter:bad.${p.error}`)}`);
    }
    try {
      const r = await api.closeShift({
        shift_id: shift,
        cash_counts: DENOMINATIONS.map((d) => [d, Number.parseInt(counts[d] ?? "0", 10) || 0] as [number, number]).filter(([, n]) => n > 0),
        non_cash: non_cash as any,
        note,
        approval: approver.username ? approver : null,
      });
      setClosed(r);
      setReport(await api.dailyReport({ kind: "shift", id: r.shift_id }));
      setShift(null);
    } catch (e) {
      showError(e);
    }
  };

  // 日结: the core refuses while a shift of the day is open (anyone's) and says whose. Nothing more can
  // be taken for that day afterwards, so it is confirmed first, the focus on 取消.
  const closeDay = () =>
    Modal.confirm({
      title: t("close_day_title", { day }),
      content: t("close_day_confirm", { day }),
      okText: t("close_day"),
      cancelText: t("cancel"),
      autoFocusButton: "cancel",
      okButtonProps: { id: "close-day-ok" },
      onOk: async () => {
        try {
          await api.closeDay(day);
          message.success(t("day_closed", { day }));
          setReport(await api.dailyReport({ kind: "desk_day", date: day }));
          setLastClosed(await api.lastDayClose());
        } catch (e) {
          showError(e);
        }
      },
    });

  const cash = report?.shifts[0]?.methods.find((m) => m.method === "cash");
  const expected = cash?.expected_fen ?? 0;
  const counted = countedFen(counts);

  return (
    <div data-testid="shift">
      <Row gutter={12}>
        <Col span={10}>
          {shift === null ? (
            <Card size="small" title={t("open_title")}>
              <Space.Compact>
                <Input addonBefore={t("float")} id="float" value={float} onChange={(e) => setFloat(e.target.value)} onPressEnter={open} />
                <KeyButton k="Alt+O" type="primary" onClick={open} id="open-shift">
                  {t("open")}
                </KeyButton>
              </Space.Compact>
              {closed && (
                <Alert
                  style={{ marginTop: 12 }}
                  type={closed.difference_fen === 0 ? "success" : "warning"}
                  message={<span data-testid="closed">{t("closed_msg", { id: closed.shift_id })}</span>}
                  description={
                    <Descriptions size="small" column={1}>
                      <Descriptions.Item label={t("expected")}>{yuan(closed.expected_cash_fen)}</Descriptions.Item>
                      <Descriptions.Item label={t("counted")}>{yuan(closed.counted_cash_fen)}</Descriptions.Item>
                      <Descriptions.Item label={t("difference")}>
                        <span data-testid="closed-difference">{yuan(closed.difference_fen)}</span>
                      </Descriptions.Item>
                      {closed.approved_by && <Descriptions.Item label={t("approved_by")}>{closed.approved_by}</Descriptions.Item>}
                    </Descriptions>
                  }
                />
              )}
            </Card>
          ) : (
            <>
              <Card size="small" title={<span data-testid="shift-open">{t("open_shift", { id: shift, name: session.actor.display_name })}</span>}>
                <Space.Compact style={{ width: "100%" }}>
                  <Radio.Group value={move.dir} onChange={(e) => setMove({ ...move, dir: e.target.value })} optionType="button" options={[{ value: "in", label: t("cash_in") }, { value: "out", label: t("cash_out") }]} />
                  <Input placeholder={t("amount")} value={move.amount} onChange={(e) => setMove({ ...move, amount: e.target.value })} style={{ width: 100 }} />
                  <Input placeholder={t("reason")} value={move.reason} onChange={(e) => setMove({ ...move, reason: e.target.value })} />
                  <KeyButton k="Alt+M" onClick={moveCash} id="cash-move">{t("record")}</KeyButton>
                </Space.Compact>
              </Card>
              <Card size="small" title={t("close_title")} style={{ marginTop: 12 }}>
                <Table
                  size="small"
                  pagination={false}
                  rowKey={(d) => d}
                  dataSource={DENOMINATIONS}
                  columns={[
                    { title: t("denomination"), render: (d: number) => yuan(d) },
                    {
                      title: t("count"),
                      render: (d: number) => (
                        <InputNumber id={`count-${d}`} min={0} precision={0} value={counts[d] ? Number(counts[d]) : null} onChange={(v) => setCounts({ ...counts, [d]: v === null ? "" : String(v) })} />
                      ),
                    },
                    { title: t("subtotal"), align: "right", render: (d: number) => <Amount fen={(Number.parseInt(counts[d] ?? "0", 10) || 0) * d} /> },
                  ]}
                />
                <Form layout="inline" style={{ marginTop: 8, rowGap: 6 }}>
                  {NON_CASH.map((m) => (
                    <Form.Item key={m} label={t(`counter:method.${m}`)}>
                      <Input id={`slip-${m}`} style={{ width: 90 }} value={slips[m] ?? ""} onChange={(e) => setSlips({ ...slips, [m]: e.target.value })} />
                    </Form.Item>
                  ))}
                </Form>
                <Input placeholder={t("note")} value={note} onChange={(e) => setNote(e.target.value)} style={{ marginTop: 8 }} id="close-note" />
                <Typography.Text type="secondary" style={{ display: "block", marginTop: 8 }}>
                  {t("approval_hint")}
                </Typography.Text>
                <Space.Compact style={{ width: "100%" }}>
                  <Input placeholder={t("supervisor")} value={approver.username} onChange={(e) => setApprover({ ...approver, username: e.target.value })} id="close-approver" />
                  <Input.Password placeholder={t("supervisor_password")} value={approver.password} onChange={(e) => setApprover({ ...approver, password: e.target.value })} id="close-approver-password" />
                </Space.Compact>
                <KeyButton k="Alt+C" type="primary" danger block style={{ marginTop: 8 }} onClick={close} id="close-shift">
                  {t("close")}
                </KeyButton>
              </Card>
            </>
          )}
          <Card size="small" title={t("day_close_title")} style={{ marginTop: 12 }}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t("day_close_hint")} <span data-testid="last-day-close">{lastClosed ? t("last_closed", { day: lastClosed }) : t("never_closed")}</span>
            </Typography.Paragraph>
            <Space.Compact>
              <Input id="close-day-date" placeholder="YYYY-MM-DD" value={day} onChange={(e) => setDay(e.target.value)} style={{ width: 150 }} />
              <KeyButton k="Alt+D" onClick={closeDay} id="close-day">
                {t("close_day")}
              </KeyButton>
            </Space.Compact>
          </Card>
          <BackupCard />
        </Col>
        <Col span={14}>
          {shift !== null && (
            <Card size="small" style={{ marginBottom: 12 }}>
              <Descriptions size="small" column={3}>
                <Descriptions.Item label={t("expected")}>
                  <Amount fen={expected} testid="expected" />
                </Descriptions.Item>
                <Descriptions.Item label={t("counted")}>
                  <Amount fen={counted} testid="counted" />
                </Descriptions.Item>
                <Descriptions.Item label={t("difference")}>
                  <Amount fen={counted - expected} testid="difference" strong />
                </Descriptions.Item>
              </Descriptions>
            </Card>
          )}
          {report ? <DailyReportView report={report} /> : <Tag>{t("no_report")}</Tag>}
        </Col>
      </Row>
    </div>
  );
}
