//! wptserve's pipes (`tools/wptserve/wptserve/pipes.py`): `?pipe=` lists
//! like `sub|header(X-A,b)|status(404)`, and the `sub` template language
//! that `.sub.` files get too: `{{host}}`, `{{domains[www]}}`,
//! `{{hosts[alt][www1]}}`, `{{ports[https][0]}}`, `{{location[server]}}`,
//! `{{GET[name]}}`, `{{headers[name]}}`, `{{header_or_default(name, v)}}`,
//! `{{uuid()}}`, `{{url_base}}`, and `{{$var:…}}` / `{{$var}}`.

use std::collections::BTreeMap;

use url::Url;

use super::config::{BROWSER_HOST, Config, PORTS};
use crate::runtime::serve::response::Response;

/// One pipe function and its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipe {
    pub name: String,
    pub args: Vec<String>,
}

/// Parses a pipe string as wptserve's `PipeTokenizer` does: names
/// separated by `|`, arguments in parentheses separated by `,`, with `\`
/// escapes (`\n`, `\r`, `\t`, else the character itself).
pub fn parse_pipeline(s: &str) -> Vec<Pipe> {
    let mut pipes: Vec<Pipe> = Vec::new();
    let mut chars = s.chars();
    let mut name = String::new();
    'outer: loop {
        // Function-name state.
        loop {
            match chars.next() {
                None => {
                    if !name.is_empty() {
                        pipes.push(Pipe {
                            name: std::mem::take(&mut name),
                            args: Vec::new(),
                        });
                    }
                    break 'outer;
                }
                Some('(') => {
                    pipes.push(Pipe {
                        name: std::mem::take(&mut name),
                        args: Vec::new(),
                    });
                    break;
                }
                Some('|') => {
                    if !name.is_empty() {
                        pipes.push(Pipe {
                            name: std::mem::take(&mut name),
                            args: Vec::new(),
                        });
                    }
                }
                Some(c) => name.push(c),
            }
        }
        // Argument state.
        let mut arg = String::new();
        loop {
            match chars.next() {
                None => {
                    if let Some(p) = pipes.last_mut() {
                        p.args.push(arg);
                    }
                    break 'outer;
                }
                Some('\\') => match chars.next() {
                    Some('n') => arg.push('\n'),
                    Some('r') => arg.push('\r'),
                    Some('t') => arg.push('\t'),
                    Some(c) => arg.push(c),
                    None => {}
                },
                Some(',') => {
                    if let Some(p) = pipes.last_mut() {
                        p.args.push(std::mem::take(&mut arg));
                    }
                }
                Some(')') => {
                    if let Some(p) = pipes.last_mut() {
                        p.args.push(std::mem::take(&mut arg));
                    }
                    continue 'outer;
                }
                Some(c) => arg.push(c),
            }
        }
    }
    pipes
}

/// What a template may read about the request.
pub struct SubRequest<'a> {
    pub url: &'a Url,
    pub config: &'a Config,
    /// The request's headers (names lowercase).
    pub headers: &'a [(String, String)],
    /// A fresh UUID for each `{{uuid()}}`.
    pub uuid: &'a dyn Fn() -> String,
}

/// How substituted values are escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// `html.escape(value, quote=True)`.
    Html,
    None,
}

/// Applies `pipes` to `response` in order; an error is wptserve's 500.
pub fn apply(
    pipes: &[Pipe],
    request: &SubRequest<'_>,
    response: &mut Response,
) -> Result<(), String> {
    for pipe in pipes {
        let arg = |i: usize| pipe.args.get(i).map(String::as_str);
        match pipe.name.as_str() {
            "sub" => {
                let escape = match arg(0) {
                    None | Some("html") => Escape::Html,
                    Some("none") => Escape::None,
                    Some(other) => return Err(format!("sub: unknown escape type '{other}'")),
                };
                let text = String::from_utf8_lossy(&response.body).into_owned();
                response.body = template(request, &text, escape)?.into_bytes();
            }
            "status" => {
                let code = arg(0)
                    .and_then(|c| c.trim().parse::<u16>().ok())
                    .ok_or_else(|| format!("status: bad code {:?}", arg(0)))?;
                response.status = code;
            }
            "header" => {
                let (Some(name), Some(value)) = (arg(0), arg(1)) else {
                    return Err("header: needs a name and a value".into());
                };
                let append = matches!(
                    arg(2).map(str::to_ascii_lowercase).as_deref(),
                    Some("true" | "1")
                );
                if append {
                    response.headers.push((name.to_string(), value.to_string()));
                } else {
                    response.set_header(name, value);
                }
            }
            "slice" => {
                let len = response.body.len() as i64;
                let bound = |a: Option<&str>| -> Result<Option<i64>, String> {
                    match a.map(str::trim) {
                        None => Ok(None),
                        Some(s) if s.eq_ignore_ascii_case("null") => Ok(None),
                        Some(s) => s
                            .parse::<i64>()
                            .map(Some)
                            .map_err(|_| format!("slice: bad bound '{s}'")),
                    }
                };
                // Python slice semantics: negative counts from the end.
                let clamp = |v: i64| (if v < 0 { v + len } else { v }).clamp(0, len) as usize;
                let start = bound(arg(0))?.map_or(0, clamp);
                let end = bound(arg(1))?.map_or(len as usize, clamp);
                response.body = response
                    .body
                    .get(start..end.max(start))
                    .unwrap_or_default()
                    .to_vec();
            }
            // Delays and compression change how bytes travel, not which:
            // the whole body arrives at once here.
            "trickle" | "gzip" => {}
            other => return Err(format!("the '{other}' pipe is not supported")),
        }
    }
    Ok(())
}

