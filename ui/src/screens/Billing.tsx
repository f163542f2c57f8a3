import { type ReactNode, useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, Checkbox, Form, Input, message, Progress, Radio, Select, Space, Table, Tabs, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { api, type Session } from "../api";
import type { BillingPreview } from "../bindings/BillingPreview";
import type { Building } from "../bindings/Building";
import type { FeeItem } from "../bindings/FeeItem";
import type { Method } from "../bindings/Method";
import type { MeterRow } from "../bindings/MeterRow";
import type { NoticeKind } from "../bindings/NoticeKind";
import type { Pool } from "../bindings/Pool";
import type { Standard } from "../bindings/Standard";
import type { UnitType } from "../bindings/UnitType";
import { parseDecimal } from "../decimal";
import { parseAmount } from "../money";
import { Amount, errorText, Key, KeyButton, percentOf, showError } from "../util";

export const METHODS: Method[] = ["per_area", "fixed", "metered", "per_quantity", "allocation"];
const UNIT_TYPES: UnitType[] = ["residential", "shop", "parking", "other"];
const TABS = ["items", "standards", "readings", "pools", "run", "notices"] as const;
type Tab = (typeof TABS)[number];

/** The core's verdict on a rate as typed for an item of this method: null (accepted or nothing typed) or
 * why it would be refused (`invalid`, `precision`, `negative`, `zero`, …). */
function useRateCheck(rate: string, method: Method | undefined): string | null {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (rate === "" || !method) {
      setError(null);
      return;
    }
    let current = true;
    api.rateCheck(rate, method).then(
      (r) => current && setError(r.error),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [rate, method]);
  return error;
}

/** Standards of one item, newest first (the one in force is on top). */
export function newestFirst(list: Standard[], item: string): Standard[] {
  return list.filter((s) => s.item === item).sort((a, b) => b.start_period.localeCompare(a.start_period) || b.id - a.id);
}

export interface ReadingDraft {
  current: string;
  /** The starting reading, for a meter's first reading. */
  start: string;
  change: boolean;
  oldEnd: string;
  newStart: string;
}
export const emptyDraft: ReadingDraft = { current: "", start: "", change: false, oldEnd: "", newStart: "" };

/** The rows whose unit code contains what was typed ("1201", "3-2"); all when nothing is typed. */
export function filterSheet(rows: MeterRow[], query: string): MeterRow[] {
  const q = query.trim().toLowerCase();
  return q ? rows.filter((r) => r.unit.toLowerCase().includes(q)) : rows;
}

const thisMonth = () => new Date().toLocaleDateString("sv-SE").slice(0, 7);

/** 计费: fee items, standards, meter readings, shared costs, the billing run and payment notices.
 * The core refuses what the signed-in role may not do; its message is shown as it is. */
export default function Billing({ session: _ }: { session: Session }) {
  const { t } = useTranslation("billing");
  const [tab, setTab] = useState<Tab>("items");
  const [period, setPeriod] = useState(thisMonth);
  const [items, setItems] = useState<FeeItem[]>([]);
  const [buildings, setBuildings] = useState<Building[]>([]);

  const loadItems = useCallback(() => api.feeItems().then(setItems, showError), []);
  useEffect(() => {
    loadItems();
    api.buildings().then(setBuildings, showError);
  }, [loadItems]);

  // Alt+1 … Alt+6 switch tabs.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const n = Number(e.key);
      if (e.altKey && n >= 1 && n <= TABS.length) {
        e.preventDefault();
        setTab(TABS[n - 1]);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const methodLabel = (m: Method) => t(`method.${m}`);
  const itemOptions = (m?: Method) => items.filter((i) => !m || i.method === m).map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }));
  const buildingOptions = buildings.map((b) => ({ value: b.code, label: t("building_label", { name: b.name, n: b.units }) }));
  const props = { t, period, items, itemOptions, buildingOptions, methodLabel };

  const body: Record<Tab, ReactNode> = {
    items: <ItemsTab {...props} onCreated={loadItems} />,
    standards: <StandardsTab {...props} />,
    readings: <ReadingsTab {...props} />,
    pools: <PoolsTab {...props} />,
    run: <RunTab {...props} />,
    notices: <NoticesTab {...props} />,
  };
  return (
    <Card
      size="small"
      data-testid="billing"
      title={t("title")}
      extra={
        <Space>
          {t("period")}
          <Input id="billing-period" value={period} onChange={(e) => setPeriod(e.target.value)} placeholder="YYYY-MM" style={{ width: 110 }} />
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        destroyOnHidden
        items={TABS.map((k, i) => ({
          key: k,
          label: (
            <span data-testid={`billing-tab-${k}`}>
              {t(`tab.${k}`)} <Key k={`Alt+${i + 1}`} />
            </span>
          ),
          children: body[k],
        }))}
      />
    </Card>
  );
}

