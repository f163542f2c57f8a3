import type { Ageing } from "../bindings/Ageing";
import { Money } from "../util";

export const AGES: (keyof Ageing)[] = ["upto_3_fen", "from_3_to_6_fen", "from_6_to_12_fen", "over_12_fen", "total_fen"];

/** The ageing columns (≤3, 3–6, 6–12, >12 months, total), for the estates and for the units of one. */
export function ageColumns<R>(t: (k: string) => string, pick: (r: R) => Ageing) {
  return AGES.map((k) => ({
    title: t(k),
    key: k,
    align: "right" as const,
    render: (_: unknown, r: R) => <Money fen={pick(r)[k]} strong={k === "total_fen"} />,
  }));
}
