//! Main fetch over a fixture root: same-origin, CORS granted and refused,
//! preflights, opaque responses, redirects and their modes.

use super::*;
use crate::runtime::loader::Site;

struct Root(std::path::PathBuf, Loader);
impl Drop for Root {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn root(files: &[(&str, &str)]) -> Root {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("isohost-fetch-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (path, body) in files {
        let f = dir.join(path);
        std::fs::create_dir_all(f.parent().expect("parent")).expect("mkdir");
        std::fs::write(f, body).expect("write");
    }
    let loader = Loader::new(&dir, &Site::Fixtures).expect("loader");
    Root(dir, loader)
}

fn request(from: &str, url: &str) -> FetchRequest {
    FetchRequest {
        method: "GET".to_string(),
        url: Url::parse(url).expect("URL"),
        headers: Vec::new(),
        body: None,
        origin: Origin::of_url(&Url::parse(from).expect("URL")),
        mode: RequestMode::Cors,
        credentials: CredentialsMode::SameOrigin,
        redirect: RedirectMode::Follow,
        use_cors_preflight: false,
        blob_entry: None,
    }
}

#[test]
fn same_origin_is_basic_and_a_missing_file_is_a_404() {
    let r = root(&[("a.test/x.txt", "hello")]);
    let ok = fetch(&r.1, request("http://a.test/", "http://a.test/x.txt")).expect("ok");
    assert_eq!(
        (ok.kind, ok.status, ok.body.as_slice()),
        (ResponseType::Basic, 200, &b"hello"[..])
    );
    let missing = fetch(&r.1, request("http://a.test/", "http://a.test/nope")).expect("404");
    assert_eq!(missing.status, 404);
}

#[test]
fn cross_origin_needs_allow_origin_and_no_cors_is_opaque() {
    let r = root(&[
        ("b.test/open.txt", "open"),
        (
            "b.test/open.txt.headers",
            "Access-Control-Allow-Origin: *\nX-Secret: 1\nAccess-Control-Expose-Headers: x-other",
        ),
        ("b.test/closed.txt", "closed"),
    ]);
    let open = fetch(&r.1, request("http://a.test/", "http://b.test/open.txt")).expect("granted");
    assert_eq!(open.kind, ResponseType::Cors);
    assert!(
        open.headers.iter().all(|(n, _)| n != "X-Secret"),
        "{:?}",
        open.headers
    );
    assert!(fetch(&r.1, request("http://a.test/", "http://b.test/closed.txt")).is_err());
    let mut no_cors = request("http://a.test/", "http://b.test/closed.txt");
    no_cors.mode = RequestMode::NoCors;
    let opaque = fetch(&r.1, no_cors).expect("opaque");
    assert_eq!(
        (opaque.kind, opaque.status, opaque.body.len()),
        (ResponseType::Opaque, 0, 0)
    );
    let mut include = request("http://a.test/", "http://b.test/open.txt");
    include.credentials = CredentialsMode::Include;
    assert!(
        fetch(&r.1, include).is_err(),
        "* does not grant credentials"
    );
}

#[test]
fn a_non_simple_request_is_preflighted_with_its_own_headers() {
    let r = root(&[
        ("b.test/api", "{}"),
        (
            "b.test/api.headers",
            "Access-Control-Allow-Origin: http://a.test",
        ),
        (
            "b.test/api.options.headers",
            "Access-Control-Allow-Origin: http://a.test\nAccess-Control-Allow-Methods: PUT\nAccess-Control-Allow-Headers: X-Token",
        ),
        ("b.test/nopre", "{}"),
        ("b.test/nopre.headers", "Access-Control-Allow-Origin: *"),
    ]);
    let mut put = request("http://a.test/", "http://b.test/api");
    put.method = "PUT".to_string();
    put.headers.push(("X-Token".to_string(), "1".to_string()));
    assert_eq!(
        fetch(&r.1, put.clone()).expect("preflight passes").status,
        200
    );
    put.headers.push(("X-Other".to_string(), "1".to_string()));
    assert!(
        fetch(&r.1, put).is_err(),
        "an unlisted header fails the preflight"
    );
    let mut delete = request("http://a.test/", "http://b.test/nopre");
    delete.method = "DELETE".to_string();
    let e = fetch(&r.1, delete).expect_err("no Allow-Methods");
    assert!(e.0.contains("DELETE"), "{e:?}");
}

#[test]
fn redirects_follow_their_mode_and_never_leave_http() {
    let r = root(&[
        (
            "a.test/go.asis",
            "HTTP/1.1 302 Found\r\nLocation: /x.txt\r\n\r\n",
        ),
        ("a.test/x.txt", "x"),
        (
            "a.test/out.asis",
            "HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\n\r\n",
        ),
        (
            "a.test/loop.asis",
            "HTTP/1.1 302 Found\r\nLocation: /loop.asis\r\n\r\n",
        ),
        (
            "a.test/cross.asis",
            "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://b.test/y.txt\r\n\r\n",
        ),
        ("b.test/y.txt", "y"),
        (
            "b.test/y.txt.headers",
            "Access-Control-Allow-Origin: http://a.test",
        ),
        (
            "b.test/hop.asis",
            "HTTP/1.1 302 Found\r\nAccess-Control-Allow-Origin: *\r\nLocation: http://c.test/z.txt\r\n\r\n",
        ),
        ("c.test/z.txt", "z"),
        ("c.test/z.txt.headers", "Access-Control-Allow-Origin: null"),
    ]);
    let followed =
        fetch(&r.1, request("http://a.test/", "http://a.test/go.asis")).expect("followed");
    assert_eq!(
        (followed.body.as_slice(), followed.redirected()),
        (&b"x"[..], true)
    );
    assert_eq!(
        followed.url_list.last().map(Url::as_str),
        Some("http://a.test/x.txt")
    );
    let mut error = request("http://a.test/", "http://a.test/go.asis");
    error.redirect = RedirectMode::Error;
    assert!(fetch(&r.1, error).is_err());
    let mut manual = request("http://a.test/", "http://a.test/go.asis");
    manual.redirect = RedirectMode::Manual;
    assert_eq!(
        fetch(&r.1, manual).expect("manual").kind,
        ResponseType::OpaqueRedirect
    );
    assert!(fetch(&r.1, request("http://a.test/", "http://a.test/out.asis")).is_err());
    let e = fetch(&r.1, request("http://a.test/", "http://a.test/loop.asis")).expect_err("loop");
    assert!(e.0.contains("more than 20 redirects"), "{e:?}");
    // Same-origin, then cross-origin: the second hop needs CORS.
    let cross = fetch(&r.1, request("http://a.test/", "http://a.test/cross.asis"))
        .expect("cors after redirect");
    assert_eq!(
        (cross.kind, cross.body.as_slice()),
        (ResponseType::Cors, &b"y"[..])
    );
    // Cross-origin to another origin: the origin is tainted ("null").
    let tainted =
        fetch(&r.1, request("http://a.test/", "http://b.test/hop.asis")).expect("tainted origin");
    assert_eq!(tainted.body.as_slice(), &b"z"[..]);
}

#[test]
fn data_urls_and_unknown_schemes() {
    let r = root(&[]);
    let data = fetch(&r.1, request("http://a.test/", "data:text/plain,hi%21")).expect("data");
    assert_eq!(
        (data.kind, data.body.as_slice()),
        (ResponseType::Basic, &b"hi!"[..])
    );
    assert!(fetch(&r.1, request("http://a.test/", "file:///etc/passwd")).is_err());
    assert!(fetch(&r.1, request("http://a.test/", "ftp://a.test/x")).is_err());
}

#[test]
fn blob_urls_answer_get_with_their_bytes_and_type_while_the_entry_is_held() {
    use crate::runtime::blob_store::{BlobStore, UrlRecord};
    let r = root(&[]);
    let store = BlobStore::default();
    let a = Origin::of_url(&Url::parse("http://a.test/").expect("URL"));
    let id = store.create(1, b"hi".to_vec(), "text/plain").expect("blob");
    let url = "blob:http://a.test/0b8a4e4e-1f7a-4b4b-9d3e-000000000001";
    assert!(store.add_url(url, 1, 1, id, &a));
    let with_entry = |from: &str, method: &str| {
        let mut req = request(from, url);
        req.method = method.to_string();
        req.blob_entry = UrlRecord::resolve(&store, req.url.clone(), &req.origin).blob_entry;
        req
    };
    let got = fetch(&r.1, with_entry("http://a.test/", "GET")).expect("blob");
    assert_eq!((got.status, got.body.as_slice()), (200, &b"hi"[..]));
    assert!(
        got.headers
            .contains(&("Content-Type".to_string(), "text/plain".to_string()))
    );
    assert!(
        got.headers
            .contains(&("Content-Length".to_string(), "2".to_string()))
    );
    assert!(
        fetch(&r.1, with_entry("http://a.test/", "POST")).is_err(),
        "GET only"
    );
    assert!(
        fetch(&r.1, with_entry("http://b.test/", "GET")).is_err(),
        "another origin's"
    );
    let resolved = with_entry("http://a.test/", "GET");
    store.revoke_url(url, &a);
    assert!(
        fetch(&r.1, with_entry("http://a.test/", "GET")).is_err(),
        "revoked"
    );
    assert_eq!(
        fetch(&r.1, resolved)
            .expect("resolved before the revoke")
            .body,
        b"hi"
    );
}

/// Scheme fetch's blob branch, step 14, on the cases of WPT's
/// fetch/range/blob.any.js.
#[test]
fn blob_ranges() {
    use super::blob_range;
    assert_eq!(blob_range("bytes=9-21", 30), Some((9, 21)));
    assert_eq!(blob_range("bytes=11-", 17), Some((11, 16)));
    assert_eq!(blob_range("bytes=-8", 19), Some((11, 18)));
    assert_eq!(blob_range("bytes= \t9-21", 30), Some((9, 21)));
    assert_eq!(blob_range("bytes=4-100000000000", 13), Some((4, 12)));
    assert_eq!(blob_range("bytes=4-13", 13), Some((4, 12)));
    assert_eq!(blob_range("bytes=4 - 13", 13), Some((4, 12)));
    assert_eq!(blob_range("bytes \t= 4-13", 13), Some((4, 12)));
    assert_eq!(blob_range("bytes=-100", 13), Some((0, 12)));
    for bad in [
        "",
        "bytes=",
        "bytes=-",
        "bytes=-0",
        "byte=0-1",
        "bytes=0-1,2-3",
        "bytes=0-1, 2-3",
        "bytes=5-4",
        "bytes=13-",
        "bytes=20-30",
        "bytes=0x1-2",
        "bytes=99999999999999999999999-",
        "items=0-1",
    ] {
        assert_eq!(blob_range(bad, 13), None, "{bad:?}");
    }
    assert_eq!(blob_range("bytes=0-", 0), None);
    assert_eq!(blob_range("bytes=-1", 0), None);
}
