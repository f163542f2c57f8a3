// Strings live in locales/<lang>/<screen>.json, one file per screen (namespace); zh-CN by default, the
// choice remembered in localStorage.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";

const files = import.meta.glob("./locales/*/*.json", { eager: true, import: "default" }) as Record<string, Record<string, unknown>>;

const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, strings] of Object.entries(files)) {
  const [, lang, ns] = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path)!;
  (resources[lang] ??= {})[ns] = strings;
}

export const LANGS = ["zh-CN", "en"] as const;
export type Lang = (typeof LANGS)[number];
const STORE = "feedesk-hq-lang";

export function savedLang(): Lang {
  try {
    const v = localStorage.getItem(STORE);
    return v === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN";
  }
}

/** Switch the language (strings, dates) and remember it. */
export function setLang(lang: Lang) {
  try {
    localStorage.setItem(STORE, lang);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  dayjs.locale(lang === "en" ? "en" : "zh-cn");
  document.documentElement.lang = lang;
  i18n.changeLanguage(lang);
}

const initial = savedLang();
dayjs.locale(initial === "en" ? "en" : "zh-cn");

i18n.use(initReactI18next).init({
  resources,
  lng: initial,
  fallbackLng: "zh-CN",
  defaultNS: "common",
  ns: Object.keys(resources["zh-CN"] ?? {}),
  interpolation: { escapeValue: false },
});

export default i18n;
