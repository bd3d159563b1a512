//! Diagnostics: what is wrong with the plan or with a submission, and where.
//!
//! A diagnostic is not a finding. Findings say a school misses a target; diagnostics
//! say wjvet was given something it cannot read as intended. Each one carries a
//! stable kebab-case [`Code`] (documented in docs/errors.md and tested for
//! uniqueness), a location a person can find in Excel or an editor (file, row as
//! Excel numbers it, column name and letter), the offending value, what was expected
//! and a hint, all in both languages. Validation collects every diagnostic before
//! anything is reported, so one run shows every problem. Warnings past the cap are
//! counted but never worded ([`Diagnostics::push_with`]): a province can earn tens of
//! thousands, and formatting each in two languages cost more than reading the data.

use std::fmt::Write as _;

use serde::Serialize;

use crate::lang::{Lang, Text};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Warning,
    Error,
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $level:ident, $desc:literal; )*) => {
        /// Every diagnostic wjvet can emit. The names are a contract: never rename one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable kebab-case name.
            pub fn name(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The level this code is emitted at.
            pub fn level(self) -> Level {
                match self { $( Code::$variant => Level::$level, )* }
            }

            /// One line on what the code means (English; docs/errors.md has both languages).
            pub fn description(self) -> &'static str {
                match self { $( Code::$variant => $desc, )* }
            }
        }
    };
}

