//! Reading a roster row's cells by column kind, into [`Cell`]s and the problems found.
//!
//! The key decision: reading cells needs nothing of the loader's state (only the
//! plan's columns, the file's header and how identity numbers are shown), so it is
//! a pure function of the row, and [`super::prefetch::scoped_with`] runs it on the
//! reader's thread while the loader checks the rows before. Its problems are
//! diagnostics made there and added by the loader at the row's turn, so the
//! diagnostics come out in the same order as if one thread had done everything.

use super::cell::{self};
use super::model::Value;
use super::roster_file::RosterHeader;
use super::table::RawRow;
use crate::diag::{Code, Diagnostic, Location};
use crate::fold::{fold, fold_into};
use crate::pii::Pseudonym;
use crate::plan::FieldKind;
use crate::roster::model::{ColumnKind, Roster};
use crate::roster::record::{Cell, Cells};
use crate::text;

/// A row's cells as read, and the problems found reading them.
#[derive(Debug, Default)]
pub(super) struct Parsed {
    pub cells: Cells,
    pub problems: Vec<Diagnostic>,
}

/// What reading a roster file's cells needs.
pub(super) struct CellReader<'a> {
    pub file: &'a str,
    pub roster: &'a Roster,
    pub header: &'a RosterHeader,
    pub pseudonym: &'a Pseudonym,
}

