import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { Alert, Button, Card, Checkbox, Col, Descriptions, Empty, Input, type InputRef, Row, Space, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api, type Session } from "../api";
import type { Deposit } from "../bindings/Deposit";
import type { FollowUp } from "../bindings/FollowUp";
import type { OpenCharge } from "../bindings/OpenCharge";
import type { ReceiptRow } from "../bindings/ReceiptRow";
import type { Unit } from "../bindings/Unit";
import type { UnitArrears } from "../bindings/UnitArrears";
import type { UnitHit } from "../bindings/UnitHit";
import i18n from "../i18n";
import { yuan } from "../money";
import { Amount, Key, showError } from "../util";
import CollectDialog, { type Issued } from "./CollectDialog";
import FeeLedgerDrawer from "./FeeLedgerDrawer";
import { FollowUpDrawer } from "./FollowUps";
import SaleDialog from "./SaleDialog";

interface Panel {
  unit: Unit;
  hit: UnitHit;
  arrears: UnitArrears;
  receipts: ReceiptRow[];
  deposits: Deposit[];
  /** The unit's 催缴 contacts, newest first. */
  followUps: FollowUp[];
}

/** A 催缴 contact in one line: date, way, reason, the date promised. */
export function lastContact(f: FollowUp): string {
  const way = i18n.t(`reports:ways.${f.way}`);
  const reason = i18n.t(`reports:reasons.${f.reason}`);
  const promised = f.promised_on ? ` · ${i18n.t("reports:promised_on")} ${f.promised_on}` : "";
  return `${f.contacted_on} ${way} · ${reason}${promised}`;
}

/** Charges due by today are preselected (oldest first); if none is due yet, the oldest one. */
export function preselect(charges: OpenCharge[], today: string): number[] {
  const due = charges.filter((c) => c.due_date <= today).map((c) => c.charge_id);
  return due.length > 0 ? due : charges.slice(0, 1).map((c) => c.charge_id);
}

