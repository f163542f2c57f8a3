import { useEffect, useState, type ReactNode } from "react";
import { Button, Collapse, Input, Space, Table } from "antd";
import { useTranslation } from "react-i18next";
import type { ArrearsList } from "../bindings/ArrearsList";
import type { ArrearsRow } from "../bindings/ArrearsRow";
import type { LowBalance } from "../bindings/LowBalance";
import { api } from "../api";
import { Amount, Key } from "../util";
import FeeLedgerDrawer from "./FeeLedgerDrawer";
import { FollowUpDrawer, FollowUpsDue } from "./FollowUps";

/** 欠费清单 (应收未收明细): every unit in arrears with its latest 催缴 contact, reason and promised date;
 *  the follow-ups due today above it; a unit's 催缴记录 and 收费台账 opened from its row. */
export default function ArrearsTab({
  arrears,
  building,
  setBuilding,
  load,
  xlsxButton,
}: {
  arrears: ArrearsList | null;
  building: string;
  setBuilding: (b: string) => void;
  load: () => void;
  xlsxButton: ReactNode;
}) {
  const { t } = useTranslation("reports");
  const [open, setOpen] = useState<string | null>(null);
  const [ledger, setLedger] = useState<string | null>(null);
  const [low, setLow] = useState<LowBalance[]>([]);
  useEffect(() => {
    api.lowBalances().then(setLow, () => setLow([]));
  }, [arrears]);
  const [saved, setSaved] = useState(0);
  const contact = (r: ArrearsRow) => (r.last_contact_on && r.last_way ? `${r.last_contact_on} ${t(`ways.${r.last_way}`)}` : "");
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input placeholder={t("building")} value={building} onChange={(e) => setBuilding(e.target.value)} onPressEnter={load} style={{ width: 120 }} />
        <Button onClick={load}>
          {t("load")} <Key k="Enter" />
        </Button>
        {xlsxButton}
        {arrears && (
          <span>
            {t("units_total", { n: arrears.units })} <Amount fen={arrears.total_fen} strong />
          </span>
        )}
      </Space>
      <FollowUpsDue reload={saved} open={setOpen} />
      {arrears && (
        <Table
          size="small"
          rowKey="unit"
          data-testid="arrears-table"
          dataSource={arrears.rows}
          pagination={{ pageSize: 12 }}
          columns={[
            { title: t("unit"), dataIndex: "unit" },
            { title: t("owner"), dataIndex: "owner" },
            { title: t("phone"), dataIndex: "phone" },
            { title: t("oldest"), dataIndex: "oldest_period" },
            { title: t("open_charges"), dataIndex: "open_charges", align: "right" },
            { title: t("arrears"), dataIndex: "arrears_fen", align: "right", render: (f: number) => <Amount fen={f} /> },
            { title: t("last_contact"), key: "contact", render: (_, r: ArrearsRow) => contact(r) },
            { title: t("reason"), dataIndex: "reason", render: (x: ArrearsRow["reason"]) => (x ? t(`reasons.${x}`) : "") },
            { title: t("promised_on"), dataIndex: "promised_on" },
            {
              title: "",
              key: "follow",
              render: (_, r: ArrearsRow) => (
                <>
                  <Button size="small" type="link" onClick={() => setOpen(r.unit)} data-testid={`follow-${r.unit}`}>
                    {t("follow_up")}
                  </Button>
                  <Button size="small" type="link" onClick={() => setLedger(r.unit)} data-testid={`ledger-${r.unit}`}>
                    {t("ledger")}
                  </Button>
                </>
              ),
            },
          ]}
        />
      )}
      {low.length > 0 && (
        <Collapse
          style={{ marginTop: 12 }}
          items={[
            {
              key: "low",
              label: <span data-testid="low-balance-title">{t("low_balance_title", { n: low.length })}</span>,
              children: (
                <Table<LowBalance>
                  size="small"
                  rowKey="unit"
                  data-testid="low-balance"
                  dataSource={low}
                  pagination={{ pageSize: 12 }}
                  columns={[
                    { title: t("unit"), dataIndex: "unit" },
                    { title: t("owner"), dataIndex: "owner" },
                    { title: t("prepayment_balance"), dataIndex: "prepayment_fen", align: "right", render: (f: number) => <Amount fen={f} /> },
                    { title: t("monthly"), dataIndex: "monthly_fen", align: "right", render: (f: number) => <Amount fen={f} /> },
                  ]}
                />
              ),
            },
          ]}
        />
      )}
      <FeeLedgerDrawer unit={ledger} onClose={() => setLedger(null)} />
      <FollowUpDrawer
        unit={open}
        onClose={() => setOpen(null)}
        onSaved={() => {
          setSaved((n) => n + 1);
          load();
        }}
      />
    </>
  );
}
