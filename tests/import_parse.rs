//! The units-and-owners import reads what offices really produce (title rows, Excel number
//! and date cells, GBK CSV, stray spaces) and refuses every bad row at once, naming each.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::NaiveDate;
use feedesk_api::ErrorCode;
use feedesk_api::UnitType;
use feedesk_ledger::import::{
    parse_bytes, parse_file, FileKind, ImportFailure, ImportRow, RowError,
};
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const HEADER: &str = "楼栋,单元,房号,房屋类型,建筑面积,业主姓名,联系电话,证件号码,交房日期";
/// A valid resident ID (the GB 11643 standard's own example).
const ID: &str = "11010519491231002X";

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Lines joined with CRLF, as Excel writes them.
fn csv(lines: &[&str]) -> Vec<u8> {
    lines.join("\r\n").into_bytes()
}

fn parse_csv(lines: &[&str]) -> Result<Vec<ImportRow>, ImportFailure> {
    parse_bytes(&csv(lines), FileKind::Csv)
}

fn row_errors(r: Result<Vec<ImportRow>, ImportFailure>) -> Vec<RowError> {
    match r {
        Err(ImportFailure::Rows(e)) => e,
        Err(ImportFailure::File(e)) => panic!("expected row errors, got file error {e:?}"),
        Ok(rows) => panic!("expected row errors, got {} rows", rows.len()),
    }
}

fn file_error(r: Result<Vec<ImportRow>, ImportFailure>) -> feedesk_api::Error {
    match r {
        Err(ImportFailure::File(e)) => {
            assert_eq!(e.code, ErrorCode::ImportFile);
            e
        }
        Err(ImportFailure::Rows(e)) => panic!("expected a file error, got row errors {e:#?}"),
        Ok(rows) => panic!("expected a file error, got {} rows", rows.len()),
    }
}

fn ok(r: Result<Vec<ImportRow>, ImportFailure>) -> Vec<ImportRow> {
    match r {
        Ok(rows) => rows,
        Err(ImportFailure::Rows(e)) => panic!("unexpected row errors: {e:#?}"),
        Err(ImportFailure::File(e)) => panic!("unexpected file error: {e:?}"),
    }
}

/// A cell for [`xlsx`].
enum X<'a> {
    S(&'a str),
    N(f64),
    D(u16, u8, u8),
    E,
}
use X::{D, E, N, S};

/// An .xlsx file with one sheet holding `rows` from A1.
fn xlsx(rows: &[Vec<X>]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                S(s) => {
                    ws.write_string(r, c, *s).unwrap();
                }
                N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                D(y, m, d) => {
                    ws.write_datetime_with_format(
                        r,
                        c,
                        ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                        &date_fmt,
                    )
                    .unwrap();
                }
                E => {}
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn header_cells() -> Vec<X<'static>> {
    HEADER.split(',').map(S).collect()
}

// ---------------------------------------------------------------------------------------
// Good files

#[test]
fn a_good_csv_file_gives_every_row_with_every_field_normalised() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "units.csv",
        &csv(&[
            HEADER,
            &format!(
                "3栋,2单元,1201室,住宅,89.47,张伟,138 0013 8000,{},2020-05-01",
                ID.to_lowercase()
            ),
            "5号楼,,101,商铺,120.5,王芳,0755-86001234,,2019/10/1",
            "B1,,A023,车位,12,陈磊,+86 13912345678,E12345678,",
        ]),
    );
    let rows = ok(parse_file(&path));
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[0],
        ImportRow {
            row: 2,
            building: "3".into(),
            entrance: "2".into(),
            room: "1201".into(),
            unit_type: UnitType::Residential,
            area_m2: dec("89.47"),
            owner_name: "张伟".into(),
            phone: "13800138000".into(),
            id_number: Some(ID.into()),
            handover_date: Some(date(2020, 5, 1)),
        }
    );
    assert_eq!(rows[0].unit_code(), "3-2-1201");
    assert_eq!(rows[1].row, 3);
    assert_eq!(rows[1].building, "5");
    assert_eq!(rows[1].entrance, "");
    assert_eq!(rows[1].unit_type, UnitType::Shop);
    assert_eq!(
        rows[1].area_m2.to_string(),
        "120.50",
        "areas carry two decimals"
    );
    assert_eq!(rows[1].phone, "0755-86001234");
    assert_eq!(rows[1].id_number, None);
    assert_eq!(rows[1].handover_date, Some(date(2019, 10, 1)));
    assert_eq!(rows[1].unit_code(), "5-101");
    assert_eq!(rows[2].unit_code(), "B1-A023");
    assert_eq!(rows[2].unit_type, UnitType::Parking);
    assert_eq!(rows[2].phone, "13912345678");
    assert_eq!(
        rows[2].id_number.as_deref(),
        Some("E12345678"),
        "a passport number is accepted"
    );
    assert_eq!(rows[2].handover_date, None);
}