/// A template value.
#[derive(Debug, Clone)]
enum Value {
    Str(String),
    Int(i64),
    Map(BTreeMap<String, Value>),
    List(Vec<Value>),
    /// A function of `SubFunctions`, called with an argument token.
    Func(&'static str),
    /// `GET`: missing keys are "".
    Get,
    /// `headers`: missing keys are an error.
    Headers,
}

impl Value {
    fn text(self) -> Result<String, String> {
        match self {
            Value::Str(s) => Ok(s),
            Value::Int(i) => Ok(i.to_string()),
            other => Err(format!("the template value {other:?} is not a string")),
        }
    }
}

#[derive(Debug)]
enum Token {
    Var(String),
    Ident(String),
    Index(String),
    Args(Vec<String>),
}

/// `ReplacementTokenizer`: `$name:`, `$?name`, `[index]`, `(args)`.
fn tokenize(s: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    let word = |from: usize| {
        let mut j = from;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] >= 0x80) {
            j += 1;
        }
        j
    };
    while i < b.len() {
        match b[i] {
            b'$' => {
                let end = word(i + 1);
                if end > i + 1 && b.get(end) == Some(&b':') {
                    out.push(Token::Var(s[i + 1..end].to_string()));
                    i = end + 1;
                } else if end > i + 1 {
                    out.push(Token::Ident(s[i..end].to_string()));
                    i = end;
                } else {
                    return Err(format!("bad template expression '{s}'"));
                }
            }
            b'[' => {
                let end = s[i..]
                    .find(']')
                    .map(|e| i + e)
                    .ok_or_else(|| format!("unclosed [ in '{s}'"))?;
                out.push(Token::Index(s[i + 1..end].to_string()));
                i = end + 1;
            }
            b'(' => {
                let end = s[i..]
                    .find(')')
                    .map(|e| i + e)
                    .ok_or_else(|| format!("unclosed ( in '{s}'"))?;
                let inner = &s[i + 1..end];
                let args = if inner.trim().is_empty() {
                    Vec::new()
                } else {
                    inner.split(',').map(|a| a.trim().to_string()).collect()
                };
                out.push(Token::Args(args));
                i = end + 1;
            }
            _ => {
                let end = word(i);
                if end == i {
                    return Err(format!("bad template expression '{s}'"));
                }
                out.push(Token::Ident(s[i..end].to_string()));
                i = end;
            }
        }
    }
    Ok(out)
}

fn domains_value(domains: &BTreeMap<String, String>) -> Value {
    Value::Map(
        domains
            .iter()
            .map(|(k, v)| (k.clone(), Value::Str(v.clone())))
            .collect(),
    )
}

/// `all_domains`: the domains and the not-domains, by host key.
fn all_domains(config: &Config) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut all = config.domains.clone();
    for (key, not) in &config.not_domains {
        all.entry(key.clone()).or_default().extend(not.clone());
    }
    all
}

