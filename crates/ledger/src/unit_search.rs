//! The counter's one search box: room code (`3-2-1201`, `321201`), room number (`1201`), the name of an
//! owner or tenant, its pinyin initials or full pinyin (`zs`, `zhangsan` for 张三), the last four digits
//! of a phone. Every term is a row of `unit_search`, found by a prefix range on its primary key, so a
//! search costs the same on 1,200 or 20,000 units.

use std::collections::HashMap;

use pinyin::ToPinyinMulti;
use rusqlite::{params, Connection, OptionalExtension};

use crate::auth::{Ctx, Perm};
use crate::estate::{mask_phone, UnitHit, UnitType};
use crate::Result;

/// What a term is; a lower kind ranks first when a unit matches several ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
enum Kind {
    Code = 1,
    Name = 2,
    Pinyin = 3,
    Phone = 4,
    Room = 5,
}

/// Bumped whenever the term rules change: the index is then rebuilt whole at open.
const INDEX_VERSION: &str = "1";

/// At most this many readings of a name are indexed (polyphonic characters such as 曾 zeng/ceng, 单
/// shan/dan multiply them).
const MAX_READINGS: usize = 8;

/// Lower-case, half-width, without spaces: how both terms and queries are compared.
fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            // Full-width ASCII (a Chinese input method's digits and letters) to half-width.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Full pinyin and initials of each reading of `name` (several when a character has several readings).
/// Characters that are not Chinese are kept as they are (`Li Ming` → `liming`).
fn readings(name: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![(String::new(), String::new())];
    for (ch, multi) in name.chars().zip(name.to_pinyin_multi()) {
        let options: Vec<(String, String)> = match multi {
            Some(m) => m
                .into_iter()
                .map(|p| (p.plain().to_string(), p.first_letter().to_string()))
                .collect(),
            None if ch.is_alphanumeric() => {
                let s = ch.to_lowercase().to_string();
                vec![(s.clone(), s)]
            }
            None => continue,
        };
        let mut next = Vec::new();
        for (full, initials) in &out {
            for (f, i) in &options {
                if next.len() < MAX_READINGS {
                    next.push((format!("{full}{f}"), format!("{initials}{i}")));
                }
            }
        }
        next.dedup();
        out = next;
    }
    out.retain(|(f, _)| !f.is_empty());
    out
}

