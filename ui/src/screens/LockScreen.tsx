import { useState } from "react";
import { Button, Input, Modal, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api, type Session } from "../api";
import { focusFirstField, showError } from "../util";

/** The idle lock: the signed-in user types their password to go on (or signs out). The mask is opaque:
 *  whoever stands at the counter meanwhile sees no owner, phone or amount, not even blurred. */
export default function LockScreen({ session, onUnlock, onLogout }: { session: Session; onUnlock: () => void; onLogout: () => void }) {
  const { t } = useTranslation("login");
  const [pw, setPw] = useState("");
  const unlock = async () => {
    try {
      await api.unlock(pw);
      onUnlock();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Modal open closable={false} footer={null} maskClosable={false} keyboard={false} title={t("locked")} data-testid="lock" styles={{ mask: { background: "#1f2329" } }} afterOpenChange={focusFirstField}>
      <Typography.Paragraph>{t("locked_hint", { name: session.actor.display_name })}</Typography.Paragraph>
      <Space.Compact style={{ width: "100%" }}>
        <Input.Password id="unlock-password" autoFocus value={pw} onChange={(e) => setPw(e.target.value)} onPressEnter={unlock} />
        <Button type="primary" onClick={unlock}>
          {t("unlock")}
        </Button>
      </Space.Compact>
      <Button type="link" onClick={onLogout} style={{ marginTop: 8, padding: 0 }}>
        {t("switch_user")}
      </Button>
    </Modal>
  );
}
