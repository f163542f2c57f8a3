import { useState } from "react";
import { Alert, Button, Card, Col, DatePicker, Form, Input, message, Modal, Row, Select } from "antd";
import { DeleteOutlined, PlusOutlined, SendOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import type { EstateRow } from "../bindings/EstateRow";
import type { NewStandard } from "../bindings/NewStandard";
import { api } from "../api";
import { checkRate } from "../logic/rate";
import { errorText } from "../util";
import { forgetItemNames } from "../itemNames";

export const METHODS = ["per_area", "fixed", "metered", "per_quantity", "allocation"] as const;
export const UNIT_TYPES = ["residential", "shop", "parking", "other"] as const;
const GROUP = "__group__";
const ALL = "__all__";

type EntryValues = { item_code: string; item_name: string; method: string; unit_label?: string; rate: string; unit_type: string };
type Values = { estate: string; month: Dayjs; note?: string; entries: EntryValues[] };

const emptyEntry: Partial<EntryValues> = { method: "per_area", unit_type: ALL, rate: "" };

/** Publishing a version of the fee standards: for one estate or the whole group, from a billing month. */
export default function StandardForm({ estates, onPublished }: { estates: EstateRow[]; onPublished: () => void }) {
  const { t } = useTranslation("standards");
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [modal, modalHolder] = Modal.useModal();

  // A published version cannot be taken back: say what goes out, and to whom, before it does.
  const confirm = (v: Values) => {
    const estate = estates.find((e) => e.code === v.estate);
    const scope = v.estate === GROUP ? t("group_wide") : estate ? `${estate.name}（${estate.code}）` : v.estate;
    modal.confirm({
      title: t("confirm_title"),
      content: t("confirm_body", { scope, month: v.month.format("YYYY-MM"), n: v.entries.length }),
      okText: t("confirm_ok"),
      cancelText: t("confirm_cancel"),
      okButtonProps: { id: "publish-confirm" },
      onOk: () => submit(v),
    });
  };

  const submit = async (v: Values) => {
    const body: NewStandard = {
      estate: v.estate === GROUP ? null : v.estate,
      effective_month: v.month.format("YYYY-MM"),
      note: (v.note ?? "").trim(),
      entries: v.entries.map((e) => ({
        item_code: e.item_code.trim().toUpperCase(),
        item_name: e.item_name.trim(),
        method: e.method,
        unit_label: (e.unit_label ?? "").trim(),
        rate: (checkRate(e.rate) as { rate: string }).rate,
        unit_type: e.unit_type === ALL ? null : e.unit_type,
      })),
    };
    setBusy(true);
    setError(null);
    try {
      const p = await api.publishStandard(body);
      message.success(t("published", { version: p.version }));
      form.resetFields();
      forgetItemNames();
      onPublished();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // Zero is a rate only for an allocation (its share is worked out at the desk), as the server checks.
  const rateRule = (row: number) => ({
    validator: (_: unknown, v: string | undefined) => {
      const c = checkRate(v ?? "", form.getFieldValue(["entries", row, "method"]) === "allocation");
      return c.ok ? Promise.resolve() : Promise.reject(new Error(t(`rate_error.${c.error}`)));
    },
  });

  return (
    <Card size="small" title={t("publish_title")} data-testid="standards-publish-form">
      {modalHolder}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={confirm}
        initialValues={{ estate: GROUP, month: dayjs().add(1, "month").startOf("month"), note: "", entries: [emptyEntry] }}
      >
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item name="estate" label={t("scope")} rules={[{ required: true }]}>
              <Select data-testid="publish-estate" options={[{ value: GROUP, label: t("group_wide") }, ...estates.map((e) => ({ value: e.code, label: `${e.name}（${e.code}）` }))]} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="month" label={t("effective_month")} rules={[{ required: true, message: t("month_required") }]}>
              <DatePicker picker="month" allowClear={false} style={{ width: "100%" }} data-testid="publish-month" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="note" label={t("note")}>
              <Input maxLength={200} data-testid="publish-note" />
            </Form.Item>
          </Col>
        </Row>
        <Form.List name="entries" rules={[{ validator: (_, v) => (v?.length ? Promise.resolve() : Promise.reject(new Error(t("entries_required")))) }]}>
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f, i) => (
                <Row gutter={8} key={f.key} align="top" data-testid={`publish-entry-${i}`}>
                  <Col span={3}>
                    <Form.Item name={[f.name, "item_code"]} label={i === 0 ? t("item_code") : undefined} rules={[{ required: true, whitespace: true, message: t("required") }]}>
                      <Input placeholder="WYF" data-testid={`publish-entry-${i}-code`} />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item name={[f.name, "item_name"]} label={i === 0 ? t("item_name") : undefined} rules={[{ required: true, whitespace: true, message: t("required") }]}>
                      <Input placeholder={t("item_name_example")} data-testid={`publish-entry-${i}-name`} />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item name={[f.name, "method"]} label={i === 0 ? t("method") : undefined} rules={[{ required: true }]}>
                      <Select data-testid={`publish-entry-${i}-method`} options={METHODS.map((m) => ({ value: m, label: t(`methods.${m}`) }))} />
                    </Form.Item>
                  </Col>
                  <Col span={3}>
                    <Form.Item name={[f.name, "unit_label"]} label={i === 0 ? t("unit_label") : undefined}>
                      <Input placeholder="㎡" data-testid={`publish-entry-${i}-unit`} />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item name={[f.name, "rate"]} label={i === 0 ? t("rate_yuan") : undefined} rules={[rateRule(f.name)]}>
                      <Input placeholder="2.50" inputMode="decimal" data-testid={`publish-entry-${i}-rate`} />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item name={[f.name, "unit_type"]} label={i === 0 ? t("unit_type") : undefined}>
                      <Select data-testid={`publish-entry-${i}-type`} options={[{ value: ALL, label: t("all_types") }, ...UNIT_TYPES.map((u) => ({ value: u, label: t(`unit_types.${u}`) }))]} />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Form.Item label={i === 0 ? " " : undefined}>
                      <Button icon={<DeleteOutlined />} disabled={fields.length === 1} onClick={() => remove(f.name)} data-testid={`publish-entry-${i}-remove`} />
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Form.ErrorList errors={errors} />
              <div style={{ marginBottom: 16 }}>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ ...emptyEntry })} data-testid="publish-add-entry">
                  {t("add_entry")}
                </Button>
              </div>
            </>
          )}
        </Form.List>
        {error !== null && <Alert type="error" showIcon message={errorText(error)} style={{ marginBottom: 16 }} data-testid="publish-error" />}
        <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={busy} data-testid="publish-submit">
          {t("publish")}
        </Button>
      </Form>
    </Card>
  );
}