#[test]
fn a_good_xlsx_file_with_a_title_row_numeric_cells_and_a_date_cell() {
    let bytes = xlsx(&[
        vec![S("阳光花园业主信息表")],
        vec![],
        header_cells(),
        vec![
            N(3.0),
            N(2.0),
            N(1201.0),
            S("住宅"),
            N(89.47),
            S(" 张伟 "),
            N(13800138000.0),
            S(ID),
            D(2020, 5, 1),
        ],
        vec![
            S("A座"),
            E,
            S("0101"),
            S("商铺"),
            N(120.5),
            S("王芳"),
            S("0755-86001234"),
            E,
            S("2019年10月1日"),
        ],
        vec![],
        vec![
            S("B1"),
            E,
            S("A023"),
            S("车位"),
            S("12.50"),
            S("陈磊"),
            S("13912345678"),
            E,
            N(20210115.0),
        ],
    ]);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "业主信息.xlsx", &bytes);
    let rows = ok(parse_file(&path));
    assert_eq!(
        rows.iter().map(|r| r.row).collect::<Vec<_>>(),
        vec![4, 5, 7],
        "rows as Excel numbers them"
    );
    let r = &rows[0];
    assert_eq!(
        (r.building.as_str(), r.entrance.as_str(), r.room.as_str()),
        ("3", "2", "1201")
    );
    assert_eq!(r.area_m2, dec("89.47"));
    assert_eq!(r.owner_name, "张伟");
    assert_eq!(r.phone, "13800138000");
    assert_eq!(r.id_number.as_deref(), Some(ID));
    assert_eq!(r.handover_date, Some(date(2020, 5, 1)));
    assert_eq!(rows[1].building, "A");
    assert_eq!(
        rows[1].room, "0101",
        "a room typed as text keeps its leading zero"
    );
    assert_eq!(rows[1].handover_date, Some(date(2019, 10, 1)));
    assert_eq!(rows[2].area_m2, dec("12.5"));
    assert_eq!(rows[2].handover_date, Some(date(2021, 1, 15)));
}

#[test]
fn header_variants_english_units_in_brackets_full_width_spaces_and_any_order() {
    let rows = ok(parse_csv(&[
        "序号,Phone,　业主　,Area (m2),TYPE,Room,Building,备注",
        "1,13800138000,张伟,89.47,residential,1201,3,VIP",
    ]));
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].unit_code(),
        "3-1201",
        "no entrance column at all is fine"
    );
    assert_eq!(rows[0].unit_type, UnitType::Residential);

    let rows = ok(parse_csv(&[
        "楼号,单元号,房间号,物业类型,建筑面积（㎡）,客户姓名,手机号码,身份证号码,入住日期",
        &format!("3,2,1201,住宅,89.47,张伟,13800138000,{ID},2020-05-01"),
    ]));
    assert_eq!(rows[0].id_number.as_deref(), Some(ID));
    assert_eq!(rows[0].handover_date, Some(date(2020, 5, 1)));

    let rows = ok(parse_csv(&[
        "栋号,单元,门牌号,房产类型,面积(㎡),姓名,联系方式,证件号,收房日期",
        "3,2,1201,住宅,89.47,张伟,13800138000,,",
    ]));
    assert_eq!(rows[0].unit_code(), "3-2-1201");

    let rows = ok(parse_csv(&[
        "楼宇,entrance,室号,类型,面积,owner,电话,id,handover",
        "3,2,1201,住宅,89.47,张伟,13800138000,,2020.5.1",
    ]));
    assert_eq!(rows[0].handover_date, Some(date(2020, 5, 1)));
}

