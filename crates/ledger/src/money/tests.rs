use super::*;
use crate::error::ErrorCode;
use proptest::prelude::*;
use std::str::FromStr;

fn m(s: &str) -> Money {
    // test helper: exact decimal string -> Money
    Money::from_decimal_exact(Decimal::from_str(s).unwrap()).unwrap()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn code<T: std::fmt::Debug>(r: Result<T>) -> ErrorCode {
    r.expect_err("expected an error").code
}

// ---- basics ------------------------------------------------------------------------------------------

#[test]
fn constructors_and_accessors() {
    assert_eq!(Money::ZERO.fen(), 0);
    assert_eq!(Money::default(), Money::ZERO);
    assert_eq!(Money::from_fen(12345).fen(), 12345);
    assert_eq!(Money::from_yuan(12), Money::from_fen(1200));
    assert_eq!(Money::from_yuan(-3), Money::from_fen(-300));
    assert!(Money::ZERO.is_zero());
    assert!(Money::from_fen(1).is_positive());
    assert!(Money::from_fen(-1).is_negative());
    assert!(!Money::ZERO.is_positive() && !Money::ZERO.is_negative());
    assert_eq!(Money::from_fen(-5).abs(), Money::from_fen(5));
    assert_eq!(Money::from_fen(5).abs(), Money::from_fen(5));
}

#[test]
fn arithmetic() {
    let a = Money::from_fen(150);
    let b = Money::from_fen(275);
    assert_eq!(a + b, Money::from_fen(425));
    assert_eq!(a - b, Money::from_fen(-125));
    assert_eq!(-a, Money::from_fen(-150));
    let mut c = a;
    c += b;
    assert_eq!(c, Money::from_fen(425));
    c -= a;
    assert_eq!(c, b);
    let v = vec![a, b, Money::from_fen(-25)];
    assert_eq!(v.iter().sum::<Money>(), Money::from_fen(400));
    assert_eq!(v.into_iter().sum::<Money>(), Money::from_fen(400));
    assert_eq!(Vec::<Money>::new().into_iter().sum::<Money>(), Money::ZERO);
    assert_eq!(a.checked_add(b), Some(Money::from_fen(425)));
    assert_eq!(
        Money::from_fen(i64::MAX).checked_add(Money::from_fen(1)),
        None
    );
    assert_eq!(
        Money::from_fen(i64::MIN).checked_sub(Money::from_fen(1)),
        None
    );
    assert!(a < b);
}

#[test]
#[should_panic]
fn add_overflow_panics() {
    let _ = Money::from_fen(i64::MAX) + Money::from_fen(1);
}

#[test]
fn serde_is_integer_fen() {
    assert_eq!(
        serde_json::to_string(&Money::from_fen(12345)).unwrap(),
        "12345"
    );
    assert_eq!(
        serde_json::from_str::<Money>("-5").unwrap(),
        Money::from_fen(-5)
    );
}

#[test]
fn display() {
    assert_eq!(Money::from_fen(123450).to_string(), "1234.50");
    assert_eq!(Money::from_fen(-5).to_string(), "-0.05");
    assert_eq!(Money::ZERO.to_string(), "0.00");
    assert_eq!(Money::from_fen(1).to_string(), "0.01");
    assert_eq!(Money::from_fen(-100).to_string(), "-1.00");
    assert_eq!(
        Money::from_fen(i64::MIN).to_string(),
        "-92233720368547758.08"
    );
    assert_eq!(format!("{:>8}", Money::from_fen(100)), "    1.00");
}

#[test]
fn grouped() {
    assert_eq!(Money::from_fen(123450).grouped(), "1,234.50");
    assert_eq!(Money::ZERO.grouped(), "0.00");
    assert_eq!(Money::from_fen(5).grouped(), "0.05");
    assert_eq!(Money::from_fen(-5).grouped(), "-0.05");
    assert_eq!(Money::from_fen(99900).grouped(), "999.00");
    assert_eq!(Money::from_fen(100000).grouped(), "1,000.00");
    assert_eq!(Money::from_fen(-100000).grouped(), "-1,000.00");
    assert_eq!(Money::from_fen(12345678).grouped(), "123,456.78");
    assert_eq!(Money::from_fen(123456789).grouped(), "1,234,567.89");
    assert_eq!(
        Money::from_fen(99_999_999_999_999).grouped(),
        "999,999,999,999.99"
    );
    assert_eq!(
        Money::from_fen(i64::MIN).grouped(),
        "-92,233,720,368,547,758.08"
    );
}

// ---- decimals ----------------------------------------------------------------------------------------

#[test]
fn to_decimal_has_scale_2() {
    let x = Money::from_fen(1230).to_decimal();
    assert_eq!(x.to_string(), "12.30");
    assert_eq!(x.scale(), 2);
    assert_eq!(Money::ZERO.to_decimal().to_string(), "0.00");
    assert_eq!(Money::from_fen(-5).to_decimal().to_string(), "-0.05");
}

#[test]
fn from_decimal_round_half_up() {
    let r = |s: &str| Money::from_decimal_round(d(s)).fen();
    assert_eq!(r("0.125"), 13);
    assert_eq!(r("-0.125"), -13);
    assert_eq!(r("0.124"), 12);
    assert_eq!(r("-0.124"), -12);
    assert_eq!(r("0.115"), 12); // not banker's rounding
    assert_eq!(r("0.105"), 11);
    assert_eq!(r("1.005"), 101);
    assert_eq!(r("2.675"), 268); // the classic f64 trap
    assert_eq!(r("-0.005"), -1);
    assert_eq!(r("0.004999999"), 0);
    assert_eq!(r("0.0050"), 1);
    assert_eq!(r("1"), 100);
    assert_eq!(r("1.5"), 150);
    assert_eq!(r("12.34"), 1234);
    assert_eq!(r("-7"), -700);
    assert_eq!(r("0"), 0);
    assert_eq!(r("-0.001"), 0);
    // an area × rate computation: 89.37 m² × 2.35 元/m² = 210.0195 → 210.02
    assert_eq!(
        Money::from_decimal_round(d("89.37") * d("2.35")).fen(),
        21002
    );
    assert_eq!(r("999999999999.995"), 100_000_000_000_000);
}

#[test]
#[should_panic]
fn from_decimal_round_overflow_panics() {
    let _ = Money::from_decimal_round(Decimal::MAX);
}

#[test]
fn from_decimal_exact() {
    assert_eq!(m("12.3").fen(), 1230);
    assert_eq!(m("12.30000").fen(), 1230); // zeros beyond 2 decimals are fine
    assert_eq!(m("-0.01").fen(), -1);
    assert_eq!(m("100").fen(), 10000);
    assert_eq!(
        code(Money::from_decimal_exact(d("0.125"))),
        ErrorCode::AmountTooPrecise
    );
    assert_eq!(
        code(Money::from_decimal_exact(d("1.001"))),
        ErrorCode::AmountTooPrecise
    );
    assert_eq!(
        code(Money::from_decimal_exact(Decimal::MAX)),
        ErrorCode::AmountTooLarge
    );
}

// ---- parse -------------------------------------------------------------------------------------------

#[test]
fn parse_accepts() {
    let ok = |s: &str| {
        Money::parse(s)
            .unwrap_or_else(|e| panic!("{s:?}: {}", e.zh))
            .fen()
    };
    assert_eq!(ok("1234.5"), 123450);
    assert_eq!(ok("1234.50"), 123450);
    assert_eq!(ok("1234"), 123400);
    assert_eq!(ok("1,234.50"), 123450);
    assert_eq!(ok("1,234"), 123400);
    assert_eq!(ok("1,234,567.89"), 123456789);
    assert_eq!(ok("¥1234.50"), 123450);
    assert_eq!(ok("￥1,234.50"), 123450);
    assert_eq!(ok("¥ 1,234.50"), 123450);
    assert_eq!(ok("1234.50元"), 123450);
    assert_eq!(ok("1234.50 元"), 123450);
    assert_eq!(ok("￥1234.50元"), 123450);
    assert_eq!(ok("１２３４．５０"), 123450);
    assert_eq!(ok("１，２３４"), 123400);
    assert_eq!(ok("￥１，２３４．５元"), 123450);
    assert_eq!(ok("  12.3  "), 1230);
    assert_eq!(ok("\u{3000}12.3\u{3000}"), 1230);
    assert_eq!(ok("\t12.3\n"), 1230);
    assert_eq!(ok("\u{FEFF}12.3"), 1230);
    assert_eq!(ok("\u{00A0}12.3"), 1230);
    assert_eq!(ok("0"), 0);
    assert_eq!(ok("0.00"), 0);
    assert_eq!(ok("0.01"), 1);
    assert_eq!(ok(".5"), 50);
    assert_eq!(ok("5."), 500);
    assert_eq!(ok("007.5"), 750);
    assert_eq!(ok("+5"), 500);
    assert_eq!(ok("＋5"), 500);
    assert_eq!(ok("999999999999.99"), 99_999_999_999_999);
    assert_eq!(ok("999,999,999,999.99"), 99_999_999_999_999);
    assert_eq!(ok("0000000000000001"), 100); // leading zeros do not count as digits
}

#[test]
fn parse_refuses() {
    let c = |s: &str| code(Money::parse(s));
    assert_eq!(c(""), ErrorCode::AmountEmpty);
    assert_eq!(c("   "), ErrorCode::AmountEmpty);
    assert_eq!(c("\u{3000}"), ErrorCode::AmountEmpty);
    assert_eq!(c("1.234"), ErrorCode::AmountTooPrecise);
    assert_eq!(c("1.230"), ErrorCode::AmountTooPrecise);
    assert_eq!(c("0.001"), ErrorCode::AmountTooPrecise);
    assert_eq!(c("-1"), ErrorCode::AmountNegative);
    assert_eq!(c("－1"), ErrorCode::AmountNegative);
    assert_eq!(c("−1"), ErrorCode::AmountNegative);
    assert_eq!(c("-0"), ErrorCode::AmountNegative);
    assert_eq!(c("¥-1.00"), ErrorCode::AmountNegative);
    assert_eq!(c("-¥1.00"), ErrorCode::AmountNegative);
    for bad in [
        "12a", "a12", "1.2.3", "1,23,4", "12,34", ",123", "1,234,", "1234,5", "1.2,3", "1 234",
        "¥", "元", ".", "--1", "+-1", "1-", "1e3", "0x10", "NaN", "壹佰", "12元5", "$12", "¥¥1",
        "1..2",
    ] {
        assert_eq!(c(bad), ErrorCode::AmountInvalid, "{bad:?}");
    }
    assert_eq!(c("1000000000000"), ErrorCode::AmountTooLarge);
    assert_eq!(c("1,000,000,000,000.00"), ErrorCode::AmountTooLarge);
    assert_eq!(
        c("99999999999999999999999999999999"),
        ErrorCode::AmountTooLarge
    );
}

#[test]
fn parse_messages_quote_input_chinese_first() {
    let e = Money::parse("12a").unwrap_err();
    assert!(e.zh.contains("「12a」") && e.zh.contains("a"), "{}", e.zh);
    assert!(e.en.contains("\"12a\""), "{}", e.en);
    let e = Money::parse("1.234").unwrap_err();
    assert!(
        e.zh.contains("「1.234」") && e.zh.contains("两位"),
        "{}",
        e.zh
    );
    let e = Money::parse("-5").unwrap_err();
    assert!(e.zh.contains("「-5」") && e.zh.contains("负"), "{}", e.zh);
    let e = Money::parse("1,23,4").unwrap_err();
    assert!(e.zh.contains("千分位"), "{}", e.zh);
    let e = Money::parse("1.2.3").unwrap_err();
    assert!(e.zh.contains("小数点"), "{}", e.zh);
    let long = "x".repeat(100);
    let e = Money::parse(&long).unwrap_err();
    assert!(e.zh.contains('…') && e.zh.chars().count() < 120, "{}", e.zh);
}

#[test]
fn parse_signed() {
    let ok = |s: &str| {
        Money::parse_signed(s)
            .unwrap_or_else(|e| panic!("{s:?}: {}", e.zh))
            .fen()
    };
    assert_eq!(ok("-5"), -500);
    assert_eq!(ok("－５．５"), -550);
    assert_eq!(ok("−0.05"), -5);
    assert_eq!(ok("-¥1,234.50"), -123450);
    assert_eq!(ok("¥-1,234.50"), -123450);
    assert_eq!(ok("-1234.50元"), -123450);
    assert_eq!(ok("12"), 1200);
    assert_eq!(ok("-0"), 0);
    assert_eq!(ok("-999999999999.99"), -99_999_999_999_999);
    assert_eq!(code(Money::parse_signed("--5")), ErrorCode::AmountInvalid);
    assert_eq!(code(Money::parse_signed("-¥-5")), ErrorCode::AmountInvalid);
    assert_eq!(
        code(Money::parse_signed("-1.234")),
        ErrorCode::AmountTooPrecise
    );
    assert_eq!(code(Money::parse_signed("")), ErrorCode::AmountEmpty);
    assert_eq!(code(Money::parse_signed("-")), ErrorCode::AmountInvalid);
    assert_eq!(
        code(Money::parse_signed("-1000000000000")),
        ErrorCode::AmountTooLarge
    );
}

// ---- parse_decimal -----------------------------------------------------------------------------------

const AREA_UNITS: &[&str] = &["㎡", "m²", "m2", "平方米", "平米"];
const AREA: (&str, &str) = ("建筑面积", "floor area");

#[test]
fn parse_decimal_accepts() {
    let ok = |s: &str| {
        parse_decimal(s, 2, AREA_UNITS, AREA).unwrap_or_else(|e| panic!("{s:?}: {}", e.zh))
    };
    assert_eq!(ok("89.37"), d("89.37"));
    assert_eq!(ok("89.37㎡"), d("89.37"));
    assert_eq!(ok("89.37 ㎡"), d("89.37"));
    assert_eq!(ok("89.37m²"), d("89.37"));
    assert_eq!(ok("89.37M2"), d("89.37"));
    assert_eq!(ok("89.37ｍ２"), d("89.37")); // full-width unit
    assert_eq!(ok("89.37平方米"), d("89.37"));
    assert_eq!(ok("89.37平米"), d("89.37"));
    assert_eq!(ok("８９．３７平米"), d("89.37"));
    assert_eq!(ok("1,089.5"), d("1089.5"));
    assert_eq!(ok("\u{3000}120\u{3000}"), d("120"));
    assert_eq!(ok("0"), Decimal::ZERO);
    assert_eq!(ok(".5").to_string(), "0.5");
    assert_eq!(ok("12.50").to_string(), "12.50"); // keeps decimals as typed
    assert_eq!(ok("999999999999.99"), d("999999999999.99"));
    // rates with more decimals, readings as integers
    assert_eq!(
        parse_decimal("2.3456元/㎡", 4, &["元/㎡", "元"], ("单价", "unit price")).unwrap(),
        d("2.3456")
    );
    assert_eq!(
        parse_decimal("2.5元", 4, &["元/㎡", "元"], ("单价", "unit price")).unwrap(),
        d("2.5")
    );
    assert_eq!(
        parse_decimal("12345", 0, &["度"], ("读数", "reading")).unwrap(),
        d("12345")
    );
    assert_eq!(
        parse_decimal("0.123456789012345678", 18, &[], ("x", "x")).unwrap(),
        d("0.123456789012345678")
    );
}

#[test]
fn parse_decimal_refuses() {
    let c = |s: &str| code(parse_decimal(s, 2, AREA_UNITS, AREA));
    assert_eq!(c(""), ErrorCode::AmountEmpty);
    assert_eq!(c(" \u{3000} "), ErrorCode::AmountEmpty);
    assert_eq!(c("-1"), ErrorCode::AmountNegative);
    assert_eq!(c("－1㎡"), ErrorCode::AmountNegative);
    assert_eq!(c("1.234"), ErrorCode::AmountTooPrecise);
    assert_eq!(c("1.230"), ErrorCode::AmountTooPrecise);
    for bad in [
        "abc",
        "1.2.3",
        "1,23",
        "12a",
        "㎡",
        "12 ㎡ 3",
        "12元",
        "1e5",
        "¥12",
        "1000000000000",
    ] {
        assert_eq!(c(bad), ErrorCode::DecimalInvalid, "{bad:?}");
    }
    assert_eq!(
        code(parse_decimal("12.5", 0, &["度"], ("读数", "reading"))),
        ErrorCode::AmountTooPrecise
    );
    // a huge max_scale must not panic
    let many = format!("999999999999.{}", "9".repeat(40));
    assert_eq!(
        code(parse_decimal(&many, 60, &[], ("x", "x"))),
        ErrorCode::DecimalInvalid
    );
}

#[test]
fn parse_decimal_messages_name_the_field() {
    let e = parse_decimal("abc", 2, AREA_UNITS, AREA).unwrap_err();
    assert!(e.zh.starts_with("建筑面积「abc」"), "{}", e.zh);
    assert!(e.en.starts_with("floor area \"abc\""), "{}", e.en);
    let e = parse_decimal("", 2, AREA_UNITS, AREA).unwrap_err();
    assert!(e.zh.contains("建筑面积"), "{}", e.zh);
    let e = parse_decimal("1.234", 2, AREA_UNITS, AREA).unwrap_err();
    assert!(
        e.zh.contains("2 位小数") && e.zh.contains("「1.234」"),
        "{}",
        e.zh
    );
    let e = parse_decimal("1.5", 0, &[], ("读数", "reading")).unwrap_err();
    assert!(e.zh.contains("整数"), "{}", e.zh);
    let e = parse_decimal("-3", 2, AREA_UNITS, AREA).unwrap_err();
    assert!(e.zh.contains("负数"), "{}", e.zh);
}

// ---- 大写 ------------------------------------------------------------------------------------------

#[test]
fn words_pboc_examples() {
    let w = |s: &str| m(s).words();
    assert_eq!(w("1409.50"), "壹仟肆佰零玖元伍角整");
    assert_eq!(w("6007.14"), "陆仟零柒元壹角肆分");
    assert_eq!(w("1680.32"), "壹仟陆佰捌拾元零叁角贰分");
    assert_eq!(w("107000.53"), "壹拾万柒仟元零伍角叁分");
    assert_eq!(w("16409.02"), "壹万陆仟肆佰零玖元零贰分");
    assert_eq!(w("325.04"), "叁佰贰拾伍元零肆分");
    assert_eq!(w("0"), "零元整");
    assert_eq!(w("0.05"), "伍分");
    assert_eq!(w("0.50"), "伍角整");
    assert_eq!(w("10"), "壹拾元整");
    assert_eq!(w("100000000"), "壹亿元整");
    assert_eq!(w("1000010"), "壹佰万零壹拾元整");
    assert_eq!(w("10000.00"), "壹万元整");
    assert_eq!(w("100.10"), "壹佰元零壹角整");
    assert_eq!(w("-5.00"), "负伍元整");
    assert_eq!(w("100000001"), "壹亿零壹元整");
}

#[test]
fn words_edge_cases() {
    let w = |s: &str| m(s).words();
    assert_eq!(w("1.00"), "壹元整");
    assert_eq!(w("0.10"), "壹角整");
    assert_eq!(w("0.01"), "壹分");
    assert_eq!(w("0.15"), "壹角伍分");
    assert_eq!(w("1.01"), "壹元零壹分");
    assert_eq!(w("1.10"), "壹元壹角整");
    assert_eq!(w("1.11"), "壹元壹角壹分");
    assert_eq!(w("1001.01"), "壹仟零壹元零壹分");
    assert_eq!(w("20000000.00"), "贰仟万元整");
    assert_eq!(w("1010101.10"), "壹佰零壹万零壹佰零壹元壹角整");
    assert_eq!(w("11"), "壹拾壹元整");
    assert_eq!(w("110"), "壹佰壹拾元整");
    assert_eq!(w("123.45"), "壹佰贰拾叁元肆角伍分");
    assert_eq!(w("100"), "壹佰元整");
    assert_eq!(w("101"), "壹佰零壹元整");
    assert_eq!(w("1000"), "壹仟元整");
    assert_eq!(w("1001"), "壹仟零壹元整");
    assert_eq!(w("1010"), "壹仟零壹拾元整");
    assert_eq!(w("1100"), "壹仟壹佰元整");
    assert_eq!(w("10001"), "壹万零壹元整");
    assert_eq!(w("10010"), "壹万零壹拾元整");
    assert_eq!(w("10100"), "壹万零壹佰元整");
    assert_eq!(w("11000"), "壹万壹仟元整");
    assert_eq!(w("100000"), "壹拾万元整");
    assert_eq!(w("10005000"), "壹仟万伍仟元整");
    assert_eq!(w("10000000.90"), "壹仟万元零玖角整");
    assert_eq!(w("101000000"), "壹亿零壹佰万元整");
    assert_eq!(w("110000000"), "壹亿壹仟万元整");
    assert_eq!(w("100001000"), "壹亿零壹仟元整");
    assert_eq!(w("100010000"), "壹亿零壹万元整");
    assert_eq!(w("1000000000"), "壹拾亿元整");
    assert_eq!(w("-0.05"), "负伍分");
    assert_eq!(w("-1680.32"), "负壹仟陆佰捌拾元零叁角贰分");
    assert_eq!(w("-0.50"), "负伍角整");
    assert_eq!(w("1000000000000"), "壹万亿元整");
    assert_eq!(
        w("999999999999.99"),
        "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"
    );
    assert_eq!(w("100000000000.01"), "壹仟亿元零壹分");
    assert_eq!(w("100010001000.00"), "壹仟亿壹仟万壹仟元整");
    assert_eq!(
        w("123456789012.34"),
        "壹仟贰佰叁拾肆亿伍仟陆佰柒拾捌万玖仟零壹拾贰元叁角肆分"
    );
    assert_eq!(
        Money::from_fen(i64::MAX).words(),
        "玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分"
    );
    assert_eq!(
        Money::from_fen(i64::MIN).words(),
        "负玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零捌分"
    );
}

/// Reads 大写 back to fen (test oracle; independent of the writer's zero rules).
fn words_to_fen(s: &str) -> i128 {
    let (neg, s) = match s.strip_prefix('负') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (mut total, mut section, mut number): (i128, i128, i128) = (0, 0, 0);
    let mut fen: i128 = 0;
    for c in s.chars() {
        if let Some(dg) = CN_DIGITS.iter().position(|x| *x == c) {
            number = dg as i128;
            continue;
        }
        match c {
            '拾' => section += number * 10,
            '佰' => section += number * 100,
            '仟' => section += number * 1000,
            '万' => section = (section + number) * 10_000,
            '亿' => {
                total = (total + section + number) * 100_000_000;
                section = 0;
            }
            '元' => {
                fen += (total + section + number) * 100;
                total = 0;
                section = 0;
            }
            '角' => fen += number * 10,
            '分' => fen += number,
            '整' => {}
            _ => panic!("unexpected {c} in {s}"),
        }
        number = 0;
    }
    if neg {
        -fen
    } else {
        fen
    }
}

proptest! {
    #[test]
    fn prop_parse_roundtrip(fen in 0i64..=99_999_999_999_999) {
        let x = Money::from_fen(fen);
        prop_assert_eq!(Money::parse(&x.grouped()).unwrap(), x);
        prop_assert_eq!(Money::parse(&x.to_string()).unwrap(), x);
        prop_assert_eq!(Money::parse(&format!("¥{}元", x.grouped())).unwrap(), x);
    }

    #[test]
    fn prop_parse_signed_roundtrip(fen in -99_999_999_999_999i64..=99_999_999_999_999) {
        let x = Money::from_fen(fen);
        prop_assert_eq!(Money::parse_signed(&x.grouped()).unwrap(), x);
        prop_assert_eq!(Money::parse_signed(&x.to_string()).unwrap(), x);
        prop_assert_eq!(Money::from_decimal_exact(x.to_decimal()).unwrap(), x);
        prop_assert_eq!(Money::from_decimal_round(x.to_decimal()), x);
        prop_assert_eq!(x.grouped().replace(',', ""), x.to_string());
    }

    #[test]
    fn prop_words(fen in any::<i64>()) {
        let x = Money::from_fen(fen);
        let w = x.words();
        prop_assert!(!w.contains("零零"), "{}", w);
        prop_assert!(!w.ends_with('零'), "{}", w);
        prop_assert_eq!(w.ends_with('整'), fen % 10 == 0, "{}", w);
        prop_assert!(!w.contains("整") || w.ends_with('整'), "{}", w);
        prop_assert_eq!(w.starts_with('负'), fen < 0, "{}", w);
        prop_assert_eq!(words_to_fen(&w), fen as i128, "{}", w);
    }

    #[test]
    fn prop_words_small(fen in 0i64..=99_999_999_999_999) {
        let w = Money::from_fen(fen).words();
        prop_assert_eq!(words_to_fen(&w), fen as i128, "{}", w);
        prop_assert!(!w.contains("零零"), "{}", w);
        prop_assert!(!w.starts_with('零') || fen == 0, "{}", w);
        if fen != 0 {
            prop_assert_eq!(format!("负{w}"), Money::from_fen(-fen).words());
        }
    }

    #[test]
    fn prop_round_half_up(fen in -1_000_000_000i64..1_000_000_000, milli in 0i64..10) {
        // value = fen/100 + sign*milli/1000 ; rounds away from zero at 5
        let sign = if fen < 0 { -1 } else { 1 };
        let v = Decimal::new(fen * 10 + sign * milli, 3);
        let expect = if milli >= 5 { fen + sign } else { fen };
        prop_assert_eq!(Money::from_decimal_round(v).fen(), expect);
    }
}