interface TabProps {
  t: (k: string, o?: Record<string, unknown>) => string;
  period: string;
  items: FeeItem[];
  itemOptions: (m?: Method) => { value: string; label: string }[];
  buildingOptions: { value: string; label: string }[];
  methodLabel: (m: Method) => string;
}

// ------------------------------------------------------------------ 收费项目

function ItemsTab({ t, items, methodLabel, onCreated }: TabProps & { onCreated: () => void }) {
  const [form] = Form.useForm();
  const create = async (v: { code: string; name: string; method: Method; unit_label?: string }) => {
    try {
      const it = await api.createFeeItem(v.code, v.name, v.method, v.unit_label ?? "");
      form.resetFields();
      onCreated();
      showOk(t("item_created", { code: it.code, name: it.name }));
    } catch (e) {
      showError(e);
    }
  };
  // The list is in the office's order for part payments: a row moved up settles before the one above it.
  const move = (i: number, by: number) => {
    const codes = items.map((x) => x.code);
    [codes[i], codes[i + by]] = [codes[i + by], codes[i]];
    api.setPayOrder(codes).then(onCreated, showError);
  };
  return (
    <>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={items}
        data-testid="fee-items"
        columns={[
          { title: t("code"), dataIndex: "code", width: 120 },
          { title: t("name"), dataIndex: "name" },
          { title: t("method_title"), dataIndex: "method", render: (m: Method) => methodLabel(m) },
          { title: t("unit_label"), dataIndex: "unit_label" },
          { title: t("source"), dataIndex: "hq_version", render: (v: number | null) => <SourceTag t={t} version={v} /> },
          {
            title: t("pay_order"),
            key: "order",
            render: (_: unknown, it: FeeItem, i: number) => (
              <Space size={0}>
                <Button size="small" type="text" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t("move_up")} data-testid={`order-up-${it.code}`}>↑</Button>
                <Button size="small" type="text" disabled={i === items.length - 1} onClick={() => move(i, 1)} aria-label={t("move_down")} data-testid={`order-down-${it.code}`}>↓</Button>
              </Space>
            ),
          },
        ]}
      />
      <div className="muted" style={{ marginTop: 4 }}>{t("pay_order_hint")}</div>
      <Form form={form} layout="inline" style={{ marginTop: 12 }} onFinish={create} initialValues={{ method: "per_area" }}>
        <Form.Item name="code" rules={[{ required: true, message: t("required") }]}>
          <Input id="item-code" placeholder={t("code")} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, message: t("required") }]}>
          <Input placeholder={t("name")} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="method">
          <Select style={{ width: 130 }} options={METHODS.map((m) => ({ value: m, label: methodLabel(m) }))} />
        </Form.Item>
        <Form.Item name="unit_label">
          <Input placeholder={t("unit_label_hint")} style={{ width: 110 }} />
        </Form.Item>
        <Button htmlType="submit" type="primary" id="item-create">
          {t("add_item")} <Key k="Enter" />
        </Button>
      </Form>
    </>
  );
}

/** Where an item's standards come from: head office (which version) or this desk. */
function SourceTag({ t, version }: { t: TabProps["t"]; version: number | null }) {
  return version === null ? <Tag>{t("source_desk")}</Tag> : <Tag color="blue">{t("source_hq", { v: version })}</Tag>;
}

function showOk(text: string) {
  message.success({ content: <span data-testid="ok">{text}</span>, duration: 4 });
}

// ------------------------------------------------------------------ 收费标准

