// Hash routing: "#/daily?day=2026-11-02" — the screen, and the screen's choices so a link (or a test)
// opens it as it was.
import { useEffect, useState } from "react";

export const SCREENS = ["estates", "daily", "monthly", "rates", "arrears", "verify", "standards", "users"] as const;
export type Screen = (typeof SCREENS)[number];

/** The screens a role has in its menu (the server refuses the others anyway). */
export function screensFor(role: string): Screen[] {
  return SCREENS.filter((s) => s !== "users" || role === "admin");
}

export function parseHash(hash: string): { screen: string; params: URLSearchParams } {
  const h = hash.replace(/^#\/?/, "");
  const i = h.indexOf("?");
  return i < 0 ? { screen: h, params: new URLSearchParams() } : { screen: h.slice(0, i), params: new URLSearchParams(h.slice(i + 1)) };
}

/** The screen in the address, following back/forward and typed addresses. Every change renders anew
 *  (`seen` counts them), so an address the shell corrected in place and then typed again is corrected again. */
export function useScreen(): { screen: string; seen: number } {
  const [state, setState] = useState(() => ({ screen: parseHash(window.location.hash).screen, seen: 0 }));
  useEffect(() => {
    const on = () => setState((s) => ({ screen: parseHash(window.location.hash).screen, seen: s.seen + 1 }));
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  return state;
}

export function go(screen: Screen) {
  window.location.hash = `#/${screen}`;
}

/** One of the screen's choices, kept in the address (replaced in place: no history entry per change). */
export function useHashParam(name: string, fallback: () => string, valid: (v: string) => boolean): [string, (v: string) => void] {
  const [value, setValue] = useState(() => {
    const v = parseHash(window.location.hash).params.get(name);
    return v !== null && valid(v) ? v : fallback();
  });
  // A changed address (typed, a link, back/forward) changes the choice too.
  useEffect(() => {
    const on = () => {
      const v = parseHash(window.location.hash).params.get(name);
      if (v !== null && valid(v)) setValue(v);
    };
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, [name]); // eslint-disable-line react-hooks/exhaustive-deps
  const set = (v: string) => {
    setValue(v);
    const { screen, params } = parseHash(window.location.hash);
    params.set(name, v);
    window.history.replaceState(null, "", `#/${screen}?${params.toString()}`);
  };
  return [value, set];
}
