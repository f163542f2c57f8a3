//! The receipt's QR code: what it carries, its HMAC with the desk's secret, and its drawing.
//!
//! Text form (one line, `|`-separated, ASCII only so any phone scanner reads it):
//!
//! ```text
//! FD1|<receipt uuid>|<receipt number>|<desk code>|<amount in fen>|<HMAC-SHA256, 64 hex digits>
//! FD1|0192f3c1-…|A01-2026-000001|A01|44050|3f9a…
//! ```
//!
//! The HMAC is computed with the desk's secret (32 random bytes kept in `settings.desk_secret`,
//! hex) over everything before the last `|` (including the `FD1` version tag). Head office, which
//! knows each desk's secret, recomputes it: a receipt whose amount or number was altered fails.

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

use super::draw::Canvas;
use crate::{err, Result};

const TAG: &str = "FD1";

/// What a receipt's QR code says, once verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QrPayload {
    pub receipt_id: String,
    pub number: String,
    pub desk: String,
    pub amount_fen: i64,
}

fn mac_hex(secret: &[u8], body: &str) -> String {
    let mut m = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    m.update(body.as_bytes());
    hex::encode(m.finalize().into_bytes())
}

impl QrPayload {
    /// The signed text the QR code carries.
    pub fn sign(&self, secret: &[u8]) -> String {
        let body = format!(
            "{TAG}|{}|{}|{}|{}",
            self.receipt_id, self.number, self.desk, self.amount_fen
        );
        let mac = mac_hex(secret, &body);
        format!("{body}|{mac}")
    }
}

/// Read and check a receipt QR text against the desk's secret. Any change to the text, or the
/// wrong desk's secret, gives an error; the payload is returned only when the HMAC matches.
pub fn verify_qr(secret: &[u8], text: &str) -> Result<QrPayload> {
    let bad = || {
        err!(
            InvalidInput,
            "二维码内容格式不对，不是 feedesk 收据",
            "the QR text is not a feedesk receipt code"
        )
    };
    let text = text.trim();
    let (body, mac) = text.rsplit_once('|').ok_or_else(bad)?;
    let parts: Vec<&str> = body.split('|').collect();
    if parts.len() != 5 || parts[0] != TAG {
        return Err(bad());
    }
    let given = hex::decode(mac).map_err(|_| bad())?;
    let mut m = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    m.update(body.as_bytes());
    // verify_slice compares in constant time.
    m.verify_slice(&given).map_err(|_| {
        err!(
            AuthFailed,
            "二维码校验失败：收据内容被改动，或不是本收银台开具",
            "QR check failed: the receipt was altered or was not issued by this desk"
        )
    })?;
    Ok(QrPayload {
        receipt_id: parts[1].to_string(),
        number: parts[2].to_string(),
        desk: parts[3].to_string(),
        amount_fen: parts[4].parse().map_err(|_| bad())?,
    })
}

/// The QR code of `text` as a `size` mm square with its lower-left corner at (x, y). Dark modules
/// of a row are merged into runs: one filled rectangle per run keeps the page small.
pub(crate) fn draw(c: &mut Canvas, text: &str, x: f32, y: f32, size: f32) -> Result<()> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| {
            err!(
                InvalidInput,
                "二维码无法生成：{e}",
                "cannot make the QR code: {e}"
            )
        })?;
    let n = code.width();
    let colors = code.to_colors();
    let cell = size / n as f32;
    let mut rects = vec![];
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == qrcode::Color::Dark {
                let start = col;
                while col < n && colors[row * n + col] == qrcode::Color::Dark {
                    col += 1;
                }
                // Rows count from the top; PDF y counts from the bottom.
                rects.push((
                    x + start as f32 * cell,
                    y + size - (row + 1) as f32 * cell,
                    (col - start) as f32 * cell,
                    cell,
                ));
            } else {
                col += 1;
            }
        }
    }
    c.fill_rects(&rects);
    Ok(())
}

/// The desk's secret for receipt QR codes: 32 random bytes, made on first use and kept (hex) in
/// `settings.desk_secret`. Call inside the printing transaction so two first prints cannot race.
pub(crate) fn desk_secret(conn: &rusqlite::Connection) -> Result<Vec<u8>> {
    if let Some(h) = crate::db::setting(conn, "desk_secret")? {
        return hex::decode(h.trim()).map_err(|_| {
            err!(
                Storage,
                "收银台密钥（desk_secret）已损坏",
                "the desk secret (desk_secret) is damaged"
            )
        });
    }
    let mut key = vec![0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
    crate::db::set_setting(conn, "desk_secret", &hex::encode(&key))?;
    Ok(key)
}
