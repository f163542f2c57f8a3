import { useState } from "react";
import { Button, Input, Modal, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../api";
import type { ShiftCheck } from "../bindings/ShiftCheck";
import { Amount, Key, showError } from "../util";

const time = (s: string | null) => (s ? s.replace("T", " ").slice(0, 16) : "");

/** Whether the 复核 action applies: a closed shift nobody has reviewed yet (the core checks the rest). */
export const canReview = (r: ShiftCheck) => r.closed_at !== null && r.reviewed_by === null;

/** 核对统计 rows: one per shift, with the supervisor's 复核 action. `onReviewed` reloads the lists. */
export default function ShiftChecks({ rows, testid, onReviewed }: { rows: ShiftCheck[]; testid: string; onReviewed: () => void }) {
  const { t } = useTranslation("reports");
  const [reviewing, setReviewing] = useState<ShiftCheck | null>(null);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    if (!reviewing || busy) return;
    setBusy(true);
    try {
      await api.reviewShift(reviewing.shift_id, note.trim());
      setReviewing(null);
      onReviewed();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Table<ShiftCheck>
        size="small"
        rowKey="shift_id"
        data-testid={testid}
        dataSource={rows}
        pagination={{ pageSize: 10 }}
        columns={[
          { title: t("shift"), dataIndex: "shift_id", render: (id: number) => `#${id}` },
          { title: t("cashier"), dataIndex: "cashier" },
          { title: t("opened"), dataIndex: "opened_at", render: time },
          { title: t("closed"), dataIndex: "closed_at", render: (c: string | null) => (c ? time(c) : <Tag>{t("still_open")}</Tag>) },
          { title: t("receipt_count"), dataIndex: "receipts", align: "right" },
          { title: t("takings"), dataIndex: "total_fen", align: "right", render: (f: number) => <Amount fen={f} /> },
          { title: t("voids"), dataIndex: "voids", align: "right" },
          { title: t("reversals"), dataIndex: "reversals", align: "right" },
          {
            title: t("difference"),
            dataIndex: "difference_fen",
            align: "right",
            render: (f: number | null) => (f === null ? "" : f === 0 ? <Amount fen={0} /> : <Tag color="red"><Amount fen={f} /></Tag>),
          },
          {
            title: t("review"),
            key: "review",
            render: (_: unknown, r: ShiftCheck) =>
              r.reviewed_by ? (
                <span>
                  <Tag color="green">{t("reviewed")}</Tag>
                  {r.reviewed_by} {time(r.reviewed_at)}
                </span>
              ) : canReview(r) ? (
                <Button
                  size="small"
                  data-testid={`review-${r.shift_id}`}
                  onClick={() => {
                    setNote("");
                    setReviewing(r);
                  }}
                >
                  {t("review_action")}
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal
        open={reviewing !== null}
        title={reviewing ? t("review_title", { id: reviewing.shift_id, cashier: reviewing.cashier }) : ""}
        onCancel={() => setReviewing(null)}
        onOk={confirm}
        okText={
          <span>
            {t("review_action")} <Key k="Enter" />
          </span>
        }
        confirmLoading={busy}
        destroyOnHidden
      >
        <p>{t("review_hint")}</p>
        <Input id="review-note" autoFocus placeholder={t("review_note")} value={note} onChange={(e) => setNote(e.target.value)} onPressEnter={confirm} />
      </Modal>
    </>
  );
}
