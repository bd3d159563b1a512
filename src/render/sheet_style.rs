//! The look shared by every workbook a clerk or inspector fills in (the submission
//! template, the review sheet, the rectification list): one header style and one
//! shade for the cells they are to fill, so the three read as one family of forms.
//! Each is also dated by what it is about, never by the clock ([`dated`]), so two
//! runs on the same input write the same bytes.

use chrono::NaiveDate;
use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, FormatBorder};

/// Document properties whose creation date is `date` (midnight UTC) instead of the
/// time of writing, which rust_xlsxwriter stores in docProps/core.xml by default: a
/// workbook written twice from the same input is then the same file, byte for byte.
pub fn dated(date: NaiveDate) -> DocProperties {
    DocProperties::new().set_creation_datetime(&date)
}

/// Bold, bordered, wrapped and centred on a pale blue: a column header.
pub fn header() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0x00DD_EBF7))
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
}

/// The pale yellow of a cell someone is to fill in.
pub fn to_fill() -> Format {
    Format::new().set_background_color(Color::RGB(0x00FF_F2CC))
}