function StandardsTab({ t, period, items, itemOptions }: TabProps) {
  const [item, setItem] = useState<string | undefined>(items[0]?.code);
  const [list, setList] = useState<Standard[]>([]);
  const [rate, setRate] = useState("");
  const [scope, setScope] = useState<"type" | "units">("type");
  const [unitType, setUnitType] = useState<UnitType>("residential");
  const [units, setUnits] = useState("");
  const [from, setFrom] = useState(period);
  const load = useCallback(() => api.feeStandards().then(setList, showError), []);
  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    if (!item && items[0]) setItem(items[0].code);
  }, [items, item]);

  const method = items.find((i) => i.code === item)?.method;
  const hqVersion = items.find((i) => i.code === item)?.hq_version ?? null;
  const error = useRateCheck(rate, method);
  const save = async () => {
    const p = parseDecimal(rate, 6);
    if (!item || !p.ok || error) return;
    try {
      const codes = units.split(/[,，\s]+/).filter(Boolean);
      await api.setFeeStandard(item, p.text, scope === "type" ? { unit_type: unitType } : { units: codes }, from.trim());
      setRate("");
      load();
      showOk(t("standard_set", { item, rate: p.text, from: from.trim() }));
    } catch (e) {
      showError(e);
    }
  };
  const history = item ? newestFirst(list, item) : [];
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        {t("item")}
        <Select style={{ width: 200 }} value={item} onChange={setItem} options={itemOptions()} id="standard-item" />
      </Space>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={history}
        data-testid="standards"
        locale={{ emptyText: t("no_standards") }}
        columns={[
          { title: t("start_period"), dataIndex: "start_period", width: 110 },
          { title: t("rate"), dataIndex: "rate", className: "num", width: 120 },
          {
            title: t("scope"),
            render: (_: unknown, s: Standard) => (s.unit_type ? t(`unit_type.${s.unit_type}`) : t("chosen_units", { n: s.units })),
          },
          { title: t("set_by"), dataIndex: "from_hq", width: 90, render: (h: boolean) => (h ? <Tag color="blue">{t("set_by_hq")}</Tag> : t("set_by_desk")) },
          { title: "#", dataIndex: "id", width: 60 },
        ]}
      />
      {hqVersion !== null && <Alert style={{ marginTop: 12 }} type="info" showIcon data-testid="set-by-hq" message={t("set_by_hq_notice", { v: hqVersion })} />}
      <Form layout="inline" style={{ marginTop: 12 }} onFinish={save} disabled={hqVersion !== null}>
        <Form.Item validateStatus={error ? "error" : undefined} help={error ? <span data-testid="rate-error">{t(`bad.${error}`)}</span> : undefined}>
          <Input id="standard-rate" placeholder={t("rate_hint")} value={rate} onChange={(e) => setRate(e.target.value)} style={{ width: 130 }} />
        </Form.Item>
        <Form.Item>
          <Radio.Group value={scope} onChange={(e) => setScope(e.target.value)}>
            <Radio value="type">{t("by_type")}</Radio>
            <Radio value="units">{t("by_units")}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item>
          {scope === "type" ? (
            <Select style={{ width: 100 }} value={unitType} onChange={setUnitType} options={UNIT_TYPES.map((u) => ({ value: u, label: t(`unit_type.${u}`) }))} />
          ) : (
            <Input placeholder={t("units_hint")} value={units} onChange={(e) => setUnits(e.target.value)} style={{ width: 220 }} />
          )}
        </Form.Item>
        <Form.Item label={t("from")}>
          <Input value={from} onChange={(e) => setFrom(e.target.value)} placeholder="YYYY-MM" style={{ width: 100 }} />
        </Form.Item>
        <Button htmlType="submit" type="primary" id="standard-save" disabled={!item || rate === "" || !!error}>
          {t("set_standard")} <Key k="Enter" />
        </Button>
      </Form>
    </>
  );
}

// ------------------------------------------------------------------ 抄表

