import { useEffect, useRef, useState } from "react";
import { Button, Card, Input, Space, Table, Tabs } from "antd";
import * as echarts from "echarts/core";
import { BarChart } from "echarts/charts";
import { GridComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import { useTranslation } from "react-i18next";
import { api, type Session } from "../api";
import type { ArrearsList } from "../bindings/ArrearsList";
import type { DailyCashReport } from "../bindings/DailyCashReport";
import { formatFen } from "../money";
import { Amount, showError } from "../util";
import DailyReportView from "./DailyReportView";

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

/** Σ arrears per building, integer fen. */
export function arrearsByBuilding(list: ArrearsList): { building: string; fen: number; units: number }[] {
  const m = new Map<string, { fen: number; units: number }>();
  for (const r of list.rows) {
    const e = m.get(r.building) ?? { fen: 0, units: 0 };
    e.fen += r.arrears_fen;
    e.units += 1;
    m.set(r.building, e);
  }
  return [...m.entries()].map(([building, e]) => ({ building, ...e })).sort((a, b) => a.building.localeCompare(b.building, "zh-CN", { numeric: true }));
}

function BuildingChart({ list }: { list: ArrearsList }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: "svg" });
    const data = arrearsByBuilding(list);
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: (v: number) => "¥" + formatFen(v) },
      grid: { left: 90, right: 20, top: 20, bottom: 30 },
      xAxis: { type: "category", data: data.map((d) => d.building) },
      // Values stay integer fen; only the labels are written as yuan.
      yAxis: { type: "value", axisLabel: { formatter: (v: number) => formatFen(v) } },
      series: [{ type: "bar", data: data.map((d) => d.fen), itemStyle: { color: "#cf1322" } }],
    });
    return () => chart.dispose();
  }, [list]);
  return <div ref={el} style={{ height: 260 }} data-testid="building-chart" />;
}

export default function Reports({ session }: { session: Session }) {
  const { t } = useTranslation("reports");
  const [date, setDate] = useState(() => new Date().toLocaleDateString("sv-SE")); // YYYY-MM-DD, local
  const [daily, setDaily] = useState<DailyCashReport | null>(null);
  const [building, setBuilding] = useState("");
  const [arrears, setArrears] = useState<ArrearsList | null>(null);

  const loadDaily = async (mine: boolean) => {
    try {
      const d = date;
      setDaily(await api.dailyReport(mine ? { kind: "cashier_day", username: session.actor.username, date: d } : { kind: "desk_day", date: d }));
    } catch (e) {
      showError(e);
    }
  };
  const loadArrears = async () => {
    try {
      setArrears(await api.arrearsList(building.trim() || null));
    } catch (e) {
      showError(e);
    }
  };
  useEffect(() => {
    loadDaily(false);
    loadArrears();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <Card size="small" data-testid="reports">
      <Tabs
        items={[
          {
            key: "daily",
            label: t("daily_title"),
            children: (
              <>
                <Space style={{ marginBottom: 12 }}>
                  <Input type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} style={{ width: 160 }} />
                  <Button onClick={() => loadDaily(false)} id="daily-desk">
                    {t("desk_day")}
                  </Button>
                  <Button onClick={() => loadDaily(true)} id="daily-mine">
                    {t("my_day")}
                  </Button>
                </Space>
                {daily && <DailyReportView report={daily} />}
              </>
            ),
          },
          {
            key: "arrears",
            label: t("arrears_title"),
            children: (
              <>
                <Space style={{ marginBottom: 12 }}>
                  <Input placeholder={t("building")} value={building} onChange={(e) => setBuilding(e.target.value)} onPressEnter={loadArrears} style={{ width: 120 }} />
                  <Button onClick={loadArrears}>{t("load")}</Button>
                  {arrears && (
                    <span>
                      {t("units_total", { n: arrears.units })} <Amount fen={arrears.total_fen} strong />
                    </span>
                  )}
                </Space>
                {arrears && <BuildingChart list={arrears} />}
                {arrears && (
                  <Table
                    size="small"
                    rowKey="unit"
                    dataSource={arrears.rows}
                    pagination={{ pageSize: 12 }}
                    columns={[
                      { title: t("unit"), dataIndex: "unit" },
                      { title: t("owner"), dataIndex: "owner" },
                      { title: t("phone"), dataIndex: "phone" },
                      { title: t("oldest"), dataIndex: "oldest_period" },
                      { title: t("open_charges"), dataIndex: "open_charges", align: "right" },
                      { title: t("arrears"), dataIndex: "arrears_fen", align: "right", render: (f: number) => <Amount fen={f} /> },
                    ]}
                  />
                )}
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
