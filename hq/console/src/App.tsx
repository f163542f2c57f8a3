import { useEffect, useState } from "react";
import { App as AntApp, ConfigProvider, Spin } from "antd";
import zhCN from "antd/locale/zh_CN";
import enUS from "antd/locale/en_US";
import { useTranslation } from "react-i18next";
import type { Me } from "./bindings/Me";
import { api, ApiFailure, setUnauthorizedHandler } from "./api";
import { showError } from "./util";
import SignIn from "./screens/SignIn";
import Shell from "./Shell";

export default function App() {
  const { t, i18n } = useTranslation();
  // undefined while asking the server whether a session is open; null: sign in.
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  useEffect(() => {
    setUnauthorizedHandler(() => setMe(null));
    api.me().then(setMe, (e) => {
      setMe(null);
      if (!(e instanceof ApiFailure && e.status === 401)) showError(e);
    });
  }, []);

  useEffect(() => {
    document.title = t("title");
  }, [t, i18n.language]);

  let body;
  if (me === undefined) body = <Spin style={{ marginTop: "40vh", width: "100%" }} />;
  else if (me === null) body = <SignIn onSignedIn={setMe} />;
  else body = <Shell me={me} onSignedOut={() => setMe(null)} />;
  return (
    <ConfigProvider locale={i18n.language === "en" ? enUS : zhCN} theme={{ token: { borderRadius: 4 } }}>
      <AntApp style={{ height: "100%" }}>{body}</AntApp>
    </ConfigProvider>
  );
}
