//! The workspace's modules and the uses between them, read from the source with `syn`.
//!
//! A module is a file. An edge `a → b` means a names something that `b` defines: a path
//! in a `use`, a type, a call or a pattern that starts at `crate::`, `super::`, `self::`,
//! a child module, or another workspace crate (`cmm_core::…`). What a module re-exports
//! (`pub use`) is not a use of its own: a name is followed through re-exports to the file
//! that defines it. Code under `#[cfg(test)]` is left out: tests may use anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// One crate of the workspace: its name in Rust paths and its root file.
pub struct Crate {
    pub name: &'static str,
    pub root: PathBuf,
}

/// A module of some crate: its path from the crate root (`["reports", "seal"]`), its file,
/// the names it defines, the names it re-exports (name → path), and the paths it uses.
#[derive(Debug)]
pub struct Module {
    pub krate: String,
    pub path: Vec<String>,
    pub file: PathBuf,
    pub children: BTreeSet<String>,
    pub defines: BTreeSet<String>,
    pub reexports: BTreeMap<String, Vec<String>>,
    /// Paths used, each made absolute: `[crate, seg, seg, …]`.
    pub uses: Vec<Vec<String>>,
}

/// Every module of the crates given, keyed by `crate::path`.
pub fn read_modules(crates: &[Crate]) -> BTreeMap<String, Module> {
    let mut out = BTreeMap::new();
    for c in crates {
        read_module(c.name, &c.root, vec![], true, &mut out);
    }
    out
}

fn key(krate: &str, path: &[String]) -> String {
    std::iter::once(krate.to_owned())
        .chain(path.iter().cloned())
        .collect::<Vec<_>>()
        .join("::")
}

/// Whether an item is compiled for tests only (`#[cfg(test)]`).
fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| match &a.meta {
        syn::Meta::List(l) if l.path.is_ident("cfg") => l.tokens.to_string() == "test",
        _ => false,
    })
}

fn read_module(
    krate: &str,
    file: &Path,
    path: Vec<String>,
    owns_dir: bool,
    out: &mut BTreeMap<String, Module>,
) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    // Where this module's children live: beside lib.rs / main.rs / mod.rs, else in a
    // folder of the file's own name.
    let dir = if owns_dir {
        file.parent().unwrap().to_path_buf()
    } else {
        file.with_extension("")
    };
    let mut module = Module {
        krate: krate.to_owned(),
        path: path.clone(),
        file: file.to_path_buf(),
        children: BTreeSet::new(),
        defines: BTreeSet::new(),
        reexports: BTreeMap::new(),
        uses: vec![],
    };
    let mut child_files = vec![];
    for item in &ast.items {
        if is_cfg_test(item_attrs(item)) {
            continue;
        }
        match item {
            syn::Item::Mod(m) if m.content.is_none() => {
                let name = m.ident.to_string();
                module.children.insert(name.clone());
                let flat = dir.join(format!("{name}.rs"));
                let nested = dir.join(&name).join("mod.rs");
                let (f, owns) = if flat.exists() {
                    (flat, false)
                } else {
                    (nested, true)
                };
                child_files.push((name, f, owns));
            }
            syn::Item::Use(u) if !matches!(u.vis, syn::Visibility::Inherited) => {
                for (name, target) in use_paths(&u.tree, vec![]) {
                    module.reexports.insert(name, target);
                }
            }
            _ => {
                if let Some(name) = defined_name(item) {
                    module.defines.insert(name);
                }
            }
        }
    }
    let mut uses = Uses { found: vec![] };
    for item in &ast.items {
        match item {
            syn::Item::Use(u) if !matches!(u.vis, syn::Visibility::Inherited) => {}
            syn::Item::Mod(m) if m.content.is_none() => {}
            _ => uses.visit_item(item),
        }
    }
    module.uses = uses
        .found
        .into_iter()
        .filter_map(|p| absolute(krate, &path, &module.children, p))
        .collect();
    out.insert(key(krate, &path), module);
    for (name, f, owns) in child_files {
        let mut p = path.clone();
        p.push(name);
        read_module(krate, &f, p, owns, out);
    }
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        _ => &[],
    }
}

fn defined_name(item: &syn::Item) -> Option<String> {
    Some(match item {
        syn::Item::Const(i) => i.ident.to_string(),
        syn::Item::Enum(i) => i.ident.to_string(),
        syn::Item::Fn(i) => i.sig.ident.to_string(),
        syn::Item::Mod(i) => i.ident.to_string(),
        syn::Item::Static(i) => i.ident.to_string(),
        syn::Item::Struct(i) => i.ident.to_string(),
        syn::Item::Trait(i) => i.ident.to_string(),
        syn::Item::Type(i) => i.ident.to_string(),
        syn::Item::Macro(i) => i.ident.as_ref()?.to_string(),
        _ => return None,
    })
}