codes! {
    // The plan file (exit code 2).
    PlanUnreadable = "plan-unreadable", Error, "the plan or registry file cannot be opened or read";
    PlanSyntax = "plan-syntax", Error, "the plan file is not valid TOML or has keys of the wrong shape";
    PlanReference = "plan-reference", Error, "the plan refers to a field, scope, institution or task that it does not define";
    PlanDuplicate = "plan-duplicate", Error, "two entries of the plan share an id, key, label or number";
    PlanValue = "plan-value", Error, "a value in the plan is out of range or of the wrong form";
    PlanRuleShape = "plan-rule-shape", Error, "a rule lacks a key its kind needs, or has one it cannot use";
    PlanCoverage = "plan-coverage", Error, "a task has no rule or no citation";
    // Lint warnings of `wjvet plan check` (exit code 1 with --deny-warnings).
    PlanNoInterpretation = "plan-no-interpretation", Warning, "a rule whose number or date is a reading of the plan has no interpretation saying so";
    PlanCitationNotFound = "plan-citation-not-found", Warning, "a quotation is not in the plan's source text, or the source text cannot be read";
    PlanUnusedField = "plan-unused-field", Warning, "no rule reads a field, yet schools fill it in";
    PlanTitleMismatch = "plan-title-mismatch", Warning, "a month, year or percentage in a rule's title disagrees with its due date or target";
    PlanUntestedRule = "plan-untested-rule", Warning, "no case of the plan's tests names a rule, so a change to it would go unnoticed";
    RegistryInvalid = "registry-invalid", Error, "the registry file cannot be read or contradicts the plan";
    // The exemptions file (exit code 2), and what became of each exemption.
    ExemptionInvalid = "exemption-invalid", Error, "the exemptions file is malformed or an entry lacks reason, approver or expiry";
    ExemptionUnknownRule = "exemption-unknown-rule", Error, "an exemption names a rule the plan does not have";
    ExemptionUnknownInstitution = "exemption-unknown-institution", Error, "an exemption names an institution neither registered nor in the data";
    ExemptionDuplicate = "exemption-duplicate", Error, "two exemptions name the same rule, institution and year";
    ExemptionExpired = "exemption-expired", Warning, "an exemption matched a finding but had expired on the evaluation date, so it was not applied";
    ExemptionUnused = "exemption-unused", Warning, "an exemption matched no finding it could cover";
    // The sign-off file of `report --meta` (exit code 2).
    MetaInvalid = "meta-invalid", Error, "the sign-off file (report --meta) is malformed, lacks a key, or has an empty, overlong or out-of-order value";
    // The reviews file: inspectors' decisions on `review` results (exit code 2, or a warning).
    ReviewInvalid = "review-invalid", Error, "the reviews file is malformed, or a decision lacks an inspector or a date, or is not one of the accepted words";
    ReviewUnknownRule = "review-unknown-rule", Error, "a decision names a rule the plan does not have";
    ReviewComputedRule = "review-computed-rule", Error, "a decision names a rule wjvet judges itself (only exemptions change those)";
    ReviewUnknownInstitution = "review-unknown-institution", Error, "a decision names an institution neither registered nor in the data";
    ReviewDuplicate = "review-duplicate", Error, "two decisions are given for one result";
    ReviewUnused = "review-unused", Warning, "a decision matched no result awaiting review";
    // Plan tests (`plan test`, exit code 2).
    PlanTestInvalid = "plan-test-invalid", Error, "a plan test file is malformed, names a rule or status that does not exist, or a file or registry that cannot be read";
    // Selecting what to check (exit code 2).
    EmptySelection = "empty-selection", Error, "--rule, --task, --school, --section or --severity matched nothing";
    // Reading files (exit code 3).
    UnreadableFile = "unreadable-file", Error, "a submission file cannot be opened or read";
    UnsupportedFile = "unsupported-file", Error, "a submission file has an extension wjvet does not read";
    BadEncoding = "bad-encoding", Error, "the file's bytes are not valid text in the detected or requested encoding";
    MalformedCsv = "malformed-csv", Error, "the CSV structure is broken (e.g. an unclosed quote)";
    EmptyFile = "empty-file", Error, "the file has no header row";
    NoDataRows = "no-data-rows", Warning, "the file has a header but no data rows";
    RaggedRow = "ragged-row", Error, "a row has fewer or more cells than the header has columns";
    BlankRow = "blank-row", Warning, "a row with every cell empty was skipped";
    UnknownSheet = "unknown-sheet", Error, "the workbook has no worksheet of the name given with --sheet";
    AmbiguousSheet = "ambiguous-sheet", Error, "without --sheet, a workbook has more than one visible sheet that may hold the submission";
    CellError = "cell-error", Error, "a spreadsheet cell holds an error value such as #N/A or #DIV/0!";
    MergedCell = "merged-cell", Warning, "a field cell only shows a value because it is merged with another; it is not read";
    SheetTooLarge = "sheet-too-large", Error, "a workbook is past wjvet's limits on rows, columns, cells, merged areas or uncompressed size";
    // Headers (exit code 3).
    MissingIdentityColumn = "missing-identity-column", Error, "a column every submission needs (school, year) is absent";
    DuplicateColumn = "duplicate-column", Error, "two columns map to the same field";
    UnknownColumn = "unknown-column", Warning, "a column matches no field of the plan and is ignored";
    BlankHeader = "blank-header", Warning, "a column has no header but holds values, which are ignored";
    // Cells (exit code 3).
    MissingIdentity = "missing-identity", Error, "a row has no school name or no year";
    BadYear = "bad-year", Error, "the year is not a four-digit year";
    ImplausibleYear = "implausible-year", Error, "the year is outside the years the plan takes submissions for ([plan] data_years)";
    UnknownSchoolType = "unknown-school-type", Error, "the school type is not one of the known types";
    SchoolTypeMismatch = "school-type-mismatch", Error, "the school type contradicts the registry";
    NotANumber = "not-a-number", Error, "a numeric cell holds something that is not a number";
    NotAWholeNumber = "not-a-whole-number", Error, "a count holds a fraction";
    BelowMinimum = "below-minimum", Error, "a value is below the field's minimum";
    ExceedsField = "exceeds-field", Error, "a value exceeds another field it may not exceed";
    BadPercent = "bad-percent", Error, "a percentage is not between 0 and 100%";
    BadDate = "bad-date", Error, "a date cell is not a date wjvet can read";
    BadBool = "bad-bool", Error, "a yes/no cell holds something other than yes or no";
    DamagedCode = "damaged-code", Error, "a code kept as text (e.g. 学校标识码) was turned into a number like 1.23E+17 by Excel";
    ImplausibleDate = "implausible-date", Warning, "a date is before 1949 or after the year following the row's year (an error in a field a deadline rule reads)";
    DuplicateRow = "duplicate-row", Error, "the same institution and year appear twice";
    PossibleDuplicateInstitution = "possible-duplicate-institution", Warning, "two names one character apart, or two names with identical values, report the same year: possibly one school counted twice";
    UnknownInstitution = "unknown-institution", Error, "a school name is not registered (with --registry) or is a near miss of a known name";
    UnregisteredInstitution = "unregistered-institution", Warning, "without a registry, a school name that resembles nothing the plan knows: checked as a self-check";
    // Rosters (exit code 3, except the warnings).
    MissingColumn = "missing-column", Error, "a roster lacks a column its counts, checks or uniqueness read";
    MissingValue = "missing-value", Error, "a roster cell that every row must fill is empty";
    BadChoice = "bad-choice", Error, "a roster cell is not one of the words its column accepts";
    BadIdNumber = "bad-id-number", Error, "an identity number is not 18 characters with a valid GB 11643 check digit (shown masked)";
    BirthDateMismatch = "birth-date-mismatch", Error, "a birth date typed in a roster differs from the one in the identity number, so the person's age is a guess (neither is shown)";
    DuplicateRecord = "duplicate-record", Error, "the same person or placement appears twice in a roster for one school and year";
    RosterMismatch = "roster-mismatch", Error, "a figure the school reported differs from what its roster supports";
    RosterWithoutSubmission = "roster-without-submission", Warning, "a roster lists records of a school and year with no annual row, so nothing is verified";
    RecordViolation = "record-violation", Warning, "a roster record breaks a rule of the regulation the plan cites (the rule counting lawful records decides the verdict)";
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// Where a diagnostic points.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file as the user named it.
    pub file: Option<String>,
    /// For submissions the row as Excel numbers it (header = 1); for TOML the line.
    pub row: Option<u32>,
    /// The column's header as written.
    pub column: Option<String>,
    /// The column's letter as Excel shows it (A, B, ..., AA).
    pub column_letter: Option<String>,
    /// For TOML the column, 1-based, in characters as an editor counts them.
    pub col: Option<u32>,
    /// For TOML the source line to quote under the message, with the part to mark.
    #[serde(skip)]
    pub excerpt: Option<Excerpt>,
}

