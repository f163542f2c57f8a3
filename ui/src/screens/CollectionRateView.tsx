import { useEffect, useRef } from "react";
import { Table } from "antd";
import * as echarts from "echarts/core";
import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import { useTranslation } from "react-i18next";
import type { CollectionRate } from "../bindings/CollectionRate";
import type { CollectionRates } from "../bindings/CollectionRates";
import { Amount } from "../util";
import { percentText, rateChartOption } from "./reportsLogic";

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

function RateChart({ rates }: { rates: CollectionRates }) {
  const { t } = useTranslation("reports");
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: "svg" });
    chart.setOption(rateChartOption(rates, { rate: t("rate"), collected: t("collected"), billed: t("billed") }));
    return () => chart.dispose();
  }, [rates, t]);
  return <div ref={el} style={{ height: 260 }} data-testid="rate-chart" />;
}

/** 收缴率 per building: the bars, then the figures with the estate's total. */
export default function CollectionRateView({ rates }: { rates: CollectionRates }) {
  const { t } = useTranslation("reports");
  const money = (f: number) => <Amount fen={f} />;
  return (
    <>
      {rates.buildings.length > 0 && <RateChart rates={rates} />}
      <Table<CollectionRate>
        size="small"
        rowKey="building"
        data-testid="rate-table"
        dataSource={rates.buildings}
        pagination={false}
        columns={[
          { title: t("building"), dataIndex: "building" },
          { title: t("count"), dataIndex: "charges", align: "right" },
          { title: t("billed"), dataIndex: "billed_fen", align: "right", render: money },
          { title: t("collected"), dataIndex: "collected_fen", align: "right", render: money },
          { title: t("outstanding"), dataIndex: "outstanding_fen", align: "right", render: money },
          { title: t("rate"), dataIndex: "rate_percent", align: "right", render: (r: string | null) => percentText(r) },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <strong>{t("total")}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              {rates.total.charges}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              <Amount fen={rates.total.billed_fen} strong />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              <Amount fen={rates.total.collected_fen} strong />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              <Amount fen={rates.total.outstanding_fen} strong />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5} align="right">
              <strong data-testid="rate-total">{percentText(rates.total.rate_percent)}</strong>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
    </>
  );
}