#[test]
fn a_gbk_encoded_csv_from_excel_on_chinese_windows_is_read() {
    let text = [
        HEADER,
        "3栋,2单元,1201,住宅,89.47,张伟,13800138000,,2020年5月1日",
        "裙楼,,S01,商铺,45,欧阳娜娜,13912345678,,",
    ]
    .join("\r\n");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test file really is not UTF-8"
    );
    let dir = tempfile::tempdir().unwrap();
    let rows = ok(parse_file(&write(dir.path(), "gbk.csv", &bytes)));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].owner_name, "张伟");
    assert_eq!(rows[0].handover_date, Some(date(2020, 5, 1)));
    assert_eq!(
        rows[1].building, "裙楼",
        "a building that is a name, not a number, is kept whole"
    );
    assert_eq!(rows[1].owner_name, "欧阳娜娜");
}

#[test]
fn a_utf8_bom_is_stripped_so_the_first_header_is_recognised() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(csv(&[HEADER, "3,2,1201,住宅,89.47,张伟,13800138000,,"]));
    let dir = tempfile::tempdir().unwrap();
    let rows = ok(parse_file(&write(dir.path(), "bom.CSV", &bytes)));
    assert_eq!(rows[0].building, "3");
}

#[test]
fn excel_unicode_text_utf16_tab_separated_is_read() {
    let text = [
        HEADER.replace(',', "\t"),
        "3\t2\t1201\t住宅\t89.47\t张伟\t13800138000\t\t".into(),
    ]
    .join("\r\n");
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let dir = tempfile::tempdir().unwrap();
    let rows = ok(parse_file(&write(dir.path(), "units.txt", &bytes)));
    assert_eq!(rows[0].unit_code(), "3-2-1201");
}

#[test]
fn stray_spaces_full_width_characters_and_numbers_stored_as_text() {
    let rows = ok(parse_csv(&[
        " 楼栋 , 单元 , 房号 , 房屋类型 , 建筑面积 , 业主姓名 , 联系电话 , 证件号码 , 交房日期 ",
        " 3 号楼 ,一单元, 1201 室 , 住宅 ,\" 89.50 \", 张  伟 ,\"138-0013-8000\", 11010519491231002x ,2020-05-01 00:00:00",
        "３,２,１２０２,住宅,８９．４７,李　娜,８６１３８００１３８００１,,２０２０－０５－０１",
        "A座,,102,商业,\"1,234.56\",深圳市 某某 餐饮有限公司,(0755)86001234,,20200501",
    ]));
    let r = &rows[0];
    assert_eq!(
        (r.building.as_str(), r.entrance.as_str(), r.room.as_str()),
        ("3", "1", "1201")
    );
    assert_eq!(r.area_m2, dec("89.5"));
    assert_eq!(r.owner_name, "张 伟", "inner spaces collapse to one");
    assert_eq!(r.phone, "13800138000");
    assert_eq!(
        r.id_number.as_deref(),
        Some(ID),
        "a lower-case x is upper-cased"
    );
    assert_eq!(r.handover_date, Some(date(2020, 5, 1)));
    let r = &rows[1];
    assert_eq!(r.unit_code(), "3-2-1202", "full-width digits are read");
    assert_eq!(r.area_m2, dec("89.47"));
    assert_eq!(r.owner_name, "李 娜");
    assert_eq!(r.phone, "13800138001");
    assert_eq!(r.handover_date, Some(date(2020, 5, 1)));
    let r = &rows[2];
    assert_eq!(r.unit_code(), "A-102");
    assert_eq!(r.area_m2, dec("1234.56"));
    assert_eq!(r.owner_name, "深圳市 某某 餐饮有限公司");
    assert_eq!(r.phone, "0755-86001234");
    assert_eq!(r.handover_date, Some(date(2020, 5, 1)));
}

