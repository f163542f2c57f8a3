import { useCallback, useEffect, useState } from "react";
import { Button, Card, DatePicker, Spin, Table } from "antd";
import { FileExcelOutlined, ReloadOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import type { ArrearsReport } from "../bindings/ArrearsReport";
import type { EstateArrears } from "../bindings/EstateArrears";
import { api, exports } from "../api";
import { isMonth, previousMonth } from "../logic/dates";
import { useHashParam } from "../route";
import { Money, showError, testid, tid } from "../util";
import ArrearsUnits from "./ArrearsUnits";
import { ageColumns, AGES } from "./ageing";

/** 欠费: open charges per estate, aged from the month chosen; an estate's units on demand; Excel. */
export default function Arrears() {
  const { t } = useTranslation("arrears");
  const [asOf, setAsOf] = useHashParam("as_of", () => previousMonth(), isMonth);
  const [data, setData] = useState<ArrearsReport | null>(null);
  const [loading, setLoading] = useState(false);
  const [drill, setDrill] = useState<EstateArrears | null>(null);

  const load = useCallback(() => {
    setLoading(true);
    api
      .arrears(asOf)
      .then(setData, (e) => (setData(null), showError(e)))
      .finally(() => setLoading(false));
  }, [asOf]);
  useEffect(load, [load]);

  return (
    <div data-testid="screen-arrears">
      <div className="toolbar">
        <h2 className="screen-title" style={{ margin: 0 }}>{t("title")}</h2>
        <span data-testid="arrears-month">
          <DatePicker picker="month" allowClear={false} value={dayjs(`${asOf}-01`)} onChange={(d) => d && setAsOf(d.format("YYYY-MM"))} />
        </span>
        <Button icon={<ReloadOutlined />} onClick={load} data-testid="arrears-reload">{t("common:reload")}</Button>
        <span className="grow" />
        <Button href={exports.arrearsXlsx(asOf)} download icon={<FileExcelOutlined />} data-testid="arrears-export-xlsx">
          {t("common:export_xlsx")}
        </Button>
      </div>
      <p className="muted">{t("explain", { month: asOf })}</p>
      <Spin spinning={loading}>
        <Card size="small">
          <Table<EstateArrears>
            size="small"
            bordered
            rowKey="estate_code"
            pagination={false}
            dataSource={data?.estates ?? []}
            locale={{ emptyText: t("none") }}
            onRow={(e) => testid(tid("arrears-row", e.estate_code))}
            columns={[
              { title: t("estate"), key: "estate", render: (_, e) => `${e.estate_name}（${e.estate_code}）` },
              { title: t("units"), dataIndex: "units", align: "right" },
              ...ageColumns<EstateArrears>(t, (e) => e.ageing),
              {
                title: "",
                key: "open",
                render: (_, e) => (
                  <Button type="link" size="small" onClick={() => setDrill(e)} data-testid={tid("arrears-detail", e.estate_code)}>
                    {t("units_detail")}
                  </Button>
                ),
              },
            ]}
            summary={() =>
              data && data.estates.length > 0 ? (
                <Table.Summary.Row data-testid="arrears-total">
                  <Table.Summary.Cell index={0}><strong>{t("group_total")}</strong></Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right"><strong>{data.units}</strong></Table.Summary.Cell>
                  {AGES.map((k, i) => (
                    <Table.Summary.Cell key={k} index={i + 2} align="right">
                      <Money fen={data.total[k]} strong testid={`arrears-total-${k}`} />
                    </Table.Summary.Cell>
                  ))}
                  <Table.Summary.Cell index={7} />
                </Table.Summary.Row>
              ) : null
            }
          />
        </Card>
      </Spin>
      <ArrearsUnits estate={drill} asOf={asOf} onClose={() => setDrill(null)} />
    </div>
  );
}
