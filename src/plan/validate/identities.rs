//! One key, one institution: every name, alias, id and code (folded as school names
//! in submissions are) must point at a single institution, or a row could be
//! credited to the wrong school.
//!
//! A registry entry *refines* a plan institution when its name is that
//! institution's name or alias; it must then agree with it on id, type and code. Any
//! other entry is a new institution, and none of its keys may already belong to
//! another one, in the plan or earlier in the registry. Without this check a
//! registry giving school B an alias of plan school A merged B into A, and two entries
//! sharing a code routed every row with that code to the first.

use std::collections::HashMap;
use std::ops::Range;

use super::Cx;
use crate::diag::Code;
use crate::fold::fold;
use crate::plan::model::Institution;
use crate::text;

/// Which of an institution's keys a word is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Name,
    Alias,
    Id,
    Code,
}

impl Key {
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Key::Name => ("名称", "name"),
            Key::Alias => ("别名", "alias"),
            Key::Id => ("id", "id"),
            Key::Code => ("代码", "code"),
        }
    }
}

/// The keys an institution is found by, as written.
fn keys(i: &Institution) -> impl Iterator<Item = (Key, &str)> {
    std::iter::once((Key::Name, i.name.as_str()))
        .chain(i.aliases.iter().map(|a| (Key::Alias, a.as_str())))
        .chain(std::iter::once((Key::Id, i.id.as_str())))
        .chain(i.code.iter().map(|c| (Key::Code, c.as_str())))
}

/// Where each key of an institution is written, to blame the very key that clashes.
#[derive(Debug, Clone)]
pub(super) struct Placed {
    pub(super) id: Range<usize>,
    pub(super) name: Range<usize>,
    pub(super) school_type: Range<usize>,
    pub(super) aliases: Vec<Range<usize>>,
    pub(super) code: Option<Range<usize>>,
}

impl Placed {
    /// The spans in the order [`keys`] yields the keys: name, aliases, id, code.
    fn spans(&self) -> impl Iterator<Item = &Range<usize>> {
        std::iter::once(&self.name).chain(&self.aliases).chain(std::iter::once(&self.id)).chain(&self.code)
    }
}

/// Who holds a key: an index into `known` then `entries`, and where it was written.
#[derive(Debug, Clone)]
struct Holder {
    owner: usize,
    name: String,
    key: Key,
    line: Option<u32>,
}

impl Cx<'_> {
    /// Checks that `entries` (with their spans) and the `known` institutions they
    /// extend name every institution by keys of its own; reports each clash as `code`.
    pub(super) fn identities(
        &mut self,
        known: &[Institution],
        entries: &[(Placed, Institution)],
        code: Code,
    ) {
        let mut held: HashMap<String, Holder> = HashMap::new();
        for (n, k) in known.iter().enumerate() {
            for (key, word) in keys(k) {
                held.entry(fold(word)).or_insert(Holder { owner: n, name: k.name.clone(), key, line: None });
            }
        }
        for (n, (placed, e)) in entries.iter().enumerate() {
            let refined = known
                .iter()
                .position(|k| std::iter::once(&k.name).chain(&k.aliases).any(|w| fold(w) == fold(&e.name)));
            let owner = match refined {
                Some(k) => {
                    self.agrees(&known[k], e, placed, code);
                    k
                }
                None => known.len() + n,
            };
            for ((key, word), span) in keys(e).zip(placed.spans()) {
                let line = Some(self.line(span));
                match held.get(&fold(word)) {
                    Some(h) if h.owner != owner => {
                        let (mine_zh, mine_en) = key.words();
                        let (theirs_zh, theirs_en) = h.key.words();
                        let (me, them) = (&e.name, &h.name);
                        let place =
                            h.line.map_or_else(|| "plan".to_string(), |l| format!("{}:{l}", self.origin));
                        self.err(
                            code,
                            span,
                            text!(
                                "「{me}」的{mine_zh}「{word}」已是「{them}」的{theirs_zh}（{place}）：一个名称只能指一所学校",
                                "the {mine_en} {word:?} of {me:?} is already the {theirs_en} of {them:?} ({place}): a name may point at one institution only"
                            ),
                        );
                    }
                    Some(_) => {}
                    None => {
                        let holder = Holder { owner, name: e.name.clone(), key, line };
                        held.insert(fold(word), holder);
                    }
                }
            }
        }
    }

    /// A registry entry refining a plan institution may add aliases and a code, and
    /// must not contradict it.
    fn agrees(&mut self, k: &Institution, e: &Institution, placed: &Placed, code: Code) {
        let name = &k.name;
        if fold(&k.id) != fold(&e.id) {
            let (a, b) = (&e.id, &k.id);
            self.err(
                code,
                &placed.id,
                text!(
                    "「{name}」在计划中的 id 是「{b}」，此处写的是「{a}」",
                    "{name:?} has the id {b:?} in the plan, but {a:?} here"
                ),
            );
        }
        if k.school_type != e.school_type {
            let (a, b) = (
                self.types[e.school_type.index()].key.clone(),
                self.types[k.school_type.index()].key.clone(),
            );
            self.err(
                code,
                &placed.school_type,
                text!(
                    "「{name}」在计划中的类型是 {b}，此处写的是 {a}",
                    "{name:?} is {b} in the plan, but {a} here"
                ),
            );
        }
        if let (Some(a), Some(b)) = (&e.code, &k.code)
            && fold(a) != fold(b)
        {
            self.err(
                code,
                placed.code.as_ref().unwrap_or(&placed.name),
                text!(
                    "「{name}」在计划中的代码是「{b}」，此处写的是「{a}」",
                    "{name:?} has the code {b:?} in the plan, but {a:?} here"
                ),
            );
        }
    }
}