#[test]
fn phone_numbers_in_the_shapes_offices_write_them() {
    let cases = [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 13800138000", "13800138000"),
        ("+86-138-0013-8000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("008613800138000", "13800138000"),
        ("0755-12345678", "0755-12345678"),
        ("0755 1234567", "0755-1234567"),
        ("075512345678", "0755-12345678"),
        ("010-12345678", "010-12345678"),
        ("02112345678", "021-12345678"),
        ("(020)87654321", "020-87654321"),
    ];
    let mut lines = vec![HEADER.to_string()];
    for (i, (input, _)) in cases.iter().enumerate() {
        lines.push(format!("1,1,{},住宅,80,业主{i},\"{input}\",,", 101 + i));
    }
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let rows = ok(parse_csv(&lines));
    for (row, (input, want)) in rows.iter().zip(cases) {
        assert_eq!(row.phone, want, "from {input:?}");
    }
}

#[test]
fn handover_dates_in_every_accepted_shape() {
    let cases = [
        "2020-05-01",
        "2020/5/1",
        "2020.5.1",
        "2020年5月1日",
        "20200501",
        "2020-5-01",
    ];
    let mut lines = vec![HEADER.to_string()];
    for (i, d) in cases.iter().enumerate() {
        lines.push(format!("1,1,{},住宅,80,业主,13800138000,,{d}", 101 + i));
    }
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    for row in ok(parse_csv(&lines)) {
        assert_eq!(row.handover_date, Some(date(2020, 5, 1)), "row {}", row.row);
    }
}

#[test]
fn empty_rows_are_skipped_and_row_numbers_stay_those_of_the_file() {
    let rows = ok(parse_csv(&[
        "阳光花园业主信息表,,,,,,,,",
        HEADER,
        ",,,,,,,,",
        "3,2,1201,住宅,89.47,\"张伟\n（户主）\",13800138000,,",
        "",
        "3,2,1202,住宅,89.47,李娜,13800138001,,",
    ]));
    assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![4, 6]);
    assert_eq!(rows[0].owner_name, "张伟 （户主）");

    // The same with Unix line ends and trailing blank lines.
    let text = format!("\n{HEADER}\n\n3,2,1201,住宅,89.47,\"张伟\n（户主）\",13800138000,,\n\n\n3,2,1202,住宅,89.47,李娜,13800138001,,\n\n");
    let rows = ok(parse_bytes(text.as_bytes(), FileKind::Csv));
    assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![4, 7]);
}

#[test]
fn when_two_columns_mean_the_same_the_first_filled_one_is_used() {
    let rows = ok(parse_csv(&[
        "楼栋,房号,房屋类型,面积,业主,电话,手机",
        "3,1201,住宅,89.47,张伟,,13800138000",
        "3,1202,住宅,89.47,李娜,0755-86001234,13800138001",
    ]));
    assert_eq!(rows[0].phone, "13800138000");
    assert_eq!(rows[1].phone, "0755-86001234");
}

#[test]
fn a_workbook_saved_with_a_csv_extension_is_still_read() {
    let bytes = xlsx(&[
        header_cells(),
        vec![
            N(3.0),
            N(2.0),
            N(1201.0),
            S("住宅"),
            N(89.47),
            S("张伟"),
            N(13800138000.0),
        ],
    ]);
    let dir = tempfile::tempdir().unwrap();
    let rows = ok(parse_file(&write(dir.path(), "really_xlsx.csv", &bytes)));
    assert_eq!(rows[0].unit_code(), "3-2-1201");
}

// ---------------------------------------------------------------------------------------
// Bad rows