function todayText(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** `saleAsked`: F3 was pressed (the app takes it on every screen); the counter opens the sale dialog and
 *  says it took the request. */
export default function Counter({ session, saleAsked = false, onSaleTaken }: { session: Session; saleAsked?: boolean; onSaleTaken?: () => void }) {
  const { t } = useTranslation("counter");
  const search = useRef<InputRef>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<UnitHit[]>([]);
  const [hitsFor, setHitsFor] = useState("");
  const [active, setActive] = useState(0);
  const [panel, setPanel] = useState<Panel | null>(null);
  const [ledger, setLedger] = useState<string | null>(null);
  const [following, setFollowing] = useState<string | null>(null);
  const [panelFor, setPanelFor] = useState("");
  const [selected, setSelected] = useState<number[]>([]);
  const [collecting, setCollecting] = useState(false);
  const [selling, setSelling] = useState(false);
  const [last, setLast] = useState<Issued | null>(null);
  const [shift, setShift] = useState<number | null | undefined>(session.shift);
  const seq = useRef(0);
  // Enter pressed before the results arrived: open the top unit as soon as they do.
  const pendingEnter = useRef(false);

  // The search box takes the focus right after the render that asked for it: in the same commit a closing
  // dialog leaves the DOM, and with it the field that had the focus. (A timer raced that commit: under
  // load, now and then, the focus ended on the page's body after a payment.)
  const [focusWanted, setFocusWanted] = useState(0);
  const focusSearch = useCallback(() => setFocusWanted((n) => n + 1), []);
  useLayoutEffect(() => {
    if (focusWanted > 0) search.current?.focus();
  }, [focusWanted]);

  useEffect(() => {
    api.currentShift().then(setShift, showError);
    focusSearch();
    const f = () => focusSearch();
    window.addEventListener("feedesk:focus-search", f);
    return () => window.removeEventListener("feedesk:focus-search", f);
  }, [focusSearch]);

  // F3 (from any screen, through the app): counter sale. Enter outside a field, with a unit shown: collect.
  useEffect(() => {
    if (!saleAsked) return;
    setSelling(true);
    onSaleTaken?.();
  }, [saleAsked, onSaleTaken]);
  const canCollect = panel !== null && selected.length > 0 && !collecting && !selling;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement | null)?.tagName ?? "";
      if (e.key === "Enter" && canCollect && !["INPUT", "TEXTAREA", "BUTTON", "SELECT"].includes(tag)) {
        e.preventDefault();
        setCollecting(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [canCollect]);

  // Results as you type; a stale answer never replaces a newer one.
  useEffect(() => {
    const q = query.trim();
    const my = ++seq.current;
    pendingEnter.current = false;
    if (!q) {
      setHits([]);
      return;
    }
    const timer = setTimeout(() => {
      api.searchUnits(q, 8).then((h) => {
        if (my === seq.current) {
          setHits(h);
          setHitsFor(q);
          setActive(0);
          if (pendingEnter.current && h.length > 0) {
            pendingEnter.current = false;
            open(h[0]);
          }
        }
      }, showError);
    }, 40);
    return () => clearTimeout(timer);
  }, [query]);

  const open = async (hit: UnitHit) => {
    try {
      const [unit, arrears, receipts, deposits, followUps] = await Promise.all([
        api.unit(hit.code),
        api.unitArrears(hit.code),
        api.receipts(hit.code, 5),
        api.deposits({ which: "held" }),
        api.followUps(hit.code),
      ]);
      setPanel({ unit, hit, arrears, receipts, deposits: deposits.deposits.filter((d) => d.unit === hit.code), followUps });
      setSelected(preselect(arrears.charges, todayText()));
      setPanelFor(query.trim());
      setHits([]);
      setTimeout(() => panelRef.current?.focus(), 0);
    } catch (e) {
      showError(e);
    }
  };

  const onSearchKey = (e: React.KeyboardEvent) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, hits.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      const q = query.trim();
      if (hits.length > 0 && hitsFor === q) open(hits[Math.min(active, hits.length - 1)]);
      else if (panel && panelFor === q && selected.length > 0) setCollecting(true);
      else if (q) pendingEnter.current = true;
    } else if (e.key === "Escape") {
      setQuery("");
      setPanel(null);
    }
  };

  const onPanelKey = (e: React.KeyboardEvent) => {
    if (e.altKey && e.code === "KeyL" && panel) {
      e.preventDefault();
      setLedger(panel.unit.code);
    } else if (e.altKey && e.code === "KeyU" && panel) {
      e.preventDefault();
      setFollowing(panel.unit.code);
    } else if (e.key === "Escape") {
      e.preventDefault();
      setPanel(null);
      focusSearch();
    }
  };

  const issued = (r: Issued) => {
    setLast(r);
    setCollecting(false);
    setSelling(false);
    setPanel(null);
    setQuery("");
    focusSearch();
  };

  const due = panel ? panel.arrears.charges.filter((c) => selected.includes(c.charge_id)).reduce((s, c) => s + c.open_fen, 0) : 0;

  return (
    <div data-testid="counter">
      {shift === null && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={<span data-testid="no-shift">{t("no_shift")}</span>} />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Input
          ref={search}
          id="search"
          size="large"
          allowClear
          placeholder={t("search_placeholder")}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKey}
          suffix={<Key k="F2" />}
          autoComplete="off"
        />
        {hits.length > 0 && (
          <div style={{ marginTop: 6 }} data-testid="hits">
            {hits.map((h, i) => (
              <div key={h.code} className={`hit ${i === active ? "active" : ""}`} onMouseDown={() => open(h)} data-testid="hit">
                <b style={{ width: 110 }}>{h.code}</b>
                <span style={{ width: 100 }}>{h.owner ?? "—"}</span>
                <span style={{ width: 120 }}>{h.phone_masked ?? ""}</span>
                <span style={{ width: 90 }} className="num">
                  {h.area_m2}㎡
                </span>
                <span className={h.arrears_fen > 0 ? "arrears" : ""}>{h.arrears_fen > 0 ? `${t("arrears")} ${yuan(h.arrears_fen)}` : t("no_arrears")}</span>
                {i === active && <Key k="Enter" />}
              </div>
            ))}
          </div>
        )}
      </Card>

      {last && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setLast(null)}
          style={{ marginBottom: 12 }}
          message={
            <span>
              {t("issued")} <b data-testid="last-receipt">{last.receipt.number}</b> · {t("total")} {yuan(last.receipt.total_fen)}
              {last.receipt.remaining_fen !== null && <b className="arrears" data-testid="last-partial"> · {t("partial_remaining", { amount: yuan(last.receipt.remaining_fen) })}</b>}
              {last.changeFen > 0 && (
                <>
                  {" "}
                  · {t("change")} <b data-testid="last-change">{yuan(last.changeFen)}</b>
                </>
              )}
            </span>
          }
          description={last.pdf ? <span data-testid="last-pdf">{t("pdf_saved", { path: last.pdf })}</span> : t("not_printed")}
        />
      )}

      {panel ? (
        <div ref={panelRef} tabIndex={0} onKeyDown={onPanelKey} id="unit-panel" data-testid="unit-panel" style={{ outline: "none" }}>
          <Row gutter={12}>
            <Col span={15}>
              <Card
                size="small"
                title={
                  <span>
                    {panel.unit.code} · {t(`type.${panel.unit.unit_type}`)} · {panel.unit.area_m2}㎡
                  </span>
                }
                extra={
                  <span>
                    <Button size="small" type="link" id="unit-ledger" onClick={() => setLedger(panel.unit.code)}>
                      {t("fee_ledger")} <Key k="Alt+L" />
                    </Button>
                    {t("collect_hint")} <Key k="Enter" /> · {t("back")} <Key k="Esc" />
                  </span>
                }
              >
                <Descriptions size="small" column={2}>
                  {panel.unit.parties.map((p, i) => (
                    <Descriptions.Item key={i} label={t(`party.${p.role}`, { defaultValue: p.role })}>
                      {p.name} {p.phone}
                    </Descriptions.Item>
                  ))}
                  <Descriptions.Item label={t("prepayment")}>
                    <Amount fen={panel.arrears.prepayment_fen} testid="prepayment" />
                  </Descriptions.Item>
                  <Descriptions.Item label={t("follow_up")}>
                    <span data-testid="last-follow-up">{panel.followUps[0] ? lastContact(panel.followUps[0]) : t("none")}</span>{" "}
                    <Button size="small" type="link" id="unit-follow-up" onClick={() => setFollowing(panel.unit.code)}>
                      {t("follow_up_record")} <Key k="Alt+U" />
                    </Button>
                  </Descriptions.Item>
                  <Descriptions.Item label={t("deposits")}>
                    {panel.deposits.length === 0
                      ? t("none")
                      : panel.deposits.map((d) => (
                          <Tag key={d.id}>
                            {yuan(d.held_fen)} ({d.state_zh})
                          </Tag>
                        ))}
                  </Descriptions.Item>
                </Descriptions>
                {panel.arrears.prepayment_fen > 0 && panel.arrears.prepayment_fen < panel.arrears.monthly_fen && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 8 }}
                    data-testid="low-balance-warning"
                    message={t("low_balance", { balance: yuan(panel.arrears.prepayment_fen), monthly: yuan(panel.arrears.monthly_fen) })}
                  />
                )}
                <Table<OpenCharge>
                  size="small"
                  rowKey="charge_id"
                  pagination={false}
                  dataSource={panel.arrears.charges}
                  locale={{ emptyText: t("no_open_charges") }}
                  rowSelection={{ selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]), columnWidth: 32 }}
                  columns={[
                    { title: t("period"), dataIndex: "period", width: 90 },
                    { title: t("item"), dataIndex: "item_name" },
                    { title: t("basis"), dataIndex: "basis" },
                    { title: t("due_date"), dataIndex: "due_date", width: 110 },
                    { title: t("open"), dataIndex: "open_fen", align: "right", render: (f: number) => <Amount fen={f} /> },
                  ]}
                  scroll={{ y: 300 }}
                />
              </Card>
            </Col>
            <Col span={9}>
              <Card size="small" title={t("selected_total")}>
                <Typography.Title level={3} style={{ margin: 0 }} data-testid="due">
                  {yuan(due)}
                </Typography.Title>
                <Typography.Text type="secondary">
                  {t("n_charges", { n: selected.length })} · {t("collect_hint")} <Key k="Enter" />
                </Typography.Text>
              </Card>
              <Card size="small" title={t("recent_receipts")} style={{ marginTop: 12 }}>
                {panel.receipts.length === 0 ? (
                  <Typography.Text type="secondary">{t("none")}</Typography.Text>
                ) : (
                  panel.receipts.map((r) => (
                    <div key={r.number}>
                      {r.number} {r.issued_at.slice(0, 10)} <Amount fen={r.total_fen} /> {r.voided && <Tag color="red">{t("voided")}</Tag>}
                    </div>
                  ))
                )}
              </Card>
            </Col>
          </Row>
        </div>
      ) : (
        !last && <Empty description={t("empty")} style={{ marginTop: 40 }} />
      )}

      <Space className="statusbar" size="large">
        <span>
          {t("search")} <Key k="F2" />
        </span>
        <span>
          {t("sale")} <Key k="F3" />
        </span>
        <span>
          {t("collect")} <Key k="Enter" />
        </span>
        <span>
          {t("issue_print")} <Key k="Enter" />
        </span>
        <span>
          {t("issue_only")} <Key k="Ctrl+Enter" />
        </span>
        <span>
          {t("back")} <Key k="Esc" />
        </span>
      </Space>

      {collecting && panel && (
        <CollectDialog
          unit={panel.unit.code}
          charges={panel.arrears.charges.filter((c) => selected.includes(c.charge_id))}
          prepaymentFen={panel.arrears.prepayment_fen}
          onClose={() => {
            setCollecting(false);
            setTimeout(() => panelRef.current?.focus(), 0);
          }}
          onIssued={issued}
        />
      )}
      {selling && (
        <SaleDialog
          unit={panel?.unit.code ?? null}
          onClose={() => {
            setSelling(false);
            focusSearch();
          }}
          onIssued={issued}
        />
      )}
      <FollowUpDrawer
        unit={following}
        onClose={() => {
          setFollowing(null);
          setTimeout(() => panelRef.current?.focus(), 0);
        }}
        onSaved={() => {
          if (panel) api.followUps(panel.unit.code).then((f) => setPanel((p) => (p ? { ...p, followUps: f } : p)), showError);
        }}
      />
      <FeeLedgerDrawer
        unit={ledger}
        onClose={() => {
          setLedger(null);
          setTimeout(() => panelRef.current?.focus(), 0);
        }}
      />
    </div>
  );
}
