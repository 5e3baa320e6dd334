//! The foundation: one isolate per tab, one context per frame, origins as
//! V8 security tokens, and the cross-origin WindowProxy/Location surface.

mod common;

use common::open;
use serde_json::json;

#[test]
fn the_scenario_page_loads_every_frame_with_its_origin() {
    let page = open("http://a.test/");
    let frames = page.frames();
    let by_url = |url: &str| page.frame(url);
    assert_eq!(frames.len(), 7, "{frames:#?}");
    let main = by_url("http://a.test/");
    assert_eq!(main.parent, None);
    assert_eq!(main.origin, "http://a.test");
    assert_eq!(by_url("http://a.test/same.html").origin, "http://a.test");
    assert_eq!(by_url("http://b.test/cross.html").origin, "http://b.test");
    assert_eq!(by_url("http://a.test/sandboxed.html").origin, "null");
    assert_eq!(by_url("about:srcdoc").origin, "http://a.test");
    assert_eq!(
        by_url("http://a.test/leaf.html").parent,
        Some(by_url("http://a.test/nested.html").id)
    );
    // One isolate for the tab, a distinct context per frame.
    assert!(frames.iter().all(|f| f.isolate == main.isolate));
    let mut contexts: Vec<isohost::ContextId> = frames.iter().map(|f| f.context).collect();
    contexts.sort_unstable();
    contexts.dedup();
    assert_eq!(contexts.len(), frames.len());
}

#[test]
fn same_origin_frames_share_globals_and_dom_both_ways() {
    let page = open("http://a.test/");
    assert_eq!(
        page.console_of("http://a.test/same.html"),
        [
            "same-origin child: parent.topSecret = top-secret",
            "same-origin child: parent document title = isohost scenario: one page, frames of several origins",
        ]
    );
    let top = page.console_of("http://a.test/");
    assert!(
        top.contains(&"same-origin child global: same-origin-child-secret".to_string()),
        "{top:#?}"
    );
    assert!(
        top.contains(&"two-deep frame global: leaf-secret".to_string()),
        "{top:#?}"
    );
    assert!(
        top.contains(&"srcdoc child global: srcdoc-secret".to_string()),
        "{top:#?}"
    );
}

#[test]
fn same_origin_frames_pass_objects_by_reference() {
    let page = open("http://a.test/");
    let shared = page.eval_main(
        "const o = { n: 1 }; frames[0].shared = o; frames[0].eval('shared.n = 2'); \
         [o.n, frames[0].shared === o, frames[0].Object === Object, frames[0].document.body.ownerDocument === frames[0].document]",
    );
    assert_eq!(shared, json!([2, true, false, true]));
}

#[test]
fn cross_origin_reads_and_writes_throw_security_error_in_the_callers_realm() {
    let page = open("http://a.test/");
    let result = page.eval_main(
        r#"const w = frames[1]; const out = {};
        const reads = ['document', 'childSecret', 'name', 'localStorage', 'setTimeout', 'Object', 'eval', 'history', 'navigator', 'foo'];
        for (const k of reads) {
          try { w[k]; out[k] = 'readable'; }
          catch (e) { out[k] = (e instanceof DOMException) + ' ' + e.name + ' ' + e.code; }
        }
        const writes = {
          set: () => { w.childSecret = 1; },
          setName: () => { w.name = 'x'; },
          define: () => Object.defineProperty(w, 'x', { value: 1 }),
          del: () => { delete w.postMessage; },
          setProto: () => Object.setPrototypeOf(w, {}),
          getOwnPropertyDescriptor: () => Object.getOwnPropertyDescriptor(w, 'document'),
          locationHref: () => w.location.href,
          locationHost: () => w.location.host,
          locationAssign: () => w.location.assign,
          locationWrite: () => { w.location.hash = '#x'; },
        };
        for (const [k, f] of Object.entries(writes)) {
          try { f(); out[k] = 'allowed'; }
          catch (e) { out[k] = (e instanceof DOMException) + ' ' + e.name + ' ' + e.code; }
        }
        out"#,
    );
    let obj = result.as_object().expect("an object");
    for (k, v) in obj {
        assert_eq!(v, "true SecurityError 18", "{k}: {v}");
    }
    assert_eq!(obj.len(), 20);
}

