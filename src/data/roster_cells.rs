//! Reading a roster row's cells by column kind, into [`Cell`]s and the problems found.
//!
//! The key decision: reading cells needs nothing of the loader's state (only the
//! plan's columns, the file's header and how identity numbers are shown), so it is
//! a pure function of the row, and [`super::prefetch::scoped_with`] runs it on the
//! reader's thread while the loader checks the rows before. Its problems are
//! diagnostics made there and added by the loader at the row's turn, so the
//! diagnostics come out in the same order as if one thread had done everything.

use super::cell::{self};
use super::model::{ColumnRef, Value};
use super::roster_file::RosterHeader;
use super::table::{CellNote, RawRow};
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
    file: &'a str,
    roster: &'a Roster,
    pub header: &'a RosterHeader,
    pseudonym: &'a Pseudonym,
    /// Per column the file has, in the roster's order, how to read it: worked out
    /// once per file, so a row's loop touches nothing else until a cell is wrong.
    steps: Vec<Step<'a>>,
    /// The columns the file lacks: always empty.
    absent: Vec<usize>,
    /// `(birth-date column, identity-number column)`: a birth date an identity
    /// number gives when the cell is empty.
    births: Vec<(usize, usize)>,
}

/// How one column of a file is read.
struct Step<'a> {
    /// The column in the roster ([`Cells`]' index) and in the file.
    column: usize,
    col: &'a ColumnRef,
    how: How<'a>,
    /// An empty cell is `missing-value` here (a birth date an identity number can
    /// give is checked after).
    required: bool,
}

enum How<'a> {
    Id,
    /// Only whether the cell is filled matters (a name; a text nothing reads).
    Presence,
    Word,
    /// The choices as the plan writes them, and folded.
    Choice(&'a [String], &'a [String]),
    Value(FieldKind),
}

impl<'a> CellReader<'a> {
    pub fn new(
        file: &'a str,
        roster: &'a Roster,
        header: &'a RosterHeader,
        pseudonym: &'a Pseudonym,
    ) -> Self {
        let (mut steps, mut absent, mut births) = (Vec::new(), Vec::new(), Vec::new());
        for (i, c) in roster.columns.iter().enumerate() {
            if let Some(id) = c.birth_date_of {
                births.push((i, id.index()));
            }
            let Some(col) = &header.columns[i] else {
                absent.push(i);
                continue;
            };
            let how = match &c.kind {
                ColumnKind::IdNumber => How::Id,
                ColumnKind::Name => How::Presence,
                ColumnKind::Text if !header.needed[i] => How::Presence,
                ColumnKind::Text => How::Word,
                ColumnKind::Choice(choices) => How::Choice(choices, &header.choices[i]),
                ColumnKind::Count => How::Value(FieldKind::Count),
                ColumnKind::Decimal => How::Value(FieldKind::Decimal),
                ColumnKind::Bool => How::Value(FieldKind::Bool),
                ColumnKind::Date => How::Value(FieldKind::Date),
            };
            steps.push(Step { column: i, col, how, required: c.required && c.birth_date_of.is_none() });
        }
        CellReader { file, roster, header, pseudonym, steps, absent, births }
    }