/// One source line of a TOML file and the byte range of it a diagnostic is about,
/// so the line can be shown with a caret without the file at hand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Excerpt {
    /// The line as written, without its line break.
    pub text: String,
    /// The bytes of `text` to underline.
    pub range: std::ops::Range<usize>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Location {
        Location { file: Some(file.into()), ..Location::default() }
    }

    pub fn row(mut self, row: u32) -> Location {
        self.row = Some(row);
        self
    }

    /// Sets the column from its zero-based index and header text.
    pub fn column(mut self, index: usize, name: impl Into<String>) -> Location {
        self.column = Some(name.into());
        self.column_letter = Some(column_letter(index));
        self
    }
}

/// Excel's name for the zero-based column `index`: 0 -> A, 25 -> Z, 26 -> AA.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + u8::try_from(rem).unwrap_or(0));
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// One problem found in the plan or in the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub level: Level,
    pub location: Location,
    pub value: Option<String>,
    pub message: Text,
    pub expected: Option<Text>,
    pub hint: Option<Text>,
}

impl Diagnostic {
    pub fn new(code: Code, location: Location, message: Text) -> Diagnostic {
        Diagnostic { code, level: code.level(), location, value: None, message, expected: None, hint: None }
    }

    pub fn value(mut self, value: impl Into<String>) -> Diagnostic {
        self.value = Some(value.into());
        self
    }

    pub fn expected(mut self, expected: Text) -> Diagnostic {
        self.expected = Some(expected);
        self
    }

    pub fn hint(mut self, hint: Text) -> Diagnostic {
        self.hint = Some(hint);
        self
    }

    /// Raises a warning-level code to an error for this one diagnostic.
    pub fn into_error(mut self) -> Diagnostic {
        self.level = Level::Error;
        self
    }

    /// Renders the diagnostic as a few lines of plain text, compiler style:
    ///
    /// ```text
    /// error[not-a-number]: 「专任教师数」不是数字
    ///   --> district/2019.csv:4, 列 F「专任教师数」
    ///   = 值: "十二"
    ///   = 应为: 一个不小于 0 的整数
    ///   = 提示: ...
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        let level = match (self.level, lang) {
            (Level::Error, Lang::Zh) => "错误",
            (Level::Error, Lang::En) => "error",
            (Level::Warning, Lang::Zh) => "警告",
            (Level::Warning, Lang::En) => "warning",
        };
        let _ = writeln!(out, "{level}[{}]: {}", self.code.name(), self.message.get(lang));
        let loc = &self.location;
        if loc.file.is_some() || loc.row.is_some() {
            let mut place = loc.file.clone().unwrap_or_default();
            if let Some(row) = loc.row {
                let _ = write!(place, ":{row}");
            }
            if let Some(col) = loc.col {
                let _ = write!(place, ":{col}");
            }
            if let (Some(letter), Some(name)) = (&loc.column_letter, &loc.column) {
                let _ = match lang {
                    Lang::Zh => write!(place, "，{letter} 列「{name}」"),
                    Lang::En => write!(place, ", column {letter} \"{name}\""),
                };
            }
            let _ = writeln!(out, "  --> {place}");
        }
        if let Some(v) = &self.value {
            let _ = writeln!(out, "  = {}: {v:?}", lang.pick("值", "value"));
        }
        if let Some(e) = &self.expected {
            let _ = writeln!(out, "  = {}: {}", lang.pick("应为", "expected"), e.get(lang));
        }
        if let Some(h) = &self.hint {
            let _ = writeln!(out, "  = {}: {}", lang.pick("提示", "help"), h.get(lang));
        }
        out
    }
}

