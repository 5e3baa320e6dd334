//! What a site answers: a status, headers and a body, as an HTTP server
//! would, and the [`Resource`] the web layer reads.

use bytes::Bytes;
use url::Url;

/// A fetched resource, as the web layer sees it: the response's bytes,
/// exactly as served. Where they become text is the consumer's business,
/// by the encoding the specs give it (`runtime/charset.rs`).
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
    pub body: Bytes,
}

impl Resource {
    /// A 200 response with just a content type, for data:, about: and
    /// built-in resources.
    pub fn ok(url: Url, content_type: &str, body: Bytes) -> Resource {
        Resource {
            url,
            status: 200,
            headers: vec![("Content-Type".to_string(), content_type.to_string())],
            mime: essence(content_type),
            body,
        }
    }

    /// The response's `Content-Type` (its last value), if it has one.
    pub fn content_type(&self) -> Option<&str> {
        self.header("Content-Type")
    }

    /// The body as UTF-8 (a BOM dropped, malformed bytes replaced): for
    /// messages and code frames, not for script or documents.
    pub fn text_lossy(&self) -> String {
        super::super::charset::utf8_decode(&self.body)
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
    /// <https://html.spec.whatwg.org/multipage/document-sequences.html#cross-origin-isolation-mode>
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
    /// `mime`, the body's bytes as they are.
    pub fn into_resource(self, url: Url) -> Resource {
        let mime = essence(self.header("Content-Type").unwrap_or(""));
        Resource {
            url,
            status: self.status,
            headers: self.headers,
            mime,
            body: Bytes::from(self.body),
        }
    }
}

/// A Content-Type's essence, lowercased ("text/html"), or
/// "application/octet-stream" for none.
fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "application/octet-stream".to_string())
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
    fn a_response_keeps_its_bytes_and_its_content_type_essence() {
        let r = resource(
            "http://a.test/",
            &[("content-type", "Text/HTML; charset=utf-8")],
        );
        assert_eq!(r.mime, "text/html");
        assert_eq!(&r.body[..], b"\xEF\xBB\xBFhi \xFF", "byte-exact");
        assert_eq!(r.text_lossy(), "hi \u{FFFD}");
        assert_eq!(r.content_type(), Some("Text/HTML; charset=utf-8"));
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
