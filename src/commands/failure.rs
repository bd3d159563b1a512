//! The tool failures a user can fix — an input path that does not exist, an output
//! that cannot be written, an extension that names no format, standard input too
//! large — as one typed enum with Chinese and English text.
//!
//! Key decision: only what `main` must tell apart is typed here (it picks the exit
//! code and prints the text in the chosen language with a `help:` line); every other
//! failure stays an `anyhow` error. An I/O error is shown by its kind, never by its
//! own text, which for a staged output names the temporary file.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use wjvet::lang::{Lang, Text};
use wjvet::render::escape::visible;
use wjvet::text;

use crate::exit;

/// A failure of wjvet itself that the person running it can fix.
#[derive(Debug)]
pub enum Failure {
    /// An input path (submission, plan or option file) that does not exist.
    MissingInput(PathBuf),
    /// An input file that exists but cannot be read (e.g. `--previous`).
    Unreadable { path: PathBuf, error: io::Error },
    /// An output that cannot be created, written or renamed into place.
    Unwritable { path: PathBuf, error: io::Error },
    /// An output path that is a directory.
    IsDirectory(PathBuf),
    /// An output whose extension names no format this command writes.
    UnknownExtension { path: PathBuf, known: &'static str },
    /// A rectification list (`report -o rectification=…`) whose extension is not
    /// .xlsx or .csv.
    UnknownListExtension(PathBuf),
    /// A workbook asked for on a terminal.
    BinaryToTerminal,
    /// `-` given more than once: standard input can be read only once.
    StdinTwice,
    /// Standard input holds more than a submission may.
    StdinTooLarge { limit: usize },
    /// Standard input could not be read.
    StdinUnreadable(io::Error),
    /// `template --roster KEY` with a key the plan does not declare; `known` are the
    /// plan's roster keys (empty when it declares none).
    UnknownRoster { key: String, known: Vec<String> },
    /// A `--pii-key` (or `WJVET_PII_KEY`) shorter than [`wjvet::pii::MIN_KEY_BYTES`]
    /// bytes. Only its length is kept: the key itself is a secret and never shown.
    ShortPiiKey(usize),
}

impl Failure {
    /// The exit code of the documented contract: a usage error, except a submission
    /// on standard input too large to read (invalid data, like a file too large).
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::StdinTooLarge { .. } => exit::INVALID_DATA,
            _ => exit::USAGE_OR_PLAN,
        }
    }

    pub fn message(&self) -> Text {
        match self {
            Failure::MissingInput(p) => {
                let (zh, en) = quoted(p);
                text!("找不到{zh}：没有这个文件或目录", "cannot find {en}: no such file or directory")
            }
            Failure::Unreadable { path, error } => {
                let ((zh, en), (rzh, ren)) = (quoted(path), reason(error));
                text!("无法读取{zh}：{rzh}", "cannot read {en}: {ren}")
            }
            Failure::Unwritable { path, error } => {
                let ((zh, en), (rzh, ren)) = (quoted(path), reason(error));
                text!("无法写入{zh}：{rzh}", "cannot write {en}: {ren}")
            }
            Failure::IsDirectory(p) => {
                let (zh, en) = quoted(p);
                text!("无法写入{zh}：这是一个目录", "cannot write {en}: it is a directory")
            }
            Failure::UnknownExtension { path, .. } => {
                let (zh, en) = quoted(path);
                text!("无法从扩展名判断{zh}的格式", "cannot tell the format of {en} from its extension")
            }
            Failure::UnknownListExtension(p) => {
                let (zh, en) = quoted(p);
                text!(
                    "无法从扩展名判断整改清单{zh}的格式",
                    "cannot tell the format of the rectification list {en} from its extension"
                )
            }
            Failure::BinaryToTerminal => text!(
                "工作簿是二进制文件，不能输出到终端",
                "a workbook is binary: it is not written to a terminal"
            ),
            Failure::StdinTwice => {
                text!("「-」（标准输入）只能给一次", "`-` (standard input) can be given only once")
            }
            Failure::StdinTooLarge { limit } => text!(
                "标准输入超过 {limit} 字节，超出一份报送数据的上限",
                "standard input holds more than {limit} bytes, more than a submission may"
            ),
            Failure::StdinUnreadable(e) => {
                let (rzh, ren) = reason(e);
                text!("无法读取标准输入：{rzh}", "cannot read standard input: {ren}")
            }
            Failure::UnknownRoster { known, .. } if known.is_empty() => {
                text!("计划没有声明花名册（[[rosters]]）", "the plan declares no rosters ([[rosters]])")
            }
            Failure::UnknownRoster { key, .. } => {
                text!("计划没有名为「{key}」的花名册", "the plan has no roster {key:?}")
            }
            Failure::ShortPiiKey(len) => {
                let min = wjvet::pii::MIN_KEY_BYTES;
                text!(
                    "--pii-key（或 WJVET_PII_KEY）只有 {len} 字节，至少需要 {min} 字节",
                    "the --pii-key (or WJVET_PII_KEY) is {len} bytes long: it needs at least {min}"
                )
            }
        }
    }

    pub fn hint(&self) -> Option<Text> {
        Some(match self {
            Failure::MissingInput(_) => text!("检查路径拼写", "check the path"),
            Failure::Unwritable { error, .. } if error.kind() == io::ErrorKind::NotFound => {
                text!(
                    "先创建目录，或写到已有的目录中",
                    "create the directory first, or write into one that exists"
                )
            }
            Failure::Unwritable { .. } => {
                text!("检查目录是否存在、是否可写", "check that the directory exists and can be written to")
            }
            Failure::IsDirectory(_) => text!("给出一个文件名", "give a file name"),
            Failure::UnknownExtension { known, .. } => {
                text!("文件名以 {known} 结尾", "name the file {known}")
            }
            Failure::UnknownListExtension(_) => text!(
                "文件名以 .xlsx 或 .csv 结尾，如 -o rectification=整改清单.xlsx",
                "name the file .xlsx or .csv, e.g. -o rectification=整改清单.xlsx"
            ),
            Failure::BinaryToTerminal => {
                text!("用 --output 文件.xlsx 写入文件", "write it to a file with --output FILE.xlsx")
            }
            Failure::StdinTooLarge { .. } => {
                text!("把数据存为文件，再给出文件路径", "save it to a file and give its path")
            }
            Failure::UnknownRoster { known, .. } if known.is_empty() => text!(
                "不加 --roster 生成年度报送模板，或用声明了花名册的计划（--plan）",
                "leave out --roster for the annual template, or use a plan that declares rosters (--plan)"
            ),
            Failure::UnknownRoster { known, .. } => {
                let (zh, en) = (known.join("、"), known.join(", "));
                text!(
                    "计划中的花名册：{zh}（须完全一致，区分大小写）",
                    "the plan's rosters: {en} (exactly as written)"
                )
            }
            Failure::ShortPiiKey(_) => text!(
                "用较长的随机字符串，如 openssl rand -hex 16 的输出，并通过环境变量 WJVET_PII_KEY 给出",
                "use a long random string such as the output of openssl rand -hex 16, given in the environment variable WJVET_PII_KEY"
            ),
            Failure::Unreadable { .. } | Failure::StdinTwice | Failure::StdinUnreadable(_) => return None,
        })
    }

    /// The whole message for stderr: `wjvet: error: …` and a `help:` line.
    pub fn render(&self, lang: Lang) -> String {
        let mut s = format!("{}{}", prefix(lang), visible(self.message().get(lang)));
        if let Some(h) = self.hint() {
            s.push('\n');
            s.push_str(lang.pick("提示：", "help: "));
            s.push_str(&visible(h.get(lang)));
        }
        s
    }
}