/// The names a `use` tree brings in, each with the path it names.
fn use_paths(tree: &syn::UseTree, prefix: Vec<String>) -> Vec<(String, Vec<String>)> {
    match tree {
        syn::UseTree::Path(p) => {
            let mut prefix = prefix;
            prefix.push(p.ident.to_string());
            use_paths(&p.tree, prefix)
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name == "self" {
                let last = prefix.last().cloned().unwrap_or_default();
                vec![(last, prefix)]
            } else {
                let mut p = prefix;
                p.push(name.clone());
                vec![(name, p)]
            }
        }
        syn::UseTree::Rename(r) => {
            let mut p = prefix;
            p.push(r.ident.to_string());
            vec![(r.rename.to_string(), p)]
        }
        syn::UseTree::Glob(_) => vec![("*".to_owned(), prefix)],
        syn::UseTree::Group(g) => g
            .items
            .iter()
            .flat_map(|t| use_paths(t, prefix.clone()))
            .collect(),
    }
}

/// The methods of a `syn` visitor that pass over code for tests only (`#[cfg(test)]`
/// items and methods): what this file reads is the code that ships.
macro_rules! skip_test_code {
    () => {
        fn visit_item(&mut self, i: &'ast syn::Item) {
            if !is_cfg_test(item_attrs(i)) {
                syn::visit::visit_item(self, i);
            }
        }
        fn visit_impl_item_fn(&mut self, i: &'ast syn::ImplItemFn) {
            if !is_cfg_test(&i.attrs) {
                syn::visit::visit_impl_item_fn(self, i);
            }
        }
    };
}

/// Every path in the code that could name a module of the workspace.
struct Uses {
    found: Vec<Vec<String>>,
}

impl<'ast> Visit<'ast> for Uses {
    skip_test_code!();
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        for (_, p) in use_paths(&u.tree, vec![]) {
            self.found.push(p);
        }
    }
    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segs: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        if segs.len() > 1 {
            self.found.push(segs);
        }
        syn::visit::visit_path(self, p);
    }
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        // Paths inside macro calls (format!, assert!…) are tokens: read them as paths.
        let text = m.tokens.to_string().replace(' ', "");
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')) {
            if word.contains("::") && (word.starts_with("crate::") || word.starts_with("cmm_")) {
                self.found
                    .push(word.split("::").map(str::to_owned).collect());
            }
        }
    }
}

/// A path made absolute (`[crate, …]`), or `None` when it names nothing of the workspace.
fn absolute(
    krate: &str,
    here: &[String],
    children: &BTreeSet<String>,
    p: Vec<String>,
) -> Option<Vec<String>> {
    let first = p.first()?.as_str();
    match first {
        "crate" => Some(
            std::iter::once(krate.to_owned())
                .chain(p[1..].iter().cloned())
                .collect(),
        ),
        "self" => Some(absolute_from(krate, here, &p[1..])),
        "super" => {
            let mut base = here.to_vec();
            let mut rest = &p[..];
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
            Some(absolute_from(krate, &base, rest))
        }
        c if c.starts_with("cmm_") => Some(p),
        c if children.contains(c) => Some(absolute_from(krate, here, &p)),
        _ => None,
    }
}

fn absolute_from(krate: &str, base: &[String], rest: &[String]) -> Vec<String> {
    std::iter::once(krate.to_owned())
        .chain(base.iter().cloned())
        .chain(rest.iter().cloned())
        .collect()
}

/// The module that defines what `path` names (following re-exports), or `None` for a
/// name outside the workspace.
pub fn defining_module<'m>(
    modules: &'m BTreeMap<String, Module>,
    path: &[String],
) -> Option<&'m Module> {
    let mut path = path.to_vec();
    for _ in 0..16 {
        // The longest prefix that is a module.
        let mut at = path.len();
        let module = loop {
            if at == 0 {
                return None;
            }
            if let Some(m) = modules.get(&path[..at].join("::")) {
                break m;
            }
            at -= 1;
        };
        let Some(name) = path.get(at) else {
            return Some(module);
        };
        if module.defines.contains(name) {
            return Some(module);
        }
        let target = module.reexports.get(name).cloned().or_else(|| {
            module
                .reexports
                .get("*")
                .map(|glob| [glob.clone(), vec![name.clone()]].concat())
        });
        match target {
            Some(t) => {
                let Some(abs) = absolute(&module.krate, &module.path, &module.children, t) else {
                    return Some(module);
                };
                path = [abs, path[at + 1..].to_vec()].concat();
            }
            // A method, a variant or a field of something here.
            None => return Some(module),
        }
    }
    None
}

