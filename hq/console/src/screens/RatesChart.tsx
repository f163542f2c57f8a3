import { useEffect, useRef } from "react";
import * as echarts from "echarts/core";
import { LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { useTranslation } from "react-i18next";
import type { MonthRates } from "../bindings/MonthRates";
import { rateChartOption } from "../logic/chart";

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/** 户收费率, 收费率 and 清缴率 month by month, as lines on a 0–100 % axis. */
export default function RatesChart({ rows }: { rows: MonthRates[] }) {
  const { t } = useTranslation("rates");
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption(rateChartOption(rows, { household: t("household_rate"), collection: t("collection_rate"), clearance: t("clearance_rate") }));
    const resize = () => chart.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.dispose();
    };
  }, [rows, t]);
  return <div ref={el} style={{ height: 320 }} data-testid="rates-chart" />;
}