function ReadingsTab({ t, period, itemOptions, buildingOptions }: TabProps) {
  const metered = itemOptions("metered");
  const [item, setItem] = useState<string | undefined>(metered[0]?.value);
  const [building, setBuilding] = useState<string>("");
  const [rows, setRows] = useState<MeterRow[]>([]);
  const [drafts, setDrafts] = useState<Record<string, ReadingDraft>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [filter, setFilter] = useState("");
  const shown = filterSheet(rows, filter);
  const position = new Map(shown.map((r, i) => [r.unit, i]));
  useEffect(() => {
    if (!item && metered[0]) setItem(metered[0].value);
  }, [metered, item]);

  const load = async () => {
    if (!item) return;
    try {
      setRows(await api.meterSheet(item, period.trim(), building || null));
      setDrafts({});
      setUsages({});
      setErrors({});
    } catch (e) {
      showError(e);
    }
  };
  const [usages, setUsages] = useState<Record<string, string | null>>({});
  const draft = (u: string) => drafts[u] ?? emptyDraft;
  const edit = (u: string, d: Partial<ReadingDraft>) => {
    const next = { ...draft(u), ...d };
    setDrafts((all) => ({ ...all, [u]: next }));
    // The usage shown beside the row is the core's, from what is typed.
    const previous = rows.find((r) => r.unit === u)?.previous ?? null;
    api.readingUsage({ previous, start: next.start, current: next.current, meter_change: next.change ? [next.oldEnd, next.newStart] : null }).then(
      (usage) => setUsages((all) => ({ ...all, [u]: usage })),
      () => {},
    );
  };

  const save = async (row: MeterRow, index: number) => {
    const d = draft(row.unit);
    if (!item || d.current.trim() === "") return;
    const num = (s: string) => {
      const p = parseDecimal(s, 3);
      return p.ok ? p.text : s.trim(); // the core says what is wrong with it
    };
    try {
      const r = await api.recordReading({
        unit: row.unit,
        item,
        period: period.trim(),
        current: num(d.current),
        previous: row.previous === null ? num(d.start) : null,
        meter_change: d.change ? [num(d.oldEnd), num(d.newStart)] : null,
        note: "",
      });
      setRows((all) => all.map((x) => (x.unit === row.unit ? { ...x, previous: r.previous, previous_period: null, current: r.current, usage: r.usage, flagged: r.flagged } : x)));
      setErrors((all) => Object.fromEntries(Object.entries(all).filter(([u]) => u !== row.unit)));
      // On to the next unit still to read (read rows have no input).
      for (let k = index + 1; k < shown.length; k++) {
        const next = document.getElementById(`reading-${k}`);
        if (next) {
          next.focus();
          break;
        }
      }
    } catch (e) {
      setErrors((all) => ({ ...all, [row.unit]: errorText(e) }));
    }
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        {t("item")}
        <Select style={{ width: 180 }} value={item} onChange={setItem} options={metered} notFoundContent={t("no_metered")} />
        {t("building")}
        <Select style={{ width: 180 }} value={building} onChange={setBuilding} options={[{ value: "", label: t("whole_estate") }, ...buildingOptions]} />
        <Button type="primary" onClick={load} id="readings-load">
          {t("load_sheet")}
        </Button>
        <Input
          id="reading-filter"
          allowClear
          placeholder={t("unit_search")}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onPressEnter={() => document.getElementById("reading-0")?.focus()}
          style={{ width: 200 }}
          suffix={<Key k="Enter" />}
        />
      </Space>
      <Alert type="info" showIcon message={t("readings_hint")} style={{ marginBottom: 8 }} />
      <Table
        size="small"
        rowKey="unit"
        dataSource={shown}
        data-testid="meter-sheet"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t("unit"), dataIndex: "unit", width: 120 },
          {
            title: t("previous"),
            width: 150,
            render: (_: unknown, r: MeterRow) =>
              r.previous !== null ? (
                <span className="num">
                  {r.previous} {r.previous_period && <small style={{ color: "#8c8c8c" }}>({r.previous_period})</small>}
                </span>
              ) : r.current === null ? (
                <Input size="small" placeholder={t("start_reading")} value={draft(r.unit).start} onChange={(e) => edit(r.unit, { start: e.target.value })} style={{ width: 110 }} />
              ) : null,
          },
          {
            title: t("current"),
            width: 300,
            render: (_: unknown, r: MeterRow) => {
              if (r.current !== null) return <span className="num">{r.current}</span>;
              const i = position.get(r.unit) ?? 0;
              const d = draft(r.unit);
              return (
                <Space direction="vertical" size={2}>
                  <Space size={4}>
                    <Input
                      size="small"
                      id={`reading-${i}`}
                      value={d.current}
                      onChange={(e) => edit(r.unit, { current: e.target.value })}
                      onPressEnter={() => save(r, i)}
                      style={{ width: 110 }}
                      suffix={<Key k="Enter" />}
                    />
                    <Checkbox checked={d.change} onChange={(e) => edit(r.unit, { change: e.target.checked })}>
                      {t("meter_change")}
                    </Checkbox>
                  </Space>
                  {d.change && (
                    <Space size={4}>
                      <Input size="small" placeholder={t("old_end")} value={d.oldEnd} onChange={(e) => edit(r.unit, { oldEnd: e.target.value })} style={{ width: 110 }} />
                      <Input size="small" placeholder={t("new_start")} value={d.newStart} onChange={(e) => edit(r.unit, { newStart: e.target.value })} style={{ width: 110 }} />
                    </Space>
                  )}
                </Space>
              );
            },
          },
          {
            title: t("usage"),
            width: 110,
            render: (_: unknown, r: MeterRow) => {
              const u = r.usage ?? usages[r.unit] ?? null;
              if (u === null) return null;
              return (
                <span className="num" data-testid={`usage-${r.unit}`} style={{ color: u.startsWith("-") ? "#cf1322" : r.usage === null ? "#8c8c8c" : undefined }}>
                  {u}
                </span>
              );
            },
          },
          {
            title: t("check"),
            render: (_: unknown, r: MeterRow) =>
              errors[r.unit] ? (
                <span style={{ color: "#cf1322" }} data-testid={`reading-error-${r.unit}`}>
                  {errors[r.unit]}
                </span>
              ) : r.flagged ? (
                <Tag color="orange" data-testid={`flagged-${r.unit}`}>
                  {t("flagged")}
                </Tag>
              ) : r.current !== null ? (
                <Tag color="green">{t("recorded")}</Tag>
              ) : null,
          },
        ]}
      />
    </>
  );
}

