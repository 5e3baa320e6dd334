//! The documents wptserve generates around `.any.js`, `.window.js` and
//! `.worker.js` tests (`tools/serve/serve.py`: `AnyHtmlHandler`,
//! `WorkersHandler`, `WindowHandler`, `ClassicWorkerHandler`,
//! `SharedWorkersHandler`, `ServiceWorkersHandler`), filled from the test's
//! `// META:` lines.

use super::meta;

/// Which wrapper a request path asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapper {
    /// `X.any.html`: the test in a window.
    AnyHtml,
    /// `X.any.worker.html` / `X.worker.html`: a page running the test in a
    /// dedicated worker.
    Workers,
    /// `X.window.html`.
    Window,
    /// `X.any.worker.js`: the worker script around `X.any.js`.
    ClassicWorker,
    /// `X.any.sharedworker.html`.
    SharedWorkers,
    /// `X.any.serviceworker.html`.
    ServiceWorkers,
}

impl Wrapper {
    /// The wrapper for `path`, in wptserve's route order, with the path of
    /// the file it reads (`filesystem`) and of the resource it loads.
    pub fn route(path: &str) -> Option<(Wrapper, String, String)> {
        let swap = |from: &str, fs: &str, res: &str| {
            path.strip_suffix(from)
                .map(|stem| (format!("{stem}{fs}"), format!("{stem}{res}")))
        };
        let pick = |w: Wrapper, (fs, res): (String, String)| Some((w, fs, res));
        if path.ends_with(".worker.html") {
            if let Some(p) = swap(".any.worker.html", ".any.js", ".any.worker.js") {
                return pick(Wrapper::Workers, p);
            }
            return pick(
                Wrapper::Workers,
                swap(".worker.html", ".worker.js", ".worker.js")?,
            );
        }
        if let Some(p) = swap(".window.html", ".window.js", ".window.js") {
            return pick(Wrapper::Window, p);
        }
        if let Some(p) = swap(".any.html", ".any.js", ".any.js") {
            return pick(Wrapper::AnyHtml, p);
        }
        if let Some(p) = swap(".any.sharedworker.html", ".any.js", ".any.worker.js") {
            return pick(Wrapper::SharedWorkers, p);
        }
        if let Some(p) = swap(".any.serviceworker.html", ".any.js", ".any.worker.js") {
            return pick(Wrapper::ServiceWorkers, p);
        }
        if let Some(p) = swap(".any.worker.js", ".any.js", ".any.js") {
            return pick(Wrapper::ClassicWorker, p);
        }
        None
    }