fn lookup(
    request: &SubRequest<'_>,
    variables: &BTreeMap<String, Value>,
    field: &str,
) -> Result<Value, String> {
    if let Some(v) = variables.get(field) {
        return Ok(v.clone());
    }
    let url = request.url;
    let port = url.port_or_known_default().map_or(0, i64::from);
    let hostname = url.host_str().unwrap_or("").to_string();
    Ok(match field {
        "uuid" => Value::Func("uuid"),
        "header_or_default" => Value::Func("header_or_default"),
        "headers" => Value::Headers,
        "GET" => Value::Get,
        "hosts" => Value::Map(
            all_domains(request.config)
                .iter()
                .map(|(k, v)| (k.clone(), domains_value(v)))
                .collect(),
        ),
        "domains" => domains_value(&all_domains(request.config).remove("").unwrap_or_default()),
        "host" | "browser_host" => Value::Str(BROWSER_HOST.to_string()),
        "ports" => Value::Map(
            PORTS
                .iter()
                .map(|(scheme, ports)| {
                    (
                        scheme.to_string(),
                        Value::List(ports.iter().map(|p| Value::Int(i64::from(*p))).collect()),
                    )
                })
                .collect(),
        ),
        "location" => {
            let mut m = BTreeMap::new();
            let scheme = url.scheme().to_string();
            m.insert(
                "server".into(),
                Value::Str(format!("{scheme}://{hostname}:{port}")),
            );
            m.insert("scheme".into(), Value::Str(scheme));
            m.insert("host".into(), Value::Str(format!("{hostname}:{port}")));
            m.insert("hostname".into(), Value::Str(hostname));
            m.insert("port".into(), Value::Int(port));
            m.insert("path".into(), Value::Str(url.path().to_string()));
            m.insert("pathname".into(), Value::Str(url.path().to_string()));
            m.insert(
                "query".into(),
                Value::Str(format!("?{}", url.query().unwrap_or(""))),
            );
            Value::Map(m)
        }
        "url_base" => Value::Str("/".into()),
        other => return Err(format!("Undefined template variable {other}")),
    })
}

fn index(request: &SubRequest<'_>, value: Value, key: &str) -> Result<Value, String> {
    match value {
        Value::Map(mut m) => m.remove(key).ok_or_else(|| format!("KeyError: '{key}'")),
        Value::List(l) => key
            .parse::<usize>()
            .ok()
            .and_then(|i| l.get(i).cloned())
            .ok_or_else(|| format!("IndexError: {key}")),
        Value::Get => Ok(Value::Str(
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default(),
        )),
        Value::Headers => request
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(key))
            .map(|(_, v)| Value::Str(v.clone()))
            .ok_or_else(|| format!("KeyError: header '{key}'")),
        other => Err(format!("cannot index {other:?} with [{key}]")),
    }
}

