//! The network side of Fetch for `fetch()` and XMLHttpRequest: main fetch
//! over the host's site (scheme fetch for `data:` and `about:`, HTTP fetch
//! with the CORS check, CORS-preflight fetch, redirects per the redirect
//! mode), and the filtered response a page sees.
//!
//! <https://fetch.spec.whatwg.org/#fetching> ("Fetching")
//!
//! What is served is the host's site (`Loader::respond`): a fixture root
//! with its `.headers`/`.asis` sidecars, or a WPT checkout. Nothing outside
//! the root is read; a refusal is a network error, a missing file a 404.
//! Not modelled: caches (HTTP cache, CORS-preflight cache), cookies and
//! credentials (nothing is stored to send), CSP, mixed content, referrer,
//! integrity metadata, range requests to the site (a `blob:` URL answers
//! a single range, as scheme fetch says), timing.

use url::Url;

use super::blob_store::BlobHandle;
use super::loader::Loader;
use super::origin::Origin;
use super::serve::Response as SiteResponse;

/// <https://fetch.spec.whatwg.org/#concept-request-mode>
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestMode {
    SameOrigin,
    Cors,
    NoCors,
    Navigate,
}

/// <https://fetch.spec.whatwg.org/#concept-request-credentials-mode>
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialsMode {
    Omit,
    SameOrigin,
    Include,
}

/// <https://fetch.spec.whatwg.org/#concept-request-redirect-mode>
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectMode {
    Follow,
    Error,
    Manual,
}

/// <https://fetch.spec.whatwg.org/#concept-response-type>
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    Basic,
    Cors,
    Default,
    Opaque,
    OpaqueRedirect,
}

impl ResponseType {
    /// As `Response.type` names it.
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseType::Basic => "basic",
            ResponseType::Cors => "cors",
            ResponseType::Default => "default",
            ResponseType::Opaque => "opaque",
            ResponseType::OpaqueRedirect => "opaqueredirect",
        }
    }
}

/// A request, as the API layer made it.
/// <https://fetch.spec.whatwg.org/#concept-request>
#[derive(Debug, Clone)]
pub struct FetchRequest {
    pub method: String,
    pub url: Url,
    /// The author's headers (names as given; validated by the API layer).
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    /// The request's origin (the client's).
    pub origin: Origin,
    pub mode: RequestMode,
    pub credentials: CredentialsMode,
    pub redirect: RedirectMode,
    /// <https://fetch.spec.whatwg.org/#use-cors-preflight-flag> (XHR upload listeners).
    pub use_cors_preflight: bool,
    /// For a `blob:` URL, its blob URL entry, resolved when the URL was
    /// parsed (<https://url.spec.whatwg.org/#concept-url-blob-entry>): a
    /// revoke after that does not stop the fetch. `None`: no entry.
    pub blob_entry: Option<BlobHandle>,
}

/// What the page gets: a (filtered) response.
#[derive(Debug, Clone)]
pub struct FetchResponse {
    pub kind: ResponseType,
    /// The URL list (empty for opaque responses); the last is the response's URL.
    pub url_list: Vec<Url>,
    pub status: u16,
    pub status_text: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl FetchResponse {
    /// Whether more than one URL was fetched (`Response.redirected`).
    pub fn redirected(&self) -> bool {
        self.url_list.len() > 1
    }
}

/// A network error, with why (for the console; pages see only TypeError
/// or status 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkError(pub String);

/// How many redirects a fetch follows ("redirect count" over 20 is a
/// network error).
const MAX_REDIRECTS: usize = 20;

/// The request as it moves through main fetch.
struct Ongoing {
    request: FetchRequest,
    url_list: Vec<Url>,
    /// <https://fetch.spec.whatwg.org/#concept-request-response-tainting>
    tainting: ResponseType,
    /// <https://fetch.spec.whatwg.org/#concept-request-tainted-origin>
    tainted_origin: bool,
    redirect_count: usize,
}

impl Ongoing {
    fn current_url(&self) -> &Url {
        self.url_list.last().unwrap_or(&self.request.url)
    }

