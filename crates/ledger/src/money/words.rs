//! 人民币大写: the Chinese capital form of an amount printed on receipts.

pub(super) const CN_DIGITS: [char; 10] =
    ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// Words of a group 1..=9999 without leading 零: internal zero runs give one 零, trailing zeros nothing.
fn section_words(n: u64, out: &mut String) {
    const UNITS: [&str; 4] = ["仟", "佰", "拾", ""];
    let ds = [n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
    let mut started = false;
    let mut zero = false;
    for (i, &d) in ds.iter().enumerate() {
        if d == 0 {
            zero |= started;
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push(CN_DIGITS[d as usize]);
        out.push_str(UNITS[i]);
        started = true;
    }
}

/// Words of an integer n >= 1 (nested 亿 for very large values: 壹万亿, 玖亿…亿).
pub(super) fn int_words(n: u64, out: &mut String) {
    const YI: u64 = 100_000_000;
    const WAN: u64 = 10_000;
    if n >= YI {
        int_words(n / YI, out);
        out.push('亿');
        let lo = n % YI;
        if lo > 0 {
            if lo < YI / 10 {
                out.push('零');
            }
            int_words(lo, out);
        }
    } else if n >= WAN {
        section_words(n / WAN, out);
        out.push('万');
        let lo = n % WAN;
        if lo > 0 {
            if lo < WAN / 10 {
                out.push('零');
            }
            section_words(lo, out);
        }
    } else {
        section_words(n, out);
    }
}