/// Rewrite the terms of one unit from its row and its active parties (after any change to them).
pub(crate) fn refresh_unit(conn: &Connection, unit_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM unit_search WHERE unit_id = ?1")?
        .execute([unit_id])?;
    let (code, room): (String, String) = conn
        .prepare_cached("SELECT code, room FROM units WHERE id = ?1")?
        .query_row([unit_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut terms: Vec<(String, Kind)> = vec![
        (normalise(&code), Kind::Code),
        (normalise(&code).replace('-', ""), Kind::Code),
        (normalise(&room), Kind::Room),
    ];
    let mut stmt =
        conn.prepare_cached("SELECT name, phone FROM parties WHERE unit_id = ?1 AND active = 1")?;
    let parties = stmt
        .query_map([unit_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (name, phone) in parties {
        terms.push((normalise(&name), Kind::Name));
        for (full, initials) in readings(&name) {
            terms.push((full, Kind::Pinyin));
            terms.push((initials, Kind::Pinyin));
        }
        let digits: String = phone.chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.len() >= 4 {
            terms.push((digits[digits.len() - 4..].to_string(), Kind::Phone));
        }
    }
    let mut ins = conn.prepare_cached(
        "INSERT OR IGNORE INTO unit_search(term, kind, unit_id) VALUES (?1, ?2, ?3)",
    )?;
    for (term, kind) in terms.into_iter().filter(|(t, _)| !t.is_empty()) {
        ins.execute(params![term, kind as u8, unit_id])?;
    }
    Ok(())
}

/// Rebuild the whole index when it was made by other term rules (or never made: a ledger from before
/// the index existed). Runs at open, once.
pub fn rebuild_if_stale(conn: &mut Connection) -> Result<()> {
    if crate::db::setting(conn, "unit_search_version")?.as_deref() == Some(INDEX_VERSION) {
        return Ok(());
    }
    crate::db::with_tx(conn, |tx| {
        tx.execute("DELETE FROM unit_search", [])?;
        let ids = tx
            .prepare("SELECT id FROM units")?
            .query_map([], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for id in ids {
            refresh_unit(tx, id)?;
        }
        crate::db::set_setting(tx, "unit_search_version", INDEX_VERSION)
    })
}

/// Units matching `query`, best first: room codes, names, pinyin, phone digits, room numbers; within
/// each, a whole match before a prefix, then room-code order. Results as the cashier types.
pub fn search(conn: &Connection, ctx: &Ctx, query: &str, limit: usize) -> Result<Vec<UnitHit>> {
    ctx.actor.require(Perm::Read)?;
    let ranked = rank(conn, query, limit)?;
    let mut detail = conn.prepare_cached(
        "SELECT u.unit_type, u.area_m2, p.name, p.phone, COALESCE(ub.receivable_fen, 0)
         FROM units u
         LEFT JOIN parties p ON p.id = (SELECT id FROM parties WHERE unit_id = u.id AND role = 'owner' AND active = 1 ORDER BY id DESC LIMIT 1)
         LEFT JOIN unit_balances ub ON ub.unit_id = u.id
         WHERE u.id = ?1",
    )?;
    let mut out = Vec::with_capacity(ranked.len());
    for (id, code) in ranked {
        let hit = detail
            .query_row([id], |r| {
                let phone: Option<String> = r.get(3)?;
                Ok(UnitHit {
                    code: code.clone(),
                    unit_type: UnitType::from_code(&r.get::<_, String>(0)?)
                        .unwrap_or(UnitType::Other),
                    area_m2: r.get(1)?,
                    owner: r.get(2)?,
                    phone_masked: phone.map(|p| mask_phone(&p)),
                    arrears_fen: r.get(4)?,
                })
            })
            .optional()?;
        out.extend(hit);
    }
    Ok(out)
}

/// The ids and codes of the best `limit` units for `query`, best first.
pub(crate) fn rank(conn: &Connection, query: &str, limit: usize) -> Result<Vec<(i64, String)>> {
    let q = normalise(query);
    if q.is_empty() {
        return Ok(vec![]);
    }
    let compact = q.replace('-', "");
    let mut forms = vec![q.clone()];
    if compact != q && !compact.is_empty() {
        forms.push(compact.clone());
    }
    // unit id → best rank. Read from the primary key alone (no join): a first letter can match
    // thousands of terms, and only the best `limit` units need their codes.
    let mut best: HashMap<i64, u8> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT unit_id, kind, term = ?1 FROM unit_search WHERE term >= ?1 AND term < ?1 || char(1114111)",
    )?;
    for form in &forms {
        let mut rows = stmt.query([form])?;
        while let Some(r) = rows.next()? {
            let (unit_id, kind, whole): (i64, u8, bool) = (r.get(0)?, r.get(1)?, r.get(2)?);
            // Phone digits and room numbers match whole: a prefix of either finds half the estate.
            if !whole && (kind == Kind::Phone as u8 || kind == Kind::Room as u8) {
                continue;
            }
            // A whole term ranks before a longer one of its kind (`zs` finds 张三 before 张淑芬).
            let rank = 2 * kind + u8::from(!whole);
            best.entry(unit_id)
                .and_modify(|r| *r = (*r).min(rank))
                .or_insert(rank);
        }
    }
    // Best ranks first; among equals the units in the order they were entered (buildings and rooms
    // are imported in order), then shown by room code.
    let mut ranked: Vec<(u8, i64)> = best.into_iter().map(|(id, r)| (r, id)).collect();
    ranked.sort_unstable();
    ranked.truncate(limit);
    let mut code = conn.prepare_cached("SELECT code FROM units WHERE id = ?1")?;
    let mut out = Vec::with_capacity(ranked.len());
    for (rank, id) in ranked {
        out.push((rank, code.query_row([id], |r| r.get::<_, String>(0))?, id));
    }
    out.sort();
    Ok(out.into_iter().map(|(_, code, id)| (id, code)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_give_their_pinyin_and_initials() {
        let r = readings("张三");
        assert!(r.contains(&("zhangsan".into(), "zs".into())), "{r:?}");
        // A polyphonic surname is found by either reading.
        let r = readings("曾小明");
        let initials: Vec<&str> = r.iter().map(|(_, i)| i.as_str()).collect();
        assert!(
            initials.contains(&"zxm") && initials.contains(&"cxm"),
            "{r:?}"
        );
        assert!(readings("Li Ming").iter().any(|(f, _)| f == "liming"));
        assert!(r.len() <= MAX_READINGS);
    }

    #[test]
    fn queries_are_normalised() {
        assert_eq!(normalise(" ３-２-１２０１ "), "3-2-1201");
        assert_eq!(normalise("ZS"), "zs");
    }
}