/// The edges between files: for each file, the files it uses, each with the names that
/// tie them (for the message when a cycle is found).
pub fn file_edges(
    modules: &BTreeMap<String, Module>,
) -> BTreeMap<PathBuf, BTreeMap<PathBuf, BTreeSet<String>>> {
    let mut edges: BTreeMap<PathBuf, BTreeMap<PathBuf, BTreeSet<String>>> = BTreeMap::new();
    for m in modules.values() {
        let from = edges.entry(m.file.clone()).or_default();
        for p in &m.uses {
            if let Some(to) = defining_module(modules, p) {
                if to.file != m.file {
                    from.entry(to.file.clone())
                        .or_default()
                        .insert(p.last().cloned().unwrap_or_default());
                }
            }
        }
    }
    edges
}

/// The strongly connected components with more than one member (Tarjan's algorithm):
/// each is a set of nodes that reach one another, that is, a cycle.
pub fn cycles<N: Ord + Clone>(edges: &BTreeMap<N, BTreeMap<N, BTreeSet<String>>>) -> Vec<Vec<N>> {
    struct State<N> {
        index: BTreeMap<N, usize>,
        low: BTreeMap<N, usize>,
        stack: Vec<N>,
        on_stack: BTreeSet<N>,
        next: usize,
        out: Vec<Vec<N>>,
    }
    fn visit<N: Ord + Clone>(
        n: &N,
        edges: &BTreeMap<N, BTreeMap<N, BTreeSet<String>>>,
        s: &mut State<N>,
    ) {
        s.index.insert(n.clone(), s.next);
        s.low.insert(n.clone(), s.next);
        s.next += 1;
        s.stack.push(n.clone());
        s.on_stack.insert(n.clone());
        for m in edges.get(n).into_iter().flat_map(|e| e.keys()) {
            if !s.index.contains_key(m) {
                visit(m, edges, s);
                let low = s.low[n].min(s.low[m]);
                s.low.insert(n.clone(), low);
            } else if s.on_stack.contains(m) {
                let low = s.low[n].min(s.index[m]);
                s.low.insert(n.clone(), low);
            }
        }
        if s.low[n] == s.index[n] {
            let mut component = vec![];
            while let Some(m) = s.stack.pop() {
                s.on_stack.remove(&m);
                let done = &m == n;
                component.push(m);
                if done {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: vec![],
        on_stack: BTreeSet::new(),
        next: 0,
        out: vec![],
    };
    for n in edges.keys() {
        if !s.index.contains_key(n) {
            visit(n, edges, &mut s);
        }
    }
    s.out
}

/// The string literals of a file that hold SQL (a statement's first word: SELECT,
/// INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, WITH, PRAGMA, BEGIN, REPLACE; in any
/// case), in code that is not for tests only, including inside macro calls (`format!`).
/// Each is given by its first 70 characters.
pub fn sql_literals(file: &Path) -> Vec<String> {
    struct Sql(Vec<String>);
    fn is_sql(text: &str) -> bool {
        let text = text.trim_start();
        let first = text
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or_default();
        let keyword = [
            "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "WITH", "PRAGMA",
            "BEGIN", "REPLACE",
        ]
        .contains(&first.to_ascii_uppercase().as_str());
        let lower = text.to_ascii_lowercase();
        // Written in capitals, as the store writes SQL; or in small letters with a clause
        // no sentence has.
        keyword
            && text.len() > first.len()
            && (first.chars().all(|c| c.is_ascii_uppercase())
                || [" from ", " into ", " table ", " index ", " set ", " where "]
                    .iter()
                    .any(|w| lower.contains(w)))
    }
    impl Sql {
        fn tokens(&mut self, tokens: proc_macro2::TokenStream) {
            for t in tokens {
                match t {
                    proc_macro2::TokenTree::Group(g) => self.tokens(g.stream()),
                    proc_macro2::TokenTree::Literal(l) => {
                        if let Ok(syn::Lit::Str(s)) = syn::parse_str::<syn::Lit>(&l.to_string()) {
                            self.check(&s.value());
                        }
                    }
                    _ => {}
                }
            }
        }
        fn check(&mut self, text: &str) {
            if is_sql(text) {
                self.0.push(text.trim().chars().take(70).collect());
            }
        }
    }
    impl<'ast> Visit<'ast> for Sql {
        skip_test_code!();
        fn visit_lit_str(&mut self, s: &'ast syn::LitStr) {
            self.check(&s.value());
        }
        // Documentation is not code.
        fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            self.tokens(m.tokens.clone());
        }
    }
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let Ok(ast) = syn::parse_file(&text) else {
        return vec![];
    };
    let mut sql = Sql(vec![]);
    for item in &ast.items {
        sql.visit_item(item);
    }
    sql.0
}

/// The paths each module re-exports (`pub use`), made absolute: a re-export is not a use
/// between files, but it is one between features.
pub fn reexported_paths(m: &Module) -> Vec<Vec<String>> {
    m.reexports
        .values()
        .filter_map(|p| absolute(&m.krate, &m.path, &m.children, p.clone()))
        .collect()
}
