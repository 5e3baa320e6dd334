//! Expectations in wptrunner's metadata format
//! (`tools/wptrunner/docs/expectation.rst`): one `.ini` file per test
//! source file, at the source's path under the metadata directory plus
//! `.ini`, with a section per test (the last segment of its URL, query
//! included) and a subsection per subtest:
//!
//! ```text
//! [Event-dispatch.any.html]
//!   expected: TIMEOUT
//!   [a subtest that fails]
//!     expected: FAIL
//!   [a flaky one]
//!     expected: [PASS, FAIL]
//!     disabled: https://bugs.example/1
//! ```
//!
//! Values may be conditional (`if os == "linux": FAIL` lines under a bare
//! `expected:`), over the run's properties (`product` is "isohost").
//! `__dir__.ini` files give `disabled` to everything under their directory.
//! A result that matches its expectation is expected; anything else,
//! a pass included, is unexpected.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A value on the right of `key:`.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    List(Vec<String>),
}

impl Value {
    fn items(&self) -> Vec<String> {
        match self {
            Value::Str(s) => vec![s.clone()],
            Value::List(l) => l.clone(),
        }
    }
}

/// A key's value: plain, or conditions tried in order with an optional
/// unconditional default.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyValue {
    Plain(Value),
    Conditional(Vec<(Option<String>, Value)>),
}

/// A section: `[heading]`, its keys and its subsections.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    pub name: String,
    pub keys: Vec<(String, KeyValue)>,
    pub children: Vec<Section>,
}

impl Section {
    pub fn child(&self, name: &str) -> Option<&Section> {
        self.children.iter().find(|c| c.name == name)
    }

    fn key(&self, name: &str) -> Option<&KeyValue> {
        self.keys.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    fn set_key(&mut self, name: &str, value: Option<KeyValue>) {
        let at = self.keys.iter().position(|(k, _)| k == name);
        match (at, value) {
            (Some(i), Some(v)) => self.keys[i].1 = v,
            (None, Some(v)) => self.keys.push((name.to_string(), v)),
            (Some(i), None) => {
                self.keys.remove(i);
            }
            (None, None) => {}
        }
    }

    fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.children.is_empty()
    }
}

/// The run's properties that conditions test.
#[derive(Debug, Clone)]
pub struct RunInfo(pub BTreeMap<String, Cond>);

impl Default for RunInfo {
    fn default() -> RunInfo {
        let mut m = BTreeMap::new();
        m.insert("product".into(), Cond::Str("isohost".into()));
        m.insert(
            "browser_version".into(),
            Cond::Str(env!("CARGO_PKG_VERSION").into()),
        );
        m.insert("os".into(), Cond::Str(std::env::consts::OS.into()));
        m.insert("processor".into(), Cond::Str(std::env::consts::ARCH.into()));
        m.insert("debug".into(), Cond::Bool(cfg!(debug_assertions)));
        RunInfo(m)
    }
}

/// A value in a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Str(String),
    Num(f64),
    Bool(bool),
    None,
}

impl Cond {
    fn truthy(&self) -> bool {
        match self {
            Cond::Str(s) => !s.is_empty(),
            Cond::Num(n) => *n != 0.0,
            Cond::Bool(b) => *b,
            Cond::None => false,
        }
    }
}

// ---------------------------------------------------------------------------
// Parsing

