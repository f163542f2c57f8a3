import { useEffect, useRef } from "react";
import { Table, Typography } from "antd";
import * as echarts from "echarts/core";
import { LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import { useTranslation } from "react-i18next";
import type { MonthFigures } from "../bindings/MonthFigures";
import type { MonthRates } from "../bindings/MonthRates";
import type { MonthlyReport } from "../bindings/MonthlyReport";
import { Amount } from "../util";
import { monthRatesChartOption, monthReportRows, percentText, type MonthReportLine } from "./reportsLogic";

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const FIGURES: (keyof MonthFigures)[] = ["billed_fen", "collected_fen", "recovered_fen", "advance_fen", "open_fen", "prepayment_used_fen"];

/** 收费月报表: per building its items and subtotal, the estate's items and total; then the month's rates. */
export default function MonthlyReportView({ report }: { report: MonthlyReport }) {
  const { t } = useTranslation("reports");
  const rows = monthReportRows(report, {
    none: t("no_unit"),
    subtotal: t("subtotal"),
    all: t("all_buildings"),
    total: t("total"),
    prepayment: t("prepayment_item"),
    deduction: t("deduction_item"),
  });
  const money = (key: keyof MonthFigures) => (_: unknown, r: MonthReportLine) => <Amount fen={r.figures[key]} strong={r.bold} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t("monthly_explained", { until: report.until })}</Typography.Paragraph>
      <Table<MonthReportLine>
        size="small"
        rowKey="key"
        data-testid="monthly-table"
        dataSource={rows}
        pagination={false}
        rowClassName={(r) => (r.bold ? "subtotal" : "")}
        columns={[
          { title: t("building"), dataIndex: "building" },
          { title: t("fee_item"), dataIndex: "item" },
          ...FIGURES.map((k) => ({ title: t(`month_${k}`), key: k, align: "right" as const, render: money(k) })),
          {
            title: t("month_received"),
            key: "received",
            align: "right" as const,
            render: (_: unknown, r: MonthReportLine) => <Amount fen={r.received} strong={r.bold} />,
          },
        ]}
      />
      <Typography.Title level={5}>{t("month_rates_title")}</Typography.Title>
      <MonthRatesTable rows={report.rates} testid="monthly-rates" />
    </>
  );
}

/** 户收费率, 收费率 and 清缴率 per building (and month), the estate's row in bold. */
export function MonthRatesTable({ rows, testid, withMonth }: { rows: MonthRates[]; testid: string; withMonth?: boolean }) {
  const { t } = useTranslation("reports");
  const money = (f: number, r: MonthRates) => <Amount fen={f} strong={r.building === "合计"} />;
  return (
    <Table<MonthRates>
      size="small"
      rowKey={(r) => `${r.month}/${r.building}`}
      data-testid={testid}
      dataSource={rows}
      pagination={false}
      columns={[
        ...(withMonth ? [{ title: t("month"), dataIndex: "month" }] : []),
        { title: t("building"), dataIndex: "building", render: (b: string) => (b === "合计" ? t("estate") : b) },
        { title: t("households_billed"), dataIndex: "households_billed", align: "right" },
        { title: t("households_paid"), dataIndex: "households_paid", align: "right" },
        { title: t("household_rate"), dataIndex: "household_rate", align: "right", render: percentText },
        { title: t("billed"), dataIndex: "billed_fen", align: "right", render: money },
        { title: t("settled"), dataIndex: "settled_fen", align: "right", render: money },
        { title: t("collection_rate"), dataIndex: "collection_rate", align: "right", render: percentText },
        { title: t("arrears_at_start"), dataIndex: "arrears_at_start_fen", align: "right", render: money },
        { title: t("arrears_collected"), dataIndex: "arrears_collected_fen", align: "right", render: money },
        { title: t("clearance_rate"), dataIndex: "clearance_rate", align: "right", render: percentText },
      ]}
    />
  );
}

/** The estate's three rates month by month, as lines. */
export function MonthRatesChart({ rows }: { rows: MonthRates[] }) {
  const { t } = useTranslation("reports");
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: "svg" });
    chart.setOption(monthRatesChartOption(rows, { household: t("household_rate"), collection: t("collection_rate"), clearance: t("clearance_rate") }));
    return () => chart.dispose();
  }, [rows, t]);
  return <div ref={el} style={{ height: 260 }} data-testid="month-rates-chart" />;
}
