import { useEffect, useState } from "react";
import { Button, Input, Modal, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { FeeItem } from "../bindings/FeeItem";
import type { PayMethod } from "../bindings/PayMethod";
import { parseAmount } from "../money";
import { Key, KeyButton, PAY_METHODS, showError } from "../util";
import type { Issued } from "./CollectDialog";

/** 有偿服务/会所: pick an item sold by quantity, the quantity, and how it is paid. The core prices it. */
export default function SaleDialog({ unit, onClose, onIssued }: { unit: string | null; onClose: () => void; onIssued: (r: Issued) => void }) {
  const { t } = useTranslation("counter");
  const [items, setItems] = useState<FeeItem[]>([]);
  const [item, setItem] = useState<string | null>(null);
  const [quantity, setQuantity] = useState("1");
  const [price, setPrice] = useState("");
  const [method, setMethod] = useState<PayMethod>("cash");
  const [tendered, setTendered] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.feeItems().then((all) => {
      const sold = all.filter((i) => i.method === "per_quantity");
      setItems(sold);
      setItem(sold[0]?.code ?? null);
    }, showError);
  }, []);

  const issue = async () => {
    if (!item) return;
    const paid = parseAmount(tendered);
    if (!paid.ok) {
      showError(t(`bad.${paid.error}`));
      return;
    }
    setBusy(true);
    try {
      const receipt = await api.sale({
        unit,
        payer: null,
        lines: [{ item, quantity: quantity.trim(), unit_price: price.trim() === "" ? null : price.trim() }],
        tenders: [{ method, amount: paid.fen, reference: "" }],
        note: "",
      });
      let pdf: string | null = null;
      try {
        pdf = (await api.printReceipt(receipt.number)).path;
      } catch (e) {
        showError(e);
      }
      onIssued({ receipt, changeFen: receipt.payments.reduce((s, p) => s + (p.change_fen ?? 0), 0), pdf });
    } catch (e) {
      showError(e);
      setBusy(false);
    }
  };

  return (
    <Modal open title={`${t("sale")} (F3)${unit ? " · " + unit : ""}`} onCancel={onClose} footer={
      <Button type="primary" onClick={issue} loading={busy} id="sale-issue">{t("issue_print")} <Key k="Enter" /></Button>
    } data-testid="sale-dialog">
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t("no_sale_items")}</Typography.Text>
      ) : (
        // Plain labelled fields, not antd's Form: each Form.Item lays out through Row, and every Row
        // mounted subscribes six media queries; opened for every sale, that is what the page kept (README, "Memory").
        <div onKeyDown={(e) => e.key === "Enter" && (e.preventDefault(), issue())}>
          <div className="field">
            <span className="field-label">{t("item")}</span>
            <Space wrap>
              {/* The first nine are picked with Alt+1…9 as well, as their keys say. */}
              {items.map((i, k) => {
                const props = { type: item === i.code ? ("primary" as const) : ("default" as const), onClick: () => setItem(i.code), "data-testid": `sale-item-${i.code}`, children: `${i.name} (${i.unit_label})` };
                return k < 9 ? <KeyButton key={i.code} k={`Alt+${k + 1}`} {...props} /> : <Button key={i.code} {...props} />;
              })}
            </Space>
          </div>
          <Space align="start">
            <label className="field">
              <span className="field-label">{t("quantity")}</span>
              <Input id="sale-qty" value={quantity} onChange={(e) => setQuantity(e.target.value)} autoFocus />
            </label>
            <label className="field">
              <span className="field-label">{t("unit_price")}</span>
              <Input id="sale-price" value={price} placeholder={t("standard_price")} onChange={(e) => setPrice(e.target.value)} />
            </label>
          </Space>
          <Space align="start">
            {/* Not a <label>: a click on it would be passed on to the select's own input and toggle it. */}
            <div className="field">
              <span className="field-label">{t("method_label")}</span>
              <Select value={method} style={{ width: 120 }} onChange={setMethod} options={PAY_METHODS.map((m) => ({ value: m, label: t(`method.${m}`) }))} />
            </div>
            <label className="field">
              <span className="field-label">{t("tendered")}</span>
              <Input id="sale-tendered" value={tendered} onChange={(e) => setTendered(e.target.value)} />
            </label>
          </Space>
        </div>
      )}
    </Modal>
  );
}