    /// The global type a wrapper needs the test to declare (`global_type`),
    /// if it checks.
    pub fn global_type(self) -> Option<&'static str> {
        match self {
            Wrapper::AnyHtml => Some("window"),
            Wrapper::Workers => Some("dedicatedworker"),
            Wrapper::SharedWorkers => Some("sharedworker"),
            Wrapper::ServiceWorkers => Some("serviceworker"),
            Wrapper::Window | Wrapper::ClassicWorker => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Wrapper::ClassicWorker => "text/javascript",
            _ => "text/html",
        }
    }

    /// The generated document; `path` is the resource it loads and `query`
    /// the request's query ("" or "?…").
    pub fn render(self, metadata: &[(String, String)], path: &str, query: &str) -> String {
        let html = self != Wrapper::ClassicWorker;
        let meta: Vec<String> = metadata
            .iter()
            .filter_map(|(k, v)| match (html, k.as_str()) {
                (true, "timeout") if v == "long" => {
                    Some(r#"<meta name="timeout" content="long">"#.to_string())
                }
                (true, "title") => Some(format!(
                    "<title>{}</title>",
                    v.replace('&', "&amp;").replace('<', "&lt;")
                )),
                _ => None,
            })
            .collect();
        let script: Vec<String> = metadata
            .iter()
            .filter_map(|(k, v)| match (html, k.as_str()) {
                (true, "script") => Some(format!(
                    r#"<script src="{}"></script>"#,
                    v.replace('&', "&amp;").replace('"', "&quot;")
                )),
                (false, "script") => Some(format!(r#"importScripts("{}")"#, js_string(v))),
                (false, "title") => Some(format!(r#"self.META_TITLE = "{}";"#, js_string(v))),
                _ => None,
            })
            .collect();
        let (meta, script) = (meta.join("\n"), script.join("\n"));
        match self {
            Wrapper::AnyHtml => format!(
                r#"<!doctype html>
<meta charset=utf-8>
{meta}
<script>
self.GLOBAL = {{
  isWindow: function() {{ return true; }},
  isWorker: function() {{ return false; }},
  isShadowRealm: function() {{ return false; }},
}};
</script>
<script src="/resources/testharness.js"></script>
<script src="/resources/testharnessreport.js"></script>
{script}
<div id=log></div>
<script src="{path}"></script>
"#
            ),
            Wrapper::Window => format!(
                r#"<!doctype html>
<meta charset=utf-8>
{meta}
<script src="/resources/testharness.js"></script>
<script src="/resources/testharnessreport.js"></script>
{script}
<div id=log></div>
<script src="{path}"></script>
"#
            ),
            Wrapper::Workers => format!(
                r#"<!doctype html>
<meta charset=utf-8>
{meta}
<script src="/resources/testharness.js"></script>
<script src="/resources/testharnessreport.js"></script>
<div id=log></div>
<script>
fetch_tests_from_worker(new Worker("{path}{query}"));
</script>
"#
            ),
            Wrapper::SharedWorkers => format!(
                r#"<!doctype html>
<meta charset=utf-8>
{meta}
<script src="/resources/testharness.js"></script>
<script src="/resources/testharnessreport.js"></script>
<div id=log></div>
<script>
fetch_tests_from_worker(new SharedWorker("{path}{query}"));
</script>
"#
            ),
            Wrapper::ServiceWorkers => format!(
                r#"<!doctype html>
<meta charset=utf-8>
{meta}
<script src="/resources/testharness.js"></script>
<script src="/resources/testharnessreport.js"></script>
<div id=log></div>
<script>
(async function() {{
  const scope = 'does/not/exist';
  let reg = await navigator.serviceWorker.getRegistration(scope);
  if (reg) await reg.unregister();
  reg = await navigator.serviceWorker.register("{path}{query}", {{scope}});
  fetch_tests_from_worker(reg.installing);
}})();
</script>
"#
            ),
            Wrapper::ClassicWorker => format!(
                r#"{meta}
self.GLOBAL = {{
  isWindow: function() {{ return false; }},
  isWorker: function() {{ return true; }},
  isShadowRealm: function() {{ return false; }},
}};
importScripts("/resources/testharness.js");
{script}
importScripts("{path}");
done();
"#
            ),
        }
    }

    /// Whether the test's `global=` lets this wrapper load it
    /// (`check_exposure`; otherwise wptserve answers 404).
    pub fn exposed(self, metadata: &[(String, String)]) -> bool {
        match self.global_type() {
            None => true,
            Some(g) => {
                meta::parse_variants(meta::first(metadata, "global").unwrap_or("")).contains(g)
            }
        }
    }
}

/// Escapes `\` and `"` for a double-quoted JS string, as serve.py does.
fn js_string(v: &str) -> String {
    v.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(src: &str) -> Vec<(String, String)> {
        meta::read_script_metadata(src)
    }

    #[test]
    fn routes_follow_wptserve_order() {
        let r = |p: &str| Wrapper::route(p);
        assert_eq!(
            r("/a/x.any.worker.html"),
            Some((
                Wrapper::Workers,
                "/a/x.any.js".into(),
                "/a/x.any.worker.js".into()
            ))
        );
        assert_eq!(
            r("/a/x.worker.html"),
            Some((
                Wrapper::Workers,
                "/a/x.worker.js".into(),
                "/a/x.worker.js".into()
            ))
        );
        assert_eq!(r("/a/x.any.html").map(|x| x.0), Some(Wrapper::AnyHtml));
        assert_eq!(r("/a/x.window.html").map(|x| x.0), Some(Wrapper::Window));
        assert_eq!(
            r("/a/x.any.sharedworker.html").map(|x| x.0),
            Some(Wrapper::SharedWorkers)
        );
        assert_eq!(
            r("/a/x.any.worker.js"),
            Some((
                Wrapper::ClassicWorker,
                "/a/x.any.js".into(),
                "/a/x.any.js".into()
            ))
        );
        assert_eq!(r("/a/x.html"), None);
        assert_eq!(r("/a/x.js"), None);
    }

    #[test]
    fn the_window_wrapper_carries_title_timeout_and_scripts() {
        let m = meta(
            "// META: title=a & <b>\n// META: timeout=long\n// META: script=/common/a.js?x=\"1\"&y\n// META: script=helper.js\n",
        );
        let html = Wrapper::AnyHtml.render(&m, "/d/x.any.js", "");
        assert!(html.starts_with("<!doctype html>\n<meta charset=utf-8>\n<title>a &amp; &lt;b></title>\n<meta name=\"timeout\" content=\"long\">\n<script>\nself.GLOBAL = {\n  isWindow: function() { return true; },"), "{html}");
        assert!(html.contains("<script src=\"/resources/testharnessreport.js\"></script>\n<script src=\"/common/a.js?x=&quot;1&quot;&amp;y\"></script>\n<script src=\"helper.js\"></script>\n<div id=log></div>\n<script src=\"/d/x.any.js\"></script>\n"), "{html}");
    }

    #[test]
    fn the_worker_wrappers_start_the_worker_script_with_the_query() {
        let m = meta("// META: title=t\"q\n// META: script=/common/a.js\n");
        let page = Wrapper::Workers.render(&m, "/d/x.any.worker.js", "?v=1");
        assert!(
            page.contains("fetch_tests_from_worker(new Worker(\"/d/x.any.worker.js?v=1\"));"),
            "{page}"
        );
        assert!(
            !page.contains("/common/a.js"),
            "scripts load inside the worker: {page}"
        );
        let worker = Wrapper::ClassicWorker.render(&m, "/d/x.any.js", "");
        assert_eq!(
            worker,
            "\nself.GLOBAL = {\n  isWindow: function() { return false; },\n  isWorker: function() { return true; },\n  isShadowRealm: function() { return false; },\n};\nimportScripts(\"/resources/testharness.js\");\nself.META_TITLE = \"t\\\"q\";\nimportScripts(\"/common/a.js\")\nimportScripts(\"/d/x.any.js\");\ndone();\n"
        );
    }

    #[test]
    fn a_wrapper_is_exposed_only_for_the_globals_the_test_declares() {
        assert!(
            Wrapper::AnyHtml.exposed(&[]),
            "the default is window and dedicated worker"
        );
        assert!(Wrapper::Workers.exposed(&[]));
        let window_only = meta("// META: global=window\n");
        assert!(Wrapper::AnyHtml.exposed(&window_only));
        let no_worker = meta("// META: global=default,!dedicatedworker\n");
        assert!(!Wrapper::Workers.exposed(&no_worker));
        assert!(!Wrapper::SharedWorkers.exposed(&[]));
        assert!(Wrapper::SharedWorkers.exposed(&meta("// META: global=worker\n")));
        assert!(Wrapper::Window.exposed(&no_worker));
    }
}
