// Every call to head office's console API (/api/…, same origin, the session in an HttpOnly cookie).
import i18n from "./i18n";
import type { AlertRow } from "./bindings/AlertRow";
import type { ApiError } from "./bindings/ApiError";
import type { ArrearsReport } from "./bindings/ArrearsReport";
import type { DayDocument } from "./bindings/DayDocument";
import type { DeskRow } from "./bindings/DeskRow";
import type { EstateDesks } from "./bindings/EstateDesks";
import type { EstateRow } from "./bindings/EstateRow";
import type { GroupDay } from "./bindings/GroupDay";
import type { IssuedCode } from "./bindings/IssuedCode";
import type { Me } from "./bindings/Me";
import type { MonthRates } from "./bindings/MonthRates";
import type { MonthlyReport } from "./bindings/MonthlyReport";
import type { NewDesk } from "./bindings/NewDesk";
import type { NewEstate } from "./bindings/NewEstate";
import type { NewStandard } from "./bindings/NewStandard";
import type { NewUser } from "./bindings/NewUser";
import type { PublishedStandard } from "./bindings/PublishedStandard";
import type { Revoke } from "./bindings/Revoke";
import type { SignIn } from "./bindings/SignIn";
import type { StandardsOverview } from "./bindings/StandardsOverview";
import type { UnitArrears } from "./bindings/UnitArrears";
import type { UserRow } from "./bindings/UserRow";
import type { Verification } from "./bindings/Verification";
import type { VerifyText } from "./bindings/VerifyText";

/** A refused or failed request: the server's {code, zh, en} and the HTTP status (0: no answer). */
export class ApiFailure extends Error {
  constructor(
    public status: number,
    public error: ApiError,
  ) {
    super(error.en);
  }
}

export function isApiError(v: unknown): v is ApiError {
  return typeof v === "object" && v !== null && typeof (v as ApiError).zh === "string" && typeof (v as ApiError).en === "string";
}

/** The same message in both languages, from the locale files. */
function both(key: string, params: Record<string, unknown> = {}): ApiError {
  return {
    code: key.toUpperCase(),
    zh: i18n.getFixedT("zh-CN", "common")(`errors.${key}`, params),
    en: i18n.getFixedT("en", "common")(`errors.${key}`, params),
  };
}

let onUnauthorized: () => void = () => {};
/** Called when a request finds the session gone (401): the app goes back to the sign-in screen. */
export function setUnauthorizedHandler(f: () => void) {
  onUnauthorized = f;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let r: Response;
  try {
    r = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiFailure(0, both("network"));
  }
  const text = await r.text();
  let data: unknown = undefined;
  let json = true;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    json = false;
  }
  // An address the server does not know may answer the console's own index.html: no such function.
  if (r.ok && !json) throw new ApiFailure(r.status, both("not_json"));
  if (!r.ok) {
    const err = isApiError(data) ? data : both(r.status === 404 || r.status === 405 ? "not_found" : "http", { status: r.status });
    // A wrong password at sign-in is a 401 too: that one is the form's to show.
    if (r.status === 401 && !(method === "POST" && path === "/api/session")) onUnauthorized();
    throw new ApiFailure(r.status, err);
  }
  return data as T;
}

const enc = encodeURIComponent;
const q = (params: Record<string, string | number>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${enc(String(v))}`)
    .join("&");

export const api = {
  me: () => call<Me>("GET", "/api/session"),
  signIn: (s: SignIn) => call<Me>("POST", "/api/session", s),
  signOut: () => call<string>("DELETE", "/api/session"),

  estates: () => call<EstateDesks[]>("GET", "/api/estates"),
  addEstate: (e: NewEstate) => call<EstateRow>("POST", "/api/estates", e),
  addDesk: (estate: string, d: NewDesk) => call<DeskRow>("POST", `/api/estates/${enc(estate)}/desks`, d),
  issueCode: (estate: string, desk: string) => call<IssuedCode>("POST", `/api/estates/${enc(estate)}/desks/${enc(desk)}/code`),
  revoke: (estate: string, desk: string, r: Revoke) => call<string>("POST", `/api/estates/${enc(estate)}/desks/${enc(desk)}/revoke`, r),
  alerts: (limit = 100) => call<AlertRow[]>("GET", `/api/alerts?${q({ limit })}`),

  daily: (day: string) => call<GroupDay>("GET", `/api/daily?${q({ day })}`),
  dayDocuments: (estate: string, desk: string, day: string) => call<DayDocument[]>("GET", `/api/daily/documents?${q({ estate, desk, day })}`),
  monthly: (month: string) => call<MonthlyReport>("GET", `/api/monthly?${q({ month })}`),
  rates: (estate: string, from: string, to: string) => call<MonthRates[]>("GET", `/api/rates?${q({ estate, from, to })}`),
  arrears: (as_of: string) => call<ArrearsReport>("GET", `/api/arrears?${q({ as_of })}`),
  arrearsUnits: (estate: string, as_of: string) => call<UnitArrears[]>("GET", `/api/arrears/units?${q({ estate, as_of })}`),

  verify: (v: VerifyText) => call<Verification>("POST", "/api/verify", v),

  standards: () => call<StandardsOverview>("GET", "/api/standards"),
  publishStandard: (s: NewStandard) => call<PublishedStandard>("POST", "/api/standards", s),

  users: () => call<UserRow[]>("GET", "/api/users"),
  addUser: (u: NewUser) => call<UserRow>("POST", "/api/users", u),
};

/** Links (plain downloads, the cookie goes along). */
export const exports = {
  monthlyXlsx: (month: string) => `/api/monthly.xlsx?${q({ month })}`,
  monthlyPdf: (month: string) => `/api/monthly.pdf?${q({ month })}`,
  arrearsXlsx: (as_of: string) => `/api/arrears.xlsx?${q({ as_of })}`,
};
