//! What a site answers: a status, headers and a body, as an HTTP server
//! would, and the [`Resource`] the web layer reads.

use std::sync::Arc;

use url::Url;

/// A fetched resource, as the web layer sees it.
///
/// The body is text for now (decoded as UTF-8, invalid bytes replaced);
/// [`Response::into_resource`] is the one place bytes become text.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The final URL (after redirects).
    pub url: Url,
    /// The HTTP status (200 for files, data: URLs and about:blank).
    pub status: u16,
    /// Response headers in the order the server sent them, names as written.
    pub headers: Vec<(String, String)>,
    /// The Content-Type's essence ("text/html"), lowercased.
    pub mime: String,
    pub body: Arc<str>,
}

impl Resource {
    /// A 200 response with just a content type, for data:, about: and
    /// built-in resources.
    pub fn ok(url: Url, mime: &str, body: Arc<str>) -> Resource {
        Resource {
            url,
            status: 200,
            headers: vec![("Content-Type".to_string(), mime.to_string())],
            mime: mime.to_string(),
            body,
        }
    }

    /// The last value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// The response's Cross-Origin-Opener-Policy and
    /// Cross-Origin-Embedder-Policy, as far as they decide whether a page
    /// is cross-origin isolated.
    pub fn isolation_policy(&self) -> IsolationPolicy {
        // https://html.spec.whatwg.org/multipage/browsers.html#obtain-coop
        // ("obtain a cross-origin opener policy"): only in a secure context.
        let secure = self.url.scheme() == "https"
            || matches!(
                self.url.host_str(),
                Some("localhost" | "127.0.0.1" | "[::1]")
            );
        let token = |name: &str| {
            self.header(name)
                .and_then(|v| v.split(';').next())
                .map(|v| v.trim().to_ascii_lowercase())
        };
        IsolationPolicy {
            coop_same_origin: secure
                && token("Cross-Origin-Opener-Policy").as_deref() == Some("same-origin"),
            // https://html.spec.whatwg.org/multipage/browsers.html#obtain-an-embedder-policy
            coep_require_corp: secure
                && matches!(
                    token("Cross-Origin-Embedder-Policy").as_deref(),
                    Some("require-corp" | "credentialless")
                ),
        }
    }
}

/// The two response policies that make a page cross-origin isolated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IsolationPolicy {
    /// `Cross-Origin-Opener-Policy: same-origin` (in a secure context).
    pub coop_same_origin: bool,
    /// `Cross-Origin-Embedder-Policy: require-corp` or `credentialless`.
    pub coep_require_corp: bool,
}

impl IsolationPolicy {
    /// Whether a document with this policy is cross-origin isolated.
    /// `top` is the top-level document's isolation and whether this
    /// document is same origin with it (`None` for a top-level document).
    ///
    /// https://html.spec.whatwg.org/multipage/document-sequences.html#cross-origin-isolation-mode
    /// A top-level document with COOP same-origin and COEP require-corp
    /// makes its browsing context group cross-origin isolated; a nested
    /// document shares that when it also sets COEP and the
    /// "cross-origin-isolated" permission policy (default allowlist
    /// 'self') allows it, that is, when it is same origin with the top.
    pub fn cross_origin_isolated(self, top: Option<(bool, bool)>) -> bool {
        match top {
            None => self.coop_same_origin && self.coep_require_corp,
            Some((top_isolated, same_origin_as_top)) => {
                top_isolated && same_origin_as_top && self.coep_require_corp
            }
        }
    }
}

/// The last value of header `name` in `headers` (case-insensitive).
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .rev()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// A site's answer before it becomes a [`Resource`].
#[derive(Debug, Clone, Default)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, headers: Vec<(String, String)>, body: Vec<u8>) -> Response {
        Response {
            status,
            headers,
            body,
        }
    }

    /// Sets header `name`, replacing every earlier value.
    pub fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.to_string()));
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// The resource the web layer reads: the Content-Type's essence as
    /// `mime`, the body decoded by its BOM, else as UTF-8 (invalid bytes
    /// replaced).
    pub fn into_resource(self, url: Url) -> Resource {
        let mime = self
            .header("Content-Type")
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "application/octet-stream".to_string());
        let body: Arc<str> = Arc::from(decode(&self.body).as_ref());
        Resource {
            url,
            status: self.status,
            headers: self.headers,
            mime,
            body,
        }
    }
}

/// <https://encoding.spec.whatwg.org/#decode> ("decode"), with UTF-8 as
/// the fallback encoding: a UTF-8, UTF-16BE or UTF-16LE byte order mark
/// decides the encoding and is dropped; errors become U+FFFD.
fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| {
        let units = rest.chunks(2).map(|pair| match *pair {
            [a, b] => unit([a, b]),
            // A lone last byte is an error.
            _ => 0xFFFD,
        });
        std::borrow::Cow::Owned(
            char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect(),
        )
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        _ => String::from_utf8_lossy(bytes),
    }
}

/// The reason phrase of common statuses (for messages).
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(url: &str, headers: &[(&str, &str)]) -> Resource {
        Response::new(
            200,
            headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            b"\xEF\xBB\xBFhi \xFF".to_vec(),
        )
        .into_resource(Url::parse(url).expect("test URL"))
    }

    #[test]
    fn a_byte_order_mark_decides_the_encoding() {
        assert_eq!(
            decode(b"\xFF\xFEh\x00\xE9\x00=\xD8\x00\xDE"),
            "h\u{e9}\u{1f600}"
        );
        assert_eq!(decode(b"\xFE\xFF\x00h\xD8\x00"), "h\u{FFFD}");
        assert_eq!(decode(b"\xFF\xFEh\x00!"), "h\u{FFFD}", "a lone last byte");
        assert_eq!(
            decode(b"\xEF\xBB\xBF\xEF\xBB\xBFx"),
            "\u{FEFF}x",
            "one BOM dropped"
        );
        assert_eq!(decode(b"plain \xC3\xA9"), "plain \u{e9}");
    }

    #[test]
    fn a_response_becomes_text_with_its_content_type_essence() {
        let r = resource(
            "http://a.test/",
            &[("content-type", "Text/HTML; charset=utf-8")],
        );
        assert_eq!(r.mime, "text/html");
        assert_eq!(&*r.body, "hi \u{FFFD}");
        assert_eq!(r.header("Content-Type"), Some("Text/HTML; charset=utf-8"));
    }

    #[test]
    fn coop_and_coep_isolate_only_in_a_secure_context() {
        let both = [
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Cross-Origin-Embedder-Policy", "require-corp"),
        ];
        let secure = resource("https://web-platform.test:8443/x.html", &both).isolation_policy();
        assert!(secure.cross_origin_isolated(None));
        let plain = resource("http://web-platform.test:8000/x.html", &both).isolation_policy();
        assert!(!plain.cross_origin_isolated(None));
        let coep_only = resource(
            "https://web-platform.test:8443/x.html",
            &[(
                "Cross-Origin-Embedder-Policy",
                "require-corp; report-to=\"x\"",
            )],
        )
        .isolation_policy();
        assert!(!coep_only.cross_origin_isolated(None));
        assert!(coep_only.cross_origin_isolated(Some((true, true))));
        assert!(!coep_only.cross_origin_isolated(Some((true, false))));
        assert!(!coep_only.cross_origin_isolated(Some((false, true))));
    }
}
