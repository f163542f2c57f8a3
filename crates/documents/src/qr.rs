//! The receipt's QR code drawn as vector squares (its text and signature: `feedesk_protocol::qr`).

use feedesk_ledger::{err, Result};

use crate::draw::Canvas;

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
