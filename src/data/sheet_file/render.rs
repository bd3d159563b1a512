//! A spreadsheet cell as the text a clerk would have typed.
//!
//! A date cell becomes `2019-06-30`, an integral number `150` (never `150.0`), any
//! other number its shortest exact decimal (`0.85`), a boolean 是/否, a formula its
//! cached value. A number too large for Excel to hold exactly (15 significant
//! digits) is written as Excel shows it, `1.23457E+17`, so a code that Excel damaged
//! is recognised as damaged rather than read as a valid number. An error value
//! (`#N/A`) is rendered as its text but flagged, so the reader can report it and
//! hand out an empty cell.

use calamine::{Data, DataRef};

/// Appends `data` as text to `out`; `true` when it is an error value (its text, such
/// as `#N/A`, is what was appended).
pub fn render(data: &DataRef<'_>, out: &mut String) -> bool {
    use std::fmt::Write as _;
    match data {
        DataRef::Empty => {}
        DataRef::String(s) => out.push_str(s),
        DataRef::SharedString(s) => out.push_str(s),
        DataRef::Int(i) => {
            let _ = write!(out, "{i}");
        }
        DataRef::Float(f) => number(*f, out),
        DataRef::Bool(b) => out.push_str(if *b { "是" } else { "否" }),
        DataRef::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            let _ = write!(out, "{y:04}-{m:02}-{d:02}");
            if (h, mi, s, ms) != (0, 0, 0, 0) {
                let _ = write!(out, " {h:02}:{mi:02}:{s:02}");
            }
        }
        DataRef::DateTime(dt) => number(dt.as_f64(), out),
        DataRef::DateTimeIso(s) => out.push_str(match s.split_once('T') {
            Some((date, time)) if time.trim_start_matches(['0', ':', '.']).is_empty() => date,
            _ => s,
        }),
        DataRef::DurationIso(s) => out.push_str(s),
        DataRef::Error(e) => {
            let _ = write!(out, "{e}");
            return true;
        }
    }
    false
}

/// A cell of a dense range (.xls, .ods) as the cell reader's borrowed form.
pub fn as_ref(data: &Data) -> DataRef<'_> {
    match data {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

/// A number as Excel users see it: integral values without `.0`, others their
/// shortest exact decimal, and values of 15 digits or more (beyond what Excel keeps
/// exactly) in Excel's scientific form.
fn number(f: f64, out: &mut String) {
    use std::fmt::Write as _;
    if f.is_finite() && f.abs() >= 1e15 {
        // Rust's `{:E}` gives the shortest exact mantissa: 1.2345678901234568E17.
        let s = format!("{f:E}");
        let (mantissa, exp) = s.split_once('E').unwrap_or((&s, "0"));
        let exp = exp.strip_prefix('-').map_or_else(|| format!("+{exp:0>2}"), |e| format!("-{e:0>2}"));
        let _ = write!(out, "{mantissa}E{exp}");
    } else if f.fract() == 0.0 && f.is_finite() {
        let _ = write!(out, "{}", f as i64);
    } else {
        let _ = write!(out, "{f}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(d: DataRef<'_>) -> String {
        let mut s = String::new();
        assert!(!render(&d, &mut s));
        s
    }

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(show(DataRef::Float(150.0)), "150");
        assert_eq!(show(DataRef::Float(0.85)), "0.85");
        assert_eq!(show(DataRef::Float(5101150001.0)), "5101150001");
        assert_eq!(show(DataRef::Float(-3.0)), "-3");
        assert_eq!(show(DataRef::Int(2019)), "2019");
        assert_eq!(show(DataRef::Float(1.2345678901234568e17)), "1.2345678901234568E+17");
        assert_eq!(show(DataRef::Bool(true)), "是");
    }

    #[test]
    fn dates_read_as_dates() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let d = DataRef::DateTime(ExcelDateTime::new(43646.0, ExcelDateTimeType::DateTime, false));
        assert_eq!(show(d), "2019-06-30");
        let d = DataRef::DateTime(ExcelDateTime::new(43646.5, ExcelDateTimeType::DateTime, false));
        assert_eq!(show(d), "2019-06-30 12:00:00");
        assert_eq!(show(DataRef::DateTimeIso("2019-06-30T00:00:00".into())), "2019-06-30");
    }

    #[test]
    fn errors_are_flagged_with_their_text() {
        let mut s = String::new();
        assert!(render(&DataRef::Error(calamine::CellErrorType::NA), &mut s));
        assert_eq!(s, "#N/A");
    }
}
