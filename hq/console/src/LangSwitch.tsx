import { Segmented } from "antd";
import { useTranslation } from "react-i18next";
import { setLang, type Lang } from "./i18n";

/** 中文 / English, remembered in the browser. */
export default function LangSwitch({ dark }: { dark?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Lang>
      size="small"
      data-testid="lang-switch"
      value={i18n.language === "en" ? "en" : "zh-CN"}
      onChange={setLang}
      style={dark ? { background: "rgba(255,255,255,0.2)" } : undefined}
      options={[
        { value: "zh-CN", label: <span data-testid="lang-zh">{t("lang.zh")}</span> },
        { value: "en", label: <span data-testid="lang-en">{t("lang.en")}</span> },
      ]}
    />
  );
}