/// Every kind of bad row, with good rows in between: all are reported together, in row order,
/// each naming its row, its column as written in the file, and its value.
#[test]
fn every_bad_row_is_reported_at_once_with_row_column_and_value() {
    let lines = [
        "楼栋,单元,房号,房屋类型,建筑面积(㎡),业主姓名,联系电话,证件号码,交房日期", // 1
        "3,2,1201,住宅,89.47,张伟,13800138000,,",                                   // 2 good
        "3,2,1202,住宅,八十九,李娜,13800138001,,",                                  // 3 bad area
        "3,2,1203,住宅,89.475,王芳,13800138002,,", // 4 too many decimals
        "3,2,1204,住宅,0,陈磊,13800138003,,",      // 5 zero area
        "3,2,1205,住宅,-12.5,赵敏,13800138004,,",  // 6 negative area
        "3,2,1206,别墅区,89.47,钱进,13800138005,,", // 7 unknown type
        "3,2,1207,住宅,89.47,孙丽,1380013800,,",   // 8 bad phone
        "3,2,1208,住宅,89.47,周强,13800138006,110105194912310021,", // 9 bad ID checksum
        "3,2,1209,住宅,89.47,吴芳,13800138007,1.10105E+17,", // 10 precision-lost ID
        "3,2,1210,住宅,89.47,郑华,13800138008,,2020-13-01", // 11 bad date
        "3,2,1211,住宅,89.47,,13800138009,,",      // 12 missing owner
        "3,2,1201,住宅,90.00,冯刚,13800138010,,",  // 13 duplicate of row 2
        "3,2,1212,住宅,100000,陈晨,13800138011,,", // 14 too large area
        "3,2,1213,住宅,89.47,褚卫,13800138012,,2020-02-30", // 15 impossible date
        "3,2,1214,住宅,89.47,卫东,12800138012,,",  // 16 no such mobile prefix
        "3,2,1215,住宅,89.47,蒋勇,13800138013/13900139000,,", // 17 two numbers
        "3,2,1216,住宅,89.47,沈云,86123456,,",     // 18 landline without area code
        "3,2,1217,住宅,89.47,韩梅,13800138014,ABC,", // 19 too-short document number
        "3,2,1218,住宅,,杨柳,13800138015,,",       // 20 missing area
        "3,2,1219,,89.47,朱红,13800138016,,",      // 21 missing type
        "3,2,1220,住宅,89.47,秦岭,,,",             // 22 missing phone
        ",2,1221,住宅,89.47,许诺,13800138017,,",   // 23 missing building
        "3,2,,住宅,89.47,何平,13800138018,,",      // 24 missing room
        "3,2,12-21,住宅,89.47,吕布,13800138019,,", // 25 '-' in room
        "3,2,1222,住宅,89.47,施琅,13800138020,110105194913310023,", // 26 impossible birth date
        "3,2,1223,住宅,89.47,张伟,13800138021,,",  // 27 good
    ];
    let errors = row_errors(parse_csv(&lines));
    let got: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (3, "建筑面积(㎡)"),
            (4, "建筑面积(㎡)"),
            (5, "建筑面积(㎡)"),
            (6, "建筑面积(㎡)"),
            (7, "房屋类型"),
            (8, "联系电话"),
            (9, "证件号码"),
            (10, "证件号码"),
            (11, "交房日期"),
            (12, "业主姓名"),
            (13, ""),
            (14, "建筑面积(㎡)"),
            (15, "交房日期"),
            (16, "联系电话"),
            (17, "联系电话"),
            (18, "联系电话"),
            (19, "证件号码"),
            (20, "建筑面积(㎡)"),
            (21, "房屋类型"),
            (22, "联系电话"),
            (23, "楼栋"),
            (24, "房号"),
            (25, "房号"),
            (26, "证件号码"),
        ]
    );
    let by_row = |row: usize| errors.iter().find(|e| e.row == row).unwrap();

    // The message names row, column and value, Chinese first, English alongside.
    assert_eq!(by_row(4).zh, "第4行 建筑面积(㎡)「89.475」最多两位小数");
    assert_eq!(
        by_row(4).en,
        "row 4, floor area \"89.475\": at most 2 decimals"
    );
    assert!(
        by_row(3).zh.contains("「八十九」") && by_row(3).zh.contains("不是有效的数字"),
        "{}",
        by_row(3).zh
    );
    assert!(by_row(5).zh.contains("必须大于0"), "{}", by_row(5).zh);
    assert!(
        by_row(6).zh.contains("「-12.5」必须大于0"),
        "{}",
        by_row(6).zh
    );
    assert!(
        by_row(7).zh.contains("「别墅区」") && by_row(7).zh.contains("住宅、商铺、车位、其他"),
        "{}",
        by_row(7).zh
    );
    assert!(by_row(7).en.contains("residential"), "{}", by_row(7).en);
    assert!(by_row(8).zh.contains("「1380013800」"), "{}", by_row(8).zh);
    assert!(by_row(9).zh.contains("校验位"), "{}", by_row(9).zh);
    assert!(
        by_row(10).zh.contains("文本"),
        "tells the user to format the column as text: {}",
        by_row(10).zh
    );
    assert!(
        by_row(10).en.contains("format the column as text"),
        "{}",
        by_row(10).en
    );
    assert!(
        by_row(11).zh.contains("「2020-13-01」"),
        "{}",
        by_row(11).zh
    );
    assert_eq!(by_row(12).zh, "第12行 业主姓名不能为空");
    assert_eq!(by_row(12).en, "row 12, owner name: required");
    assert!(
        by_row(13).zh.contains("3-2-1201") && by_row(13).zh.contains("第2行"),
        "{}",
        by_row(13).zh
    );
    assert!(by_row(13).en.contains("row 2"), "{}", by_row(13).en);
    assert!(by_row(14).zh.contains("99999.99"), "{}", by_row(14).zh);
    assert!(by_row(17).zh.contains("一个号码"), "{}", by_row(17).zh);
    assert!(by_row(18).zh.contains("区号"), "{}", by_row(18).zh);
    assert!(by_row(25).zh.contains("分列"), "{}", by_row(25).zh);
    assert!(by_row(26).zh.contains("出生日期"), "{}", by_row(26).zh);
    for e in &errors {
        assert!(e.zh.starts_with(&format!("第{}行 ", e.row)), "{}", e.zh);
        assert!(e.en.starts_with(&format!("row {}, ", e.row)), "{}", e.en);
    }
}