/// `wjvet: error: ` in the chosen language, for every tool error.
pub fn prefix(lang: Lang) -> &'static str {
    lang.pick("wjvet: 错误：", "wjvet: error: ")
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().en)
    }
}

impl std::error::Error for Failure {}

/// The path as the user typed it: 「…」 in Chinese, "…" in English.
fn quoted(p: &Path) -> (String, String) {
    let shown = p.display().to_string();
    (format!("「{shown}」"), format!("{shown:?}"))
}

/// What went wrong, by kind. The OS's own wording stays as the OS gives it (without
/// any path an I/O error may carry); the common kinds read in Chinese too.
fn reason(e: &io::Error) -> (String, String) {
    let en = match e.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code).to_string(),
        None => e.kind().to_string(),
    };
    let zh = match e.kind() {
        io::ErrorKind::NotFound => "目录不存在".to_string(),
        io::ErrorKind::PermissionDenied => "没有权限".to_string(),
        io::ErrorKind::StorageFull => "磁盘已满".to_string(),
        io::ErrorKind::ReadOnlyFilesystem => "文件系统只读".to_string(),
        _ => en.clone(),
    };
    (zh, en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staged_file_error_never_shows_its_path() {
        let inner = io::Error::new(io::ErrorKind::PermissionDenied, "at path /out/.wjvet-x1y2.tmp");
        let f = Failure::Unwritable { path: "out/x.json".into(), error: inner };
        let en = f.render(Lang::En);
        assert!(!en.contains(".wjvet-"), "{en}");
        assert!(en.starts_with("wjvet: error: cannot write \"out/x.json\": permission denied"), "{en}");
        let zh = f.render(Lang::Zh);
        assert!(zh.starts_with("wjvet: 错误：无法写入「out/x.json」：没有权限\n提示："), "{zh}");
    }

    #[test]
    fn too_large_stdin_is_invalid_data() {
        assert_eq!(Failure::StdinTooLarge { limit: 1 }.exit_code(), exit::INVALID_DATA);
        assert_eq!(Failure::MissingInput("x".into()).exit_code(), exit::USAGE_OR_PLAN);
    }
}
