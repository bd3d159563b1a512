//! The registry: which institutions make up the district.
//!
//! A plan may name a few institutions; the bureau knows the rest. With
//! only the plan, wjvet cannot tell whether the input covers the district, so
//! district rules over a group such as 区内各中职学校 are reported as `incomplete`
//! rather than failed. A registry file (`--registry`) lists every institution;
//! then the registry is *complete* and an absent institution is missing data.
//! Plan institutions always come first, so the plan's indices stay valid.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::model::{Institution, Plan, SchoolType};
use crate::fold::fold;

/// Index into [`Registry::institutions`].
pub type InstitutionId = usize;

/// All institutions wjvet knows by name, and whether that list is the whole district.
#[derive(Debug, Clone)]
pub struct Registry {
    pub institutions: Vec<Institution>,
    /// True when a registry file listed the district's institutions.
    pub complete: bool,
    by_name: HashMap<String, InstitutionId>,
    /// (folded, as written) for every name and alias.
    names: Vec<(String, String)>,
    /// The names of `names` as written, so adding one is not a scan of all.
    written: HashSet<String>,
    /// `names` indexed for suggestions, built on the first one asked for.
    near: OnceLock<crate::near::NearNames>,
}

impl Registry {
    /// The institutions the plan names; not the whole district.
    pub fn from_plan(plan: &Plan) -> Registry {
        let mut r = Registry {
            institutions: Vec::new(),
            complete: false,
            by_name: HashMap::new(),
            names: Vec::new(),
            written: HashSet::new(),
            near: OnceLock::new(),
        };
        for i in &plan.institutions {
            r.add(i.clone());
        }
        r
    }

    /// The plan's institutions refined and extended by a registry file.
    pub fn with_file(plan: &Plan, extra: Vec<Institution>) -> Registry {
        let mut r = Registry::from_plan(plan);
        r.complete = true;
        for i in extra {
            let known = std::iter::once(&i.name).chain(&i.aliases).find_map(|n| r.lookup(n));
            match known {
                Some(idx) => {
                    let existing = &mut r.institutions[idx];
                    if existing.code.is_none() {
                        existing.code = i.code.clone();
                    }
                    for a in std::iter::once(&i.name).chain(&i.aliases) {
                        if *a != existing.name && !existing.aliases.contains(a) {
                            existing.aliases.push(a.clone());
                        }
                    }
                    r.index(idx);
                }
                None => r.add(i),
            }
        }
        r
    }

    fn add(&mut self, i: Institution) {
        self.institutions.push(i);
        self.index(self.institutions.len() - 1);
    }

    fn index(&mut self, idx: InstitutionId) {
        let i = &self.institutions[idx];
        let mut keys: Vec<String> = std::iter::once(&i.name).chain(&i.aliases).map(|n| fold(n)).collect();
        keys.push(fold(&i.id));
        if let Some(code) = &i.code {
            keys.push(fold(code));
        }
        for k in keys {
            self.by_name.entry(k).or_insert(idx);
        }
        let i = &self.institutions[idx];
        for n in std::iter::once(&i.name).chain(&i.aliases) {
            if self.written.insert(n.clone()) {
                self.names.push((fold(n), n.clone()));
            }
        }
        self.near = OnceLock::new();
    }

    /// Finds an institution by its name, an alias, its id or its code.
    pub fn lookup(&self, name: &str) -> Option<InstitutionId> {
        self.lookup_folded(&fold(name))
    }

    /// [`Registry::lookup`] for a name already folded.
    pub fn lookup_folded(&self, key: &str) -> Option<InstitutionId> {
        self.by_name.get(key).copied()
    }

    /// Every known name and alias as (folded, as written), for suggestions.
    pub fn folded_names(&self) -> impl Iterator<Item = (&str, &str)> {
        self.names.iter().map(|(f, n)| (f.as_str(), n.as_str()))
    }

    /// The known name closest to a folded `key`, as written, when it is a plausible
    /// typo: `crate::fold::closest_folded` over [`Registry::folded_names`], indexed.
    pub fn closest_folded(&self, key: &str) -> Option<&str> {
        self.near.get_or_init(|| crate::near::NearNames::new(self.folded_names())).closest(key)
    }

    /// Registered institutions of the given types.
    pub fn of_types<'a>(&'a self, types: &'a [SchoolType]) -> impl Iterator<Item = InstitutionId> + 'a {
        self.institutions.iter().enumerate().filter(|(_, i)| types.contains(&i.school_type)).map(|(n, _)| n)
    }
}
