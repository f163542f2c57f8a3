import { useState } from "react";
import { Alert, Button, Card, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { LedgerProblem } from "../bindings/LedgerProblem";
import type { RestoreReport } from "../api";
import RestoreForm, { RestoreResult } from "./RestoreForm";

/** The ledger file failed its checks at start: nothing was opened. Say what is wrong and what to do,
 * and let an admin restore a backup here. */
export default function Damaged({ problem, dbPath, onRestored }: { problem: LedgerProblem; dbPath: string; onRestored: () => void }) {
  const { t, i18n } = useTranslation("backup");
  const [report, setReport] = useState<RestoreReport | null>(null);
  const e = problem.error;
  return (
    <Card title={t("damaged_title")} style={{ maxWidth: 760, margin: "40px auto" }} data-testid="damaged">
      <Alert type="error" showIcon message={<span data-testid="damaged-message">{i18n.language === "en" ? e.en : e.zh}</span>} style={{ marginBottom: 16 }} />
      <Typography.Paragraph>{t("damaged_file", { file: dbPath })}</Typography.Paragraph>
      {problem.last_good && <Typography.Paragraph>{t("last_good", { at: problem.last_good.taken_at.slice(0, 16).replace("T", " "), file: problem.last_good.file })}</Typography.Paragraph>}
      {report ? (
        <>
          <RestoreResult report={report} />
          <Button type="primary" style={{ marginTop: 16 }} onClick={onRestored} id="restore-continue" autoFocus>
            {t("continue")}
          </Button>
        </>
      ) : (
        <RestoreForm onRestored={setReport} />
      )}
    </Card>
  );
}
