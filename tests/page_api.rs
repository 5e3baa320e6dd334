//! The page-shaped API: tabs and frames with their own console and errors,
//! an evaluate that awaits promises and describes what JSON cannot hold,
//! waits, clicks, navigation; sync and on tokio.

use std::time::Duration;

use isohost::{ErrorKind, Host, HostOptions, JsValue, json};

fn host() -> Host {
    let pages = concat!(env!("CARGO_MANIFEST_DIR"), "/pages");
    let mut options = HostOptions::new(pages);
    options.script_timeout = Duration::from_secs(2);
    Host::new(options).expect("a host over pages/")
}

const WAIT: Duration = Duration::from_secs(30);

#[test]
fn evaluate_awaits_promises_and_describes_values() {
    let host = host();
    let tab = host.open_tab("http://a.test/page-api/").unwrap();
    let ev = |js: &str| tab.evaluate(js).unwrap_or_else(|e| panic!("{js}: {e}"));
    assert_eq!(ev("1 + 1"), json!(2));
    assert_eq!(ev("Promise.resolve(5)"), json!(5));
    assert_eq!(
        ev("new Promise(r => setTimeout(() => r({a: [1, 'x']}), 20))"),
        json!({"a": [1, "x"]})
    );
    assert_eq!(ev("document.body"), JsValue::Node("<body>".into()));
    assert_eq!(
        ev("document.getElementById('go')"),
        JsValue::Node(r#"<button id="go">"#.into())
    );
    assert_eq!(
        ev("document"),
        JsValue::Node("#document http://a.test/page-api/".into())
    );
    assert_eq!(
        ev("function named() {}; named"),
        JsValue::Function("function named()".into())
    );
    assert_eq!(
        ev("new TypeError('bad')"),
        JsValue::Error {
            name: "TypeError".into(),
            message: "bad".into()
        }
    );
    assert_eq!(ev("undefined"), JsValue::Undefined);
    assert_eq!(ev("NaN"), JsValue::Other("NaN".into()));
    assert_eq!(
        ev("10n ** 20n"),
        JsValue::Other("100000000000000000000n".into())
    );
    assert_eq!(
        ev("[document.body, () => 1]"),
        json!(["<body>", "function (anonymous)()"])
    );
    assert_eq!(
        ev("var o = {}; o.o = o; o"),
        JsValue::Other("[object Object]".into())
    );

    // Thrown exceptions and rejections are errors, with the message.
    let thrown = tab.evaluate("null.x").unwrap_err();
    assert!(
        matches!(thrown.kind(), ErrorKind::Script { message, url, line: 1, .. } if message.starts_with("Uncaught TypeError") && url == "isohost:evaluate"),
        "{thrown}"
    );
    let rejected = tab
        .evaluate("Promise.reject(new RangeError('no'))")
        .unwrap_err();
    assert!(
        matches!(rejected.kind(), ErrorKind::Script { message, .. } if message == "Uncaught (in promise) RangeError: no"),
        "{rejected}"
    );
    // A promise nothing will settle: the host goes idle, evaluate says so.
    let never = tab.evaluate("new Promise(() => {})").unwrap_err();
    assert!(matches!(never.kind(), ErrorKind::Wait(_)), "{never}");
}

#[test]
fn evaluate_keeps_declarations_from_one_call_to_the_next() {
    let host = host();
    let tab = host.open_tab("http://a.test/page-api/").unwrap();
    tab.wait_idle(Some(WAIT)).unwrap();
    let ev = |js: &str| tab.evaluate(js).unwrap_or_else(|e| panic!("{js}: {e}"));
    assert_eq!(
        ev(
            "let count = 1; const limit = 3; class Counter { static sum() { return count + limit; } } count"
        ),
        json!(1)
    );
    assert_eq!(ev("count += 1; Counter.sum()"), json!(5));
    // In the global lexical scope, as a <script>'s: not window properties,
    // but seen by later script, timers' callbacks included.
    assert_eq!(
        ev("[typeof Counter, 'count' in window]"),
        json!(["function", false])
    );
    assert_eq!(
        ev("new Promise(r => setTimeout(() => r(count * limit), 10))"),
        json!(6)
    );
    assert_eq!(
        ev("var plain = 'v'; function f() { return plain; } f()"),
        json!("v")
    );
    assert_eq!(ev("window.plain + typeof window.f"), json!("vfunction"));

    // Declaring a name again is a SyntaxError, as in a second <script>:
    // nothing of that source runs.
    let again = tab.evaluate("var ran = true; let count = 0").unwrap_err();
    assert!(
        matches!(again.kind(), ErrorKind::Script { message, url, line: 1, .. }
            if message == "Uncaught SyntaxError: Identifier 'count' has already been declared"
                && url == "isohost:evaluate"),
        "{again}"
    );
    assert_eq!(ev("[typeof ran, count]"), json!(["undefined", 2]));

    // Each frame's global scope is its own.
    let far = tab
        .frame_by_name("far")
        .unwrap()
        .expect("the frame named far");
    assert_eq!(far.evaluate("typeof count").unwrap(), json!("undefined"));
    assert_eq!(
        far.evaluate("let count = 'far'; count").unwrap(),
        json!("far")
    );
    assert_eq!(ev("count"), json!(2));
}

#[test]
fn tabs_have_their_own_frames_console_and_errors() {
    let host = host();
    let one = host.open_tab("http://a.test/").unwrap();
    let two = host.open_tab("http://a.test/page-api/").unwrap();
    two.wait_idle(Some(WAIT)).unwrap();
    assert_ne!(one.id(), two.id());
    assert_eq!(host.tabs().len(), 2);

    assert_eq!(one.frames().len(), 7);
    assert_eq!(one.frames()[0].id(), one.main_frame().id());
    let cross = one
        .frame_by_url("http://b.test/cross.html")
        .expect("cross.html");
    assert_eq!(cross.url(), "http://b.test/cross.html");
    assert_eq!(cross.parent().unwrap().id(), one.main_frame().id());
    assert!(one.frame_by_url("http://b.test/nowhere.html").is_none());
    // The other tab's frame of the same URL is not this one's.
    let far = two
        .frame_by_name("far")
        .unwrap()
        .expect("the frame named far");
    assert_eq!(far.url(), "http://b.test/cross.html");
    assert_ne!(far.id(), cross.id());
    assert!(one.frame_by_name("far").unwrap().is_none());

    let texts = |tab: &isohost::Tab| {
        tab.console()
            .into_iter()
            .map(|m| m.text)
            .collect::<Vec<_>>()
    };
    assert!(
        texts(&one)
            .iter()
            .any(|t| t.starts_with("same-origin child"))
    );
    assert!(
        !texts(&two)
            .iter()
            .any(|t| t.starts_with("same-origin child"))
    );
    assert!(texts(&two).iter().all(|t| !t.contains("same-origin child")));

    two.evaluate("setTimeout(() => { throw new Error('from tab two') })")
        .unwrap();
    two.wait_idle(Some(WAIT)).unwrap();
    assert!(one.errors().is_empty());
    assert_eq!(two.errors().len(), 1);
    assert!(two.errors()[0].message.contains("from tab two"));
}

#[test]
fn a_popup_in_its_openers_isolate_is_a_tab_of_its_own() {
    let host = host();
    let tab = host
        .open_tab("http://a.test/contexts/popup-placement.html")
        .unwrap();
    tab.wait_idle(Some(WAIT)).unwrap();
    let url = "http://a.test/contexts/popup-same-origin.html";
    let popup = host
        .tabs()
        .into_iter()
        .find(|t| t.main_frame().url() == url)
        .expect("the same-origin popup's tab");
    let isolate = |t: &isohost::Tab| t.main_frame().info().expect("open").isolate;
    assert_eq!(
        isolate(&popup),
        isolate(&tab),
        "one agent cluster, one isolate"
    );
    assert_ne!(popup.id(), tab.id());
    assert_eq!(popup.id().0, popup.main_frame().id().0);
    assert_eq!(popup.main_frame().tab_id(), popup.id());

    // Each tab has its own frames, console and errors.
    assert!(tab.frame_by_url(url).is_none());
    assert!(tab.frames().iter().all(|f| f.url() != url));
    assert_eq!(popup.frames().len(), 1);
    assert_eq!(
        popup.frame_by_url(url).map(|f| f.id()),
        Some(popup.main_frame().id())
    );
    assert_eq!(
        popup.evaluate("fromPopup.kind").unwrap(),
        json!("an object of the popup")
    );
    let opener_lines: Vec<String> = tab.console().into_iter().map(|m| m.text).collect();
    assert!(
        opener_lines
            .contains(&"heard: same-origin popup read: an object of the opener".to_string()),
        "{opener_lines:#?}"
    );
    popup.evaluate("console.log('from the popup')").unwrap();
    assert_eq!(
        popup.console().last().map(|m| m.text.as_str()),
        Some("from the popup")
    );
    assert!(tab.console().iter().all(|m| m.text != "from the popup"));
}

#[test]
fn click_wait_for_dispatch_navigate_close() {
    let host = host();
    let tab = host.open_tab("http://a.test/page-api/").unwrap();
    tab.wait_idle(Some(WAIT)).unwrap();
    tab.click("#go").unwrap();
    assert_eq!(
        tab.console().last().map(|m| m.text.as_str()),
        Some("clicked")
    );
    tab.wait_for(
        "document.getElementById('out').textContent === 'done'",
        WAIT,
    )
    .unwrap();

    // A condition nothing can make true: every agent goes idle, wait_for says so.
    let stuck = tab.wait_for("window.never === true", WAIT).unwrap_err();
    assert!(matches!(stuck.kind(), ErrorKind::Wait(_)), "{stuck}");

    assert!(
        !tab.dispatch("#out", "poke").unwrap(),
        "the listener canceled it"
    );
    assert_eq!(
        tab.console().last().map(|m| m.text.as_str()),
        Some("poked true")
    );
    let missing = tab.click("#nothing").unwrap_err();
    assert!(
        missing.to_string().contains("no element matches #nothing"),
        "{missing}"
    );

    let main = tab.main_frame();
    tab.navigate("http://a.test/hello.html").unwrap();
    tab.wait_for("document.readyState === 'complete'", WAIT)
        .unwrap();
    assert_eq!(main.url(), "http://a.test/hello.html");
    assert_eq!(tab.frames().len(), 1);

    tab.close().unwrap();
    assert!(main.info().is_none());
    assert!(host.tabs().is_empty());
    let gone = tab.evaluate("1").unwrap_err();
    assert!(matches!(gone.kind(), ErrorKind::NoSuchFrame(_)), "{gone}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_async_api_on_tokio() {
    let pages = concat!(env!("CARGO_MANIFEST_DIR"), "/pages");
    let host = isohost::tokio::Host::new(HostOptions::new(pages))
        .await
        .unwrap();
    let tab = host.open_tab("http://a.test/page-api/").await.unwrap();
    tab.wait_idle(Some(WAIT)).await.unwrap();
    tab.click("#go").await.unwrap();
    tab.wait_for(
        "document.getElementById('out').textContent === 'done'",
        WAIT,
    )
    .await
    .unwrap();
    let far = tab.frame_by_name("far").await.unwrap().expect("far");
    assert_eq!(
        far.evaluate("Promise.resolve(location.host)")
            .await
            .unwrap(),
        json!("b.test")
    );

    // Cancellation: a wait dropped by a timeout leaves the host usable.
    let late = tokio::time::timeout(
        Duration::from_millis(1),
        tab.evaluate("var i = 0; while (i < 1e8) i++; i"),
    )
    .await;
    assert!(late.is_err(), "the 1 ms timeout won");
    // The abandoned loop runs to its end; the tab answers after it.
    assert_eq!(tab.evaluate("6 * 7").await.unwrap(), json!(42));
    assert_eq!(tab.evaluate("i").await.unwrap(), json!(100_000_000));
    assert!(tab.console().iter().any(|m| m.text == "clicked"));
    tab.close().await.unwrap();
}
