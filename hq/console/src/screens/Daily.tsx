import { useCallback, useEffect, useState } from "react";
import { Button, Card, Col, Collapse, DatePicker, Empty, Row, Spin, Statistic, Table, Tag, Tooltip } from "antd";
import { ReloadOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import type { DayFigures } from "../bindings/DayFigures";
import type { DeskDay } from "../bindings/DeskDay";
import type { EstateDay } from "../bindings/EstateDay";
import type { GroupDay } from "../bindings/GroupDay";
import { api } from "../api";
import { isDay, yesterday } from "../logic/dates";
import { useHashParam } from "../route";
import { Money, showError, testid, tid } from "../util";
import DayBreakdown from "./DayBreakdown";
import DayDocuments from "./DayDocuments";

function Closing({ d, estate }: { d: DeskDay; estate: string }) {
  const { t } = useTranslation("daily");
  const id = tid("daily-closing", estate, d.desk_code);
  if (d.closing === "match") return <Tag color="green" data-testid={id} data-closing="match">{t("match")}</Tag>;
  if (d.closing === null) return <Tag data-testid={id} data-closing="none">{t("not_closed")}</Tag>;
  return (
    <Tooltip title={d.closing_detail}>
      <Tag color="red" data-testid={id} data-closing="mismatch">{t("mismatch")}</Tag>
      {d.closing_detail && <div className="muted" style={{ fontSize: 12, maxWidth: 320 }}>{d.closing_detail}</div>}
    </Tooltip>
  );
}

const range = (r: DayFigures["receipts"]) => (r.first ? `${r.first} – ${r.last}` : "");

/** Columns of a day's figures, the same for a desk row and a total row. */
function figureCells(f: DayFigures, strong = false) {
  return [
    <span key="r">{f.receipts.count}</span>,
    <span key="v">{f.vouchers.count}</span>,
    <Money key="t" fen={f.total_fen} strong={strong} />,
    <span key="x">{f.voided_count > 0 ? <>{f.voided_count} / <Money fen={f.voided_fen} /></> : 0}</span>,
    <span key="c">{f.reversals_count > 0 ? <>{f.reversals_count} / <Money fen={f.reversals_fen} /></> : 0}</span>,
    <Money key="d" fen={f.deposits_taken_fen - f.deposits_refunded_fen} strong={strong} />,
    <Money key="p" fen={f.prepayments_received_fen} strong={strong} />,
  ];
}

function EstateTable({ e, open }: { e: EstateDay; open: (estate: string, desk: string) => void }) {
  const { t } = useTranslation("daily");
  const heads = ["receipts", "vouchers", "total", "voided", "reversals", "deposits", "prepayments"];
  return (
    <Table<DeskDay>
      size="small"
      rowKey="desk_code"
      pagination={false}
      dataSource={e.desks}
      onRow={(d) => testid(tid("daily-row", e.estate_code, d.desk_code))}
      columns={[
        { title: t("desk"), dataIndex: "desk_code", render: (c: string, d) => <Tooltip title={range(d.figures.receipts)}><strong>{c}</strong></Tooltip> },
        ...heads.map((h, i) => ({ title: t(h), key: h, align: "right" as const, render: (_: unknown, d: DeskDay) => figureCells(d.figures)[i] })),
        { title: t("closing"), key: "closing", render: (_: unknown, d: DeskDay) => <Closing d={d} estate={e.estate_code} /> },
        {
          title: "",
          key: "open",
          render: (_: unknown, d: DeskDay) => (
            <Button size="small" type="link" onClick={() => open(e.estate_code, d.desk_code)} data-testid={tid("daily-detail", e.estate_code, d.desk_code)}>
              {t("documents")}
            </Button>
          ),
        },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}>
            <strong>{t("estate_total")}</strong>
          </Table.Summary.Cell>
          {figureCells(e.total, true).map((c, i) => (
            <Table.Summary.Cell key={i} index={i + 1} align="right">
              {c}
            </Table.Summary.Cell>
          ))}
          <Table.Summary.Cell index={8} colSpan={2} />
        </Table.Summary.Row>
      )}
    />
  );
}

/** 日报汇总: one day of every estate, each desk marked against its own signed daily closing. */
export default function Daily() {
  const { t } = useTranslation("daily");
  const [day, setDay] = useHashParam("day", () => yesterday(), isDay);
  const [data, setData] = useState<GroupDay | null>(null);
  const [loading, setLoading] = useState(false);
  const [drill, setDrill] = useState<{ estate: string; desk: string } | null>(null);

  const load = useCallback(() => {
    setLoading(true);
    api
      .daily(day)
      .then(setData, (e) => (setData(null), showError(e)))
      .finally(() => setLoading(false));
  }, [day]);
  useEffect(load, [load]);

  return (
    <div data-testid="screen-daily">
      <div className="toolbar">
        <h2 className="screen-title" style={{ margin: 0 }}>{t("title")}</h2>
        <span data-testid="daily-day">
          <DatePicker allowClear={false} value={dayjs(day)} onChange={(d) => d && setDay(d.format("YYYY-MM-DD"))} disabledDate={(d) => d.isAfter(dayjs(), "day")} />
        </span>
        <Button icon={<ReloadOutlined />} onClick={load} data-testid="daily-reload">{t("common:reload")}</Button>
      </div>
      <Spin spinning={loading}>
        {data && (
          <>
            <Row gutter={16} style={{ marginBottom: 16 }}>
              <Col span={6}><Card size="small"><Statistic title={t("group_total")} value={data.total.total_fen} formatter={() => <Money fen={data.total.total_fen} testid="daily-total" strong />} /></Card></Col>
              <Col span={6}><Card size="small"><Statistic title={t("receipts")} value={data.total.receipts.count} /></Card></Col>
              <Col span={4}><Card size="small"><Statistic title={t("match")} value={data.desks_matching} valueStyle={{ color: "#389e0d" }} /></Card></Col>
              <Col span={4}><Card size="small"><Statistic title={t("mismatch")} value={data.desks_mismatching} valueStyle={{ color: data.desks_mismatching ? "#cf1322" : undefined }} /></Card></Col>
              <Col span={4}><Card size="small"><Statistic title={t("not_closed")} value={data.desks_not_closed} /></Card></Col>
            </Row>
            {data.estates.length === 0 ? (
              <Card><Empty description={t("no_data", { day })} data-testid="daily-empty" /></Card>
            ) : (
              <>
                {data.estates.map((e) => (
                  <Card key={e.estate_code} size="small" title={`${e.estate_name}（${e.estate_code}）`} style={{ marginBottom: 16 }} data-testid={tid("daily-estate", e.estate_code)}>
                    <EstateTable e={e} open={(estate, desk) => setDrill({ estate, desk })} />
                    <Collapse
                      ghost
                      size="small"
                      data-testid={tid("daily-breakdown", e.estate_code)}
                      items={[{ key: "b", label: t("breakdown"), children: <DayBreakdown total={e.total} whose={e.estate_name} id={`-${e.estate_code}`} /> }]}
                    />
                  </Card>
                ))}
                <DayBreakdown total={data.total} whose={t("group")} />
              </>
            )}
          </>
        )}
      </Spin>
      <DayDocuments target={drill && { ...drill, day }} onClose={() => setDrill(null)} />
    </div>
  );
}
