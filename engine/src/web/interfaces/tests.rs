//! The registry and the bindings' files agree: what a file exports, uses
//! and calls is where the registry says, and no file calls a builtin
//! through a lookup a page could have replaced.

use std::collections::{HashMap, HashSet};

use super::*;
use crate::web::templates::exports;

/// Every registered file, in order, as (interface, file).
fn files() -> Vec<&'static Interface> {
    INTERFACES.iter().collect()
}

/// `source` with comments, strings and regular expressions blanked (their
/// length kept; a template literal's `${…}` kept), so that what is left is
/// code.
fn code_of(source: &str) -> String {
    blank(source, true)
}

/// `source` with its comments blanked, and its strings and regular
/// expressions too if `strings`.
fn blank(source: &str, strings: bool) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    // The brace depths at which a template literal's `${` opened.
    let mut templates: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let comment = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let blank = |out: &mut String, c: char| {
        if strings {
            out.push(if c == '\n' { '\n' } else { ' ' });
        } else {
            out.push(c);
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        if c == '/' && next == '/' {
            while i < chars.len() && chars[i] != '\n' {
                comment(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '/' && next == '*' {
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                comment(&mut out, chars[i]);
                i += 1;
            }
            out.push_str("  ");
            i += 2;
        } else if c == '\'' || c == '"' || (c == '/' && regex_can_start(&out)) {
            blank(&mut out, c);
            i += 1;
            let mut class = false;
            while i < chars.len() && (chars[i] != c || class) && chars[i] != '\n' {
                if chars[i] == '\\' {
                    blank(&mut out, chars[i]);
                    i += 1;
                } else if c == '/' && chars[i] == '[' {
                    class = true;
                } else if c == '/' && chars[i] == ']' {
                    class = false;
                }
                if i < chars.len() {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
            if i < chars.len() {
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '`' || (c == '}' && templates.last() == Some(&depth)) {
            // Template text, up to its end or its next `${`.
            if c == '}' {
                templates.pop();
            }
            blank(&mut out, c);
            i += 1;
            while i < chars.len()
                && chars[i] != '`'
                && !(chars[i] == '$' && chars.get(i + 1) == Some(&'{'))
            {
                if chars[i] == '\\' {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
                if i < chars.len() {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
            if i < chars.len() && chars[i] == '$' {
                out.push_str("  ");
                i += 2;
                templates.push(depth);
            } else if i < chars.len() {
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else {
            if c == '{' {
                depth += 1;
            } else if c == '}' {
                depth = depth.saturating_sub(1);
            }
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Whether a `/` after `code` begins a regular expression (not a division).
fn regex_can_start(code: &str) -> bool {
    let last = code.trim_end().chars().last();
    matches!(
        last,
        None | Some(
            '(' | ','
                | '='
                | ':'
                | '['
                | '!'
                | '&'
                | '|'
                | '?'
                | '{'
                | '}'
                | ';'
                | '+'
                | '-'
                | '*'
                | '%'
                | '<'
                | '>'
                | '~'
                | '^'
        )
    ) || code.trim_end().ends_with("return")
}

/// The identifiers of `code` that are not property names (`a.b`: `a`).
fn identifiers(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_alphabetic() || c == b'_' || c == b'$' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'$')
            {
                i += 1;
            }
            let before = code[..start].trim_end();
            let after = code[i..].trim_start();
            // `a.name`, `{ name: …}` and `name(…) {…}` in an object or a
            // class name properties, not variables.
            let in_object = before.ends_with('{') || before.ends_with(',');
            let key = after.starts_with(':') && in_object;
            let method = after.starts_with('(')
                && (in_object
                    || before.ends_with('}')
                    || before.ends_with(';')
                    || before.is_empty()
                    || ["get", "set", "static"].iter().any(|w| before.ends_with(w)))
                && matching_paren(after)
                    .is_some_and(|close| after[close + 1..].trim_start().starts_with('{'));
            if !before.ends_with('.') && !key && !method {
                out.push(&code[start..i]);
            }
        } else if c.is_ascii_digit() {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The index of the `)` closing the `(` that `text` starts with.
fn matching_paren(text: &str) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The "Uses a, b (x.js); c (y.js, after this file)." comment of a file:
/// name -> (file, later).
fn uses(source: &str) -> HashMap<String, (String, bool)> {
    let mut text = String::new();
    let mut lines = source.lines().skip_while(|l| !l.starts_with("// Uses "));
    if let Some(first) = lines.next() {
        text.push_str(&first["// Uses ".len()..]);
        for l in lines.take_while(|l| l.starts_with("//   ")) {
            text.push(' ');
            text.push_str(&l["//   ".len()..]);
        }
    }
    let mut out = HashMap::new();
    for item in text.trim_end_matches('.').split(';') {
        let Some((names, from)) = item.split_once('(') else {
            continue;
        };
        let from = from.trim_end_matches(')');
        let later = from.ends_with(", after this file");
        let file = from
            .trim_end_matches(", after this file")
            .trim_end_matches(".js");
        for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            out.insert(name.to_string(), (file.to_string(), later));
        }
    }
    out
}

#[test]
fn every_bindings_file_is_registered_once_and_exports_names_no_other_file_does() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web/js");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("web/js")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".js") && n != "primordials.js")
        .map(|n| n.trim_end_matches(".js").to_string())
        .collect();
    on_disk.sort();
    let mut registered: Vec<String> = files().iter().map(|i| i.js.name.to_string()).collect();
    registered.sort();
    assert_eq!(on_disk, registered, "web/js and the registry disagree");
    let mut owner = HashMap::new();
    for i in files() {
        for name in exports(i.js.source) {
            if let Some(other) = owner.insert(name, i.js.name) {
                panic!("{name} is exported by {other}.js and {}.js", i.js.name);
            }
        }
    }
    assert!(
        owner.contains_key("exposeLazyInterfaces"),
        "the bundle calls it last"
    );
}

#[test]
fn every_file_says_what_it_uses_of_other_files_and_they_come_first_or_say_so() {
    let order: Vec<&str> = files().iter().map(|i| i.js.name).collect();
    let mut owner: HashMap<&str, &Interface> = HashMap::new();
    for i in files() {
        for name in exports(i.js.source) {
            owner.insert(name, i);
        }
    }
    for i in files() {
        let said = uses(i.js.source);
        let code = code_of(i.js.source);
        let used: HashSet<&str> = identifiers(&code)
            .into_iter()
            .filter(|n| owner.get(n).is_some_and(|o| o.js.name != i.js.name))
            .collect();
        for name in &used {
            let from = owner[name].js.name;
            match said.get(*name) {
                Some((file, _)) if file == from => {}
                _ => panic!(
                    "{}.js uses {name} ({from}.js) without saying so in its Uses comment",
                    i.js.name
                ),
            }
        }
        for (name, (file, later)) in &said {
            let o = owner
                .get(name.as_str())
                .unwrap_or_else(|| panic!("{}.js: {name} is nobody's export", i.js.name));
            assert_eq!(
                o.js.name, file,
                "{}.js: {name} is {}.js's",
                i.js.name, o.js.name
            );
            let is_later =
                order.iter().position(|f| f == file) > order.iter().position(|f| *f == i.js.name);
            assert_eq!(
                is_later, *later,
                "{}.js: {name} ({file}.js) and \"after this file\"",
                i.js.name
            );
            for global in [
                Exposure::WINDOW,
                Exposure::DEDICATED_WORKER,
                Exposure::SHARED_WORKER,
            ] {
                assert!(
                    !i.exposed.includes(global) || o.exposed.includes(global),
                    "{}.js uses {name}, which {file}.js does not give every global it is on",
                    i.js.name
                );
            }
            assert!(
                used.contains(name.as_str()),
                "{}.js says it uses {name} but does not",
                i.js.name
            );
        }
    }
}

#[test]
fn every_op_a_file_calls_is_installed_on_every_global_it_is_exposed_on() {
    for global in [
        IsolateKind::Tab,
        IsolateKind::Worker,
        IsolateKind::SharedWorker,
    ] {
        let installed: HashSet<&str> = exposed_on(global)
            .filter_map(|i| i.ops)
            .flat_map(|l| l.names.iter().copied())
            .collect();
        for i in exposed_on(global) {
            let code = code_of(i.js.source);
            for receiver in ["ops.", "domOps."] {
                for (at, _) in code.match_indices(receiver) {
                    let before = code[..at].chars().last().unwrap_or(' ');
                    if before.is_ascii_alphanumeric() || before == '_' || before == '.' {
                        continue;
                    }
                    let name: String = code[at + receiver.len()..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    assert!(
                        installed.contains(name.as_str()),
                        "{}.js calls ops.{name}, which a {global:?} does not have",
                        i.js.name
                    );
                }
            }
        }
    }
}

/// The primordials' rules (see js/primordials.js), as far as text shows
/// them: no `for…of`, no spread or array destructuring (the page-reachable
/// iterator), no builtin method called through a lookup.
#[test]
fn no_file_calls_a_builtin_through_a_lookup_a_page_could_have_replaced() {
    const METHODS: &[&str] = &[
        "push",
        "pop",
        "shift",
        "unshift",
        "slice",
        "splice",
        "map",
        "filter",
        "forEach",
        "find",
        "findIndex",
        "some",
        "every",
        "includes",
        "indexOf",
        "join",
        "concat",
        "sort",
        "reverse",
        "keys",
        "values",
        "entries",
        "get",
        "set",
        "has",
        "delete",
        "add",
        "replace",
        "split",
        "trim",
        "toLowerCase",
        "toUpperCase",
        "startsWith",
        "endsWith",
        "charCodeAt",
        "substr",
        "test",
        "exec",
        "call",
        "apply",
        "bind",
        "then",
        "assign",
        "freeze",
    ];
    for i in files() {
        let code = code_of(i.js.source);
        for (n, line) in code.lines().enumerate() {
            let place = format!("{}.js:{}: {}", i.js.name, n + 1, line.trim());
            assert!(
                !line.contains(" of ") || !line.contains("for ("),
                "for...of: {place}"
            );
            // `...name)` followed by `{` or `=>` is a rest parameter;
            // anything else is a spread.
            for (at, _) in line.match_indices("...") {
                let after = &line[at + 3..];
                let name_end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
                    .unwrap_or(after.len());
                let rest = after[name_end..].trim_start();
                let tail = rest.strip_prefix(')').map(str::trim_start).unwrap_or("");
                assert!(
                    tail.starts_with('{') || tail.starts_with("=>"),
                    "spread: {place}"
                );
            }
            for method in METHODS {
                for (at, _) in line.match_indices(&format!(".{method}(")) {
                    let receiver: String = line[..at]
                        .chars()
                        .rev()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$')
                        .collect::<String>()
                        .chars()
                        .rev()
                        .collect();
                    assert!(
                        receiver == "ops" || receiver == "domOps",
                        "{receiver}.{method}(…) looks a builtin up where a page may have replaced it: {place}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_bindings_of_each_agent_kind_declare_each_export_once() {
    for kind in [
        IsolateKind::Tab,
        IsolateKind::Worker,
        IsolateKind::SharedWorker,
    ] {
        let source = crate::web::templates::bindings_source(kind);
        let declared = source
            .lines()
            .find(|l| l.starts_with("let "))
            .expect("the exports' declaration");
        let names: Vec<&str> = declared["let ".len()..declared.len() - 1]
            .split(", ")
            .collect();
        let unique: HashSet<&&str> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "{kind:?}: an export twice");
        assert!(
            source.is_ascii(),
            "{kind:?}: a two-byte source costs every isolate twice the memory"
        );
    }
}

/// `storage.rs`'s ops are `storage…`: an op's JS name starts with its
/// file's name (compared without case or underscores).
#[test]
fn every_op_is_named_after_its_interface_file_and_named_once() {
    let mut seen = HashSet::new();
    let mut lists: Vec<&OpList> = Vec::new();
    for list in INTERFACES.iter().filter_map(|i| i.ops) {
        if lists.iter().any(|l| std::ptr::eq(*l, list)) {
            continue;
        }
        lists.push(list);
        let file = list.module.rsplit("::").next().unwrap_or_default();
        let prefix = file.replace('_', "");
        for name in list.names {
            assert!(
                name.to_lowercase().starts_with(&prefix),
                "op {name} of ops/{file}.rs is not named {prefix}…"
            );
            assert!(seen.insert(*name), "op {name} is listed twice");
        }
    }
    assert!(seen.len() > 100, "{} ops", seen.len());
}

#[test]
fn every_interface_is_listed_once() {
    let mut names = HashSet::new();
    for i in INTERFACES {
        assert!(names.insert(i.name), "{} is listed twice", i.name);
    }
}

#[test]
fn a_two_slash_line_inside_a_template_literal_is_not_a_comment() {
    let source = "const a = `\n// text\n`; // note\n// comment\n";
    let lines: Vec<String> = blank(source, false).lines().map(str::to_string).collect();
    assert_eq!(lines[1], "// text");
    assert!(lines[3].trim().is_empty());
}

#[test]
fn exports_are_the_names_of_a_files_last_statement() {
    assert_eq!(
        exports("const a = 1;\nreturn [a, b,\n  c];\n"),
        ["a", "b", "c"]
    );
    assert!(exports("const a = [1];\n").is_empty());
    assert!(exports("return [a];\nfoo();\n").is_empty());
}

/// The bindings are built without their comment lines (templates.rs): a
/// line that begins with `//` must be a comment, not the inside of a string.
#[test]
fn every_line_that_begins_with_two_slashes_is_a_comment() {
    let prelude = include_str!("../js/primordials.js");
    for (name, source) in files()
        .iter()
        .map(|i| (i.js.name, i.js.source))
        .chain([("primordials", prelude)])
    {
        let code = blank(source, false);
        for (n, (line, code)) in source.lines().zip(code.lines()).enumerate() {
            if line.trim_start().starts_with("//") {
                assert!(
                    code.trim().is_empty(),
                    "{name}.js:{}: not a comment: {line}",
                    n + 1
                );
            }
        }
    }
}

/// The ops interceptor finds an op by its name's index among all ops:
/// each index finds a maker, no two op names share one, and each global
/// finds the ops of the interfaces exposed on it, and only those.
#[test]
fn every_op_has_one_maker_and_one_name() {
    let mut names = HashSet::new();
    let mut total = 0;
    for (list, first) in op_lists() {
        assert_eq!(list.names.len(), list.makers.len(), "{}", list.module);
        assert_eq!(*first, total, "{}", list.module);
        for name in list.names {
            assert!(names.insert(*name), "{name} is in two op lists");
        }
        total += list.makers.len();
    }
    for index in 0..total {
        assert!(op_maker(index).is_some());
    }
    assert!(op_maker(total).is_none());
    for kind in [
        IsolateKind::Tab,
        IsolateKind::Worker,
        IsolateKind::SharedWorker,
    ] {
        for (list, first) in op_lists() {
            let exposed = exposed_on(kind).any(|i| i.ops.is_some_and(|l| std::ptr::eq(l, *list)));
            for (i, name) in list.names.iter().enumerate() {
                let expected = exposed.then_some(first + i);
                assert_eq!(op_index(kind, name), expected, "{name} on {kind:?}");
            }
        }
    }
}

/// The ops `js/node.js` wraps (its `MUTATING_OPS`) are the ones the ops
/// object serves only under their other name (`ops::call::WRAPPED_OPS`):
/// one missing from the Rust list would be made at start-up again (and
/// then hidden by its wrapper), one missing from the JS list unreachable.
#[test]
fn the_wrapped_ops_are_those_node_js_wraps() {
    let node = INTERFACES
        .iter()
        .find(|i| i.js.name == "node")
        .expect("node.js is registered");
    let source = node.js.source;
    let start = source
        .find("const MUTATING_OPS = [")
        .expect("node.js lists MUTATING_OPS");
    let list = &source[start + "const MUTATING_OPS = [".len()..];
    let list = &list[..list.find("];").expect("the list ends")];
    let wrapped: Vec<&str> = list
        .split(',')
        .map(|n| n.trim().trim_matches('\''))
        .filter(|n| !n.is_empty())
        .collect();
    assert_eq!(wrapped, crate::web::ops::WRAPPED_OPS);
    let installed: HashSet<&str> = exposed_on(IsolateKind::Tab)
        .filter_map(|i| i.ops)
        .flat_map(|l| l.names.iter().copied())
        .collect();
    for name in &wrapped {
        assert!(installed.contains(name), "{name} is no op of a tab");
    }
}