// ------------------------------------------------------------------ 公摊

function PoolsTab({ t, period, itemOptions, buildingOptions }: TabProps) {
  const [form] = Form.useForm();
  const [list, setList] = useState<Pool[]>([]);
  const load = useCallback(() => api.allocationPools(period.trim()).then(setList, () => setList([])), [period]);
  useEffect(() => {
    load();
  }, [load]);
  const create = async (v: { item: string; building: string; total: string; basis: "area" | "household"; note?: string }) => {
    const total = parseAmount(v.total ?? "");
    if (!total.ok) {
      showError(t(`bad.${total.error}`));
      return;
    }
    try {
      await api.createAllocationPool({ item: v.item, period: period.trim(), building: v.building || null, total: total.fen, basis: v.basis, note: v.note ?? "" });
      form.resetFields(["total", "note"]);
      load();
      showOk(t("pool_created"));
    } catch (e) {
      showError(e);
    }
  };
  const pools = itemOptions("allocation");
  return (
    <>
      <Form form={form} layout="inline" onFinish={create} initialValues={{ item: pools[0]?.value, building: "", basis: "area" }}>
        <Form.Item name="item" rules={[{ required: true, message: t("required") }]}>
          <Select style={{ width: 170 }} options={pools} notFoundContent={t("no_allocation")} placeholder={t("item")} />
        </Form.Item>
        <Form.Item name="building">
          <Select style={{ width: 170 }} options={[{ value: "", label: t("whole_estate") }, ...buildingOptions]} />
        </Form.Item>
        <Form.Item name="total" rules={[{ required: true, message: t("required") }]}>
          <Input id="pool-total" prefix="¥" placeholder={t("total")} style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="basis">
          <Radio.Group>
            <Radio value="area">{t("basis.area")}</Radio>
            <Radio value="household">{t("basis.household")}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="note">
          <Input placeholder={t("note")} style={{ width: 140 }} />
        </Form.Item>
        <Button htmlType="submit" type="primary" id="pool-create">
          {t("add_pool")} <Key k="Enter" />
        </Button>
      </Form>
      <Table
        style={{ marginTop: 12 }}
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={list}
        data-testid="pools"
        locale={{ emptyText: t("no_pools", { period }) }}
        columns={[
          { title: t("item"), dataIndex: "item" },
          { title: t("building"), dataIndex: "building", render: (b: string | null) => b ?? t("whole_estate") },
          { title: t("total"), dataIndex: "total", className: "num", render: (f: number) => <Amount fen={f} /> },
          { title: t("basis_title"), dataIndex: "basis", render: (b: string) => t(`basis.${b}`) },
          { title: t("note"), dataIndex: "note" },
        ]}
      />
    </>
  );
}

// ------------------------------------------------------------------ 计费

