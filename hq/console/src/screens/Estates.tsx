import { useCallback, useEffect, useState } from "react";
import { Button, Card, Empty, Space, Spin, Table, Tag } from "antd";
import { KeyOutlined, PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import type { DeskRow } from "../bindings/DeskRow";
import type { EstateDesks } from "../bindings/EstateDesks";
import type { IssuedCode } from "../bindings/IssuedCode";
import type { Me } from "../bindings/Me";
import { api } from "../api";
import { timeText } from "../logic/dates";
import { showError, testid, tid } from "../util";
import Alerts from "./Alerts";
import { IssuedCodeDialog, NewDeskDialog, NewEstateDialog, RevokeButton } from "./EstateDialogs";

function DeskStatus({ d }: { d: DeskRow }) {
  const { t } = useTranslation("estates");
  if (d.revoked) return <Tag color="red">{t("status_revoked")}</Tag>;
  if (d.keys === 0) return <Tag color="orange">{t("status_not_enrolled")}</Tag>;
  return <Tag color="green">{t("status_active")}</Tag>;
}

/** 项目与收费台: the estates, their desks and how each desk's sync stands; the latest alerts below. */
export default function Estates({ me }: { me: Me }) {
  const { t } = useTranslation("estates");
  const admin = me.role === "admin";
  const [rows, setRows] = useState<EstateDesks[] | null>(null);
  const [newEstate, setNewEstate] = useState(false);
  const [deskFor, setDeskFor] = useState<string | null>(null);
  const [issued, setIssued] = useState<IssuedCode | null>(null);
  const [tick, setTick] = useState(0);

  const load = useCallback(() => {
    api.estates().then(setRows, showError);
    setTick((n) => n + 1);
  }, []);
  useEffect(load, [load]);

  const issue = async (estate: string, desk: string) => {
    try {
      setIssued(await api.issueCode(estate, desk));
    } catch (e) {
      showError(e);
    }
  };

  const columns = [
    { title: t("desk"), dataIndex: "code", key: "code", render: (c: string) => <strong>{c}</strong> },
    { title: t("status"), key: "status", render: (_: unknown, d: DeskRow) => <DeskStatus d={d} /> },
    { title: t("keys"), dataIndex: "keys", key: "keys", align: "right" as const },
    { title: t("head_seq"), dataIndex: "head_seq", key: "head_seq", align: "right" as const },
    { title: t("last_event_at"), dataIndex: "last_event_at", key: "last", render: (v: string | null) => (v ? timeText(v) : <span className="muted">{t("never")}</span>) },
    { title: t("held"), dataIndex: "held", key: "held", align: "right" as const, render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : n) },
    { title: t("quarantined"), dataIndex: "quarantined", key: "q", align: "right" as const, render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : n) },
    { title: t("alerts"), dataIndex: "alerts", key: "alerts", align: "right" as const, render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : n) },
    ...(admin
      ? [
          {
            title: t("actions"),
            key: "actions",
            render: (_: unknown, d: DeskRow) =>
              d.revoked ? null : (
                <Space>
                  <Button size="small" icon={<KeyOutlined />} onClick={() => issue(d.estate_code, d.code)} data-testid={tid("desk-code", d.estate_code, d.code)}>
                    {t("issue_code")}
                  </Button>
                  <RevokeButton estate={d.estate_code} desk={d.code} onDone={load} />
                </Space>
              ),
          },
        ]
      : []),
  ];

  return (
    <div data-testid="screen-estates">
      <div className="toolbar">
        <h2 className="screen-title" style={{ margin: 0 }}>
          {t("title")}
        </h2>
        <span className="grow" />
        <Button icon={<ReloadOutlined />} onClick={load} data-testid="estates-reload">
          {t("common:reload")}
        </Button>
        {admin && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setNewEstate(true)} data-testid="estate-add">
            {t("new_estate")}
          </Button>
        )}
      </div>
      {rows === null ? (
        <Spin />
      ) : rows.length === 0 ? (
        <Empty description={t("no_estates")} />
      ) : (
        rows.map(({ estate, desks }) => (
          <Card
            key={estate.code}
            size="small"
            style={{ marginBottom: 16 }}
            data-testid={tid("estate-card", estate.code)}
            title={
              <span>
                {estate.name} <Tag>{estate.code}</Tag>
              </span>
            }
            extra={
              admin && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setDeskFor(estate.code)} data-testid={tid("desk-add", estate.code)}>
                  {t("add_desk")}
                </Button>
              )
            }
          >
            <Table<DeskRow>
              size="small"
              rowKey="desk_id"
              pagination={false}
              dataSource={desks}
              columns={columns}
              locale={{ emptyText: t("no_desks") }}
              onRow={(d) => testid(tid("desk-row", d.estate_code, d.code))}
            />
          </Card>
        ))
      )}
      <Alerts refresh={tick} />
      <NewEstateDialog open={newEstate} onClose={() => setNewEstate(false)} onDone={() => (setNewEstate(false), load())} />
      <NewDeskDialog estate={deskFor} onClose={() => setDeskFor(null)} onDone={() => (setDeskFor(null), load())} />
      <IssuedCodeDialog issued={issued} onClose={() => (setIssued(null), load())} />
    </div>
  );
}
