//! The crash test's child: runs until killed. Each line printed is a document number whose
//! transaction has committed; the loop mixes payments, counter sales, voids and whole
//! decoration-deposit refunds (a kill can land between any two steps of a refund, leaving it in
//! progress).

use std::io::Write;

use feedesk_api::{
    self as api, Approval, CollectDepositRequest, CollectRequest, Ctx, Deduction, DeductionKind,
    Inspection, Ledger, Money, RefundRequest, Result, SaleLine, SaleRequest, Tender,
};

pub fn run(l: &mut Ledger, ctx: &Ctx, approval: &Approval) -> Result<()> {
    let units: Vec<String> = {
        let conn = feedesk_ledger::db::open(l.path())?;
        let mut s = conn.prepare("SELECT code FROM units ORDER BY id")?;
        let v = s
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        v
    };
    let supervisor = api::login(l, &approval.username, &approval.password, ctx.now)?;
    let cash = |fen: i64| Tender {
        method: api::PayMethod::Cash,
        amount: Money::from_fen(fen),
        reference: String::new(),
    };
    let mut out = std::io::stdout().lock();
    for i in 0u64.. {
        let unit = &units[i as usize % units.len()];
        if i % 5 == 4 {
            let req = CollectDepositRequest {
                unit: unit.clone(),
                payer: None,
                contractor: "压力测试装饰公司".into(),
                contractor_phone: "13900001111".into(),
                amount: Money::from_yuan(2000),
                permit_no: format!("ZX-{}-{i}", std::process::id()),
                planned_end: ctx.today() + chrono::Duration::days(60),
                tenders: vec![cash(200000)],
                note: String::new(),
            };
            let d = api::deposit_collect(l, ctx, &req)?;
            writeln!(out, "{}", d.receipt.number).ok();
            out.flush().ok();
            let id = d.deposit.id;
            api::deposit_inspect(
                l,
                ctx,
                id,
                &Inspection {
                    passed: true,
                    findings: String::new(),
                },
            )?;
            let deduction = Deduction {
                kind: DeductionKind::Cleaning,
                amount: Money::from_yuan(100),
                note: "垃圾清运".into(),
            };
            api::deposit_request_refund(
                l,
                ctx,
                id,
                &RefundRequest {
                    deductions: vec![deduction],
                    charges: vec![],
                    note: String::new(),
                },
            )?;
            api::deposit_approve_refund(l, &supervisor, id, "同意")?;
            let r = api::deposit_refund(l, ctx, id, api::PayMethod::Cash, "")?;
            writeln!(out, "{}", r.receipt.number).ok();
            out.flush().ok();
            continue;
        }
        let open = api::unit_arrears(l, ctx, unit)?;
        let r = if i % 3 == 0 && open.total_fen > 0 {
            let tendered = (open.total_fen + 9999) / 10000 * 10000;
            api::collect(
                l,
                ctx,
                &CollectRequest::all_open(unit, vec![cash(tendered)]),
            )?
        } else {
            let line = SaleLine {
                item: "FYF".into(),
                quantity: rust_decimal::Decimal::from(1 + i % 20),
                unit_price: None,
            };
            let fen = 50 * (1 + i as i64 % 20);
            api::sale(
                l,
                ctx,
                &SaleRequest {
                    unit: Some(unit.clone()),
                    payer: None,
                    lines: vec![line],
                    tenders: vec![Tender {
                        method: api::PayMethod::Wechat,
                        amount: Money::from_fen(fen),
                        reference: String::new(),
                    }],
                    note: String::new(),
                },
            )?
        };
        writeln!(out, "{}", r.number).ok();
        out.flush().ok();
        if i % 4 == 3 {
            let v = api::void_receipt(l, ctx, &r.number, "压力测试作废", approval)?;
            writeln!(out, "void {}", v.number).ok();
            out.flush().ok();
        }
    }
    Ok(())
}
