// Typed calls to the shell's commands. Every type comes from the Rust side (src/bindings, ts-rs).
import { Channel, invoke } from "@tauri-apps/api/core";
import { message } from "antd";
import i18n from "./i18n";
import type { Actor } from "./bindings/Actor";
import type { AppStatus } from "./bindings/AppStatus";
import type { Allocation } from "./bindings/Allocation";
import type { Approval } from "./bindings/Approval";
import type { ArrearsList } from "./bindings/ArrearsList";
import type { BillingPreview } from "./bindings/BillingPreview";
import type { BillingResult } from "./bindings/BillingResult";
import type { Building } from "./bindings/Building";
import type { CloseRequest } from "./bindings/CloseRequest";
import type { CollectDepositRequest } from "./bindings/CollectDepositRequest";
import type { CollectRequest } from "./bindings/CollectRequest";
import type { CollectionRates } from "./bindings/CollectionRates";
import type { FeeLedger } from "./bindings/FeeLedger";
import type { LowBalance } from "./bindings/LowBalance";
import type { MonthClose } from "./bindings/MonthClose";
import type { MonthlyReport } from "./bindings/MonthlyReport";
import type { RatesByMonth } from "./bindings/RatesByMonth";
import type { DailyCashReport } from "./bindings/DailyCashReport";
import type { Deposit } from "./bindings/Deposit";
import type { DepositFilter } from "./bindings/DepositFilter";
import type { DepositList } from "./bindings/DepositList";
import type { DepositReceipt } from "./bindings/DepositReceipt";
import type { EnrollInput } from "./bindings/EnrollInput";
import type { Enrollment } from "./bindings/Enrollment";
import type { EstateInfo } from "./bindings/EstateInfo";
import type { SyncStatus } from "./bindings/SyncStatus";
import type { HqStandard } from "./bindings/HqStandard";
import type { FeeItem } from "./bindings/FeeItem";
import type { FollowUp } from "./bindings/FollowUp";
import type { FollowUpInput } from "./bindings/FollowUpInput";
import type { ImportCheck } from "./bindings/ImportCheck";
import type { ImportSummary } from "./bindings/ImportSummary";
import type { Method } from "./bindings/Method";
import type { MeterRow } from "./bindings/MeterRow";
import type { NewPool } from "./bindings/NewPool";
import type { NoticeKind } from "./bindings/NoticeKind";
import type { NoticeTarget } from "./bindings/NoticeTarget";
import type { Pool } from "./bindings/Pool";
import type { Reading } from "./bindings/Reading";
import type { ReadingInput } from "./bindings/ReadingInput";
import type { Scope } from "./bindings/Scope";
import type { Standard } from "./bindings/Standard";
import type { InitRequest } from "./bindings/InitRequest";
import type { Inspection } from "./bindings/Inspection";
import type { NewUser } from "./bindings/NewUser";
import type { PayMethod } from "./bindings/PayMethod";
import type { Prefs } from "./bindings/Prefs";
import type { PrintedDoc } from "./bindings/PrintedDoc";
import type { Progress } from "./bindings/Progress";
import type { Receipt } from "./bindings/Receipt";
import type { ReceiptRow } from "./bindings/ReceiptRow";
import type { RefundRequest } from "./bindings/RefundRequest";
import type { ExportRequest } from "./bindings/ExportRequest";
import type { DailyScope } from "./bindings/DailyScope";
import type { RateCheck } from "./bindings/RateCheck";
import type { ReadingUsage } from "./bindings/ReadingUsage";
import type { TenderLine } from "./bindings/TenderLine";
import type { TenderPreview } from "./bindings/TenderPreview";
import type { SaleRequest } from "./bindings/SaleRequest";
import type { SavedFile } from "./bindings/SavedFile";
import type { Session } from "./bindings/Session";
import type { Shift } from "./bindings/Shift";
import type { ShiftCheck } from "./bindings/ShiftCheck";
import type { ShiftClosed } from "./bindings/ShiftClosed";
import type { Unit } from "./bindings/Unit";
import type { UnitArrears } from "./bindings/UnitArrears";
import type { UnitHit } from "./bindings/UnitHit";
import type { UserRow } from "./bindings/UserRow";
import type { Error as CoreError } from "./bindings/Error";
import type { BackupFile } from "./bindings/BackupFile";
import type { BackupRecord } from "./bindings/BackupRecord";
import type { BackupSettings } from "./bindings/BackupSettings";
import type { BackupStatus } from "./bindings/BackupStatus";
import type { RestoreReport } from "./bindings/RestoreReport";
import type { RestoreRequest } from "./bindings/RestoreRequest";

export type { CoreError };

/** A core error as the shell sends it: {code, zh, en}. */
export function isCoreError(e: unknown): e is CoreError {
  return typeof e === "object" && e !== null && "code" in e && "zh" in e;
}

function progressChannel(onProgress?: (p: Progress) => void): Channel<Progress> {
  const ch = new Channel<Progress>();
  ch.onmessage = (p) => onProgress?.(p);
  return ch;
}

