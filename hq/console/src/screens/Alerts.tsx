import { useEffect, useState } from "react";
import { Card, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { AlertRow } from "../bindings/AlertRow";
import { api } from "../api";
import { timeText } from "../logic/dates";
import { showError, testid } from "../util";

const KINDS = ["fork", "tampered", "too_far", "quarantined", "closing_mismatch", "gap", "revoked"];
const RED = ["fork", "tampered", "closing_mismatch"];

/** The latest alerts head office raised (newest first). */
export default function Alerts({ refresh }: { refresh: number }) {
  const { t } = useTranslation("estates");
  const [rows, setRows] = useState<AlertRow[] | null>(null);
  useEffect(() => {
    api.alerts(100).then(setRows, showError);
  }, [refresh]);
  return (
    <Card size="small" title={t("alerts_title")} data-testid="alerts">
      <Table<AlertRow>
        size="small"
        loading={rows === null}
        dataSource={rows ?? []}
        rowKey={(a) => `${a.at}|${a.estate_code}|${a.desk_code}|${a.kind}|${a.seq}`}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t("no_alerts") }}
        data-testid="alerts-table"
        onRow={() => testid("alert-row")}
        columns={[
          { title: t("at"), dataIndex: "at", width: 150, render: (v: string) => timeText(v) },
          { title: t("estate"), dataIndex: "estate_code", width: 90 },
          { title: t("desk"), dataIndex: "desk_code", width: 90 },
          {
            title: t("kind"),
            dataIndex: "kind",
            width: 140,
            render: (k: string) => <Tag color={RED.includes(k) ? "red" : "orange"}>{KINDS.includes(k) ? t(`kinds.${k}`) : k}</Tag>,
          },
          { title: t("seq"), dataIndex: "seq", width: 80, align: "right" },
          { title: t("detail"), dataIndex: "detail" },
        ]}
      />
    </Card>
  );
}
