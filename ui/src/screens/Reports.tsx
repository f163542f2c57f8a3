import { useCallback, useEffect, useRef, useState } from "react";
import { Button, Card, Input, InputNumber, Modal, Space, Table, Tabs, Tag, Typography, message } from "antd";
import { useTranslation } from "react-i18next";
import { api, type Session } from "../api";
import type { ArrearsList } from "../bindings/ArrearsList";
import type { CollectionRates } from "../bindings/CollectionRates";
import type { MonthlyReport } from "../bindings/MonthlyReport";
import type { RatesByMonth } from "../bindings/RatesByMonth";
import type { DailyCashReport } from "../bindings/DailyCashReport";
import type { ExportRequest } from "../bindings/ExportRequest";
import type { DailyScope } from "../bindings/DailyScope";
import type { SavedFile } from "../bindings/SavedFile";
import type { ShiftCheck } from "../bindings/ShiftCheck";
import { Amount, Key, showError } from "../util";
import ArrearsTab from "./ArrearsTab";
import CollectionRateView from "./CollectionRateView";
import DailyReportView from "./DailyReportView";
import MonthlyReportView, { MonthRatesChart, MonthRatesTable } from "./MonthlyReportView";
import ShiftChecks from "./ShiftChecks";
import { TAB_KEYS, daysBefore, defaultMonths, monthOf, reportShortcut, type ReportTab } from "./reportsLogic";

/** Reports: 现金日报表, 欠费清单, 收缴率 per building and by month, 核对统计, 收费月报表; each saved as XLSX
 * (the daily and monthly reports also as PDF). */
