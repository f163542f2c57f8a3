// Strings live in locales/<lang>/<screen>.json, one file per screen (namespace).
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

const files = import.meta.glob("./locales/*/*.json", { eager: true, import: "default" }) as Record<string, Record<string, unknown>>;

const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, strings] of Object.entries(files)) {
  const [, lang, ns] = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path)!;
  (resources[lang] ??= {})[ns] = strings;
}

i18n.use(initReactI18next).init({
  resources,
  lng: "zh-CN",
  fallbackLng: "zh-CN",
  defaultNS: "common",
  ns: Object.keys(resources["zh-CN"] ?? {}),
  interpolation: { escapeValue: false },
});

export default i18n;
