import type { Progress } from "./bindings/Progress";
import { message } from "antd";
import i18n from "./i18n";
import { isCoreError } from "./api";
import { yuan } from "./money";

/** The message of a core error ({code, zh, en}) in the user's language; anything else as text. */
export function errorText(e: unknown): string {
  if (isCoreError(e)) return i18n.language === "en" ? e.en : e.zh;
  return String(e);
}

export function showError(e: unknown) {
  message.error({ content: <span data-testid="error">{errorText(e)}</span>, duration: 6 });
}

/** A right-aligned amount; negative in red. */
export function Amount({ fen, strong, testid }: { fen: number; strong?: boolean; testid?: string }) {
  const s = yuan(fen);
  return (
    <span data-testid={testid} style={{ fontVariantNumeric: "tabular-nums", color: fen < 0 ? "#cf1322" : undefined, fontWeight: strong ? 600 : undefined }}>
      {s}
    </span>
  );
}

/** A key hint like [F2] shown beside actions. */
export function Key({ k }: { k: string }) {
  return <kbd className="key">{k}</kbd>;
}

export const PAY_METHODS = ["cash", "wechat", "alipay", "unionpay", "transfer"] as const;

/** The bar's percent for a progress message of long work (whole percents, never above 100). */
export function percentOf(p: Progress): number {
  if (p.stage === "started") return 0;
  if (p.stage === "finished") return 100;
  return p.total > 0 ? Math.min(100, Math.floor((p.done * 100) / p.total)) : 100;
}