export default function Reports({ session }: { session: Session }) {
  const { t } = useTranslation("reports");
  const [tab, setTab] = useState<ReportTab>("daily");
  const [date, setDate] = useState(() => new Date().toLocaleDateString("sv-SE")); // YYYY-MM-DD, local
  const [daily, setDaily] = useState<DailyCashReport | null>(null);
  const [dailyScope, setDailyScope] = useState<DailyScope | null>(null);
  const [building, setBuilding] = useState("");
  const [arrears, setArrears] = useState<ArrearsList | null>(null);
  const [months, setMonths] = useState(() => defaultMonths(new Date()));
  const [rates, setRates] = useState<CollectionRates | null>(null);
  const [monthRates, setMonthRates] = useState<RatesByMonth | null>(null);
  // Last month: the one a monthly report and its close are usually about.
  const [month, setMonth] = useState(() => monthOf(new Date(new Date().getFullYear(), new Date().getMonth() - 1, 1)));
  const [monthly, setMonthly] = useState<MonthlyReport | null>(null);
  const [checkFrom, setCheckFrom] = useState(() => daysBefore(new Date(), 6));
  const [checkTo, setCheckTo] = useState(() => new Date().toLocaleDateString("sv-SE"));
  const [checks, setChecks] = useState<ShiftCheck[] | null>(null);
  const [days, setDays] = useState(3);
  const [unreviewed, setUnreviewed] = useState<ShiftCheck[] | null>(null);
  const loaded = useRef(new Set<ReportTab>());
  // The management reports (收缴率, 核对统计, 收费月报表) are refused by the core to a cashier: not shown.
  const shown = (k: ReportTab) => session.actor.role !== "cashier" || k === "daily" || k === "arrears";

  const run = async (f: () => Promise<void>) => {
    try {
      await f();
    } catch (e) {
      showError(e);
    }
  };
  const loadDaily = (mine: boolean) =>
    run(async () => {
      const scope: DailyScope = mine ? { kind: "cashier_day", username: session.actor.username, date } : { kind: "desk_day", date };
      setDaily(await api.dailyReport(scope));
      setDailyScope(scope);
    });
  const loadArrears = () => run(async () => setArrears(await api.arrearsList(building.trim() || null)));
  // Two reports: one refused (say, a range over 36 months) leaves the other shown.
  const loadRates = () => {
    run(async () => setRates(await api.collectionRates(months[0], months[1])));
    run(async () => setMonthRates(await api.ratesByMonth(months[0], months[1])));
  };
  const loadMonthly = () => run(async () => setMonthly(await api.monthlyReport(month)));
  // 月结 is a supervisor's or finance's (the core refuses anyone else); the report it freezes is the one shown.
  const canCloseMonth = ["supervisor", "finance", "admin"].includes(session.actor.role);
  const closeMonth = () =>
    monthly &&
    Modal.confirm({
      title: t("close_month_title", { month: monthly.month }),
      content: t("close_month_hint"),
      okText: t("close_month"),
      cancelText: t("cancel"),
      // Enter alone must not close a month: the focus starts on 取消.
      autoFocusButton: "cancel",
      okButtonProps: { id: "monthly-close-ok" },
      onOk: () =>
        run(async () => {
          const c = await api.closeMonth(monthly.month);
          message.success(t("month_closed", { month: c.month }));
          setMonthly(await api.monthlyReport(c.month));
        }),
    });
  const loadChecks = () => run(async () => setChecks(await api.crossCheck(checkFrom, checkTo)));
  const loadUnreviewed = () => run(async () => setUnreviewed(await api.unreviewedShifts(days)));
  const afterReview = () => {
    message.success(t("review_done"));
    loadChecks();
    loadUnreviewed();
  };

  // Each tab loads when first shown; the management tabs are refused by the core to a cashier, once.
  useEffect(() => {
    if (loaded.current.has(tab)) return;
    loaded.current.add(tab);
    if (tab === "daily") loadDaily(false);
    if (tab === "arrears") loadArrears();
    if (tab === "rates") loadRates();
    if (tab === "monthly") loadMonthly();
    if (tab === "check") {
      loadChecks();
      loadUnreviewed();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tab]);

  // Alt+5 lands in the month field: type the month, Enter.
  useEffect(() => {
    if (tab === "monthly") setTimeout(() => document.getElementById("monthly-month")?.focus(), 0);
  }, [tab]);

  const saved = (f: SavedFile) => {
    message.success({ content: <span data-testid="saved-path">{t("saved", { path: f.path })}</span>, duration: 8 });
  };
  const exportXlsx = (req: ExportRequest) => run(async () => saved(await api.exportReport(req)));
  const dailyPdf = () =>
    run(async () => {
      if (dailyScope) saved(await api.dailyReportPdf(dailyScope));
    });
  const monthlyPdf = () =>
    run(async () => {
      if (monthly) saved(await api.monthlyReportPdf(monthly.month));
    });
  // What Ctrl+E saves on each tab: the report as shown.
  const exportTab = useCallback(
    (which: ReportTab) => {
      if (which === "daily") return dailyScope && exportXlsx({ kind: "daily_cash", scope: dailyScope });
      if (which === "arrears") return exportXlsx({ kind: "arrears", building: building.trim() || null });
      if (which === "rates") return exportXlsx({ kind: "collection_rates", from: months[0], to: months[1] });
      if (which === "monthly") return monthly && exportXlsx({ kind: "monthly_report", month: monthly.month });
      return exportXlsx({ kind: "cross_check", from: checkFrom, to: checkTo });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [dailyScope, building, months, checkFrom, checkTo, monthly],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const hit = reportShortcut(e);
      if (!hit) return;
      e.preventDefault();
      if ("tab" in hit) {
        if (shown(hit.tab)) setTab(hit.tab);
      }
      else if (hit.action === "xlsx") exportTab(tab);
      else if (tab === "daily") dailyPdf();
      else if (tab === "monthly") monthlyPdf();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tab, exportTab, dailyScope, monthly]);

  const xlsxButton = (id: string, disabled = false) => (
    <Button onClick={() => exportTab(tab)} id={id} disabled={disabled}>
      {t("export_xlsx")} <Key k="Ctrl+E" />
    </Button>
  );
  const label = (k: ReportTab) => (
    <span data-testid={`tab-${k}`}>
      {t(`tab_${k}`)} <Key k={TAB_KEYS[k]} />
    </span>
  );

  return (
    <Card size="small" data-testid="reports">
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as ReportTab)}
        items={[
          {
            key: "daily",
            label: label("daily"),
            children: (
              <>
                <Space style={{ marginBottom: 12 }} wrap>
                  <Input id="daily-date" placeholder="YYYY-MM-DD" value={date} onChange={(e) => setDate(e.target.value)} onPressEnter={() => loadDaily(false)} style={{ width: 160 }} />
                  <Button onClick={() => loadDaily(false)} id="daily-desk">
                    {t("desk_day")} <Key k="Enter" />
                  </Button>
                  <Button onClick={() => loadDaily(true)} id="daily-mine">
                    {t("my_day")}
                  </Button>
                  {xlsxButton("daily-xlsx", !dailyScope)}
                  <Button onClick={dailyPdf} id="daily-pdf" disabled={!dailyScope}>
                    {t("export_pdf")} <Key k="Ctrl+P" />
                  </Button>
                </Space>
                {daily && <DailyReportView report={daily} />}
              </>
            ),
          },
          {
            key: "arrears",
            label: label("arrears"),
            children: <ArrearsTab arrears={arrears} building={building} setBuilding={setBuilding} load={loadArrears} xlsxButton={xlsxButton("arrears-xlsx")} />,
          },
          {
            key: "rates",
            label: label("rates"),
            children: (
              <>
                <Space style={{ marginBottom: 12 }} wrap>
                  {t("periods")}
                  <Input id="rates-from" placeholder="YYYY-MM" value={months[0]} onChange={(e) => setMonths([e.target.value, months[1]])} onPressEnter={loadRates} style={{ width: 150 }} />
                  –
                  <Input id="rates-to" placeholder="YYYY-MM" value={months[1]} onChange={(e) => setMonths([months[0], e.target.value])} onPressEnter={loadRates} style={{ width: 150 }} />
                  <Button onClick={loadRates} id="rates-load">
                    {t("load")} <Key k="Enter" />
                  </Button>
                  {xlsxButton("rates-xlsx")}
                </Space>
                <Typography.Paragraph type="secondary">{t("rate_explained")}</Typography.Paragraph>
                {rates && <CollectionRateView rates={rates} />}
                <Typography.Title level={5}>{t("month_rates_title")}</Typography.Title>
                <Space style={{ marginBottom: 12 }} wrap>
                  <Typography.Text type="secondary">{t("month_rates_explained")}</Typography.Text>
                  <Button onClick={() => exportXlsx({ kind: "rates_by_month", from: months[0], to: months[1] })} id="month-rates-xlsx">
                    {t("export_xlsx")}
                  </Button>
                </Space>
                {monthRates && (
                  <>
                    <MonthRatesChart rows={monthRates.rows} />
                    <MonthRatesTable rows={monthRates.rows.filter((r) => r.building === "合计")} testid="month-rates-table" withMonth />
                  </>
                )}
              </>
            ),
          },
          {
            key: "check",
            label: label("check"),
            children: (
              <>
                <Space style={{ marginBottom: 12 }} wrap>
                  <Input id="check-from" placeholder="YYYY-MM-DD" value={checkFrom} onChange={(e) => setCheckFrom(e.target.value)} onPressEnter={loadChecks} style={{ width: 160 }} />
                  –
                  <Input id="check-to" placeholder="YYYY-MM-DD" value={checkTo} onChange={(e) => setCheckTo(e.target.value)} onPressEnter={loadChecks} style={{ width: 160 }} />
                  <Button onClick={loadChecks} id="check-load">
                    {t("load")} <Key k="Enter" />
                  </Button>
                  {xlsxButton("check-xlsx")}
                </Space>
                {checks && <ShiftChecks rows={checks} testid="check-table" onReviewed={afterReview} />}
                <Typography.Title level={5}>{t("unreviewed_title")}</Typography.Title>
                <Space style={{ marginBottom: 12 }} wrap>
                  {t("older_than")}
                  <InputNumber id="unreviewed-days" min={0} max={3650} value={days} onChange={(v) => setDays(v ?? 0)} onPressEnter={loadUnreviewed} style={{ width: 90 }} />
                  {t("days")}
                  <Button onClick={loadUnreviewed} id="unreviewed-load">
                    {t("load")} <Key k="Enter" />
                  </Button>
                  <Button onClick={() => exportXlsx({ kind: "unreviewed", days })} id="unreviewed-xlsx">
                    {t("export_xlsx")}
                  </Button>
                </Space>
                {unreviewed && <ShiftChecks rows={unreviewed} testid="unreviewed-table" onReviewed={afterReview} />}
              </>
            ),
          },
          {
            key: "monthly",
            label: label("monthly"),
            children: (
              <>
                <Space style={{ marginBottom: 12 }} wrap>
                  {t("month")}
                  <Input id="monthly-month" placeholder="YYYY-MM" value={month} onChange={(e) => setMonth(e.target.value)} onPressEnter={loadMonthly} style={{ width: 150 }} />
                  <Button onClick={loadMonthly} id="monthly-load">
                    {t("load")} <Key k="Enter" />
                  </Button>
                  {xlsxButton("monthly-xlsx", !monthly)}
                  <Button onClick={monthlyPdf} id="monthly-pdf" disabled={!monthly}>
                    {t("export_pdf")} <Key k="Ctrl+P" />
                  </Button>
                  {monthly?.closed ? (
                    <Tag color="green" data-testid="monthly-closed">
                      {t("closed_tag", { at: monthly.closed.closed_at.slice(0, 16).replace("T", " "), by: monthly.closed.closed_by })}
                    </Tag>
                  ) : (
                    canCloseMonth && (
                      <Button onClick={closeMonth} id="monthly-close" disabled={!monthly}>
                        {t("close_month")}
                      </Button>
                    )
                  )}
                </Space>
                {monthly && <MonthlyReportView report={monthly} />}
              </>
            ),
          },
        ].filter((x) => shown(x.key as ReportTab))}
      />
    </Card>
  );
}
