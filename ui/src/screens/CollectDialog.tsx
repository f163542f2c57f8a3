import { useEffect, useRef, useState } from "react";
import { Alert, Button, Checkbox, Descriptions, Input, type InputRef, Modal, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { Allocation } from "../bindings/Allocation";
import type { OpenCharge } from "../bindings/OpenCharge";
import type { PayMethod } from "../bindings/PayMethod";
import type { Receipt } from "../bindings/Receipt";
import type { Tender } from "../bindings/Tender";
import type { TenderPreview } from "../bindings/TenderPreview";
import { fenToInput, parseAmount, type TenderLine, yuan } from "../money";
import { errorText, isShortcut, Key, KeyButton, PAY_METHODS, showError } from "../util";
import ChargeGroups from "./ChargeGroups";

export interface Issued {
  receipt: Receipt;
  changeFen: number;
  pdf: string | null;
}

/** Tender lines as the core takes them. An empty first line means "exactly the amount due". */
export function toTenders(dueFen: number, lines: TenderLine[]): Tender[] {
  const out: Tender[] = [];
  lines.forEach((l, i) => {
    const p = parseAmount(l.text);
    if (p.ok) out.push({ method: l.method as PayMethod, amount: p.fen, reference: "" });
    else if (p.error === "empty" && i === 0 && lines.length === 1) out.push({ method: l.method as PayMethod, amount: dueFen, reference: "" });
  });
  return out;
}

/** The core's reading of the tender lines as typed: tendered, change (from cash only), still missing.
 * Null until its first answer; a late answer for lines since changed is dropped. */
export function useTenderPreview(dueFen: number, lines: TenderLine[]): TenderPreview | null {
  const [preview, setPreview] = useState<TenderPreview | null>(null);
  const key = JSON.stringify([dueFen, lines]);
  useEffect(() => {
    let current = true;
    const typed = lines.map((l) => ({ method: l.method as PayMethod, text: l.text }));
    api.tenderPreview(dueFen, typed).then(
      (p) => current && setPreview(p),
      () => {},
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return preview;
}

/** Method and amount lines (split tender), with the sum, the change and what is still missing. */
export function TenderEditor({
  dueFen,
  lines,
  setLines,
  onEnter,
  firstRef,
}: {
  dueFen: number;
  lines: TenderLine[];
  setLines: (l: TenderLine[]) => void;
  onEnter: (e: React.KeyboardEvent) => void;
  firstRef?: React.Ref<InputRef>;
}) {
  // A line already spending the unit's prepayment (预存款抵扣) keeps that method among its choices.
  const methods: string[] = lines.some((l) => l.method === "prepayment") ? [...PAY_METHODS, "prepayment"] : [...PAY_METHODS];
  const { t } = useTranslation("counter");
  const exact = lines.length === 1 && lines[0].text.trim() === "";
  const s = useTenderPreview(dueFen, exact ? [{ method: lines[0].method, text: fenToInput(dueFen) }] : lines);
  const set = (i: number, patch: Partial<TenderLine>) => setLines(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const onKey = (i: number) => (e: React.KeyboardEvent) => {
    // Alt+1…5 picks the method of the line; Enter goes to the dialog.
    const n = Number(e.key);
    if (e.altKey && n >= 1 && n <= PAY_METHODS.length) {
      e.preventDefault();
      set(i, { method: PAY_METHODS[n - 1] });
    } else if (e.key === "Enter") onEnter(e);
  };
  return (
    <div>
      {lines.map((l, i) => (
        <Space.Compact key={i} style={{ width: "100%", marginBottom: 6 }}>
          <Select
            value={l.method}
            style={{ width: 130 }}
            onChange={(m) => set(i, { method: m })}
            options={methods.map((m, k) => ({ value: m, label: k < PAY_METHODS.length ? `${t(`method.${m}`)} Alt+${k + 1}` : t(`method.${m}`) }))}
            data-testid={`tender-method-${i}`}
          />
          <Input
            ref={i === 0 ? firstRef : undefined}
            id={`tender-${i}`}
            value={l.text}
            placeholder={i === 0 && lines.length === 1 ? t("exact", { amount: fenToInput(dueFen) }) : t("amount")}
            onChange={(e) => set(i, { text: e.target.value })}
            onKeyDown={onKey(i)}
            style={{ textAlign: "right" }}
            status={s && !s.ok && s.line === i ? "error" : undefined}
            autoComplete="off"
          />
          {lines.length > 1 && <Button onClick={() => setLines(lines.filter((_, j) => j !== i))}>✕</Button>}
        </Space.Compact>
      ))}
      <Button size="small" onClick={() => setLines([...lines, { method: lines.length === 1 && lines[0].method === "cash" ? "wechat" : "cash", text: "" }])} id="split">
        {t("split")}
      </Button>
      <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t("tendered")}>{!s ? "—" : s.ok ? yuan(s.paid_fen) : <span className="arrears">{t(`bad.${s.error}`)}</span>}</Descriptions.Item>
        <Descriptions.Item label={t("change")}>
          <Typography.Text strong style={{ fontSize: 20 }} data-testid="change">
            {s?.ok ? yuan(s.change_fen) : "—"}
          </Typography.Text>
        </Descriptions.Item>
        {s?.ok && s.short_fen > 0 && (
          <Descriptions.Item label={t("short")}>
            <span className="arrears" data-testid="short">
              {yuan(s.short_fen)}
            </span>
          </Descriptions.Item>
        )}
      </Descriptions>
    </div>
  );
}

/** Tender lines spending the prepayment balance: all of what is due if it covers it, else the whole
 *  balance and a cash line for the rest. */
export function spendPrepayment(balanceFen: number, dueFen: number): TenderLine[] {
  if (balanceFen >= dueFen) return [{ method: "prepayment", text: fenToInput(dueFen) }];
  return [
    { method: "prepayment", text: fenToInput(balanceFen) },
    { method: "cash", text: fenToInput(dueFen - balanceFen) },
  ];
}

/** The part the cashier typed (null = everything chosen) and the core's allocation of it, or why it
 *  cannot be paid; a late answer for an amount since changed is dropped. */
function usePart(unit: string, charges: OpenCharge[], text: string) {
  const parsed = parseAmount(text);
  const fen = parsed.ok ? parsed.fen : null;
  const typo = !parsed.ok && parsed.error !== "empty";
  const [answer, setAnswer] = useState<{ allocation: Allocation | null; error: string | null }>({ allocation: null, error: null });
  const ids = charges.map((c) => c.charge_id);
  const key = JSON.stringify([unit, ids, fen]);
  useEffect(() => {
    let current = true;
    if (ids.length === 0) return;
    api.allocation(unit, ids, fen).then(
      (allocation) => current && setAnswer({ allocation, error: null }),
      (e) => current && setAnswer({ allocation: null, error: errorText(e) }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const { t } = useTranslation("counter");
  return { fen, allocation: answer.allocation, error: typo ? t(`bad.${parsed.error}`) : answer.error };
}

export default function CollectDialog({
  unit,
  charges,
  prepaymentFen,
  onClose,
  onIssued,
}: {
  unit: string;
  charges: OpenCharge[];
  /** The unit's prepayment balance (预存), which can pay for the charges. */
  prepaymentFen: number;
  onClose: () => void;
  onIssued: (r: Issued) => void;
}) {
  const { t } = useTranslation("counter");
  const due = charges.reduce((s, c) => s + c.open_fen, 0);
  const [amountText, setAmountText] = useState("");
  const part = usePart(unit, charges, amountText);
  const payNow = part.fen ?? due;
  const [lines, setLines] = useState<TenderLine[]>([{ method: "cash", text: "" }]);
  const [note, setNote] = useState("");
  const [toPrepayment, setToPrepayment] = useState(false);
  const [busy, setBusy] = useState(false);
  const first = useRef<InputRef>(null);
  const amountRef = useRef<InputRef>(null);

  useEffect(() => {
    setTimeout(() => first.current?.focus(), 50);
    // Alt+B: the amount of a part payment (部分缴纳).
    const onKey = (e: KeyboardEvent) => {
      if (isShortcut(e, "Alt+B")) {
        e.preventDefault();
        amountRef.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const issue = async (print: boolean) => {
    if (busy) return;
    if (part.error) return showError(part.error);
    const tenders = toTenders(payNow, lines);
    setBusy(true);
    try {
      const receipt = await api.collect({
        unit,
        charges: charges.map((c) => c.charge_id),
        tenders,
        to_prepayment: toPrepayment && part.fen === null,
        payer: null,
        note,
        amount_fen: part.fen,
      });
      let pdf: string | null = null;
      if (print) {
        try {
          pdf = (await api.printReceipt(receipt.number)).path;
        } catch (e) {
          showError(e); // the money is taken; the receipt can be reprinted from 收据
        }
      }
      const changeFen = receipt.payments.reduce((s, p) => s + (p.change_fen ?? 0), 0);
      onIssued({ receipt, changeFen, pdf });
    } catch (e) {
      showError(e);
      setBusy(false);
    }
  };

  const onEnter = (e: React.KeyboardEvent) => {
    e.preventDefault();
    issue(!e.ctrlKey);
  };

  return (
    <Modal
      open
      title={`${t("collect")} · ${unit}`}
      onCancel={onClose}
      width={520}
      footer={
        <Space>
          <Button onClick={() => issue(false)} disabled={busy} id="issue-only">
            {t("issue_only")} <Key k="Ctrl+Enter" />
          </Button>
          <Button type="primary" onClick={() => issue(true)} loading={busy} id="issue">
            {t("issue_print")} <Key k="Enter" />
          </Button>
        </Space>
      }
      data-testid="collect-dialog"
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t("selected_total")}>
          <Typography.Text strong style={{ fontSize: 20 }} data-testid="collect-due">
            {yuan(due)}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      {part.allocation && <ChargeGroups allocation={part.allocation} charges={charges} partial={part.fen !== null} />}
      <div style={{ display: "flex", alignItems: "center", gap: 8, margin: "6px 0" }}>
        <label htmlFor="collect-amount" style={{ whiteSpace: "nowrap" }}>
          {t("pay_amount")} <Key k="Alt+B" />
        </label>
        <Input
          ref={amountRef}
          id="collect-amount"
          value={amountText}
          placeholder={t("pay_amount_hint", { amount: fenToInput(due) })}
          onChange={(e) => setAmountText(e.target.value)}
          // Enter goes on to the tender, where the next Enter issues.
          onKeyDown={(e) => e.key === "Enter" && (e.preventDefault(), first.current?.focus())}
          status={part.error ? "error" : undefined}
          style={{ textAlign: "right" }}
          autoComplete="off"
        />
      </div>
      {part.error && <Alert type="error" showIcon message={part.error} data-testid="collect-amount-error" style={{ marginBottom: 6 }} />}
      {part.allocation && part.fen !== null && part.allocation.remaining_fen > 0 && (
        <Alert type="warning" showIcon data-testid="collect-partial" style={{ marginBottom: 6 }} message={t("partial_remaining", { amount: yuan(part.allocation.remaining_fen) })} />
      )}
      {prepaymentFen > 0 && (
        <KeyButton k="Alt+Y" size="small" style={{ marginBottom: 6 }} id="use-prepayment" onClick={() => setLines(spendPrepayment(prepaymentFen, payNow))}>
          {t("use_prepayment", { amount: yuan(prepaymentFen) })}
        </KeyButton>
      )}
      <TenderEditor dueFen={payNow} lines={lines} setLines={setLines} onEnter={onEnter} firstRef={first} />
      <Checkbox checked={toPrepayment && part.fen === null} disabled={part.fen !== null} onChange={(e) => setToPrepayment(e.target.checked)} style={{ margin: "6px 0" }}>
        {t("to_prepayment")}
      </Checkbox>
      <Input placeholder={t("note")} value={note} onChange={(e) => setNote(e.target.value)} onKeyDown={(e) => e.key === "Enter" && onEnter(e)} id="collect-note" />
      {busy && <Alert style={{ marginTop: 8 }} type="info" message={t("issuing")} />}
    </Modal>
  );
}
