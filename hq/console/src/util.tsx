import { message } from "antd";
import i18n from "./i18n";
import { ApiFailure, isApiError } from "./api";
import { formatFen } from "../../../ui/src/money";

/** An error's message in the current language: the server's {zh, en}, or the text of anything else. */
export function errorText(e: unknown): string {
  const err = e instanceof ApiFailure ? e.error : e;
  if (isApiError(err)) return i18n.language === "en" ? err.en : err.zh;
  return String(e);
}

export function showError(e: unknown) {
  if (e instanceof ApiFailure && e.status === 401) return; // back to the sign-in screen already
  message.error({ content: <span data-testid="error">{errorText(e)}</span>, duration: 6 });
}

/** An amount in yuan from integer fen ("1,234.50"), tabular digits, negative in red. */
export function Money({ fen, strong, testid }: { fen: number; strong?: boolean; testid?: string }) {
  return (
    <span data-testid={testid} style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap", color: fen < 0 ? "#cf1322" : undefined, fontWeight: strong ? 600 : undefined }}>
      {formatFen(fen)}
    </span>
  );
}

export const money = (fen: number) => <Money fen={fen} />;

/** A test id as props, for what takes props objects (a table's onRow, a button's props). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export const testid = (id: string) => ({ "data-testid": id }) as {};

/** The id the end-to-end test addresses a thing by: letters, digits and - only. */
export const tid = (...parts: string[]) => parts.join("-").replace(/[^A-Za-z0-9_-]/g, "_");