impl CellReader<'_> {
    /// Reads the cells of the roster's columns into `out`, with every problem found.
    pub fn read(&self, raw: &RawRow, out: &mut Parsed) {
        let (file, roster, rh) = (self.file, self.roster, self.header);
        let (cells, problems) = (&mut out.cells, &mut out.problems);
        // Each cell is overwritten below; the buffer is only sized once.
        cells.resize(roster.columns.len(), None);
        problems.clear();
        for (i, c) in roster.columns.iter().enumerate() {
            // Taken out: a text cell's buffer is kept for the next row's text.
            let old = cells[i].take();
            let Some(col) = &rh.columns[i] else { continue };
            if raw.note(col.index).is_some() {
                continue;
            }
            let text = raw.cell(col.index);
            let loc = || Location::file(file).row(raw.line).column(col.index, &col.header);
            let (zh, en) = (&c.label.zh, &c.label.en);
            if cell::is_blank(text) {
                if c.required && c.birth_date_of.is_none() {
                    problems.push(
                        Diagnostic::new(
                            Code::MissingValue,
                            loc(),
                            text!("「{zh}」必须填写", "{en:?} must be filled in"),
                        )
                        .hint(text!("花名册每一行都要填写此列", "every row of the roster needs this column")),
                    );
                }
                continue;
            }
            let parsed = match &c.kind {
                ColumnKind::IdNumber => match crate::pii::IdNumber::parse(text) {
                    Ok(id) => Ok(Cell::Id(id)),
                    Err(e) => {
                        let why = id_error(e);
                        let (wz, we) = (&why.zh, &why.en);
                        problems.push(
                            Diagnostic::new(Code::BadIdNumber, loc(), text!("「{zh}」不是有效的身份证号：{wz}", "{en:?} is not a valid identity number: {we}"))
                                .value(self.pseudonym.cell(text))
                                .expected(text!(
                                    "18 位居民身份证号，末位校验码符合 GB 11643",
                                    "an 18-character resident identity number whose check digit fits GB 11643"
                                ))
                                .hint(if e == crate::pii::IdError::Scientific {
                                    text!(
                                        "Excel 已把号码显示为科学计数法，末几位已丢失：把此列设为「文本」格式后重新录入",
                                        "Excel turned the number into scientific form and lost its last digits: format the column as Text and enter the numbers again"
                                    )
                                } else {
                                    text!("核对证件，改正录错的数字", "check the document and correct the mistyped digit")
                                }),
                        );
                        continue;
                    }
                },
                ColumnKind::Name => Ok(Cell::Name),
                ColumnKind::Text if !rh.needed[i] => Ok(Cell::Name),
                ColumnKind::Text => {
                    let mut word = match old {
                        Some(Cell::Word(w)) => w,
                        _ => String::new(),
                    };
                    fold_into(text, &mut word);
                    Ok(Cell::Word(word))
                }
                ColumnKind::Choice(choices) => {
                    let folded = &rh.choices[i];
                    // Most cells are a choice exactly as the template's list writes it.
                    let at = choices.iter().position(|w| w == text).or_else(|| {
                        let f = fold(&cell::normalise(text));
                        folded.iter().position(|w| *w == f)
                    });
                    if let Some(at) = at {
                        Ok(Cell::Choice(u32::try_from(at).unwrap_or(u32::MAX)))
                    } else {
                        let all = choices.join("、");
                        problems.push(
                            Diagnostic::new(
                                Code::BadChoice,
                                loc(),
                                text!("「{zh}」不是可选的值", "{en:?} is not one of the choices"),
                            )
                            .value(text.trim())
                            .expected(text!("以下之一：{all}", "one of: {all}"))
                            .hint(text!("用模板中的下拉选项填写", "pick from the template's drop-down list")),
                        );
                        continue;
                    }
                }
                ColumnKind::Count | ColumnKind::Decimal | ColumnKind::Bool | ColumnKind::Date => {
                    let kind = match c.kind {
                        ColumnKind::Count => FieldKind::Count,
                        ColumnKind::Decimal => FieldKind::Decimal,
                        ColumnKind::Bool => FieldKind::Bool,
                        _ => FieldKind::Date,
                    };
                    // The commonest cells (plain digits, ISO dates, 是/否) are read
                    // without normalising; `parse` reads them the same way.
                    let value = match cell::plain(text, kind) {
                        Some(v) => Ok(v),
                        None => match cell::parse(text, kind) {
                            Ok(Some(v)) => Ok(v),
                            Ok(None) => continue,
                            Err(p) => Err(p),
                        },
                    };
                    match value {
                        Ok(Value::Num(n)) => Ok(Cell::Num(n)),
                        Ok(Value::Bool(b)) => Ok(Cell::Bool(b)),
                        Ok(Value::Date(d)) => Ok(Cell::Date(d)),
                        Ok(Value::NotDone | Value::Text(_)) => continue,
                        Err(p) => Err(p),
                    }
                }
            };
            match parsed {
                Ok(v) => cells[i] = Some(v),
                Err(p) => problems.push(p.diagnostic(file, raw.line, col, text, &c.label)),
            }
        }
        for (i, c) in roster.columns.iter().enumerate() {
            if let (None, Some(id)) = (&cells[i], c.birth_date_of)
                && let Some(Cell::Id(n)) = &cells[id.index()]
            {
                cells[i] = n.birth_date().map(Cell::Date);
            }
            if cells[i].is_none() && c.required && c.birth_date_of.is_some() && rh.columns[i].is_some() {
                let col = rh.columns[i].as_ref().map(|c| (c.index, c.header.clone())).unwrap_or_default();
                let (zh, en) = (&c.label.zh, &c.label.en);
                problems.push(Diagnostic::new(
                    Code::MissingValue,
                    Location::file(file).row(raw.line).column(col.0, col.1),
                    text!(
                        "「{zh}」必须填写（身份证号也无法给出）",
                        "{en:?} must be filled in (the identity number cannot give it either)"
                    ),
                ));
            }
        }
    }
}

fn id_error(e: crate::pii::IdError) -> crate::lang::Text {
    use crate::pii::IdError;
    match e {
        IdError::Length(n) => text!("有 {n} 位，应为 18 位", "{n} characters, not 18"),
        IdError::NotDigits => {
            text!("含有数字和末位 X 以外的字符", "holds characters other than digits and a final X")
        }
        IdError::Scientific => {
            text!("被 Excel 显示成了科学计数法", "Excel turned it into scientific notation")
        }
        IdError::BirthDate => text!("其中的出生日期不是有效日期", "its birth date is not a date"),
        IdError::CheckDigit => text!(
            "校验码不符，可能有数字录错",
            "the check digit does not match: a digit was probably mistyped"
        ),
    }
}