fn call(request: &SubRequest<'_>, value: Value, args: &[String]) -> Result<Value, String> {
    match (value, args) {
        (Value::Func("uuid"), []) => Ok(Value::Str((request.uuid)())),
        (Value::Func("header_or_default"), [name, default]) => Ok(Value::Str(
            request
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map_or_else(|| default.clone(), |(_, v)| v.clone()),
        )),
        (v, a) => Err(format!("cannot call {v:?} with {a:?}")),
    }
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// Substitutes every `{{…}}` of `content` (wptserve's `template`: the
/// regular expression `{{([^}]*)}}`).
pub fn template(request: &SubRequest<'_>, content: &str, escape: Escape) -> Result<String, String> {
    let mut variables: BTreeMap<String, Value> = BTreeMap::new();
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let close = after.find('}');
        match close {
            Some(end) if after[end..].starts_with("}}") => {
                out.push_str(&rest[..start]);
                let expr = &after[..end];
                let value = evaluate(request, &mut variables, expr)?;
                out.push_str(&match escape {
                    Escape::Html => escape_html(&value),
                    Escape::None => value,
                });
                rest = &after[end + 2..];
            }
            _ => {
                // No match here: the scan goes on from the next character.
                out.push_str(&rest[..start + 1]);
                rest = &rest[start + 1..];
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn evaluate(
    request: &SubRequest<'_>,
    variables: &mut BTreeMap<String, Value>,
    expr: &str,
) -> Result<String, String> {
    let mut tokens = tokenize(expr)?.into_iter();
    let mut first = tokens
        .next()
        .ok_or_else(|| "empty template expression".to_string())?;
    let variable = match first {
        Token::Var(name) => {
            first = tokens
                .next()
                .ok_or_else(|| format!("nothing assigned in '{expr}'"))?;
            Some(format!("${name}"))
        }
        _ => None,
    };
    let Token::Ident(field) = first else {
        return Err(format!("'{expr}' does not start with a name"));
    };
    let mut value = lookup(request, variables, &field)?;
    for t in tokens {
        value = match t {
            Token::Index(key) => index(request, value, &key)?,
            Token::Args(args) => call(request, value, &args)?,
            other => return Err(format!("unexpected {other:?} in '{expr}'")),
        };
    }
    let text = value.text()?;
    if let Some(v) = variable {
        variables.insert(v, Value::Str(text.clone()));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(url: &str, content: &str, escape: Escape) -> Result<String, String> {
        let url = Url::parse(url).expect("test URL");
        let config = Config::default();
        let counter = std::cell::Cell::new(0);
        let uuid = || {
            counter.set(counter.get() + 1);
            format!("uuid-{}", counter.get())
        };
        let headers = vec![("x-test".to_string(), "yes".to_string())];
        let request = SubRequest {
            url: &url,
            config: &config,
            headers: &headers,
            uuid: &uuid,
        };
        template(&request, content, escape)
    }

    #[test]
    fn hosts_domains_and_ports_substitute() {
        let got = sub(
            "http://web-platform.test:8000/a/b.sub.html?x=1",
            "{{host}} {{domains[www1]}} {{hosts[alt][]}} {{hosts[][élève]}} {{ports[http][1]}} {{ports[https][0]}} {{domains[nonexistent]}}",
            Escape::Html,
        );
        assert_eq!(
            got.as_deref(),
            Ok(
                "web-platform.test www1.web-platform.test not-web-platform.test xn--lve-6lad.web-platform.test 8001 8443 nonexistent.web-platform.test"
            )
        );
    }

    #[test]
    fn location_get_and_headers_substitute() {
        let got = sub(
            "https://www.web-platform.test:8443/a/b.html?x=%3Cy%3E&x=2",
            "{{location[server]}}|{{location[host]}}|{{location[path]}}|{{location[query]}}|{{GET[x]}}|{{GET[nope]}}|{{headers[X-Test]}}|{{header_or_default(X-Other, none here)}}",
            Escape::Html,
        );
        assert_eq!(
            got.as_deref(),
            Ok(
                "https://www.web-platform.test:8443|www.web-platform.test:8443|/a/b.html|?x=%3Cy%3E&amp;x=2|&lt;y&gt;||yes|none here"
            )
        );
        let raw = sub(
            "http://web-platform.test:8000/?x=%3C",
            "{{GET[x]}}",
            Escape::None,
        );
        assert_eq!(raw.as_deref(), Ok("<"));
    }

    #[test]
    fn variables_keep_a_uuid_for_later() {
        let got = sub(
            "http://web-platform.test:8000/",
            "{{$id:uuid()}} {{$id}} {{uuid()}}",
            Escape::None,
        );
        assert_eq!(got.as_deref(), Ok("uuid-1 uuid-1 uuid-2"));
    }

    #[test]
    fn text_that_is_not_a_template_stays_and_unknown_names_fail() {
        let got = sub(
            "http://web-platform.test:8000/",
            "a {b} {{ c } d}} {{host}}}",
            Escape::None,
        );
        assert_eq!(got.as_deref(), Ok("a {b} {{ c } d}} web-platform.test}"));
        assert!(sub("http://web-platform.test:8000/", "{{nope}}", Escape::None).is_err());
        assert!(
            sub(
                "http://web-platform.test:8000/",
                "{{headers[missing]}}",
                Escape::None
            )
            .is_err()
        );
    }

    #[test]
    fn pipelines_parse_with_arguments_and_escapes() {
        let p = parse_pipeline("sub|header(Content-Type,text/plain\\, charset=x)|status(404)");
        assert_eq!(
            p,
            vec![
                Pipe {
                    name: "sub".into(),
                    args: vec![]
                },
                Pipe {
                    name: "header".into(),
                    args: vec!["Content-Type".into(), "text/plain, charset=x".into()]
                },
                Pipe {
                    name: "status".into(),
                    args: vec!["404".into()]
                },
            ]
        );
        assert_eq!(
            parse_pipeline("sub(none)"),
            vec![Pipe {
                name: "sub".into(),
                args: vec!["none".into()]
            }]
        );
    }

    #[test]
    fn pipes_change_status_headers_and_body() {
        let url = Url::parse("http://web-platform.test:8000/x.txt").expect("url");
        let config = Config::default();
        let uuid = String::new;
        let request = SubRequest {
            url: &url,
            config: &config,
            headers: &[],
            uuid: &uuid,
        };
        let mut r = Response::new(
            200,
            vec![("Content-Type".into(), "text/html".into())],
            b"0123456789".to_vec(),
        );
        apply(
            &parse_pipeline("slice(2,-3)|status(410)|header(Content-Type,text/plain)"),
            &request,
            &mut r,
        )
        .expect("pipes apply");
        assert_eq!(r.status, 410);
        assert_eq!(r.body, b"23456");
        assert_eq!(r.header("content-type"), Some("text/plain"));
        assert!(apply(&parse_pipeline("nope"), &request, &mut r).is_err());
    }
}