#[test]
fn every_problem_in_one_row_is_listed_not_just_the_first() {
    let errors = row_errors(parse_csv(&[
        HEADER,
        "3,2,1201,宿舍,0.001,,123,12345678901234567X,明天",
    ]));
    let columns: Vec<&str> = errors.iter().map(|e| e.column.as_str()).collect();
    assert_eq!(
        columns,
        vec![
            "房屋类型",
            "建筑面积",
            "业主姓名",
            "联系电话",
            "证件号码",
            "交房日期"
        ]
    );
    assert!(errors.iter().all(|e| e.row == 2));
}

#[test]
fn bad_cells_in_an_xlsx_file_numeric_id_three_decimal_area_and_a_room_turned_into_a_date() {
    let bytes = xlsx(&[
        vec![S("阳光花园业主信息表")],
        header_cells(),
        vec![
            N(3.0),
            N(2.0),
            N(1201.0),
            S("住宅"),
            N(89.475),
            S("张伟"),
            N(13800138000.0),
            N(110105194912310020.0),
            E,
        ],
        vec![
            N(3.0),
            N(2.0),
            N(1202.0),
            S("住宅"),
            N(89.47),
            S("李娜"),
            N(13800138001.0),
            E,
            D(2020, 5, 1),
        ],
        vec![
            N(3.0),
            N(2.0),
            D(2020, 1, 1),
            S("住宅"),
            N(89.47),
            S("王芳"),
            N(75586001234.0),
            E,
            S("2020-02-30"),
        ],
    ]);
    let errors = row_errors(parse_bytes(&bytes, FileKind::Xlsx));
    let got: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (3, "建筑面积"),
            (3, "证件号码"),
            (5, "房号"),
            (5, "联系电话"),
            (5, "交房日期")
        ]
    );
    assert_eq!(errors[0].zh, "第3行 建筑面积「89.475」最多两位小数");
    assert!(
        errors[1].zh.contains("文本"),
        "an 18-digit number cell has lost digits: {}",
        errors[1].zh
    );
    assert!(
        errors[2].zh.contains("日期"),
        "a room Excel turned into a date says so: {}",
        errors[2].zh
    );
}

#[test]
fn an_id_number_excel_rounded_and_that_was_pasted_back_as_text_is_explained() {
    let errors = row_errors(parse_csv(&[
        HEADER,
        "3,2,1201,住宅,89.47,张伟,13800138000,110105194912310000,",
    ]));
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].row, errors[0].column.as_str()), (2, "证件号码"));
    assert!(
        errors[0].zh.contains("校验位") && errors[0].zh.contains("文本"),
        "{}",
        errors[0].zh
    );
}

#[test]
fn a_duplicate_unit_names_the_earlier_row_even_when_written_differently() {
    let errors = row_errors(parse_csv(&[
        HEADER,
        "3,2,1201,住宅,89.47,张伟,13800138000,,",
        "3,2,1202,住宅,89.47,李娜,13800138001,,",
        "3号楼,2单元,1201室,住宅,89.47,王芳,13800138002,,",
        "3,2,1202,住宅,89.47,陈磊,13800138003,,",
    ]));
    assert_eq!(errors.len(), 2);
    assert_eq!((errors[0].row, errors[1].row), (4, 5));
    assert_eq!(errors[0].zh, "第4行 房屋「3-2-1201」与第2行重复");
    assert_eq!(errors[0].en, "row 4, unit \"3-2-1201\": duplicates row 2");
    assert!(errors[1].zh.contains("第3行"));
}

#[test]
fn into_error_summarises_row_errors_under_import_rows() {
    let failure = parse_csv(&[
        HEADER,
        "3,2,1201,住宅,0,张伟,13800138000,,",
        "3,2,1202,住宅,89.47,,13800138001,,",
    ])
    .unwrap_err();
    let e = failure.into_error();
    assert_eq!(e.code, ErrorCode::ImportRows);
    assert!(
        e.zh.contains("第2行 建筑面积「0」必须大于0；第3行 业主姓名不能为空"),
        "{}",
        e.zh
    );
    assert!(
        e.en.contains(
            "row 2, floor area \"0\": must be greater than 0; row 3, owner name: required"
        ),
        "{}",
        e.en
    );

    // A long list is cut, saying how many more there are.
    let mut lines = vec![HEADER.to_string()];
    for i in 0..30 {
        lines.push(format!("3,2,{},住宅,0,张伟,13800138000,,", 1000 + i));
    }
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let e = parse_csv(&lines).unwrap_err().into_error();
    assert!(e.zh.contains("另有10处错误"), "{}", e.zh);
    assert!(e.en.contains("30 problems in 30 rows"), "{}", e.en);
}

