import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, DatePicker, Select, Spin, Table } from "antd";
import { ReloadOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import type { Me } from "../bindings/Me";
import type { MonthRates } from "../bindings/MonthRates";
import { api } from "../api";
import { addMonths, isMonth, MAX_RATE_MONTHS, monthSpan, previousMonth } from "../logic/dates";
import { percentText } from "../logic/labels";
import { useHashParam } from "../route";
import { money, showError, testid, tid } from "../util";
import RatesChart from "./RatesChart";

/** 收缴率: an estate's three rates month by month, as a chart and a table, with their definitions. */
export default function Rates({ me }: { me: Me }) {
  const { t } = useTranslation("rates");
  const codes = me.estates.map((e) => e.code);
  const [estate, setEstate] = useHashParam("estate", () => codes[0] ?? "", (v) => codes.includes(v));
  const [to, setTo] = useHashParam("to", () => previousMonth(), isMonth);
  const [from, setFrom] = useHashParam("from", () => addMonths(previousMonth(), -11), isMonth);
  const [rows, setRows] = useState<MonthRates[] | null>(null);
  const [loading, setLoading] = useState(false);
  const span = monthSpan(from, to);
  const badRange = span < 1 || span > MAX_RATE_MONTHS;

  const load = useCallback(() => {
    if (!estate || badRange) return;
    setLoading(true);
    api
      .rates(estate, from, to)
      .then(setRows, (e) => (setRows(null), showError(e)))
      .finally(() => setLoading(false));
  }, [estate, from, to, badRange]);
  useEffect(load, [load]);

  const rate = (r: string | null) => percentText(r);
  return (
    <div data-testid="screen-rates">
      <div className="toolbar">
        <h2 className="screen-title" style={{ margin: 0 }}>{t("title")}</h2>
        <Select
          style={{ minWidth: 200 }}
          value={estate || undefined}
          placeholder={t("estate")}
          onChange={setEstate}
          options={me.estates.map((e) => ({ value: e.code, label: `${e.name}（${e.code}）` }))}
          data-testid="rates-estate"
        />
        <span data-testid="rates-range">
          <DatePicker.RangePicker
            picker="month"
            allowClear={false}
            value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
            onChange={(v) => {
              if (v?.[0] && v[1]) {
                setFrom(v[0].format("YYYY-MM"));
                setTo(v[1].format("YYYY-MM"));
              }
            }}
          />
        </span>
        <Button icon={<ReloadOutlined />} onClick={load} data-testid="rates-reload">{t("common:reload")}</Button>
      </div>
      <Alert
        type="info"
        style={{ marginBottom: 16 }}
        data-testid="rates-definitions"
        message={t("definitions")}
        description={
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            <li>{t("def_household")}</li>
            <li>{t("def_collection")}</li>
            <li>{t("def_clearance")}</li>
          </ul>
        }
      />
      {badRange && <Alert type="warning" showIcon message={t("bad_range", { max: MAX_RATE_MONTHS })} style={{ marginBottom: 16 }} data-testid="rates-bad-range" />}
      {codes.length === 0 && <Alert type="warning" message={t("no_estates")} />}
      <Spin spinning={loading}>
        {rows && rows.length > 0 && (
          <Card size="small" style={{ marginBottom: 16 }}>
            <RatesChart rows={rows} />
          </Card>
        )}
        {rows && (
          <Card size="small">
            <Table<MonthRates>
              size="small"
              bordered
              rowKey="month"
              pagination={false}
              dataSource={rows}
              data-testid="rates-table"
              onRow={(r) => testid(tid("rates-row", r.month))}
              scroll={{ x: "max-content" }}
              columns={[
                { title: t("month"), dataIndex: "month", fixed: "left" },
                { title: t("households_billed"), dataIndex: "households_billed", align: "right" },
                { title: t("households_paid"), dataIndex: "households_paid", align: "right" },
                { title: t("household_rate"), dataIndex: "household_rate", align: "right", render: rate },
                { title: t("billed"), dataIndex: "billed_fen", align: "right", render: money },
                { title: t("settled"), dataIndex: "settled_fen", align: "right", render: money },
                { title: t("collection_rate"), dataIndex: "collection_rate", align: "right", render: rate },
                { title: t("arrears_at_start"), dataIndex: "arrears_at_start_fen", align: "right", render: money },
                { title: t("arrears_collected"), dataIndex: "arrears_collected_fen", align: "right", render: money },
                { title: t("clearance_rate"), dataIndex: "clearance_rate", align: "right", render: rate },
              ]}
            />
          </Card>
        )}
      </Spin>
    </div>
  );
}