/// Parses a metadata file; the root section holds the top-level keys.
pub fn parse(text: &str) -> Result<Section, String> {
    // (indent, path of child indices from the root)
    let mut root = Section::default();
    let mut stack: Vec<(usize, Vec<usize>)> = vec![];
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i].trim_end();
        i += 1;
        let trimmed = raw.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = raw.len() - trimmed.len();
        while stack.last().is_some_and(|(d, _)| *d >= indent) {
            stack.pop();
        }
        let parent_path = stack.last().map(|(_, p)| p.clone()).unwrap_or_default();
        let parent = section_at(&mut root, &parent_path);
        if let Some(rest) = trimmed.strip_prefix('[') {
            let (name, after) =
                heading(rest).ok_or_else(|| format!("line {i}: unclosed heading"))?;
            let after = after.trim();
            if !after.is_empty() && !after.starts_with('#') {
                return Err(format!("line {i}: text after the heading"));
            }
            parent.children.push(Section {
                name,
                ..Section::default()
            });
            let mut path = parent_path;
            path.push(parent.children.len() - 1);
            stack.push((indent, path));
            continue;
        }
        let (key, value) = trimmed
            .split_once(':')
            .ok_or_else(|| format!("line {i}: expected 'key: value' or '[heading]'"))?;
        let key = key.trim().to_string();
        let value = value.trim();
        if !value.is_empty() && !value.starts_with('#') {
            parent
                .keys
                .push((key, KeyValue::Plain(parse_value(value)?)));
            continue;
        }
        // Conditional lines: more indented than the key.
        let mut branches = Vec::new();
        while i < lines.len() {
            let raw = lines[i].trim_end();
            let t = raw.trim_start();
            if t.is_empty() || t.starts_with('#') {
                i += 1;
                continue;
            }
            if raw.len() - t.len() <= indent {
                break;
            }
            i += 1;
            if let Some(cond) = t.strip_prefix("if ") {
                let colon =
                    condition_end(cond).ok_or_else(|| format!("line {i}: 'if' without ':'"))?;
                let expr = cond[..colon].trim().to_string();
                // Fail early on an expression we cannot read.
                eval(&expr, &RunInfo::default())?;
                branches.push((Some(expr), parse_value(cond[colon + 1..].trim())?));
            } else {
                branches.push((None, parse_value(t)?));
            }
        }
        parent.keys.push((key, KeyValue::Conditional(branches)));
    }
    Ok(root)
}

fn section_at<'a>(root: &'a mut Section, path: &[usize]) -> &'a mut Section {
    let mut s = root;
    for &i in path {
        s = &mut s.children[i];
    }
    s
}

/// A heading's name up to its unescaped `]`, and what follows.
fn heading(s: &str) -> Option<(String, &str)> {
    let mut name = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            ']' => return Some((name, &s[i + 1..])),
            '\\' => {
                let (_, e) = chars.next()?;
                name.push(match e {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'x' | 'u' => {
                        let len = if e == 'x' { 2 } else { 4 };
                        let hex: String = (0..len)
                            .filter_map(|_| chars.next().map(|(_, h)| h))
                            .collect();
                        u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)?
                    }
                    other => other,
                });
            }
            c => name.push(c),
        }
    }
    None
}

/// Where a condition ends: its first `:` outside quotes.
fn condition_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ':') => return Some(i),
            _ => {}
        }
    }
    None
}

fn parse_value(s: &str) -> Result<Value, String> {
    let s = strip_comment(s).trim();
    if let Some(inner) = s.strip_prefix('[') {
        let inner = inner
            .strip_suffix(']')
            .ok_or_else(|| format!("unclosed list '{s}'"))?;
        return Ok(Value::List(
            inner
                .split(',')
                .map(|v| unquote(v.trim()))
                .filter(|v| !v.is_empty())
                .collect(),
        ));
    }
    Ok(Value::Str(unquote(s)))
}

/// Drops a ` # comment` outside quotes.
fn strip_comment(s: &str) -> &str {
    let mut quote = None;
    let mut prev_space = true;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if prev_space => return &s[..i],
            _ => {}
        }
        prev_space = c.is_whitespace();
    }
    s
}

fn unquote(s: &str) -> String {
    let Some(inner) = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')) else {
        return s.to_string();
    };
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(c) => out.push(c),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Conditions: ==, !=, and, or, not, parentheses; strings, numbers, names.

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Name(String),
    Str(String),
    Num(f64),
    Op(&'static str),
}

