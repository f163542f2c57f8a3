import { Card, Col, Descriptions, Row, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { DailyCashReport } from "../bindings/DailyCashReport";
import { Amount } from "../util";

/** 现金日报表 on screen: by method, by item, the shifts' cash and the cross-check of the totals. */
export default function DailyReportView({ report }: { report: DailyCashReport }) {
  const { t } = useTranslation("reports");
  const amountCols = [
    { title: t("label"), dataIndex: "label" },
    { title: t("count"), dataIndex: "count", align: "right" as const },
    { title: t("amount"), dataIndex: "fen", align: "right" as const, render: (f: number) => <Amount fen={f} /> },
  ];
  return (
    <Card
      size="small"
      title={
        <span data-testid="daily-report">
          {t("daily_title")} · {report.scope}
        </span>
      }
      extra={report.reconciliation.ok ? <Tag color="green">{t("reconciled")}</Tag> : <Tag color="red">{t("not_reconciled")}</Tag>}
    >
      <Descriptions size="small" column={3}>
        <Descriptions.Item label={t("period")}>
          {report.date_from} – {report.date_to}
        </Descriptions.Item>
        <Descriptions.Item label={t("receipts")}>
          {report.receipts.count} {report.receipts.first ? `(${report.receipts.first} – ${report.receipts.last})` : ""}
        </Descriptions.Item>
        <Descriptions.Item label={t("total")}>
          <Amount fen={report.total_fen} strong testid="report-total" />
        </Descriptions.Item>
      </Descriptions>
      <Row gutter={12}>
        <Col span={12}>
          <Table size="small" rowKey="key" pagination={false} title={() => t("by_method")} dataSource={report.by_method} columns={amountCols} />
        </Col>
        <Col span={12}>
          <Table size="small" rowKey="key" pagination={false} title={() => t("by_item")} dataSource={report.by_item} columns={amountCols} />
        </Col>
      </Row>
      {report.shifts.map((s) => (
        <Descriptions key={s.shift_id} size="small" column={3} style={{ marginTop: 8 }} title={`${t("shift")} #${s.shift_id} · ${s.cashier}`}>
          <Descriptions.Item label={t("float")}>
            <Amount fen={s.float_fen} />
          </Descriptions.Item>
          <Descriptions.Item label={t("cash_in_out")}>
            <Amount fen={s.cash_in_out_fen} />
          </Descriptions.Item>
          {s.methods.map((m) => (
            <Descriptions.Item key={m.method} label={t(`counter:method.${m.method}`)}>
              <Amount fen={m.expected_fen} />
              {m.counted_fen !== null && (
                <>
                  {" / "}
                  <Amount fen={m.counted_fen} /> ({t("difference")} <Amount fen={m.difference_fen ?? 0} />)
                </>
              )}
            </Descriptions.Item>
          ))}
        </Descriptions>
      ))}
    </Card>
  );
}
