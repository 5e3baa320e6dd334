//! Conditions of metadata values: `==`, `!=`, `and`, `or`, `not`,
//! parentheses; strings, numbers and the run's properties by name.

use std::collections::BTreeMap;

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
    /// A string (`os == "linux"`).
    Str(String),
    /// A number (`bits == 64`).
    Num(f64),
    /// A boolean (`debug`).
    Bool(bool),
    /// A run property that is not set.
    None,
}

impl Cond {
    pub(super) fn truthy(&self) -> bool {
        match self {
            Cond::Str(s) => !s.is_empty(),
            Cond::Num(n) => *n != 0.0,
            Cond::Bool(b) => *b,
            Cond::None => false,
        }
    }
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