/// A growing list of diagnostics with a cap on warnings, so a 100,000-row file full of
/// blank rows does not print 100,000 lines. Errors are capped far higher
/// ([`Diagnostics::ERRORS_KEPT`]): every error that stops a run is kept and shown,
/// however many warnings came first, up to that many; past it a national roster with
/// a broken column would otherwise hold millions of messages in memory. The count of
/// everything found is kept even past either cap, and [`Diagnostics::omitted`] says
/// how many were not kept.
#[derive(Debug, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// The most warnings kept.
    limit: usize,
    errors_kept: usize,
    errors: usize,
    warnings: usize,
    warnings_kept: usize,
}

/// A point in [`Diagnostics`] to roll back to.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    items: usize,
    errors: usize,
    errors_kept: usize,
    warnings: usize,
    warnings_kept: usize,
}

impl Default for Diagnostics {
    fn default() -> Self {
        Diagnostics::with_limit(1000)
    }
}

impl Diagnostics {
    pub fn with_limit(limit: usize) -> Diagnostics {
        Diagnostics { items: Vec::new(), limit, errors: 0, warnings: 0, warnings_kept: 0, errors_kept: 0 }
    }

    /// The most errors kept: far more than anyone reads, few enough that memory stays
    /// bounded whatever the input (a few MB).
    pub const ERRORS_KEPT: usize = 10_000;

    pub fn push(&mut self, d: Diagnostic) {
        match d.level {
            Level::Error => self.errors += 1,
            Level::Warning => self.warnings += 1,
        }
        self.keep(d);
    }

    /// Counts a diagnostic of `code` (at the code's own level) and words it with
    /// `make` only if it will be kept: a warning past the limit is counted, never
    /// formatted. A province with 33,000 unregistered schools words 1,000 of them.
    pub fn push_with(&mut self, code: Code, make: impl FnOnce() -> Diagnostic) {
        if code.level() == Level::Warning && self.warnings_kept >= self.limit {
            self.warnings += 1;
            return;
        }
        if code.level() == Level::Error && self.errors_kept >= Self::ERRORS_KEPT {
            self.errors += 1;
            return;
        }
        let d = make();
        debug_assert!(d.code == code && d.level == code.level(), "push_with({code:?}) made {:?}", d.code);
        self.push(d);
    }

    /// Keeps `d` unless it is past the cap of its level.
    fn keep(&mut self, d: Diagnostic) {
        if d.level == Level::Warning {
            if self.warnings_kept >= self.limit {
                return;
            }
            self.warnings_kept += 1;
        } else {
            if self.errors_kept >= Self::ERRORS_KEPT {
                return;
            }
            self.errors_kept += 1;
        }
        self.items.push(d);
    }

    /// Where the diagnostics stand now, to [`Self::roll_back`] to.
    pub fn mark(&self) -> Mark {
        Mark {
            items: self.items.len(),
            errors: self.errors,
            errors_kept: self.errors_kept,
            warnings: self.warnings,
            warnings_kept: self.warnings_kept,
        }
    }

    /// The diagnostics kept since `mark`, to edit in place.
    pub fn since_mut(&mut self, mark: Mark) -> &mut [Diagnostic] {
        let from = mark.items.min(self.items.len());
        &mut self.items[from..]
    }