function RunTab({ t, period }: TabProps) {
  const [preview, setPreview] = useState<BillingPreview | null>(null);
  const [running, setRunning] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [stage, setStage] = useState<string | null>(null);
  // Another period: the preview shown is not the one that would run.
  useEffect(() => {
    setPreview(null);
    setDone(null);
  }, [period]);

  const doPreview = async () => {
    setDone(null);
    try {
      setPreview(await api.billingPreview(period.trim()));
    } catch (e) {
      setPreview(null);
      showError(e);
    }
  };
  const [percent, setPercent] = useState(0);
  const run = async () => {
    setRunning(true);
    setStage(null);
    try {
      setPercent(0);
      const r = await api.billingRun(period.trim(), (p) => {
        setPercent(percentOf(p));
        setStage(p.stage === "finished" ? t("finished_in", { ms: p.ms }) : t("running"));
      });
      setPreview(r.preview);
      setDone(r.run_id === null ? t("nothing_to_bill", { period: r.preview.period }) : t("billed", { period: r.preview.period, n: r.preview.charges }));
    } catch (e) {
      showError(e);
    } finally {
      setRunning(false);
    }
  };
  return (
    <>
      <Space>
        <KeyButton k="Alt+V" onClick={doPreview} id="billing-preview">
          {t("preview")}
        </KeyButton>
        <KeyButton k="Alt+G" type="primary" onClick={run} loading={running} disabled={!preview || !!done} id="billing-run">
          {t("run")}
        </KeyButton>
      </Space>
      {running && <Progress percent={percent} status="active" data-testid="billing-progress" />}
      {stage && !running && <div style={{ color: "#8c8c8c" }}>{stage}</div>}
      {done && <Alert style={{ marginTop: 12 }} type="success" message={<span data-testid="billing-done">{done}</span>} />}
      {preview && (
        <div style={{ marginTop: 12 }} data-testid="billing-preview-result">
          <Table
            size="small"
            rowKey="item"
            pagination={false}
            dataSource={preview.items}
            columns={[
              { title: t("code"), dataIndex: "item", width: 100 },
              { title: t("name"), dataIndex: "name" },
              { title: t("charges"), dataIndex: "charges", className: "num", width: 100 },
              { title: t("amount"), dataIndex: "total_fen", className: "num", width: 160, render: (f: number) => <Amount fen={f} /> },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  <b>{t("sum")}</b>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} className="num">
                  <b data-testid="preview-charges">{preview.charges}</b>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} className="num">
                  <Amount fen={preview.total_fen} strong testid="preview-total" />
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
          {preview.already_billed > 0 && <Alert style={{ marginTop: 8 }} type="info" message={t("already_billed", { n: preview.already_billed })} />}
          {preview.missing_readings.length > 0 && (
            <Alert
              style={{ marginTop: 8 }}
              type="warning"
              message={t("missing_readings", { n: preview.missing_readings.length })}
              description={<UnitTags units={preview.missing_readings} />}
              data-testid="missing-readings"
            />
          )}
          {preview.flagged_readings.length > 0 && (
            <Alert
              style={{ marginTop: 8 }}
              type="warning"
              message={t("flagged_readings", { n: preview.flagged_readings.length })}
              description={<UnitTags units={preview.flagged_readings} />}
              data-testid="flagged-readings"
            />
          )}
        </div>
      )}
    </>
  );
}

function UnitTags({ units }: { units: string[] }) {
  const shown = units.slice(0, 60);
  return (
    <div style={{ maxHeight: 120, overflow: "auto" }}>
      {shown.map((u) => (
        <Tag key={u}>{u}</Tag>
      ))}
      {units.length > shown.length && <span>… +{units.length - shown.length}</span>}
    </div>
  );
}

// ------------------------------------------------------------------ 通知单

function NoticesTab({ t, period, buildingOptions }: TabProps) {
  const [kind, setKind] = useState<NoticeKind>("payment");
  const [building, setBuilding] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [path, setPath] = useState<string | null>(null);
  const make = async () => {
    if (!building) return;
    setBusy(true);
    setPath(null);
    try {
      setPath(await api.noticePdf(kind, period.trim(), { building }));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Space wrap>
        <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)}>
          <Radio value="payment">{t("notice.payment")}</Radio>
          <Radio value="dunning">{t("notice.dunning")}</Radio>
        </Radio.Group>
        <Select style={{ width: 200 }} value={building} onChange={setBuilding} options={buildingOptions} placeholder={t("building")} id="notice-building" />
        <Button type="primary" onClick={make} loading={busy} disabled={!building} id="notice-make">
          {t("make_notice")}
        </Button>
      </Space>
      <Alert type="info" showIcon style={{ marginTop: 12 }} message={t("notice_hint")} />
      {path && <Alert style={{ marginTop: 12 }} type="success" message={<span data-testid="notice-path">{t("notice_saved", { path })}</span>} />}
    </>
  );
}
