import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, Spin, Table, Tag } from "antd";
import { ReloadOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import type { DeskStandard } from "../bindings/DeskStandard";
import type { Me } from "../bindings/Me";
import type { PublishedStandard } from "../bindings/PublishedStandard";
import type { StandardEntry } from "../bindings/StandardEntry";
import type { StandardsOverview } from "../bindings/StandardsOverview";
import { api } from "../api";
import { timeText } from "../logic/dates";
import { deskStanding } from "../logic/labels";
import { errorText, testid, tid } from "../util";
import StandardForm, { METHODS, UNIT_TYPES } from "./StandardForm";

function Entries({ entries }: { entries: StandardEntry[] }) {
  const { t } = useTranslation("standards");
  return (
    <Table<StandardEntry>
      size="small"
      pagination={false}
      rowKey={(e, i) => `${e.item_code}|${e.unit_type}|${i}`}
      dataSource={entries}
      columns={[
        { title: t("item_code"), dataIndex: "item_code" },
        { title: t("item_name"), dataIndex: "item_name" },
        { title: t("method"), dataIndex: "method", render: (m: string) => ((METHODS as readonly string[]).includes(m) ? t(`methods.${m}`) : m) },
        { title: t("unit_type"), dataIndex: "unit_type", render: (u: string | null) => (u === null ? t("all_types") : (UNIT_TYPES as readonly string[]).includes(u) ? t(`unit_types.${u}`) : u) },
        { title: t("rate"), dataIndex: "rate", align: "right", render: (r: string, e) => <span style={{ fontVariantNumeric: "tabular-nums" }}>{r}{e.unit_label ? ` ${t("per", { unit: e.unit_label })}` : ""}</span> },
      ]}
    />
  );
}

function StandingTag({ d }: { d: DeskStandard }) {
  const { t, i18n } = useTranslation("standards");
  const s = deskStanding(d);
  const id = tid("standards-standing", d.estate_code, d.desk_code);
  if (s === "refused") {
    const reason = (i18n.language === "en" ? d.refused_reason_en : d.refused_reason_zh) ?? "";
    return (
      <span>
        <Tag color="red" data-testid={id} data-standing={s}>{t("refused")}</Tag>
        <span data-testid={tid("standards-refusal", d.estate_code, d.desk_code)}>{t("refused_reason", { version: d.refused_version, reason })}</span>
      </span>
    );
  }
  if (s === "applied") return <Tag color="green" data-testid={id} data-standing={s}>{t("applied")}</Tag>;
  if (s === "pending") return <Tag color="orange" data-testid={id} data-standing={s}>{t("pending")}</Tag>;
  return <Tag data-testid={id} data-standing={s}>{t("none_published")}</Tag>;
}

/** 收费标准: the published versions (newest first), which version each desk applied, and (administrators) publishing. */
export default function Standards({ me }: { me: Me }) {
  const { t } = useTranslation("standards");
  const [data, setData] = useState<StandardsOverview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(() => {
    setLoading(true);
    setError(null);
    api
      .standards()
      .then(setData, (e) => (setData(null), setError(e)))
      .finally(() => setLoading(false));
  }, []);
  useEffect(load, [load]);

  const scope = (code: string | null) => (code === null ? <Tag color="blue">{t("group_wide")}</Tag> : <Tag>{code}</Tag>);
  return (
    <div data-testid="screen-standards">
      <div className="toolbar">
        <h2 className="screen-title" style={{ margin: 0 }}>{t("title")}</h2>
        <Button icon={<ReloadOutlined />} onClick={load} data-testid="standards-reload">{t("common:reload")}</Button>
      </div>
      {error !== null && <Alert type="error" showIcon message={t("load_failed")} description={errorText(error)} style={{ marginBottom: 16 }} data-testid="standards-error" />}
      <Spin spinning={loading}>
        <Card size="small" title={t("versions")} style={{ marginBottom: 16 }}>
          <Table<PublishedStandard>
            size="small"
            rowKey="version"
            dataSource={data?.versions ?? []}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{ emptyText: t("no_versions") }}
            data-testid="standards-versions"
            onRow={(v) => testid(tid("standards-version", String(v.version)))}
            expandable={{ expandedRowRender: (v) => <Entries entries={v.entries} /> }}
            columns={[
              { title: t("version"), dataIndex: "version", render: (v: number) => <strong>v{v}</strong> },
              { title: t("scope"), dataIndex: "estate_code", render: scope },
              { title: t("effective_month"), dataIndex: "effective_month" },
              { title: t("entries"), key: "n", align: "right", render: (_, v) => v.entries.length },
              { title: t("note"), dataIndex: "note" },
              { title: t("published_by"), dataIndex: "published_by" },
              { title: t("published_at"), dataIndex: "published_at", render: (v: string) => timeText(v) },
            ]}
          />
        </Card>
        <Card size="small" title={t("desks")} style={{ marginBottom: 16 }}>
          <Table<DeskStandard>
            size="small"
            rowKey={(d) => `${d.estate_code}|${d.desk_code}`}
            dataSource={data?.desks ?? []}
            pagination={false}
            locale={{ emptyText: t("no_desks") }}
            data-testid="standards-desks"
            onRow={(d) => testid(tid("standards-desk", d.estate_code, d.desk_code))}
            columns={[
              { title: t("estate"), dataIndex: "estate_code" },
              { title: t("desk"), dataIndex: "desk_code" },
              { title: t("applied_version"), dataIndex: "applied_version", render: (v: number | null) => (v === null ? "—" : `v${v}`) },
              { title: t("applied_at"), dataIndex: "applied_at", render: (v: string | null) => timeText(v) || "—" },
              { title: t("latest_version"), dataIndex: "latest_version", render: (v: number | null) => (v === null ? "—" : `v${v}`) },
              { title: t("standing"), key: "s", render: (_, d) => <StandingTag d={d} /> },
            ]}
          />
        </Card>
      </Spin>
      {me.role === "admin" && <StandardForm estates={me.estates} onPublished={load} />}
    </div>
  );
}