    /// Forgets every diagnostic since `mark`, counted or kept: for a file whose
    /// reading is put off and started again later, so nothing is said twice.
    pub fn roll_back(&mut self, mark: Mark) {
        self.items.truncate(mark.items);
        (self.errors, self.errors_kept) = (mark.errors, mark.errors_kept);
        (self.warnings, self.warnings_kept) = (mark.warnings, mark.warnings_kept);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        for d in other.items {
            self.keep(d);
        }
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    pub fn errors(&self) -> usize {
        self.errors
    }

    pub fn warnings(&self) -> usize {
        self.warnings
    }

    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// Warnings found but not kept (`--max-diagnostics`).
    pub fn warnings_omitted(&self) -> usize {
        self.warnings - self.warnings_kept.min(self.warnings)
    }

    /// Errors found but not kept, past [`Diagnostics::ERRORS_KEPT`].
    pub fn errors_omitted(&self) -> usize {
        self.errors - self.errors_kept.min(self.errors)
    }

    /// How many diagnostics were found but not kept because of the caps.
    pub fn omitted(&self) -> usize {
        (self.errors + self.warnings).saturating_sub(self.items.len())
    }

    pub fn is_empty(&self) -> bool {
        self.errors + self.warnings == 0
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.name()), "duplicate code {}", code.name());
            assert!(
                code.name().bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{} is not kebab-case",
                code.name()
            );
            assert!(!code.description().is_empty());
        }
    }

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn rolling_back_forgets_what_was_counted_and_kept_since_the_mark() {
        let mut d = Diagnostics::with_limit(1);
        let warn =
            || Diagnostic::new(Code::BlankRow, Location::file("a.csv").row(2), Text::new("空", "blank"));
        let err = || {
            Diagnostic::new(Code::MissingValue, Location::file("a.csv").row(3), Text::new("缺", "missing"))
        };
        d.push(err());
        let mark = d.mark();
        d.push(warn());
        d.push(warn());
        d.push(err());
        assert_eq!((d.errors(), d.warnings(), d.items().len(), d.warnings_omitted()), (2, 2, 3, 1));
        d.roll_back(mark);
        assert_eq!((d.errors(), d.warnings(), d.items().len(), d.warnings_omitted()), (1, 0, 1, 0));
        // The warning kept before was forgotten, so the next one is kept again.
        d.push(warn());
        assert_eq!(d.items().len(), 2);
    }

    #[test]
    fn limit_keeps_counts() {
        let mut d = Diagnostics::with_limit(2);
        for _ in 0..5 {
            d.push(Diagnostic::new(Code::BlankRow, Location::default(), Text::new("x", "x")));
        }
        assert_eq!(d.items().len(), 2);
        assert_eq!(d.warnings(), 5);
        assert_eq!(d.omitted(), 3);
    }

    #[test]
    fn the_limit_caps_warnings_never_errors() {
        let warning = || Diagnostic::new(Code::BlankRow, Location::default(), Text::new("x", "x"));
        let error = Diagnostic::new(Code::BadDate, Location::default(), Text::new("y", "y"));
        let mut d = Diagnostics::with_limit(3);
        for _ in 0..1000 {
            d.push(warning());
        }
        d.push(error.clone());
        let mut other = Diagnostics::with_limit(3);
        other.push(error);
        d.extend(other);
        assert_eq!(d.errors(), 2);
        assert_eq!(d.items().iter().filter(|i| i.level == Level::Error).count(), 2);
        assert_eq!(d.items().len(), 5);
        assert_eq!(d.omitted(), 997);
    }

    #[test]
    fn errors_past_their_cap_are_counted_not_kept() {
        let mut d = Diagnostics::with_limit(3);
        let n = Diagnostics::ERRORS_KEPT + 5;
        let mut worded = 0;
        for _ in 0..n {
            d.push_with(Code::BadDate, || {
                worded += 1;
                Diagnostic::new(Code::BadDate, Location::default(), Text::new("y", "y"))
            });
        }
        d.push(Diagnostic::new(Code::BadDate, Location::default(), Text::new("y", "y")));
        assert_eq!(worded, Diagnostics::ERRORS_KEPT);
        assert_eq!(d.errors(), n + 1);
        assert_eq!(d.items().len(), Diagnostics::ERRORS_KEPT);
        assert_eq!(d.omitted(), 6);
    }

    #[test]
    fn a_warning_past_the_limit_is_counted_without_being_worded() {
        let mut d = Diagnostics::with_limit(2);
        let mut worded = 0;
        for _ in 0..5 {
            d.push_with(Code::BlankRow, || {
                worded += 1;
                Diagnostic::new(Code::BlankRow, Location::default(), Text::new("x", "x"))
            });
        }
        d.push_with(Code::BadDate, || {
            Diagnostic::new(Code::BadDate, Location::default(), Text::new("y", "y"))
        });
        assert_eq!(worded, 2);
        assert_eq!((d.warnings(), d.errors(), d.items().len(), d.omitted()), (5, 1, 3, 3));
    }

    #[test]
    fn render_names_file_row_column_value() {
        let d = Diagnostic::new(
            Code::NotANumber,
            Location::file("a.csv").row(4).column(5, "专任教师数"),
            Text::new("不是数字", "not a number"),
        )
        .value("十二")
        .expected(Text::new("整数", "a whole number"))
        .hint(Text::new("只填数字", "write digits only"));
        let en = d.render(Lang::En);
        assert!(en.contains("error[not-a-number]: not a number"));
        assert!(en.contains("--> a.csv:4, column F \"专任教师数\""));
        assert!(en.contains("value: \"十二\""));
        assert!(en.contains("help: write digits only"));
        let zh = d.render(Lang::Zh);
        assert!(zh.contains("a.csv:4，F 列「专任教师数」"));
    }
}
