import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import type { BackupStatus } from "./bindings/BackupStatus";
import type { RestoreReport } from "./bindings/RestoreReport";
import BackupCard from "./screens/BackupCard";
import { RestoreResult } from "./screens/RestoreForm";
import "./i18n";

let status: BackupStatus;
vi.mock("@tauri-apps/api/core", () => ({
  invoke: async (cmd: string) => (cmd === "backup_status" ? status : null),
  Channel: class {},
}));

afterEach(cleanup);
window.matchMedia ??= ((q: string) => ({ matches: false, media: q, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, onchange: null, dispatchEvent: () => false })) as any;

const record = (ok: boolean, at: string) => ({
  id: ok ? 1 : 2,
  taken_at: at,
  reason: "shift_close",
  file: ok ? "/data/backups/A01-20260203-173000-shift_close.sqlite" : "",
  bytes: ok ? 3657728 : 0,
  ok,
  detail: ok ? "副本已重新打开并检查通过" : "备份失败：/media/usb 无法写入",
  detail_en: ok ? "the copy passed" : "backup failed: /media/usb cannot write there",
  last_seq: 40,
});

describe("BackupCard", () => {
  it("shows the last good copy, a failed attempt after it and the overdue warning", async () => {
    status = {
      settings: { dir: "/media/usb", default_dir: false, keep: 14 },
      last_good: record(true, "2026-02-03T17:30:00+08:00"),
      last: record(false, "2026-02-04T17:31:00+08:00"),
      overdue: true,
    };
    render(<BackupCard />);
    expect((await screen.findByTestId("backup-last-good")).textContent).toContain("2026-02-03 17:30");
    expect(screen.getByTestId("backup-failed").textContent).toContain("/media/usb 无法写入");
    expect(screen.getByTestId("backup-overdue")).toBeTruthy();
  });

  it("says nothing is wrong when the last copy is good and recent", async () => {
    status = { settings: { dir: "/data/backups", default_dir: true, keep: 14 }, last_good: record(true, "2026-02-03T17:30:00+08:00"), last: record(true, "2026-02-03T17:30:00+08:00"), overdue: false };
    render(<BackupCard />);
    await screen.findByText(/2026-02-03 17:30/);
    expect(screen.queryByTestId("backup-failed")).toBeNull();
    expect(screen.queryByTestId("backup-overdue")).toBeNull();
  });
});

describe("RestoreResult", () => {
  it("lists the numbers lost after the copy and the next number", () => {
    const report: RestoreReport = {
      backup_file: "/data/backups/A01-20260203-173000-shift_close.sqlite",
      replaced_file: "/data/feedesk.sqlite.replaced-20260204-090000",
      replaced_readable: true,
      lost: [{ first: "A01-2026-000121", last: "A01-2026-000130", count: 10, source: "replaced_file" }],
      next_numbers: ["A01-2026-000131"],
      events_lost: 12,
    };
    render(<RestoreResult report={report} />);
    expect(screen.getByTestId("restore-lost").textContent).toContain("A01-2026-000121 至 A01-2026-000130，共 10 张");
    expect(screen.getByTestId("restore-next").textContent).toContain("A01-2026-000131");
    expect(screen.getByTestId("restore-report").textContent).toContain("feedesk.sqlite.replaced-20260204-090000");
  });
});
