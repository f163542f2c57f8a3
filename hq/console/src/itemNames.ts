// Head office knows fee items by code; the published standards name them. Loaded once, quietly: with no
// standards (or none readable) the reports show the codes.
import { useEffect, useState } from "react";
import { api } from "./api";

export type ItemNames = Record<string, string>;

let cache: Promise<ItemNames> | null = null;

export function loadItemNames(): Promise<ItemNames> {
  cache ??= api.standards().then(
    (o) => {
      const names: ItemNames = {};
      // Oldest first, so the newest version's name wins.
      for (const v of [...o.versions].reverse()) for (const e of v.entries) if (e.item_name) names[e.item_code] = e.item_name;
      return names;
    },
    () => {
      cache = null;
      return {};
    },
  );
  return cache;
}

/** Forget the names (a new version was published). */
export function forgetItemNames() {
  cache = null;
}

export function useItemNames(): ItemNames {
  const [names, setNames] = useState<ItemNames>({});
  useEffect(() => {
    let live = true;
    loadItemNames().then((n) => live && setNames(n));
    return () => {
      live = false;
    };
  }, []);
  return names;
}