    /// Reads the cells of the roster's columns into `out`, with every problem found.
    pub fn read(&self, raw: &RawRow, out: &mut Parsed) {
        let (file, roster, rh) = (self.file, self.roster, self.header);
        let (cells, problems) = (&mut out.cells, &mut out.problems);
        // Each cell is overwritten below; the buffer is only sized once.
        cells.resize(roster.columns.len(), None);
        problems.clear();
        for &i in &self.absent {
            cells[i] = None;
        }
        for step in &self.steps {
            let (i, col) = (step.column, step.col);
            // Taken out: a text cell's buffer is kept for the next row's text.
            let old = cells[i].take();
            let text = raw.cell(col.index);
            let label = &roster.columns[i].label;
            let loc = || Location::file(file).row(raw.line).column(col.index, &col.header);
            if let Some(note) = raw.note(col.index) {
                // A cell showing the value of the one it is merged with is not read
                // (`merged-cell`, a warning): in a required column that leaves the row
                // without it, a missing value, or the row would be neither counted nor
                // checked and nothing said but the warning.
                if step.required && matches!(note, CellNote::FromMerge { .. }) {
                    let (zh, en) = (&label.zh, &label.en);
                    problems.push(
                        Diagnostic::new(
                            Code::MissingValue,
                            loc(),
                            text!("「{zh}」必须填写", "{en:?} must be filled in"),
                        )
                        .hint(text!(
                            "此单元格与上方合并，值未被读取：取消合并单元格，每行填写自己的值",
                            "the cell is merged with one above, so it was not read: unmerge the cells and give each row its own value"
                        )),
                    );
                }
                continue;
            }
            if cell::is_blank(text) {
                if step.required {
                    let (zh, en) = (&label.zh, &label.en);
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
            let parsed = match step.how {
                How::Id => match crate::pii::IdNumber::parse(text) {
                    Ok(id) => Ok(Cell::Id(id)),
                    Err(e) => {
                        problems.push(self.bad_id(e, label, loc(), text));
                        continue;
                    }
                },
                How::Presence => Ok(Cell::Name),
                How::Word => {
                    let mut word = match old {
                        Some(Cell::Word(w)) => w,
                        _ => String::new(),
                    };
                    fold_into(text, &mut word);
                    Ok(Cell::Word(word))
                }
                How::Choice(choices, folded) => {
                    // Most cells are a choice exactly as the template's list writes it.
                    let at = choices.iter().position(|w| w == text).or_else(|| {
                        let f = fold(&cell::normalise(text));
                        folded.iter().position(|w| *w == f)
                    });
                    if let Some(at) = at {
                        Ok(Cell::Choice(u32::try_from(at).unwrap_or(u32::MAX)))
                    } else {
                        let (zh, en) = (&label.zh, &label.en);
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
                How::Value(kind) => {
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
                        // Hours, pay, wages, staff and days are never below 0: a
                        // negative figure would pass every upper limit unseen.
                        Ok(Value::Num(n)) if *n.numer() < 0 => {
                            problems.push(super::values::below_minimum(label, 0, loc()).value(text.trim()));
                            continue;
                        }
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
                Err(p) => problems.push(p.diagnostic(file, raw.line, col, text, label)),
            }
        }
        for &(i, id) in &self.births {
            let c = &roster.columns[i];
            if let (Some(Cell::Date(typed)), Some(Cell::Id(n))) = (&cells[i], &cells[id])
                && n.birth_date().is_some_and(|b| b != *typed)
                && let Some(col) = &rh.columns[i]
            {
                // Which of the two is right is a guess, and an age rule would rest on it.
                // Neither date is shown: the one in the number is what its mask hides.
                let (zh, en) = (&c.label.zh, &c.label.en);
                problems.push(
                    Diagnostic::new(
                        Code::BirthDateMismatch,
                        Location::file(file).row(raw.line).column(col.index, &col.header),
                        text!(
                            "「{zh}」与身份证号中的出生日期不一致，无法判断年龄",
                            "{en:?} differs from the birth date in the identity number, so the age cannot be told"
                        ),
                    )
                    .expected(text!("与身份证号一致的出生日期，或留空", "the birth date in the identity number, or an empty cell"))
                    .hint(text!(
                        "核对证件，改正出生日期或身份证号；留空时取身份证号中的出生日期",
                        "check the identity document and correct the birth date or the number; when the cell is empty, the number's birth date is used"
                    )),
                );
            }
            if cells[i].is_none()
                && let Some(Cell::Id(n)) = &cells[id]
            {
                cells[i] = n.birth_date().map(Cell::Date);
            }
            if cells[i].is_none()
                && c.required
                && let Some(col) = &rh.columns[i]
            {
                let (zh, en) = (&c.label.zh, &c.label.en);
                problems.push(Diagnostic::new(
                    Code::MissingValue,
                    Location::file(file).row(raw.line).column(col.index, &col.header),
                    text!(
                        "「{zh}」必须填写（身份证号也无法给出）",
                        "{en:?} must be filled in (the identity number cannot give it either)"
                    ),
                ));
            }
        }
    }

    /// The error for an identity number that is not one, shown masked.
    fn bad_id(
        &self,
        e: crate::pii::IdError,
        label: &crate::lang::Text,
        loc: Location,
        text: &str,
    ) -> Diagnostic {
        let (zh, en) = (&label.zh, &label.en);
        let why = id_error(e);
        let (wz, we) = (&why.zh, &why.en);
        Diagnostic::new(
            Code::BadIdNumber,
            loc,
            text!("「{zh}」不是有效的身份证号：{wz}", "{en:?} is not a valid identity number: {we}"),
        )
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
        })
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