const call = <T>(cmd: string, args?: Record<string, unknown>) => invoke<T>(cmd, args);

export const api = {
  appStatus: () => call<AppStatus>("app_status"),
  init: (req: InitRequest) => call<EstateInfo>("init", { req }),
  openDemo: (onProgress?: (p: Progress) => void) => call<EstateInfo>("open_demo", { progress: progressChannel(onProgress) }),
  login: (username: string, password: string) => call<Session>("login", { username, password }),
  lock: () => call<null>("lock"),
  unlock: (password: string) => call<null>("unlock", { password }),
  logout: () => call<null>("logout"),
  prefs: () => call<Prefs>("prefs"),
  setPrefs: (prefs: Prefs) => call<Prefs>("set_prefs", { prefs }),

  searchUnits: (query: string, limit = 8) => call<UnitHit[]>("search_units", { query, limit }),
  unit: (code: string) => call<Unit>("unit", { code }),
  unitArrears: (code: string) => call<UnitArrears>("unit_arrears", { code }),
  /** Tendered, change and what is missing, as the core works them out from the lines as typed. */
  tenderPreview: (due_fen: number, lines: TenderLine[]) => call<TenderPreview>("tender_preview", { due_fen, lines }),
  /** What paying the chosen charges settles: in full, or as far as `amount_fen` reaches (部分缴纳). */
  allocation: (unit: string, charges: number[], amount_fen: number | null) => call<Allocation>("allocation", { unit, charges, amount_fen }),
  collect: (req: CollectRequest) => call<Receipt>("collect", { req }),
  sale: (req: SaleRequest) => call<Receipt>("sale", { req }),
  feeItems: () => call<FeeItem[]>("fee_items"),
  /** The office's order of fee items for part payments (the codes named first). */
  setPayOrder: (codes: string[]) => call<FeeItem[]>("set_pay_order", { codes }),

  receipts: (query: string, limit = 50) => call<ReceiptRow[]>("receipts", { query, limit }),
  receipt: (number: string) => call<Receipt>("receipt", { number }),
  printReceipt: (number: string) => call<PrintedDoc>("print_receipt", { number }).then(reportPrint),
  printer: () => call<string | null>("printer"),
  setPrinter: (name: string) => call<null>("set_printer", { name }),
  voidReceipt: (number: string, reason: string, approval: Approval) => call<Receipt>("void_receipt", { number, reason, approval }),
  reverseReceipt: (number: string, reason: string, approval: Approval) => call<Receipt>("reverse_receipt", { number, reason, approval }),

  currentShift: () => call<number | null>("current_shift"),
  shifts: (limit = 20) => call<Shift[]>("shifts", { limit }),
  openShift: (float: number) => call<number>("open_shift", { float }),
  cashMovement: (amount: number, reason: string) => call<number>("cash_movement", { amount, reason }),
  closeShift: (req: CloseRequest) => call<ShiftClosed>("close_shift", { req }),
  dailyReport: (scope: DailyScope) => call<DailyCashReport>("daily_report", { scope }),
  /** 日结 of a day once all its shifts are closed; the last day closed. */
  closeDay: (date: string) => call<null>("close_day", { date }),
  lastDayClose: () => call<string | null>("last_day_close"),

  deposits: (filter: DepositFilter) => call<DepositList>("deposits", { filter }),
  deposit: (id: number) => call<Deposit>("deposit", { id }),
  depositCollect: (req: CollectDepositRequest) => call<DepositReceipt>("deposit_collect", { req }),
  depositInspect: (id: number, inspection: Inspection) => call<Deposit>("deposit_inspect", { id, inspection }),
  depositRequestRefund: (id: number, req: RefundRequest) => call<Deposit>("deposit_request_refund", { id, req }),
  depositApproveRefund: (id: number, note: string) => call<Deposit>("deposit_approve_refund", { id, note }),
  depositRefund: (id: number, method: PayMethod, reference: string) => call<DepositReceipt>("deposit_refund", { id, method, reference }),
  depositForfeit: (id: number, reason: string, approval: Approval) => call<Deposit>("deposit_forfeit", { id, reason, approval }),

  arrearsList: (building: string | null) => call<ArrearsList>("arrears_list", { building }),
  /** 预存不足: units whose prepayment is less than a month of their charges. */
  lowBalances: () => call<LowBalance[]>("low_balances"),
  /** 催缴记录: a contact with a unit about its arrears; a unit's contacts; the ones due today. */
  recordFollowUp: (input: FollowUpInput) => call<FollowUp>("record_follow_up", { input }),
  followUps: (unit: string) => call<FollowUp[]>("follow_ups", { unit }),
  followUpsDue: () => call<FollowUp[]>("follow_ups_due"),
  collectionRates: (from: string, to: string) => call<CollectionRates>("collection_rates", { from, to }),
  /** 收费月报表 of a month; as a PDF saved and opened; 户收费率, 收费率 and 清缴率 month by month. */
  monthlyReport: (month: string) => call<MonthlyReport>("monthly_report", { month }),
  monthlyReportPdf: (month: string) => call<SavedFile>("monthly_report_pdf", { month }),
  ratesByMonth: (from: string, to: string) => call<RatesByMonth>("rates_by_month", { from, to }),
  /** 收费台账 of a unit; as a PDF saved and opened. */
  feeLedger: (unit: string) => call<FeeLedger>("fee_ledger", { unit }),
  feeLedgerPdf: (unit: string) => call<SavedFile>("fee_ledger_pdf", { unit }),
  /** 月结: close a month; its monthly report is frozen. */
  closeMonth: (month: string) => call<MonthClose>("close_month", { month }),
  crossCheck: (from: string, to: string) => call<ShiftCheck[]>("cross_check", { from, to }),
  unreviewedShifts: (days: number) => call<ShiftCheck[]>("unreviewed_shifts", { days }),
  reviewShift: (shift_id: number, note: string) => call<null>("review_shift", { shift_id, note }),
  /** Save a report as XLSX under the app-data folder (reports/) and open it. */
  exportReport: (req: ExportRequest) => call<SavedFile>("export_report", { req }),
  dailyReportPdf: (scope: DailyScope) => call<SavedFile>("daily_report_pdf", { scope }),
  billingPreview: (period: string) => call<BillingPreview>("billing_preview", { period }),
  billingRun: (period: string, onProgress?: (p: Progress) => void) =>
    call<BillingResult>("billing_run", { period, progress: progressChannel(onProgress) }),
  importCheck: (path: string) => call<ImportCheck>("import_check", { path }),
  buildings: () => call<Building[]>("buildings"),
  createFeeItem: (code: string, name: string, method: Method, unit_label: string) => call<FeeItem>("create_fee_item", { code, name, method, unit_label }),
  feeStandards: () => call<Standard[]>("fee_standards"),
  /** Why a rate as typed would be refused for an item of this method (null error: accepted). */
  rateCheck: (text: string, method: Method) => call<RateCheck>("rate_check", { text, method }),
  /** `rate` a plain decimal string ("2.35"): never a float. */
  setFeeStandard: (item: string, rate: string, scope: Scope, start_period: string) => call<number>("set_fee_standard", { item, rate, scope, start_period }),
  meterSheet: (item: string, period: string, building: string | null) => call<MeterRow[]>("meter_sheet", { item, period, building }),
  /** The usage a meter-sheet row as typed would give (null while something is missing). */
  readingUsage: (r: ReadingUsage) => call<string | null>("reading_usage", { r }),
  recordReading: (r: ReadingInput) => call<Reading>("record_reading", { r }),
  allocationPools: (period: string) => call<Pool[]>("allocation_pools", { period }),
  createAllocationPool: (pool: NewPool) => call<number>("create_allocation_pool", { pool }),
  /** The notice PDF is saved and opened in the viewer; its path is returned. */
  noticePdf: (kind: NoticeKind, period: string, target: NoticeTarget) => call<string>("notice_pdf", { kind, period, target }),
  importUnits: (path: string, onProgress?: (p: Progress) => void) =>
    call<ImportSummary>("import_units", { path, progress: progressChannel(onProgress) }),
  /** Where sending to head office stands (the header polls it). */
  syncStatus: () => call<SyncStatus>("sync_status"),
  /** Enroll this desk at head office with its one-time code (administrators). */
  enroll: (input: EnrollInput) => call<Enrollment>("enroll", { input }),
  /** Head office's fee standards as this desk took them (applied or refused, why), newest first. */
  hqStandards: () => call<HqStandard[]>("hq_standards"),
  /** 备份: the last good copy and the last attempt; a copy now; the attempts; folder and copies kept. */
  backupStatus: () => call<BackupStatus>("backup_status"),
  backupNow: () => call<BackupRecord>("backup_now"),
  backups: (limit = 10) => call<BackupRecord[]>("backups", { limit }),
  setBackupSettings: (dir: string, keep: number) => call<BackupSettings>("set_backup_settings", { dir, keep }),
  /** The copies a restore can choose from (no session needed: the ledger may not open). */
  backupFiles: () => call<BackupFile[]>("backup_files"),
  /** Put a copy in place of the ledger; an admin of the copy signs in with the request. */
  restoreBackup: (req: RestoreRequest) => call<RestoreReport>("restore_backup", { req }),
  listUsers: () => call<UserRow[]>("list_users"),
  createUser: (req: NewUser) => call<UserRow>("create_user", { req }),
};

export type { Actor, Session, AppStatus, Prefs, SyncStatus, HqStandard, BackupRecord, BackupStatus, BackupFile, RestoreReport };

/** A failed print is not an error of the payment: the receipt is issued and its PDF kept (opened in the
 * viewer); say so, and hand the document on. */
function reportPrint(doc: PrintedDoc): PrintedDoc {
  if (doc.error_zh || doc.error_en) {
    const why = i18n.language === "en" ? doc.error_en : doc.error_zh;
    message.warning({
      content: String(i18n.t("common:print_failed", { why, path: doc.path })),
      duration: 10,
    });
  } else if (doc.printed && doc.printer) {
    message.success(String(i18n.t("common:printed", { printer: doc.printer })));
  }
  return doc;
}
