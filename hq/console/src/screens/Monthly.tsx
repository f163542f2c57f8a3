import { useCallback, useEffect, useMemo, useState } from "react";
import { Button, Card, DatePicker, Empty, Space, Spin, Table } from "antd";
import { FileExcelOutlined, FilePdfOutlined, ReloadOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import type { EstateMonth } from "../bindings/EstateMonth";
import type { MonthFigures } from "../bindings/MonthFigures";
import type { MonthRow } from "../bindings/MonthRow";
import type { MonthlyReport } from "../bindings/MonthlyReport";
import { api, exports } from "../api";
import { isMonth, previousMonth } from "../logic/dates";
import { buildingLabel, buildingSpans, itemLabel } from "../logic/labels";
import { useHashParam } from "../route";
import { useItemNames } from "../itemNames";
import { Money, showError, testid, tid } from "../util";

const FIGURES: (keyof MonthFigures)[] = ["billed_fen", "collected_fen", "recovered_fen", "advance_fen", "open_fen"];

function TotalCells({ f, from }: { f: MonthFigures; from: number }) {
  return (
    <>
      {FIGURES.map((k, i) => (
        <Table.Summary.Cell key={k} index={from + i} align="right">
          <Money fen={f[k]} strong />
        </Table.Summary.Cell>
      ))}
    </>
  );
}

function EstateTable({ e }: { e: EstateMonth }) {
  const { t } = useTranslation("monthly");
  const spans = useMemo(() => buildingSpans(e.rows), [e.rows]);
  const names = useItemNames();
  return (
    <Table<MonthRow>
      size="small"
      pagination={false}
      bordered
      dataSource={e.rows}
      rowKey={(r) => `${r.building}|${r.item}`}
      onRow={(r) => testid(tid("monthly-row", e.estate_code, r.building, r.item || "prepayment"))}
      columns={[
        { title: t("building"), dataIndex: "building", width: 100, onCell: (_, i) => ({ rowSpan: spans[i ?? 0] }), render: (b: string) => buildingLabel(b, t) },
        { title: t("item"), dataIndex: "item", width: 140, render: (it: string) => itemLabel(it, t, names) },
        ...FIGURES.map((k) => ({ title: t(k), key: k, align: "right" as const, render: (_: unknown, r: MonthRow) => <Money fen={r.figures[k]} /> })),
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={2}>
            <strong>{t("estate_total")}</strong>
          </Table.Summary.Cell>
          <TotalCells f={e.total} from={2} />
        </Table.Summary.Row>
      )}
    />
  );
}

/** 收费月报表: a month per estate, building and fee item, with estate and group totals; Excel and PDF. */
export default function Monthly() {
  const { t } = useTranslation("monthly");
  const [month, setMonth] = useHashParam("month", () => previousMonth(), isMonth);
  const [data, setData] = useState<MonthlyReport | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(() => {
    setLoading(true);
    api
      .monthly(month)
      .then(setData, (e) => (setData(null), showError(e)))
      .finally(() => setLoading(false));
  }, [month]);
  useEffect(load, [load]);

  return (
    <div data-testid="screen-monthly">
      <div className="toolbar">
        <h2 className="screen-title" style={{ margin: 0 }}>{t("title")}</h2>
        <span data-testid="monthly-month">
          <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format("YYYY-MM"))} />
        </span>
        <Button icon={<ReloadOutlined />} onClick={load} data-testid="monthly-reload">{t("common:reload")}</Button>
        <span className="grow" />
        <Space>
          <Button href={exports.monthlyXlsx(month)} download icon={<FileExcelOutlined />} data-testid="monthly-export-xlsx">
            {t("common:export_xlsx")}
          </Button>
          <Button href={exports.monthlyPdf(month)} download icon={<FilePdfOutlined />} data-testid="monthly-export-pdf">
            {t("common:export_pdf")}
          </Button>
        </Space>
      </div>
      <p className="muted">{t("explain")}</p>
      <Spin spinning={loading}>
        {data && data.estates.length === 0 && (
          <Card><Empty description={t("no_data", { month })} data-testid="monthly-empty" /></Card>
        )}
        {data?.estates.map((e) => (
          <Card key={e.estate_code} size="small" title={`${e.estate_name}（${e.estate_code}）`} style={{ marginBottom: 16 }} data-testid={tid("monthly-estate", e.estate_code)}>
            <EstateTable e={e} />
          </Card>
        ))}
        {data && data.estates.length > 0 && (
          <Card size="small" title={t("group_total", { month: data.month })} data-testid="monthly-total">
            <Table<MonthFigures>
              size="small"
              pagination={false}
              bordered
              rowKey={() => "total"}
              dataSource={[data.total]}
              columns={FIGURES.map((k) => ({ title: t(k), key: k, align: "right" as const, render: (_: unknown, f: MonthFigures) => <Money fen={f[k]} strong testid={`monthly-total-${k}`} /> }))}
            />
          </Card>
        )}
      </Spin>
    </div>
  );
}