    /// The origin requests carry once tainted by a cross-origin redirect:
    /// "null" (an opaque origin).
    fn serialized_origin(&self) -> String {
        if self.tainted_origin {
            "null".to_string()
        } else {
            self.request.origin.serialize()
        }
    }
}

/// <https://fetch.spec.whatwg.org/#concept-fetch> ("fetch"), run to
/// completion: the filtered response, or a network error.
pub fn fetch(loader: &Loader, request: FetchRequest) -> Result<FetchResponse, NetworkError> {
    let url = request.url.clone();
    let mut ongoing = Ongoing {
        request,
        url_list: vec![url],
        tainting: ResponseType::Basic,
        tainted_origin: false,
        redirect_count: 0,
    };
    let response = main_fetch(loader, &mut ongoing)?;
    Ok(filter(response, &ongoing))
}

/// An unfiltered ("internal") response.
struct Internal {
    status: u16,
    status_text: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// <https://fetch.spec.whatwg.org/#concept-main-fetch> ("main fetch"),
/// steps 12 on (the scheme decides; same-origin, no-cors or CORS).
fn main_fetch(loader: &Loader, o: &mut Ongoing) -> Result<Internal, NetworkError> {
    let url = o.current_url().clone();
    let same_origin = o.request.origin.same_origin(&Origin::of_url(&url));
    if (same_origin && o.tainting == ResponseType::Basic)
        || url.scheme() == "data"
        || o.request.mode == RequestMode::Navigate
    {
        // "request's current URL's origin is same origin with request's
        // origin, and request's response tainting is "basic"", or a data:
        // URL, or a navigation: scheme fetch.
        o.tainting = ResponseType::Basic;
        return scheme_fetch(loader, o, false);
    }
    match o.request.mode {
        RequestMode::SameOrigin => Err(NetworkError(format!(
            "{url} is not same origin with {} (request mode same-origin)",
            o.request.origin
        ))),
        RequestMode::NoCors => {
            if o.request.redirect != RedirectMode::Follow {
                return Err(NetworkError(
                    "a no-cors request must follow redirects".to_string(),
                ));
            }
            o.tainting = ResponseType::Opaque;
            scheme_fetch(loader, o, false)
        }
        _ => {
            if !matches!(url.scheme(), "http" | "https") {
                return Err(NetworkError(format!(
                    "{url}: cross-origin requests are only supported for HTTP(S)"
                )));
            }
            o.tainting = ResponseType::Cors;
            let preflight = o.request.use_cors_preflight
                || !is_cors_safelisted_method(&o.request.method)
                || !cors_unsafe_request_header_names(&o.request.headers).is_empty();
            http_fetch(loader, o, preflight)
        }
    }
}

/// <https://fetch.spec.whatwg.org/#concept-scheme-fetch> ("scheme fetch").
fn scheme_fetch(
    loader: &Loader,
    o: &mut Ongoing,
    preflight: bool,
) -> Result<Internal, NetworkError> {
    let url = o.current_url().clone();
    match url.scheme() {
        "about" if url.path() == "blank" => Ok(Internal {
            status: 200,
            status_text: "OK".to_string(),
            headers: vec![(
                "Content-Type".to_string(),
                "text/html;charset=utf-8".to_string(),
            )],
            body: Vec::new(),
        }),
        "data" => data_fetch(&url),
        "http" | "https" => http_fetch(loader, o, preflight),
        "blob" => blob_fetch(o, &url),
        other => Err(NetworkError(format!(
            "{url}: the '{other}' scheme cannot be fetched"
        ))),
    }
}

/// <https://fetch.spec.whatwg.org/#scheme-fetch> ("scheme fetch"), `blob`:
/// a GET of a URL with a blob URL entry gets the blob's bytes, with its
/// size and type; with a `Range` header, the one range it names (206), a
/// network error if it names none, several, or one past the end; anything
/// else is a network error.
fn blob_fetch(o: &Ongoing, url: &Url) -> Result<Internal, NetworkError> {
    if o.request.method != "GET" {
        return Err(NetworkError(format!(
            "{url}: a blob: URL can only be fetched with GET"
        )));
    }
    // Only the request's own URL has the entry (a redirect to a blob: URL
    // has none).
    let entry = if o.url_list.len() == 1 {
        o.request.blob_entry.as_ref()
    } else {
        None
    };
    let data = entry.and_then(BlobHandle::data).ok_or_else(|| {
        NetworkError(format!(
            "{url}: no blob URL entry (revoked, or made by another origin)"
        ))
    })?;
    let full_length = data.bytes.len();
    // Step 13: no `Range` header, the whole blob. (Getting a header
    // combines every value of that name with ", ".)
    let ranges: Vec<&str> = o
        .request
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("Range"))
        .map(|(_, v)| v.as_str())
        .collect();
    if ranges.is_empty() {
        return Ok(Internal {
            status: 200,
            status_text: "OK".to_string(),
            headers: vec![
                ("Content-Length".to_string(), full_length.to_string()),
                ("Content-Type".to_string(), data.mime.clone()),
            ],
            body: data.bytes.to_vec(),
        });
    }
    // Step 14: one range, or a network error.
    let range = ranges.join(", ");
    let (start, end) = blob_range(&range, full_length)
        .ok_or_else(|| NetworkError(format!("{url}: unsatisfiable Range `{range}`")))?;
    let body = data.bytes.slice(start..=end).to_vec();
    Ok(Internal {
        status: 206,
        status_text: "Partial Content".to_string(),
        headers: vec![
            ("Content-Length".to_string(), body.len().to_string()),
            ("Content-Type".to_string(), data.mime.clone()),
            // https://fetch.spec.whatwg.org/#build-a-content-range ("build a content range")
            (
                "Content-Range".to_string(),
                format!("bytes {start}-{end}/{full_length}"),
            ),
        ],
        body,
    })
}

/// <https://fetch.spec.whatwg.org/#simple-range-header-value> ("parse a
/// single range header value", whitespace allowed): (start, end), either
/// absent, not both; `None` is failure.
fn parse_single_range(value: &str) -> Option<(Option<u64>, Option<u64>)> {
    let skip_ws = |s: &str| s.trim_start_matches([' ', '\t']).to_string();
    let digits = |s: &str| -> (Option<Option<u64>>, String) {
        let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let (number, rest) = s.split_at(end);
        // Too many digits for a u64 is past any blob: failure.
        let value = if number.is_empty() {
            Some(None)
        } else {
            number.parse::<u64>().ok().map(Some)
        };
        (value, rest.to_string())
    };
    // 2-5. "bytes", optional whitespace, "=", optional whitespace.
    let rest = skip_ws(value.strip_prefix("bytes")?);
    let rest = skip_ws(rest.strip_prefix('=')?);
    // 6-8. The start, optional whitespace.
    let (start, rest) = digits(&rest);
    let rest = skip_ws(&rest);
    // 9-12. "-", optional whitespace, the end.
    let rest = skip_ws(rest.strip_prefix('-')?);
    let (end, rest) = digits(&rest);
    let (start, end) = (start?, end?);
    // 13-15. Nothing after it; not both absent; start not past end.
    if !rest.is_empty() || (start.is_none() && end.is_none()) {
        return None;
    }
    if let (Some(a), Some(b)) = (start, end)
        && a > b
    {
        return None;
    }
    Some((start, end))
}

/// The scheme fetch's step 14 on a blob of `full_length` bytes: the
/// inclusive byte range `range` names, `None` for a network error. A
/// suffix longer than the blob is the whole blob, and a suffix of 0 (no
/// byte at all) is unsatisfiable, as RFC 9110 section 14.1.1 says (the
/// Fetch text would give a negative start, and an empty range).
fn blob_range(range: &str, full_length: usize) -> Option<(usize, usize)> {
    let full = full_length as u64;
    let (start, end) = match parse_single_range(range)? {
        // 14.6. A suffix: the last `suffix` bytes.
        (None, Some(suffix)) => {
            if suffix == 0 || full == 0 {
                return None;
            }
            (full.saturating_sub(suffix), full - 1)
        }
        // 14.7. From `start`, to `end` or the last byte.
        (Some(start), end) => {
            if start >= full {
                return None;
            }
            (start, end.map_or(full - 1, |e| e.min(full - 1)))
        }
        (None, None) => return None,
    };
    Some((usize::try_from(start).ok()?, usize::try_from(end).ok()?))
}

/// <https://fetch.spec.whatwg.org/#data-url-processor> ("data: URL processor").
fn data_fetch(url: &Url) -> Result<Internal, NetworkError> {
    let data = data_url::DataUrl::process(url.as_str())
        .map_err(|e| NetworkError(format!("{url}: not a data: URL ({e:?})")))?;
    let (body, _) = data
        .decode_to_vec()
        .map_err(|e| NetworkError(format!("{url}: bad base64 ({e:?})")))?;
    Ok(Internal {
        status: 200,
        status_text: "OK".to_string(),
        headers: vec![("Content-Type".to_string(), data.mime_type().to_string())],
        body,
    })
}

/// <https://fetch.spec.whatwg.org/#concept-http-fetch> ("HTTP fetch"):
/// the preflight if needed, the site's answer, the CORS check, redirects.
fn http_fetch(loader: &Loader, o: &mut Ongoing, preflight: bool) -> Result<Internal, NetworkError> {
    if preflight {
        cors_preflight_fetch(loader, o)?;
    }
    let url = o.current_url().clone();
    let method = o.request.method.clone();
    let site = loader
        .respond(&url, &method)
        .map_err(|e| NetworkError(e.to_string()))?;
    if o.tainting == ResponseType::Cors {
        cors_check(o, &site)?;
    }
    let redirect = matches!(site.status, 301 | 302 | 303 | 307 | 308);
    if redirect && o.request.mode != RequestMode::Navigate {
        match o.request.redirect {
            RedirectMode::Error => {
                return Err(NetworkError(format!(
                    "{url} redirects, and the request's redirect mode is \"error\""
                )));
            }
            RedirectMode::Manual => {
                o.tainting = ResponseType::OpaqueRedirect;
                return Ok(internal(site, method == "HEAD"));
            }
            RedirectMode::Follow => {
                if let Some(location) = site.header("Location") {
                    return http_redirect_fetch(loader, o, &url, location, site.status);
                }
            }
        }
    }
    Ok(internal(site, method == "HEAD"))
}

fn internal(site: SiteResponse, head: bool) -> Internal {
    Internal {
        status: site.status,
        status_text: super::serve::response::reason_phrase(site.status).to_string(),
        headers: site.headers,
        body: if head { Vec::new() } else { site.body },
    }
}

/// <https://fetch.spec.whatwg.org/#http-redirect-fetch> ("HTTP-redirect fetch").
fn http_redirect_fetch(
    loader: &Loader,
    o: &mut Ongoing,
    from: &Url,
    location: &str,
    status: u16,
) -> Result<Internal, NetworkError> {
    // 3. The Location header's value, parsed against the response's URL.
    let next = from
        .join(location)
        .map_err(|_| NetworkError(format!("{from} redirects to an invalid URL '{location}'")))?;
    // 5. Only HTTP(S): a redirect to file:, data: or javascript: is a
    //    network error (no way out of the site's root).
    if !matches!(next.scheme(), "http" | "https") {
        return Err(NetworkError(format!(
            "{from} redirects to {next}, which is not an HTTP(S) URL"
        )));
    }
    // 6. At most 20 redirects.
    if o.redirect_count == MAX_REDIRECTS {
        return Err(NetworkError(format!(
            "more than {MAX_REDIRECTS} redirects from {}",
            o.request.url
        )));
    }
    o.redirect_count += 1;
    // 8-9. Credentials in the URL of a CORS request's cross-origin redirect.
    let has_credentials = !next.username().is_empty() || next.password().is_some();
    if has_credentials
        && (o.tainting == ResponseType::Cors
            || (o.request.mode == RequestMode::Cors
                && !o.request.origin.same_origin(&Origin::of_url(&next))))
    {
        return Err(NetworkError(format!(
            "{from} redirects to {next}, which has credentials"
        )));
    }
    // 12. 301/302 of a POST, and 303 of anything but GET/HEAD, become a
    //     GET without a body.
    let method = o.request.method.as_str();
    if ((status == 301 || status == 302) && method == "POST")
        || (status == 303 && method != "GET" && method != "HEAD")
    {
        o.request.method = "GET".to_string();
        o.request.body = None;
        o.request.headers.retain(|(n, _)| {
            !matches!(
                n.to_ascii_lowercase().as_str(),
                "content-encoding" | "content-language" | "content-location" | "content-type"
            )
        });
    }
    // 13. A cross-origin hop drops Authorization.
    if !Origin::of_url(from).same_origin(&Origin::of_url(&next)) {
        o.request
            .headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case("authorization"));
    }
    // 14. "If request's current URL's origin is not same origin with
    //     locationURL's origin and request's origin is not same origin with
    //     request's current URL's origin, then set request's tainted origin
    //     flag."
    if !Origin::of_url(from).same_origin(&Origin::of_url(&next))
        && !o.request.origin.same_origin(&Origin::of_url(from))
    {
        o.tainted_origin = true;
    }
    o.url_list.push(next);
    // 19. Main fetch again, with recursive set.
    main_fetch(loader, o)
}

