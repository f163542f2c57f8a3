import { useEffect, useMemo, useState } from "react";
import { Drawer, Input, Table } from "antd";
import { useTranslation } from "react-i18next";
import type { EstateArrears } from "../bindings/EstateArrears";
import type { UnitArrears } from "../bindings/UnitArrears";
import { api } from "../api";
import { buildingLabel } from "../logic/labels";
import { Money, showError, testid, tid } from "../util";
import { ageColumns, AGES } from "./ageing";

/** The units in arrears of one estate, largest first (owners' names masked by the server). */
export default function ArrearsUnits({ estate, asOf, onClose }: { estate: EstateArrears | null; asOf: string; onClose: () => void }) {
  const { t } = useTranslation("arrears");
  const [rows, setRows] = useState<UnitArrears[] | null>(null);
  const [filter, setFilter] = useState("");
  const code = estate?.estate_code;
  useEffect(() => {
    setRows(null);
    setFilter("");
    if (code) api.arrearsUnits(code, asOf).then(setRows, (e) => (setRows([]), showError(e)));
  }, [code, asOf]);
  const shown = useMemo(() => {
    const f = filter.trim().toUpperCase();
    return (rows ?? []).filter((r) => !f || r.unit.toUpperCase().includes(f) || r.building.toUpperCase() === f);
  }, [rows, filter]);
  const sum = (k: (typeof AGES)[number]) => shown.reduce((s, r) => s + r.ageing[k], 0);
  return (
    <Drawer open={estate !== null} onClose={onClose} width={1000} destroyOnHidden title={estate ? t("units_title", { name: estate.estate_name, month: asOf }) : ""}>
      <div data-testid="arrears-units">
        <Input.Search allowClear placeholder={t("filter")} value={filter} onChange={(e) => setFilter(e.target.value)} style={{ width: 240, marginBottom: 12 }} data-testid="arrears-units-filter" />
        <Table<UnitArrears>
          size="small"
          rowKey="unit"
          loading={rows === null}
          dataSource={shown}
          pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
          onRow={(r) => testid(tid("arrears-unit", r.unit))}
          columns={[
            { title: t("unit"), dataIndex: "unit" },
            { title: t("building"), dataIndex: "building", render: (b: string) => buildingLabel(b, t) },
            { title: t("owner"), dataIndex: "owner" },
            { title: t("oldest"), dataIndex: "oldest_period" },
            { title: t("charges"), dataIndex: "charges", align: "right" },
            ...ageColumns<UnitArrears>(t, (r) => r.ageing),
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={5}>
                <strong>{t("units_total", { n: shown.length })}</strong>
              </Table.Summary.Cell>
              {AGES.map((k, i) => (
                <Table.Summary.Cell key={k} index={i + 5} align="right">
                  <Money fen={sum(k)} strong />
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          )}
        />
      </div>
    </Drawer>
  );
}