// ---------------------------------------------------------------------------------------
// Bad files

#[test]
fn a_missing_required_column_is_named() {
    let e = file_error(parse_csv(&[
        "楼栋,单元,房号,建筑面积,业主姓名,备注",
        "3,2,1201,89.47,张伟,",
    ]));
    assert!(
        e.zh.contains("房屋类型") && e.zh.contains("联系电话"),
        "{}",
        e.zh
    );
    assert!(
        !e.zh.contains("业主姓名"),
        "present columns are not listed as missing: {}",
        e.zh
    );
    assert!(
        e.en.contains("unit type") && e.en.contains("phone"),
        "{}",
        e.en
    );

    let bytes = xlsx(&[
        vec![S("阳光花园业主信息表")],
        vec![
            S("楼栋"),
            S("房号"),
            S("房屋类型"),
            S("建筑面积"),
            S("业主姓名"),
        ],
    ]);
    let e = file_error(parse_bytes(&bytes, FileKind::Xlsx));
    assert!(
        e.zh.contains("联系电话") && e.zh.contains("第2行"),
        "{}",
        e.zh
    );
}

#[test]
fn a_file_without_a_recognisable_header_is_refused() {
    let e = file_error(parse_csv(&["a,b,c", "1,2,3"]));
    assert!(e.zh.contains("表头"), "{}", e.zh);
    assert!(e.en.contains("header"), "{}", e.en);

    // The header must be near the top.
    let mut lines = vec!["说明"; 6];
    lines.push(HEADER);
    lines.push("3,2,1201,住宅,89.47,张伟,13800138000,,");
    file_error(parse_csv(&lines));
}

#[test]
fn empty_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let e = file_error(parse_file(&write(dir.path(), "empty.csv", b"")));
    assert!(e.zh.contains("空"), "{}", e.zh);
    file_error(parse_file(&write(
        dir.path(),
        "bom_only.csv",
        b"\xEF\xBB\xBF\r\n,,,\r\n",
    )));
    let e = file_error(parse_csv(&[HEADER, ",,,,,,,,"]));
    assert!(
        e.zh.contains("没有数据"),
        "a header with no rows under it: {}",
        e.zh
    );
    file_error(parse_bytes(&xlsx(&[]), FileKind::Xlsx));
}

#[test]
fn unreadable_and_unsupported_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let e = file_error(parse_file(&write(dir.path(), "units.pdf", b"%PDF-1.4")));
    assert!(e.zh.contains(".pdf"), "{}", e.zh);
    file_error(parse_file(&dir.path().join("missing.xlsx")));
    file_error(parse_file(&write(
        dir.path(),
        "broken.xlsx",
        b"PK\x03\x04 not really a zip",
    )));
}

#[test]
fn file_kind_comes_from_the_extension() {
    assert_eq!(
        FileKind::from_path(Path::new("a.xlsx")),
        Some(FileKind::Xlsx)
    );
    assert_eq!(
        FileKind::from_path(Path::new("a.XLS")),
        Some(FileKind::Xlsx)
    );
    assert_eq!(
        FileKind::from_path(Path::new("a.xlsm")),
        Some(FileKind::Xlsx)
    );
    assert_eq!(FileKind::from_path(Path::new("a.csv")), Some(FileKind::Csv));
    assert_eq!(FileKind::from_path(Path::new("a.txt")), Some(FileKind::Csv));
    assert_eq!(FileKind::from_path(Path::new("a.doc")), None);
    assert_eq!(FileKind::from_path(Path::new("noext")), None);
}

// ---------------------------------------------------------------------------------------
// Shipped templates

fn template(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/templates")
        .join(name)
}