/// <https://fetch.spec.whatwg.org/#concept-cors-check> ("CORS check").
fn cors_check(o: &Ongoing, response: &SiteResponse) -> Result<(), NetworkError> {
    let url = o.current_url();
    let Some(allowed) = response.header("Access-Control-Allow-Origin") else {
        return Err(NetworkError(format!(
            "{url}: no 'Access-Control-Allow-Origin' header is present on the requested resource (origin {})",
            o.serialized_origin()
        )));
    };
    let include = o.request.credentials == CredentialsMode::Include;
    if !include && allowed == "*" {
        return Ok(());
    }
    if allowed != o.serialized_origin() {
        return Err(NetworkError(format!(
            "{url}: 'Access-Control-Allow-Origin: {allowed}' does not allow origin {}",
            o.serialized_origin()
        )));
    }
    if !include {
        return Ok(());
    }
    if response.header("Access-Control-Allow-Credentials") == Some("true") {
        Ok(())
    } else {
        Err(NetworkError(format!(
            "{url}: credentials are included but 'Access-Control-Allow-Credentials' is not 'true'"
        )))
    }
}

/// <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0> ("CORS-preflight fetch"),
/// without its cache: an OPTIONS request, checked, whose
/// Access-Control-Allow-Methods and -Headers must cover the request.
fn cors_preflight_fetch(loader: &Loader, o: &Ongoing) -> Result<(), NetworkError> {
    let url = o.current_url();
    let response = loader
        .respond(url, "OPTIONS")
        .map_err(|e| NetworkError(format!("CORS preflight of {url}: {e}")))?;
    cors_check(o, &response).map_err(|e| NetworkError(format!("CORS preflight: {}", e.0)))?;
    if !(200..300).contains(&response.status) {
        return Err(NetworkError(format!(
            "CORS preflight of {url} answered {}",
            response.status
        )));
    }
    let list = |name: &str| -> Vec<String> {
        response
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .flat_map(|(_, v)| v.split(','))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let mut methods = list("Access-Control-Allow-Methods");
    let header_names = list("Access-Control-Allow-Headers");
    if methods.is_empty() && o.request.use_cors_preflight {
        methods.push(o.request.method.clone());
    }
    let include = o.request.credentials == CredentialsMode::Include;
    let method = &o.request.method;
    if !methods.iter().any(|m| m == method)
        && !is_cors_safelisted_method(method)
        && (include || !methods.iter().any(|m| m == "*"))
    {
        return Err(NetworkError(format!(
            "CORS preflight of {url}: method {method} is not in Access-Control-Allow-Methods"
        )));
    }
    let allowed = |name: &str| header_names.iter().any(|h| h.eq_ignore_ascii_case(name));
    if o.request
        .headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        && !allowed("authorization")
    {
        return Err(NetworkError(format!(
            "CORS preflight of {url}: 'authorization' is not in Access-Control-Allow-Headers"
        )));
    }
    for name in cors_unsafe_request_header_names(&o.request.headers) {
        if !allowed(&name) && (include || !header_names.iter().any(|h| h == "*")) {
            return Err(NetworkError(format!(
                "CORS preflight of {url}: request header '{name}' is not in Access-Control-Allow-Headers"
            )));
        }
    }
    Ok(())
}

/// <https://fetch.spec.whatwg.org/#cors-safelisted-method>
pub fn is_cors_safelisted_method(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "POST")
}

