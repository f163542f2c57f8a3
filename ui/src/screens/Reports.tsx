import { useCallback, useEffect, useRef, useState } from "react";
import { Button, Card, Input, InputNumber, Space, Table, Tabs, Typography, message } from "antd";
import { useTranslation } from "react-i18next";
import { api, type Session } from "../api";
import type { ArrearsList } from "../bindings/ArrearsList";
import type { CollectionRates } from "../bindings/CollectionRates";
import type { DailyCashReport } from "../bindings/DailyCashReport";
import type { ExportRequest } from "../bindings/ExportRequest";
import type { DailyScope } from "../bindings/DailyScope";
import type { SavedFile } from "../bindings/SavedFile";
import type { ShiftCheck } from "../bindings/ShiftCheck";
import { Amount, Key, showError } from "../util";
import ArrearsTab from "./ArrearsTab";
import CollectionRateView from "./CollectionRateView";
import DailyReportView from "./DailyReportView";
import ShiftChecks from "./ShiftChecks";
import { TAB_KEYS, daysBefore, defaultMonths, reportShortcut, type ReportTab } from "./reportsLogic";

/** Reports: 现金日报表, 欠费清单, 收缴率 per building, 核对统计; each saved as XLSX (the daily report also as PDF). */
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
  const [checkFrom, setCheckFrom] = useState(() => daysBefore(new Date(), 6));
  const [checkTo, setCheckTo] = useState(() => new Date().toLocaleDateString("sv-SE"));
  const [checks, setChecks] = useState<ShiftCheck[] | null>(null);
  const [days, setDays] = useState(3);
  const [unreviewed, setUnreviewed] = useState<ShiftCheck[] | null>(null);
  const loaded = useRef(new Set<ReportTab>());

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
  const loadRates = () => run(async () => setRates(await api.collectionRates(months[0], months[1])));
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
    if (tab === "check") {
      loadChecks();
      loadUnreviewed();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tab]);

  const saved = (f: SavedFile) => {
    message.success({ content: <span data-testid="saved-path">{t("saved", { path: f.path })}</span>, duration: 8 });
  };
  const exportXlsx = (req: ExportRequest) => run(async () => saved(await api.exportReport(req)));
  const dailyPdf = () =>
    run(async () => {
      if (dailyScope) saved(await api.dailyReportPdf(dailyScope));
    });
  // What Ctrl+E saves on each tab: the report as shown.
  const exportTab = useCallback(
    (which: ReportTab) => {
      if (which === "daily") return dailyScope && exportXlsx({ kind: "daily_cash", scope: dailyScope });
      if (which === "arrears") return exportXlsx({ kind: "arrears", building: building.trim() || null });
      if (which === "rates") return exportXlsx({ kind: "collection_rates", from: months[0], to: months[1] });
      return exportXlsx({ kind: "cross_check", from: checkFrom, to: checkTo });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [dailyScope, building, months, checkFrom, checkTo],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const hit = reportShortcut(e);
      if (!hit) return;
      e.preventDefault();
      if ("tab" in hit) setTab(hit.tab);
      else if (hit.action === "xlsx") exportTab(tab);
      else if (tab === "daily") dailyPdf();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tab, exportTab, dailyScope]);

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
        ]}
      />
    </Card>
  );
}
