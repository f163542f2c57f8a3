import { useState } from "react";
import { Button, Table } from "antd";
import { useTranslation } from "react-i18next";
import type { Allocation } from "../bindings/Allocation";
import type { ChargeGroup } from "../bindings/ChargeGroup";
import type { OpenCharge } from "../bindings/OpenCharge";
import { yuan } from "../money";

/** The charges of a payment by fee item (物业服务费 2025-11 至 2026-10 ×12 ¥…), as the core groups
 *  them, for the cashier to read to the payer; the lines on demand. In a partial payment each shows
 *  what this payment settles of it. */
export default function ChargeGroups({ allocation, charges, partial }: { allocation: Allocation; charges: OpenCharge[]; partial: boolean }) {
  const { t } = useTranslation("counter");
  const [lines, setLines] = useState(false);
  const paid = new Map(allocation.charges.map((c) => [c.charge.charge_id, c.paid_fen]));
  const span = (g: ChargeGroup) => (g.first_period === g.last_period ? g.first_period : t("period_range", { from: g.first_period, to: g.last_period }));
  const paidColumn = partial ? [{ title: t("paid_now"), key: "p", align: "right" as const }] : [];
  return (
    <div data-testid="charge-groups">
      <Table<ChargeGroup>
        size="small"
        pagination={false}
        rowKey="item"
        dataSource={allocation.groups}
        onRow={(g) => ({ "data-testid": `charge-group-${g.item}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t("item"), dataIndex: "item_name" },
          { title: t("period"), key: "span", render: (_, g) => span(g) },
          { title: t("months"), key: "n", align: "right", render: (_, g) => `×${g.count}` },
          { title: t("open"), key: "due", align: "right", render: (_, g) => yuan(g.due_fen) },
          ...paidColumn.map((c) => ({ ...c, render: (_: unknown, g: ChargeGroup) => <span className={g.paid_fen < g.due_fen ? "arrears" : undefined}>{yuan(g.paid_fen)}</span> })),
        ]}
      />
      <Button type="link" size="small" onClick={() => setLines(!lines)} id="charge-lines-toggle">
        {lines ? t("hide_lines") : t("show_lines", { n: charges.length })}
      </Button>
      {lines && (
        <Table<OpenCharge>
          size="small"
          pagination={false}
          rowKey="charge_id"
          dataSource={charges}
          data-testid="charge-lines"
          scroll={{ y: 200 }}
          columns={[
            { title: t("period"), dataIndex: "period" },
            { title: t("item"), dataIndex: "item_name" },
            { title: t("open"), key: "o", align: "right", render: (_, c) => yuan(c.open_fen) },
            ...paidColumn.map((col) => ({ ...col, render: (_: unknown, c: OpenCharge) => yuan(paid.get(c.charge_id) ?? 0) })),
          ]}
        />
      )}
    </div>
  );
}