#[test]
fn every_allowed_cross_origin_member_is_reachable() {
    let page = open("http://a.test/");
    let result = page.eval_main(
        r#"const w = frames[1]; const f = document.getElementById('cross').contentWindow;
        ({
          sameProxy: w === f,
          window: w.window === w, self: w.self === w, frames: w.frames === w,
          top: w.top === window, parent: w.parent === window, opener: w.opener,
          closed: w.closed, length: w.length,
          functions: ['postMessage', 'close', 'focus', 'blur'].map(k => typeof w[k]),
          stable: w.postMessage === w.postMessage,
          realm: w.postMessage.constructor === Function,
          location: typeof w.location, sameLocation: w.location === w.location,
          keys: Object.getOwnPropertyNames(w).sort(),
          has: 'postMessage' in w,
          then: w.then === undefined,
          proto: Object.getPrototypeOf(w),
        })"#,
    );
    assert_eq!(
        result,
        json!({
            "sameProxy": true, "window": true, "self": true, "frames": true,
            "top": true, "parent": true, "opener": null, "closed": false, "length": 0,
            "functions": ["function", "function", "function", "function"],
            "stable": true, "realm": true, "location": "object", "sameLocation": true,
            "keys": ["blur", "close", "closed", "focus", "frames", "length", "location", "opener", "parent", "postMessage", "self", "then", "top", "window"],
            "has": true, "then": true, "proto": null,
        })
    );
}

#[test]
fn a_cross_origin_frames_children_are_reachable_by_index() {
    let page = open("http://b.test/holder.html");
    let result = page.eval_main(
        "const w = frames[0]; [w.length, typeof w[0], w[0] === w.frames[0], w[0].parent === w]",
    );
    assert_eq!(result, json!([1, "object", true, true]));
    // The grandchild is b.test again: same origin as the top, so reachable
    // through the cross-origin frame in between.
    let same = page.eval_main("try { frames[0][0].document.title } catch (e) { e.name }");
    assert_eq!(same, json!("another b.test page"));
    let cross = page.eval_main("try { frames[0].document.title } catch (e) { e.name }");
    assert_eq!(cross, json!("SecurityError"));
}

#[test]
fn cross_origin_location_allows_only_the_href_setter_and_replace() {
    let page = open("http://a.test/");
    let result = page.eval_main(
        r#"const l = frames[1].location;
        [typeof l.replace, l.replace === l.replace, Object.getOwnPropertyNames(l).sort().join(),
         (() => { try { l.reload(); return 'allowed'; } catch (e) { return e.name; } })(),
         (() => { try { return String(l); } catch (e) { return e.name; } })()]"#,
    );
    assert_eq!(
        result,
        json!([
            "function",
            true,
            "href,replace,then",
            "SecurityError",
            "SecurityError"
        ])
    );
    // The href setter navigates the cross-origin frame.
    page.eval_main("frames[1].location.href = 'http://b.test/other.html'");
    assert!(
        page.host
            .wait_idle(Some(std::time::Duration::from_secs(30)))
    );
    let after = page
        .frames()
        .into_iter()
        .find(|f| f.url == "http://b.test/other.html");
    assert!(after.is_some(), "{:#?}", page.frames());
}

#[test]
fn setting_a_cross_origin_windows_location_navigates_it() {
    let page = open("http://a.test/");
    let set = page.eval_main(
        "frames[1].location = 'http://b.test/other.html'; \
         (() => { try { frames[1].name = 'x'; return 'allowed'; } catch (e) { return e.name; } })()",
    );
    assert_eq!(set, json!("SecurityError"));
    assert!(
        page.host
            .wait_idle(Some(std::time::Duration::from_secs(30)))
    );
    assert!(
        page.frames()
            .iter()
            .any(|f| f.url == "http://b.test/other.html"),
        "{:#?}",
        page.frames()
    );
}

#[test]
fn cross_origin_content_document_is_null() {
    let page = open("http://a.test/");
    assert_eq!(
        page.eval_main("document.getElementById('cross').contentDocument"),
        json!(null)
    );
    assert_eq!(
        page.eval_main("document.getElementById('same').contentDocument.title"),
        json!("same-origin child")
    );
}

#[test]
fn the_child_sees_its_parent_as_cross_origin_too() {
    let page = open("http://a.test/");
    assert_eq!(
        page.console_of("http://b.test/cross.html"),
        [
            "cross-origin child: parent.topSecret threw SecurityError (code 18)",
            "cross-origin child: parent.length = 5, parent === top: true",
        ]
    );
    let r = page.eval("http://b.test/cross.html", "try { parent.document; 'leak' } catch (e) { [e instanceof DOMException, e.constructor === DOMException] }");
    assert_eq!(r, json!([true, true]));
}