fn lex(s: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' || c == '\'' {
            let mut j = i + 1;
            let mut v = String::new();
            while j < cs.len() && cs[j] != c {
                if cs[j] == '\\' && j + 1 < cs.len() {
                    j += 1;
                }
                v.push(cs[j]);
                j += 1;
            }
            if j >= cs.len() {
                return Err(format!("unclosed string in '{s}'"));
            }
            out.push(Tok::Str(v));
            i = j + 1;
        } else if c == '=' || c == '!' {
            if cs.get(i + 1) != Some(&'=') {
                return Err(format!("expected '{c}=' in '{s}'"));
            }
            out.push(Tok::Op(if c == '=' { "==" } else { "!=" }));
            i += 2;
        } else if c == '(' || c == ')' {
            out.push(Tok::Op(if c == '(' { "(" } else { ")" }));
            i += 1;
        } else if c.is_ascii_digit() || c == '-' {
            let mut j = i + 1;
            while j < cs.len() && (cs[j].is_ascii_digit() || cs[j] == '.') {
                j += 1;
            }
            let text: String = cs[i..j].iter().collect();
            out.push(Tok::Num(
                text.parse().map_err(|_| format!("bad number '{text}'"))?,
            ));
            i = j;
        } else if c.is_alphanumeric() || c == '_' {
            let mut j = i;
            while j < cs.len() && (cs[j].is_alphanumeric() || cs[j] == '_') {
                j += 1;
            }
            let word: String = cs[i..j].iter().collect();
            out.push(match word.as_str() {
                "and" => Tok::Op("and"),
                "or" => Tok::Op("or"),
                "not" => Tok::Op("not"),
                _ => Tok::Name(word),
            });
            i = j;
        } else {
            return Err(format!("unexpected '{c}' in '{s}'"));
        }
    }
    Ok(out)
}

struct Eval<'a> {
    toks: Vec<Tok>,
    at: usize,
    info: &'a RunInfo,
}

impl Eval<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }
    fn eat(&mut self, op: &str) -> bool {
        if self.peek()
            == Some(&Tok::Op(match op {
                "and" => "and",
                "or" => "or",
                "not" => "not",
                "==" => "==",
                "!=" => "!=",
                "(" => "(",
                _ => ")",
            }))
        {
            self.at += 1;
            true
        } else {
            false
        }
    }
    fn or(&mut self) -> Result<Cond, String> {
        let mut v = self.and()?;
        while self.eat("or") {
            let r = self.and()?;
            v = Cond::Bool(v.truthy() || r.truthy());
        }
        Ok(v)
    }
    fn and(&mut self) -> Result<Cond, String> {
        let mut v = self.not()?;
        while self.eat("and") {
            let r = self.not()?;
            v = Cond::Bool(v.truthy() && r.truthy());
        }
        Ok(v)
    }
    fn not(&mut self) -> Result<Cond, String> {
        if self.eat("not") {
            return Ok(Cond::Bool(!self.not()?.truthy()));
        }
        let left = self.atom()?;
        if self.eat("==") {
            return Ok(Cond::Bool(left == self.atom()?));
        }
        if self.eat("!=") {
            return Ok(Cond::Bool(left != self.atom()?));
        }
        Ok(left)
    }
    fn atom(&mut self) -> Result<Cond, String> {
        if self.eat("(") {
            let v = self.or()?;
            if !self.eat(")") {
                return Err("missing ')'".into());
            }
            return Ok(v);
        }
        let t = self.peek().cloned().ok_or("the condition ends too early")?;
        self.at += 1;
        Ok(match t {
            Tok::Str(s) => Cond::Str(s),
            Tok::Num(n) => Cond::Num(n),
            Tok::Name(n) if n == "true" || n == "True" => Cond::Bool(true),
            Tok::Name(n) if n == "false" || n == "False" => Cond::Bool(false),
            Tok::Name(n) => self.info.0.get(&n).cloned().unwrap_or(Cond::None),
            Tok::Op(o) => return Err(format!("unexpected '{o}'")),
        })
    }
}

/// Evaluates a condition against the run's properties.
pub fn eval(expr: &str, info: &RunInfo) -> Result<bool, String> {
    let mut e = Eval {
        toks: lex(expr)?,
        at: 0,
        info,
    };
    let v = e.or()?;
    if e.at != e.toks.len() {
        return Err(format!("unexpected text after the condition '{expr}'"));
    }
    Ok(v.truthy())
}

/// A key's value for this run, if any branch applies.
fn resolve(kv: &KeyValue, info: &RunInfo) -> Option<Value> {
    match kv {
        KeyValue::Plain(v) => Some(v.clone()),
        KeyValue::Conditional(branches) => branches
            .iter()
            .find(|(cond, _)| {
                cond.as_deref()
                    .is_none_or(|c| eval(c, info).unwrap_or(false))
            })
            .map(|(_, v)| v.clone()),
    }
}