#[test]
fn the_shipped_templates_parse_to_the_same_three_rows() {
    let from_csv = ok(parse_file(&template("units_import_template.csv")));
    let from_xlsx = ok(parse_file(&template("units_import_template.xlsx")));
    assert_eq!(from_csv.len(), 3);
    assert_eq!(from_csv, from_xlsx);
    let types: Vec<UnitType> = from_csv.iter().map(|r| r.unit_type).collect();
    assert_eq!(
        types,
        vec![UnitType::Residential, UnitType::Shop, UnitType::Parking]
    );
    assert!(!from_csv[0].entrance.is_empty() && from_csv[1].entrance.is_empty());
    let bytes = std::fs::read(template("units_import_template.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "the CSV template carries a BOM so Excel reads it as UTF-8"
    );
}

/// Regenerates `assets/templates/units_import_template.xlsx`. Run after changing the CSV template:
/// `cargo test --test import_parse -- --ignored regenerate_xlsx_template`
#[test]
#[ignore]
fn regenerate_xlsx_template() {
    let text = std::fs::read_to_string(template("units_import_template.csv")).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();

    let mut wb = Workbook::new();
    let bold = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let text_fmt = Format::new().set_num_format("@");
    let area_fmt = Format::new().set_num_format("0.00");
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    // 楼栋 单元 房号 房屋类型 建筑面积 业主姓名 联系电话 证件号码 交房日期
    let widths = [8.0, 8.0, 10.0, 10.0, 14.0, 14.0, 16.0, 22.0, 12.0];

    let ws = wb.add_worksheet();
    ws.set_name("业主信息").unwrap();
    for (col, w) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, *w).unwrap();
    }
    // Codes, phone and ID as text, so Excel never turns "0101" into 101 or an ID into 1.1E+17.
    for col in [0u16, 1, 2, 6, 7] {
        ws.set_column_format(col, &text_fmt).unwrap();
    }
    ws.set_column_format(4, &area_fmt).unwrap();
    ws.set_column_format(8, &date_fmt).unwrap();
    ws.set_freeze_panes(1, 0).unwrap();
    for (r, rec) in records.iter().enumerate() {
        let r = r as u32;
        for (c, value) in rec.iter().enumerate() {
            let c = c as u16;
            if r == 0 {
                ws.write_string_with_format(r, c, value, &bold).unwrap();
            } else if value.is_empty() {
                continue;
            } else if c == 4 {
                ws.write_number_with_format(r, c, value.parse::<f64>().unwrap(), &area_fmt)
                    .unwrap();
            } else if c == 8 {
                let d = NaiveDate::parse_from_str(value, "%Y-%m-%d").unwrap();
                let d = ExcelDateTime::parse_from_str(&d.format("%Y-%m-%d").to_string()).unwrap();
                ws.write_datetime_with_format(r, c, d, &date_fmt).unwrap();
            } else {
                ws.write_string_with_format(r, c, value, &text_fmt).unwrap();
            }
        }
    }

    let notes = wb.add_worksheet();
    notes.set_name("填写说明").unwrap();
    notes.set_column_width(0, 14.0).unwrap();
    notes.set_column_width(1, 80.0).unwrap();
    let lines = [
        ("列", "说明 / notes"),
        ("楼栋（必填）", "如 3、3栋、3号楼、A座，导入后统一为 3、A"),
        ("单元", "如 2、2单元；商铺、车位没有单元可留空"),
        ("房号（必填）", "如 1201、1201室；楼栋、单元、房号不能含「-」"),
        ("房屋类型（必填）", "住宅、商铺、车位、其他"),
        ("建筑面积（必填）", "平方米，大于0，最多两位小数"),
        ("业主姓名（必填）", "最多40个字"),
        (
            "联系电话（必填）",
            "11位手机号，或带区号的固定电话如 0755-86001234；只填一个号码",
        ),
        (
            "证件号码",
            "可空；18位身份证会核对校验位；其他证件5到20位字母或数字。请保持文本格式",
        ),
        ("交房日期", "可空；如 2020-05-01、2020/5/1、2020年5月1日"),
        ("", "第一个工作表第一行必须是表头；示例行请删除后再填写。"),
        (
            "",
            "The first sheet's first row is the header; delete the example rows before filling in your own.",
        ),
    ];
    for (r, (a, b)) in lines.iter().enumerate() {
        if r == 0 {
            notes
                .write_string_with_format(r as u32, 0, *a, &bold)
                .unwrap();
            notes
                .write_string_with_format(r as u32, 1, *b, &bold)
                .unwrap();
        } else {
            notes.write_string(r as u32, 0, *a).unwrap();
            notes.write_string(r as u32, 1, *b).unwrap();
        }
    }
    wb.save(template("units_import_template.xlsx")).unwrap();
}
