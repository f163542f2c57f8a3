import { useState } from "react";
import { Alert, Button, Card, Descriptions, Input, Result, Tag } from "antd";
import { SafetyCertificateOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import type { Verification } from "../bindings/Verification";
import { api } from "../api";
import { timeText } from "../logic/dates";
import { verdictStatus } from "../logic/labels";
import { errorText, Money } from "../util";

const KINDS = ["payment", "sale", "reversal", "deposit", "refund"];

/** 收据验真: a receipt's QR text (scanned into the box) or its number → 真实 / 已作废 / 已红冲 / 未知 / 伪造. */
export default function Verify() {
  const { t } = useTranslation("verify");
  const [text, setText] = useState("");
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const check = async () => {
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.verify({ text: text.trim() }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const r = result?.receipt;
  return (
    <div data-testid="screen-verify">
      <h2 className="screen-title">{t("title")}</h2>
      <Card size="small" style={{ maxWidth: 860, marginBottom: 16 }}>
        <p className="muted" style={{ marginTop: 0 }}>{t("hint")}</p>
        <Input.TextArea
          rows={4}
          value={text}
          autoFocus
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // A scanner types the QR text and Enter: check at once (Shift+Enter for a new line).
            if (e.key === "Enter" && !e.shiftKey) {
              e.preventDefault();
              check();
            }
          }}
          placeholder={t("placeholder")}
          data-testid="verify-text"
        />
        <div style={{ marginTop: 12, display: "flex", gap: 8 }}>
          <Button type="primary" icon={<SafetyCertificateOutlined />} loading={busy} disabled={!text.trim()} onClick={check} data-testid="verify-submit">
            {t("check")}
          </Button>
          <Button onClick={() => (setText(""), setResult(null), setError(null))} data-testid="verify-clear">
            {t("clear")}
          </Button>
        </div>
      </Card>
      {error !== null && <Alert type="error" showIcon message={errorText(error)} style={{ maxWidth: 860 }} data-testid="verify-error" />}
      {result && (
        <Card size="small" style={{ maxWidth: 860 }}>
          <div data-testid="verify-verdict" data-verdict={result.verdict}>
            <Result
              style={{ padding: "16px 24px" }}
              status={verdictStatus(result.verdict)}
              title={t(`verdict.${result.verdict}`)}
              subTitle={`${t(`explain.${result.verdict}`)} ${t(`by.${result.by === "qr" ? "qr" : "number"}`)}`}
            />
          </div>
          {r && (
            <Descriptions bordered size="small" column={2} data-testid="verify-receipt">
              <Descriptions.Item label={t("number")}>
                <span style={{ fontFamily: "monospace" }}>{r.number}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t("amount")}>
                <Money fen={r.total_fen} strong />
              </Descriptions.Item>
              <Descriptions.Item label={t("estate")}>{`${r.estate_name}（${r.estate_code}）`}</Descriptions.Item>
              <Descriptions.Item label={t("desk")}>{r.desk_code}</Descriptions.Item>
              <Descriptions.Item label={t("at")}>{timeText(r.at)}</Descriptions.Item>
              <Descriptions.Item label={t("kind")}>{KINDS.includes(r.kind) ? t(`daily:kinds.${r.kind}`) : r.kind}</Descriptions.Item>
              <Descriptions.Item label={t("unit")}>{r.unit ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("payer")}>{r.payer}</Descriptions.Item>
              <Descriptions.Item label={t("status")} span={2}>
                {r.voided ? <Tag>{t("verdict.voided")}</Tag> : r.reversed_by ? <Tag color="orange">{t("reversed_by", { n: r.reversed_by })}</Tag> : <Tag color="green">{t("standing")}</Tag>}
              </Descriptions.Item>
            </Descriptions>
          )}
        </Card>
      )}
    </div>
  );
}