fn disabled(section: &Section, info: &RunInfo) -> Option<String> {
    match resolve(section.key("disabled")?, info)? {
        Value::Str(s) if s == "@False" => None,
        v => Some(v.items().join(", ")),
    }
}

// ---------------------------------------------------------------------------
// Serializing

fn escape_heading(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ']' => out.push_str("\\]"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn format_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.starts_with(['[', '"', '#'])
        && !s.contains([',', ']', '#', '"', '\n', '\r']);
    if plain {
        s.to_string()
    } else {
        format!(
            "\"{}\"",
            s.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n")
        )
    }
}

fn format_value(v: &Value) -> String {
    match v {
        Value::Str(s) => format_scalar(s),
        Value::List(l) => format!(
            "[{}]",
            l.iter()
                .map(|s| format_scalar(s))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn write_section(s: &Section, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    for (k, v) in &s.keys {
        match v {
            KeyValue::Plain(v) => out.push_str(&format!("{pad}{k}: {}\n", format_value(v))),
            KeyValue::Conditional(branches) => {
                out.push_str(&format!("{pad}{k}:\n"));
                for (cond, v) in branches {
                    match cond {
                        Some(c) => out.push_str(&format!("{pad}  if {c}: {}\n", format_value(v))),
                        None => out.push_str(&format!("{pad}  {}\n", format_value(v))),
                    }
                }
            }
        }
    }
    for c in &s.children {
        out.push_str(&format!("{pad}[{}]\n", escape_heading(&c.name)));
        write_section(c, depth + 1, out);
    }
}

/// The file's text (the root's keys first, then its sections).
pub fn serialize(root: &Section) -> String {
    let mut out = String::new();
    for (k, v) in &root.keys {
        let mut one = Section::default();
        one.keys.push((k.clone(), v.clone()));
        write_section(&one, 0, &mut out);
    }
    for c in &root.children {
        out.push_str(&format!("[{}]\n", escape_heading(&c.name)));
        write_section(c, 1, &mut out);
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------
// Looking up and recording expectations

/// What is expected of one test.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TestExpectation {
    /// Accepted harness statuses (empty: OK).
    pub expected: Vec<String>,
    /// Why the test is not run, if it is disabled.
    pub disabled: Option<String>,
    pub subtests: BTreeMap<String, SubtestExpectation>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubtestExpectation {
    /// Accepted statuses (empty: PASS).
    pub expected: Vec<String>,
    /// Why its result is ignored, if it is disabled.
    pub disabled: Option<String>,
}

impl TestExpectation {
    /// Whether a harness status is expected.
    pub fn harness_ok(&self, status: &str) -> bool {
        accepts(&self.expected, "OK", status)
    }

    /// Whether a subtest status is expected.
    pub fn subtest_ok(&self, name: &str, status: &str) -> bool {
        let empty = Vec::new();
        let expected = self.subtests.get(name).map_or(&empty, |s| &s.expected);
        accepts(expected, "PASS", status)
    }

    /// The primary expected status of a subtest.
    pub fn subtest_expected(&self, name: &str) -> String {
        self.subtests
            .get(name)
            .and_then(|s| s.expected.first().cloned())
            .unwrap_or_else(|| "PASS".to_string())
    }

    pub fn harness_expected(&self) -> String {
        self.expected
            .first()
            .cloned()
            .unwrap_or_else(|| "OK".to_string())
    }
}

fn accepts(expected: &[String], default: &str, status: &str) -> bool {
    if expected.is_empty() {
        status == default
    } else {
        expected.iter().any(|e| e == status)
    }
}

/// Where a test's expectations live: the source file's path relative to
/// the tests root (`dom/events/a.any.js`) and the test's section name
/// (`a.any.worker.html?x`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MetadataKey {
    pub source: String,
    pub section: String,
}

/// A metadata directory, read lazily (files are cached; the runner's
/// threads share it).
#[derive(Debug)]
pub struct Expectations {
    dir: PathBuf,
    info: RunInfo,
    files: Mutex<HashMap<PathBuf, Option<Arc<Section>>>>,
}

impl Expectations {
    pub fn new(dir: impl Into<PathBuf>) -> Expectations {
        Expectations {
            dir: dir.into(),
            info: RunInfo::default(),
            files: Mutex::default(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A metadata file, parsed (None if absent). A file that does not parse
    /// is an error the user must see.
    pub fn file(&self, path: &Path) -> Result<Option<Arc<Section>>, String> {
        if let Some(cached) = self
            .files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(path)
        {
            return Ok(cached.clone());
        }
        let parsed = match std::fs::read_to_string(path) {
            Ok(text) => Some(Arc::new(
                parse(&text).map_err(|e| format!("{}: {e}", path.display()))?,
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        self.files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_path_buf(), parsed.clone());
        Ok(parsed)
    }

    /// The `.ini` file of a source file.
    pub fn ini_path(&self, source: &str) -> PathBuf {
        self.dir.join(format!("{source}.ini"))
    }

    /// What is expected of the test at `key`.
    pub fn lookup(&self, key: &MetadataKey) -> Result<TestExpectation, String> {
        let mut out = TestExpectation::default();
        // __dir__.ini from the top down: the deepest `disabled` wins.
        let mut dir = self.dir.clone();
        let parts: Vec<&str> = key.source.split('/').collect();
        let dirs = parts.len().saturating_sub(1);
        for part in std::iter::once("").chain(parts[..dirs].iter().copied()) {
            if !part.is_empty() {
                dir.push(part);
            }
            if let Some(d) = self.file(&dir.join("__dir__.ini"))?
                && let Some(reason) = disabled(&d, &self.info)
            {
                out.disabled = Some(reason);
            }
        }
        let Some(file) = self.file(&self.ini_path(&key.source))? else {
            return Ok(out);
        };
        if let Some(reason) = disabled(&file, &self.info) {
            out.disabled = Some(reason);
        }
        let Some(test) = file.child(&key.section) else {
            return Ok(out);
        };
        if let Some(v) = test.key("expected").and_then(|kv| resolve(kv, &self.info)) {
            out.expected = v.items();
        }
        if let Some(reason) = disabled(test, &self.info) {
            out.disabled = Some(reason);
        }
        for sub in &test.children {
            out.subtests.insert(
                sub.name.clone(),
                SubtestExpectation {
                    expected: sub
                        .key("expected")
                        .and_then(|kv| resolve(kv, &self.info))
                        .map(|v| v.items())
                        .unwrap_or_default(),
                    disabled: disabled(sub, &self.info),
                },
            );
        }
        Ok(out)
    }

    /// Writes this run's results into the metadata files (wptrunner's
    /// `update-expectations`): for every test that ran, `expected` becomes
    /// what happened when that is not the default (OK, PASS) and is gone
    /// otherwise; other keys (`disabled`, …) and tests that did not run are
    /// kept; a conditional `expected` that already gives this result stays
    /// as it is, and so does a list of known intermittent statuses that
    /// holds it. Files left empty are removed. Returns the files written.
    pub fn update(&self, outcomes: &[Outcome]) -> Result<Vec<PathBuf>, String> {
        let mut by_file: BTreeMap<String, Vec<&Outcome>> = BTreeMap::new();
        for o in outcomes {
            by_file.entry(o.key.source.clone()).or_default().push(o);
        }
        let mut written = Vec::new();
        for (source, outcomes) in by_file {
            let path = self.ini_path(&source);
            let mut root = self.file(&path)?.map(|s| (*s).clone()).unwrap_or_default();
            for o in outcomes {
                let at = match root.children.iter().position(|c| c.name == o.key.section) {
                    Some(i) => i,
                    None => {
                        root.children.push(Section {
                            name: o.key.section.clone(),
                            ..Section::default()
                        });
                        root.children.len() - 1
                    }
                };
                let test = &mut root.children[at];
                set_expected(test, &o.status, "OK", &self.info);
                for (name, status) in &o.subtests {
                    let i = match test.children.iter().position(|c| &c.name == name) {
                        Some(i) => i,
                        None => {
                            test.children.push(Section {
                                name: name.clone(),
                                ..Section::default()
                            });
                            test.children.len() - 1
                        }
                    };
                    set_expected(&mut test.children[i], status, "PASS", &self.info);
                }
                // Subtests that no longer report keep only non-expectation keys.
                test.children.retain(|c| !c.is_empty());
                if test.is_empty() {
                    root.children.remove(at);
                }
            }
            if root.is_empty() {
                match std::fs::remove_file(&path) {
                    Ok(()) => written.push(path.clone()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(format!("cannot remove {}: {e}", path.display())),
                }
            } else {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                }
                std::fs::write(&path, serialize(&root))
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                written.push(path.clone());
            }
            self.files
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(path, (!root.is_empty()).then(|| Arc::new(root)));
        }
        Ok(written)
    }
}

fn set_expected(section: &mut Section, status: &str, default: &str, info: &RunInfo) {
    // Already expected (conditions and known intermittents included): keep.
    if let Some(kv) = section.key("expected")
        && resolve(kv, info).is_some_and(|v| v.items().iter().any(|s| s == status))
    {
        return;
    }
    let value = (status != default).then(|| KeyValue::Plain(Value::Str(status.to_string())));
    section.set_key("expected", value);
}

/// One test's result, for [`Expectations::update`].
#[derive(Debug, Clone)]
pub struct Outcome {
    pub key: MetadataKey,
    pub status: String,
    pub subtests: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# a comment
[a.any.html]
  expected: TIMEOUT
  [subtest \\] with a bracket]
    expected: FAIL
  [flaky]
    expected: [PASS, FAIL]

[a.any.worker.html]
  disabled: https://bugs.example/1 # why
  [conditional]
    expected:
      if product == \"chrome\": PASS
      if os == \"nowhere\" or (product == \"isohost\" and not debug == 3): NOTRUN
      FAIL
";

    #[test]
    fn a_metadata_file_parses_into_sections_keys_and_conditions() {
        let root = parse(FILE).expect("parses");
        assert_eq!(root.children.len(), 2);
        let any = &root.children[0];
        assert_eq!(any.name, "a.any.html");
        assert_eq!(
            any.key("expected"),
            Some(&KeyValue::Plain(Value::Str("TIMEOUT".into())))
        );
        assert_eq!(any.children[0].name, "subtest ] with a bracket");
        assert_eq!(
            any.children[1].key("expected"),
            Some(&KeyValue::Plain(Value::List(vec![
                "PASS".into(),
                "FAIL".into()
            ])))
        );
        let worker = &root.children[1];
        assert_eq!(
            disabled(worker, &RunInfo::default()).as_deref(),
            Some("https://bugs.example/1")
        );
        let cond = worker.children[0].key("expected").expect("expected");
        assert_eq!(
            resolve(cond, &RunInfo::default()),
            Some(Value::Str("NOTRUN".into()))
        );
    }

    #[test]
    fn serializing_then_parsing_gives_the_same_file() {
        let root = parse(FILE).expect("parses");
        let text = serialize(&root);
        assert!(text.starts_with("[a.any.html]\n  expected: TIMEOUT\n  [subtest \\] with a bracket]\n    expected: FAIL\n"), "{text}");
        assert_eq!(parse(&text).expect("reparses"), root);
        let odd = Section {
            children: vec![Section {
                name: "x\\y]\n".into(),
                keys: vec![(
                    "expected".into(),
                    KeyValue::Plain(Value::Str("a, b # c".into())),
                )],
                children: vec![],
            }],
            ..Section::default()
        };
        assert_eq!(parse(&serialize(&odd)).expect("reparses"), odd);
    }

    #[test]
    fn bad_files_say_where() {
        assert!(parse("[open").is_err());
        assert!(parse("no colon here").is_err());
        assert!(parse("[a]\n  expected:\n    if os = 'x': FAIL\n").is_err());
    }

    struct Dir(PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
    fn temp() -> Dir {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let d = std::env::temp_dir().join(format!(
            "isohost-expect-{}-{}",
            std::process::id(),
            N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("mkdir");
        Dir(d)
    }

    #[test]
    fn lookups_read_tests_subtests_and_dir_files() {
        let d = temp();
        std::fs::create_dir_all(d.0.join("dom/events")).expect("mkdir");
        std::fs::write(d.0.join("dom/events/a.any.js.ini"), FILE).expect("write");
        std::fs::write(
            d.0.join("dom/__dir__.ini"),
            "disabled:\n  if product == \"other\": nope\n",
        )
        .expect("write");
        let e = Expectations::new(&d.0);
        let key = |s: &str| MetadataKey {
            source: "dom/events/a.any.js".into(),
            section: s.into(),
        };
        let any = e.lookup(&key("a.any.html")).expect("lookup");
        assert!(any.harness_ok("TIMEOUT") && !any.harness_ok("OK"));
        assert!(any.subtest_ok("subtest ] with a bracket", "FAIL"));
        assert!(
            !any.subtest_ok("subtest ] with a bracket", "PASS"),
            "an unexpected pass"
        );
        assert!(any.subtest_ok("flaky", "PASS") && any.subtest_ok("flaky", "FAIL"));
        assert!(any.subtest_ok("unlisted", "PASS") && !any.subtest_ok("unlisted", "FAIL"));
        assert_eq!(any.disabled, None);
        let worker = e.lookup(&key("a.any.worker.html")).expect("lookup");
        assert_eq!(worker.disabled.as_deref(), Some("https://bugs.example/1"));
        let none = e
            .lookup(&MetadataKey {
                source: "x/y.html".into(),
                section: "y.html".into(),
            })
            .expect("lookup");
        assert_eq!(none, TestExpectation::default());
        std::fs::write(d.0.join("__dir__.ini"), "disabled: everything\n").expect("write");
        let e = Expectations::new(&d.0);
        assert_eq!(
            e.lookup(&key("a.any.html"))
                .expect("lookup")
                .disabled
                .as_deref(),
            Some("everything")
        );
    }

    #[test]
    fn updating_writes_what_happened_and_keeps_the_rest() {
        let d = temp();
        std::fs::create_dir_all(d.0.join("dom/events")).expect("mkdir");
        std::fs::write(d.0.join("dom/events/a.any.js.ini"), FILE).expect("write");
        let e = Expectations::new(&d.0);
        let outcome = |section: &str, status: &str, subs: &[(&str, &str)]| Outcome {
            key: MetadataKey {
                source: "dom/events/a.any.js".into(),
                section: section.into(),
            },
            status: status.into(),
            subtests: subs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        };
        e.update(&[
            outcome(
                "a.any.html",
                "OK",
                &[
                    ("subtest ] with a bracket", "PASS"),
                    ("flaky", "PASS"),
                    ("new one", "FAIL"),
                ],
            ),
            outcome("a.any.worker.html", "OK", &[("conditional", "NOTRUN")]),
            outcome("b.any.html", "OK", &[("fine", "PASS")]),
        ])
        .expect("update");
        let text = std::fs::read_to_string(d.0.join("dom/events/a.any.js.ini")).expect("read");
        assert_eq!(
            text,
            "[a.any.html]\n  [flaky]\n    expected: [PASS, FAIL]\n  [new one]\n    expected: FAIL\n\n[a.any.worker.html]\n  disabled: https://bugs.example/1\n  [conditional]\n    expected:\n      if product == \"chrome\": PASS\n      if os == \"nowhere\" or (product == \"isohost\" and not debug == 3): NOTRUN\n      FAIL\n\n"
        );
        e.update(&[
            outcome("a.any.html", "OK", &[("new one", "PASS")]),
            outcome("a.any.worker.html", "OK", &[("conditional", "PASS")]),
        ])
        .expect("update");
        let text = std::fs::read_to_string(d.0.join("dom/events/a.any.js.ini")).expect("read");
        assert_eq!(
            text,
            "[a.any.html]\n  [flaky]\n    expected: [PASS, FAIL]\n\n[a.any.worker.html]\n  disabled: https://bugs.example/1\n\n"
        );
        e.update(&[Outcome {
            key: MetadataKey {
                source: "x.html".into(),
                section: "x.html".into(),
            },
            status: "TIMEOUT".into(),
            subtests: vec![],
        }])
        .expect("update");
        assert_eq!(
            std::fs::read_to_string(d.0.join("x.html.ini")).expect("read"),
            "[x.html]\n  expected: TIMEOUT\n\n"
        );
    }
}
