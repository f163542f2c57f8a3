import { Card, Col, Row, Table } from "antd";
import { useTranslation } from "react-i18next";
import type { DayFigures } from "../bindings/DayFigures";
import { itemLabel, methodLabel } from "../logic/labels";
import { Money, money } from "../util";
import { useItemNames } from "../itemNames";

/** A day by payment method and by fee item: the group's, or one estate's (`whose` names it). */
export default function DayBreakdown({ total, whose, id = "" }: { total: DayFigures; whose: string; id?: string }) {
  const { t } = useTranslation("daily");
  const names = useItemNames();
  const sum = (rows: [string, number][]) => rows.reduce((s, r) => s + r[1], 0);
  const table = (rows: [string, number][], label: (k: string) => string, head: string, id: string) => (
    <div data-testid={id}>
      <Table<[string, number]>
        size="small"
        pagination={false}
        rowKey={(r) => r[0]}
        dataSource={rows}
        columns={[
          { title: head, key: "k", render: (_, r) => label(r[0]) },
          { title: t("amount"), key: "v", align: "right", render: (_, r) => money(r[1]) },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}><strong>{t("common:total")}</strong></Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right"><Money fen={sum(rows)} strong /></Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
    </div>
  );
  return (
    <Row gutter={16}>
      <Col span={12}>
        <Card size="small" title={t("by_method", { whose })}>{table(total.by_method, (k) => methodLabel(k, t), t("method"), `daily-by-method${id}`)}</Card>
      </Col>
      <Col span={12}>
        <Card size="small" title={t("by_item", { whose })}>{table(total.by_item, (k) => itemLabel(k, t, names), t("item"), `daily-by-item${id}`)}</Card>
      </Col>
    </Row>
  );
}
