import { useEffect, useState } from "react";
import { Button, Drawer, Space, Table, Typography, message } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { FeeLedger } from "../bindings/FeeLedger";
import type { FeeLedgerEntry } from "../bindings/FeeLedgerEntry";
import type { SavedFile } from "../bindings/SavedFile";
import { Amount, showError } from "../util";

/** 收费台账 of one unit: every charge, payment and prepayment movement in date order with the running
 *  arrears and prepayment; saved as XLSX or PDF. */
export default function FeeLedgerDrawer({ unit, onClose }: { unit: string | null; onClose: () => void }) {
  const { t } = useTranslation("reports");
  const [ledger, setLedger] = useState<FeeLedger | null>(null);
  useEffect(() => {
    setLedger(null);
    if (!unit) return;
    api.feeLedger(unit).then(setLedger, showError);
  }, [unit]);
  const saved = (f: SavedFile) => message.success({ content: <span data-testid="saved-path">{t("saved", { path: f.path })}</span>, duration: 8 });
  const save = (f: () => Promise<SavedFile>) => f().then(saved, showError);
  const money = (f: number) => (f === 0 ? "" : <Amount fen={f} />);
  return (
    <Drawer open={!!unit} onClose={onClose} width={1000} title={t("ledger_title", { unit: unit ?? "" })} destroyOnHidden>
      {ledger && (
        <>
          <Space style={{ marginBottom: 12 }} wrap>
            <Typography.Text>
              {ledger.owner ?? ""} · {t("arrears")} <Amount fen={ledger.arrears_fen} strong testid="ledger-arrears" /> · {t("prepayment_balance")}{" "}
              <Amount fen={ledger.prepayment_fen} strong testid="ledger-prepayment" />
            </Typography.Text>
            <Button id="ledger-xlsx" onClick={() => save(() => api.exportReport({ kind: "fee_ledger", unit: ledger.unit }))}>
              {t("export_xlsx")}
            </Button>
            <Button id="ledger-pdf" onClick={() => save(() => api.feeLedgerPdf(ledger.unit))}>
              {t("export_pdf")}
            </Button>
          </Space>
          <Table<FeeLedgerEntry & { key: number }>
            size="small"
            rowKey="key"
            data-testid="fee-ledger"
            dataSource={ledger.entries.map((e, key) => ({ ...e, key }))}
            pagination={false}
            scroll={{ y: 520 }}
            columns={[
              { title: t("when"), dataIndex: "at", width: 140, render: (a: string) => a.slice(0, 16).replace("T", " ") },
              { title: t("document"), dataIndex: "document", width: 170 },
              { title: t("entry_summary"), key: "summary", render: (_, e) => `${t(`entry_kinds.${e.kind}`)} ${e.summary}` },
              { title: t("billed"), dataIndex: "charged_fen", align: "right", width: 100, render: money },
              { title: t("collected"), dataIndex: "paid_fen", align: "right", width: 100, render: money },
              { title: t("prepaid"), dataIndex: "prepaid_fen", align: "right", width: 100, render: money },
              { title: t("arrears"), dataIndex: "arrears_fen", align: "right", width: 100, render: (f: number) => <Amount fen={f} /> },
              { title: t("prepayment_balance"), dataIndex: "prepayment_fen", align: "right", width: 100, render: (f: number) => <Amount fen={f} /> },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