#[test]
fn a_sandboxed_frame_has_an_opaque_origin_isolated_from_its_parent() {
    let page = open("http://a.test/");
    assert_eq!(
        page.console_of("http://a.test/sandboxed.html"),
        [
            "sandboxed child: my origin is null",
            "sandboxed child: parent.topSecret threw SecurityError"
        ]
    );
    let top = page.console_of("http://a.test/");
    assert!(
        top.contains(&"sandboxed child global: SecurityError".to_string()),
        "{top:#?}"
    );
    // self.origin is the document's (opaque) origin; location.origin is the URL's.
    assert_eq!(
        page.eval(
            "http://a.test/sandboxed.html",
            "origin + ' ' + location.origin"
        ),
        json!("null http://a.test")
    );
}

#[test]
fn srcdoc_and_about_blank_frames_inherit_their_creators_origin() {
    let page = open("http://a.test/");
    assert_eq!(
        page.console_of("about:srcdoc"),
        ["srcdoc: origin http://a.test, parent.topSecret = top-secret"]
    );
    let blank = page.eval_main(
        "const f = document.createElement('iframe'); document.body.appendChild(f); \
         f.contentWindow.x = 1; [f.contentWindow.location.href, f.contentWindow.origin, f.contentDocument.body.localName, f.contentWindow.parent === window]",
    );
    assert_eq!(blank, json!(["about:blank", "http://a.test", "body", true]));
}

#[test]
fn a_data_url_frame_is_opaque() {
    let page = open("http://a.test/data-frame.html");
    assert_eq!(
        page.console_of("http://a.test/data-frame.html"),
        ["data: frame document: SecurityError"]
    );
    assert_eq!(
        page.frame("data:text/html,%3Cp%3Edata%3C/p%3E").origin,
        "null"
    );
}

#[test]
fn wrappers_keep_their_identity() {
    let page = open("http://a.test/");
    let r = page.eval_main(
        "[document.body === document.body, document.getElementById('same') === document.querySelector('#same'), \
          document.body.firstChild === document.body.childNodes[0], frames[0] === frames[0], \
          frames[0].document === document.getElementById('same').contentDocument, \
          document.getElementById('same').contentDocument.documentElement.parentNode === frames[0].document]",
    );
    assert_eq!(r, json!([true, true, true, true, true, true]));
}

#[test]
fn dom_exceptions_have_legacy_codes_and_are_real_classes_in_every_window() {
    let page = open("http://a.test/");
    let r = page.eval_main(
        "const e = new DOMException('m', 'NotFoundError'); \
         [e instanceof DOMException, e instanceof Error, e.code, e.name, e.message, DOMException.SECURITY_ERR, \
          frames[0].DOMException === DOMException, frames[0].DOMException.NOT_FOUND_ERR]",
    );
    assert_eq!(
        r,
        json!([true, true, 8, "NotFoundError", "m", 18, false, 8])
    );
}

#[test]
fn a_navigated_frame_keeps_its_window_proxy_and_takes_the_new_origin() {
    let page = open("http://a.test/");
    let before = page.eval_main("window.kept = frames[0]; kept.childSecret");
    assert_eq!(before, json!("same-origin-child-secret"));
    page.eval_main("kept.location.href = 'http://b.test/other.html'");
    assert!(
        page.host
            .wait_idle(Some(std::time::Duration::from_secs(30)))
    );
    let after = page.eval_main(
        "[frames[0] === kept, (() => { try { return kept.document.title } catch (e) { return e.name } })(), \
          document.getElementById('same').contentDocument]",
    );
    assert_eq!(after, json!([true, "SecurityError", null]));
    let frame = page.frame("http://b.test/other.html");
    assert_eq!(frame.origin, "http://b.test");
    // And back to the same origin: full access again, same proxy.
    page.eval_main("document.getElementById('same').src = 'same.html'");
    assert!(
        page.host
            .wait_idle(Some(std::time::Duration::from_secs(30)))
    );
    assert_eq!(
        page.eval_main("[frames[0] === kept, kept.childSecret]"),
        json!([true, "same-origin-child-secret"])
    );
}

#[test]
fn a_page_can_navigate_itself() {
    let page = open("http://a.test/hello.html");
    page.eval_main("location.href = 'same.html'");
    assert!(
        page.host
            .wait_idle(Some(std::time::Duration::from_secs(30)))
    );
    let frames = page.frames();
    assert_eq!(frames.len(), 1);
    assert_eq!(frames[0].url, "http://a.test/same.html");
    assert_eq!(page.eval_main("document.title"), json!("same-origin child"));
}

