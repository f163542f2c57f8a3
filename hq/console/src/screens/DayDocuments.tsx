import { useEffect, useState } from "react";
import { Col, Descriptions, Drawer, Row, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { DayDocument } from "../bindings/DayDocument";
import { api } from "../api";
import { timeText } from "../logic/dates";
import { methodLabel } from "../logic/labels";
import { Money, money, showError, testid, tid } from "../util";

const KINDS = ["payment", "sale", "reversal", "deposit", "refund"];

export function DocumentStatus({ d }: { d: Pick<DayDocument, "voided" | "reversed_by"> & { reverses?: string | null } }) {
  const { t } = useTranslation("daily");
  return (
    <>
      {d.voided && <Tag color="red" data-testid="doc-voided">{t("voided_tag")}</Tag>}
      {d.reversed_by && <Tag color="orange" data-testid="doc-reversed">{t("reversed_by", { n: d.reversed_by })}</Tag>}
      {d.reverses && <Tag color="volcano">{t("reverses", { n: d.reverses })}</Tag>}
      {!d.voided && !d.reversed_by && !d.reverses && <Tag color="green">{t("standing")}</Tag>}
    </>
  );
}

function Lines({ d }: { d: DayDocument }) {
  const { t } = useTranslation("daily");
  const pairs = (rows: [string, number][], label: (s: string) => string) => (
    <Descriptions size="small" column={1} bordered>
      {rows.map(([k, v], i) => (
        <Descriptions.Item key={i} label={label(k)}>
          <div style={{ textAlign: "right" }}>{money(v)}</div>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
  return (
    <Row gutter={16}>
      <Col span={14}>
        <div className="muted">{t("lines")}</div>
        {pairs(d.lines, (s) => s)}
      </Col>
      <Col span={10}>
        <div className="muted">{t("payments")}</div>
        {pairs(d.payments, (m) => methodLabel(m, t))}
      </Col>
    </Row>
  );
}

/** The receipts and vouchers of one desk-day, each with its lines and payments. */
export default function DayDocuments({ target, onClose }: { target: { estate: string; desk: string; day: string } | null; onClose: () => void }) {
  const { t } = useTranslation("daily");
  const [docs, setDocs] = useState<DayDocument[] | null>(null);
  useEffect(() => {
    setDocs(null);
    if (target) api.dayDocuments(target.estate, target.desk, target.day).then(setDocs, (e) => (setDocs([]), showError(e)));
  }, [target?.estate, target?.desk, target?.day]); // eslint-disable-line react-hooks/exhaustive-deps
  const standing = (docs ?? []).filter((d) => !d.voided);
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      width={960}
      title={target ? t("documents_title", target) : ""}
      destroyOnHidden
      data-testid="documents-drawer"
    >
      <div data-testid="documents-drawer-body">
        <Table<DayDocument>
          size="small"
          rowKey="number"
          loading={docs === null}
          dataSource={docs ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          rowClassName={(d) => (d.voided ? "row-voided" : "")}
          onRow={(d) => testid(tid("document-row", d.number))}
          expandable={{ expandedRowRender: (d) => <Lines d={d} /> }}
          columns={[
            { title: t("number"), dataIndex: "number", render: (n: string) => <span style={{ fontFamily: "monospace" }}>{n}</span> },
            { title: t("time"), dataIndex: "at", render: (v: string) => timeText(v).slice(11) },
            { title: t("kind"), dataIndex: "kind", render: (k: string) => (KINDS.includes(k) ? t(`kinds.${k}`) : k) },
            { title: t("unit"), dataIndex: "unit" },
            { title: t("payer"), dataIndex: "payer" },
            { title: t("cashier"), dataIndex: "cashier" },
            { title: t("amount"), dataIndex: "total_fen", align: "right", render: money },
            { title: t("doc_status"), key: "status", render: (_, d) => <DocumentStatus d={d} /> },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={7}>
                <strong>{t("standing_total", { n: standing.length })}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={7} align="right">
                <Money fen={standing.reduce((s, d) => s + d.total_fen, 0)} strong testid="documents-total" />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={8} />
            </Table.Summary.Row>
          )}
        />
      </div>
    </Drawer>
  );
}