/// <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>
pub fn is_cors_safelisted_request_header(name: &str, value: &str) -> bool {
    if value.len() > 128 {
        return false;
    }
    let unsafe_byte = |b: u8| {
        (b < 0x20 && b != 0x09)
            || matches!(
                b,
                b'"' | b'('
                    | b')'
                    | b':'
                    | b'<'
                    | b'>'
                    | b'?'
                    | b'@'
                    | b'['
                    | b'\\'
                    | b']'
                    | b'{'
                    | b'}'
                    | 0x7F
            )
    };
    match name.to_ascii_lowercase().as_str() {
        "accept" => !value.bytes().any(unsafe_byte),
        "accept-language" | "content-language" => value.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b' ' | b'*' | b',' | b'-' | b'.' | b';' | b'=')
        }),
        "content-type" => {
            if value.bytes().any(unsafe_byte) {
                return false;
            }
            let essence = value
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            matches!(
                essence.as_str(),
                "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
            )
        }
        "range" => {
            // "bytes=N-" or "bytes=N-M".
            let Some(range) = value.strip_prefix("bytes=") else {
                return false;
            };
            let Some((a, b)) = range.split_once('-') else {
                return false;
            };
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
            digits(a)
                && (b.is_empty() || (digits(b) && a.parse::<u64>().ok() <= b.parse::<u64>().ok()))
        }
        _ => false,
    }
}

/// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>:
/// lowercased, sorted, unique.
pub fn cors_unsafe_request_header_names(headers: &[(String, String)]) -> Vec<String> {
    let mut unsafe_names = Vec::new();
    let mut safelisted_bytes = 0usize;
    for (name, value) in headers {
        if !is_cors_safelisted_request_header(name, value) {
            unsafe_names.push(name.to_ascii_lowercase());
        } else {
            safelisted_bytes += value.len();
        }
    }
    if safelisted_bytes > 1024 {
        for (name, _) in headers {
            unsafe_names.push(name.to_ascii_lowercase());
        }
    }
    unsafe_names.sort();
    unsafe_names.dedup();
    unsafe_names
}

/// <https://fetch.spec.whatwg.org/#concept-filtered-response> ("filtered
/// response") of the request's response tainting.
fn filter(response: Internal, o: &Ongoing) -> FetchResponse {
    let url_list = o.url_list.clone();
    match o.tainting {
        ResponseType::Opaque | ResponseType::OpaqueRedirect => FetchResponse {
            kind: o.tainting,
            url_list: Vec::new(),
            status: 0,
            status_text: String::new(),
            headers: Vec::new(),
            body: Vec::new(),
        },
        ResponseType::Cors => {
            // https://fetch.spec.whatwg.org/#concept-filtered-response-cors
            let include = o.request.credentials == CredentialsMode::Include;
            let exposed: Vec<String> = response
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("Access-Control-Expose-Headers"))
                .flat_map(|(_, v)| v.split(','))
                .map(|s| s.trim().to_ascii_lowercase())
                .collect();
            let all = !include && exposed.iter().any(|e| e == "*");
            let headers = response
                .headers
                .into_iter()
                .filter(|(n, _)| {
                    let lower = n.to_ascii_lowercase();
                    if lower == "set-cookie" || lower == "set-cookie2" {
                        return false;
                    }
                    all || exposed.contains(&lower)
                        || matches!(
                            lower.as_str(),
                            "cache-control"
                                | "content-language"
                                | "content-length"
                                | "content-type"
                                | "expires"
                                | "last-modified"
                                | "pragma"
                        )
                })
                .collect();
            FetchResponse {
                kind: ResponseType::Cors,
                url_list,
                status: response.status,
                status_text: response.status_text,
                headers,
                body: response.body,
            }
        }
        _ => FetchResponse {
            kind: ResponseType::Basic,
            url_list,
            status: response.status,
            status_text: response.status_text,
            // https://fetch.spec.whatwg.org/#concept-filtered-response-basic
            headers: response
                .headers
                .into_iter()
                .filter(|(n, _)| {
                    !n.eq_ignore_ascii_case("set-cookie") && !n.eq_ignore_ascii_case("set-cookie2")
                })
                .collect(),
            body: response.body,
        },
    }
}

#[cfg(test)]
mod tests;
