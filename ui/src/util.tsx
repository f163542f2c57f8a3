import { useLayoutEffect, useRef } from "react";
import type { Progress } from "./bindings/Progress";
import { Button, type ButtonProps, message } from "antd";
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

/** Whether a key event is the shortcut written like "Alt+V", "Ctrl+Enter" or "F3" (letters by key position,
 *  so a shortcut works whatever the keyboard layout or input method). */
export function isShortcut(e: Pick<KeyboardEvent, "key" | "code" | "ctrlKey" | "altKey" | "shiftKey">, k: string): boolean {
  const parts = k.split("+");
  const key = parts.pop() ?? "";
  if (e.ctrlKey !== parts.includes("Ctrl") || e.altKey !== parts.includes("Alt") || e.shiftKey !== parts.includes("Shift")) return false;
  // Synthesised events (a WebDriver, some remote desktops) may carry no key position: then the key itself.
  if (/^[A-Z]$/i.test(key)) return e.code ? e.code === `Key${key.toUpperCase()}` : e.key.toUpperCase() === key.toUpperCase();
  if (/^[0-9]$/.test(key)) return e.code ? e.code === `Digit${key}` : e.key === key;
  return e.key === key;
}

/** A button with its keyboard shortcut shown on it; the shortcut presses it while it is on screen and enabled.
 *  The listener is in place from the moment the button is (a layout effect), and reads whether the button
 *  is enabled when the key comes, so a key pressed right after the screen changed is not lost. */
export function KeyButton({ k, children, ...props }: ButtonProps & { k: string }) {
  const ref = useRef<HTMLButtonElement>(null);
  const off = useRef(false);
  off.current = !!props.disabled || !!props.loading;
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!off.current && isShortcut(e, k)) {
        e.preventDefault();
        ref.current?.click();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [k]);
  return (
    <Button ref={ref} {...props}>
      {children} <Key k={k} />
    </Button>
  );
}

/** For a dialog's `afterOpenChange`: once it has opened (and taken the focus for itself), the first field
 *  gets it, so the cashier types straight away. */
export function focusFirstField(open: boolean) {
  if (!open) return;
  const body = document.querySelector<HTMLElement>(".ant-modal-wrap:not([style*='display: none']) .ant-modal-body");
  // Already typing in one of its fields (fast hands, or a field with autoFocus): leave the focus there.
  if (!body || (document.activeElement instanceof HTMLInputElement && body.contains(document.activeElement))) return;
  body.querySelector<HTMLElement>("input:not([type=hidden]):not([disabled])")?.focus();
}
