//! The metadata file format: sections nested by indentation, `key: value`
//! lines, lists, and conditional values (`tools/wptrunner/docs/expectation.rst`).

use super::conditions::{RunInfo, eval};

/// A value on the right of `key:`.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// One value: `expected: FAIL`.
    Str(String),
    /// A list: `expected: [PASS, FAIL]`.
    List(Vec<String>),
}

impl Value {
    pub(super) fn items(&self) -> Vec<String> {
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
    /// `key: value`.
    Plain(Value),
    /// `key:` then `if CONDITION: value` lines (the condition's source),
    /// and an optional last line with no condition (`None`).
    Conditional(Vec<(Option<String>, Value)>),
}

/// A section: `[heading]`, its keys and its subsections.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    /// Its heading, without the brackets (empty for the file itself).
    pub name: String,
    /// Its keys, in file order.
    pub keys: Vec<(String, KeyValue)>,
    /// Its subsections, in file order.
    pub children: Vec<Section>,
}

impl Section {
    /// The subsection headed `name`.
    pub fn child(&self, name: &str) -> Option<&Section> {
        self.children.iter().find(|c| c.name == name)
    }

    pub(super) fn key(&self, name: &str) -> Option<&KeyValue> {
        self.keys.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    pub(super) fn set_key(&mut self, name: &str, value: Option<KeyValue>) {
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

    pub(super) fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.children.is_empty()
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

#[cfg(test)]
mod tests {
    use super::super::{disabled, resolve};
    use super::*;
    use crate::expectations::conditions::RunInfo;

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
}