#[test]
fn a_removed_frame_is_closed_and_drops_out_of_the_tree() {
    let page = open("http://a.test/");
    let r = page.eval_main(
        "const w = frames[0]; const c = frames[1]; const before = frames.length; \
         document.getElementById('same').remove(); document.getElementById('cross').remove(); \
         [before, frames.length, w.closed, w.parent, w.childSecret, c.closed]",
    );
    assert_eq!(
        r,
        json!([5, 3, true, null, "same-origin-child-secret", true])
    );
    let urls: Vec<String> = page.frames().into_iter().map(|f| f.url).collect();
    assert!(
        !urls
            .iter()
            .any(|u| u == "http://a.test/same.html" || u == "http://b.test/cross.html"),
        "{urls:#?}"
    );
}

#[test]
fn named_access_finds_frames_by_name_and_elements_by_id_also_across_origins() {
    let page = open("http://a.test/named.html");
    let r = page.eval_main(
        "var declared = 'mine'; \
         [window.kid === frames[0], kid.childSecret, window.para === document.getElementById('para'), \
          'kid' in window, typeof window.nobody, declared, \
          Object.prototype.toString.call(Object.getPrototypeOf(Window.prototype))]",
    );
    assert_eq!(
        r,
        json!([
            true,
            "same-origin-child-secret",
            true,
            true,
            "undefined",
            "mine",
            "[object WindowProperties]"
        ])
    );
    // A cross-origin window's named children are cross-origin members too;
    // other names are refused.
    let x = page.eval_main(
        "const w = frames.far; \
         [w === frames[1], w.inner === w[0], (() => { try { return w.notAChild; } catch (e) { return e.name; } })()]",
    );
    assert_eq!(x, json!([true, true, "SecurityError"]));
}

/// The log of pages/a.test/messaging/order.html, under virtual or real time.
fn message_order(virtual_time: bool) -> serde_json::Value {
    let host = common::host_with(|o| o.virtual_time = virtual_time);
    let tab = host
        .open("http://a.test/messaging/order.html")
        .expect("opens");
    assert!(host.wait_idle(Some(std::time::Duration::from_secs(30))));
    host.evaluate(tab.main_frame, "window.messageLog")
        .expect("evaluates")
}

#[test]
fn same_agent_messages_keep_their_order_among_timers_and_other_task_sources() {
    // Window messages are the agent's own tasks; the broadcast and the
    // port's message come through its inbox; each timer is due when set.
    let expected = json!([
        "timer 0",
        "frame one",
        "frame broadcast broadcast",
        "frame two",
        "port three",
        "frame four",
        "frame timer",
    ]);
    assert_eq!(message_order(true), expected, "virtual time");
    // Under real time an agent busy with its own tasks skips the
    // scheduler's lock, but not what waits in its inbox.
    for _ in 0..3 {
        assert_eq!(message_order(false), expected, "real time");
    }
}

/// The child frame of `lazy/<page>` and what script in it (its realm made
/// by this very evaluation, if nothing needed it before) sees, with a
/// fixed seed.
fn late_child(page: &str, source: &str) -> (isohost::FrameInfo, serde_json::Value) {
    let host = common::host_with(|o| o.seed = Some(7));
    let tab = host
        .open(&format!("http://a.test/lazy/{page}"))
        .expect("opens");
    assert!(host.wait_idle(Some(std::time::Duration::from_secs(30))));
    let child = host
        .frames()
        .into_iter()
        .find(|f| f.parent == Some(tab.main_frame))
        .expect("a child frame");
    let value = host.evaluate(child.id, source).expect("evaluates");
    (child, value)
}

#[test]
fn the_host_evaluates_in_a_script_less_frame_as_in_one_whose_realm_was_made_with_its_document() {
    let (child, value) = late_child(
        "parent.html",
        "[document.readyState, location.href, document.body.textContent.trim(), frames.length, \
          parent.document.title, parent.frames[0] === window, window.name, \
          performance.now() >= 0, performance.timeOrigin <= parent.performance.timeOrigin + parent.performance.now()]",
    );
    assert_eq!(child.url, "http://a.test/lazy/child.html");
    assert_ne!(
        child.context.0, 0,
        "its realm is in the frame list before it is made"
    );
    assert_eq!(
        value,
        json!([
            "complete",
            "http://a.test/lazy/child.html",
            "hello",
            0,
            "a page with one script-less iframe",
            true,
            "child",
            true,
            true
        ])
    );
}

#[test]
fn a_realm_made_late_has_the_context_id_and_random_numbers_of_one_made_at_once() {
    let numbers =
        "[Math.random(), Math.random(), crypto.getRandomValues(new Uint8Array(4)).join()]";
    // The child's realm made by the host's evaluation after the load…
    let (late, late_numbers) = late_child("parent.html", numbers);
    // …and made while its document loaded, by its script.
    let (eager, eager_numbers) = late_child("parent-script.html", numbers);
    assert_eq!(late.context, eager.context);
    assert_eq!(late_numbers, eager_numbers);
}
