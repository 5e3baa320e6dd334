//! Browsing contexts as Chromium keeps them (issue 11): where popups live
//! (the opener's isolate for its own site, another for other sites, a new
//! group for noopener), what the inspector says about it, link targets,
//! and what document.domain does to the access matrix. The pages' own
//! behaviour (navigation, history, sandbox flags) is tested by the
//! testharness pages in `pages/*/contexts/`.

mod common;

use std::time::Duration;

use common::{host_with, isohost, open};
use serde_json::Value;

#[test]
fn a_same_site_popup_runs_in_its_openers_isolate_and_a_cross_site_one_in_its_own() {
    let page = open("http://a.test/contexts/popup-placement.html");
    let opener = page.frame("http://a.test/contexts/popup-placement.html");
    let same_origin = page.frame("http://a.test/contexts/popup-same-origin.html");
    let same_site = page.frame("http://www.a.test/contexts/popup.html");
    let cross_site = page.frame("http://b.test/contexts/popup.html");
    let second = page.frame("http://b.test/contexts/popup-second.html");
    let noopener = page.frame("http://a.test/contexts/noopener-popup.html");
    assert_eq!(
        same_origin.isolate, opener.isolate,
        "same origin, same site"
    );
    assert_eq!(
        same_site.isolate, opener.isolate,
        "www.a.test is site a.test"
    );
    assert_ne!(cross_site.isolate, opener.isolate, "b.test: site isolation");
    assert_eq!(
        second.isolate, cross_site.isolate,
        "the group's b.test cluster already has an isolate"
    );
    assert_ne!(noopener.isolate, opener.isolate);
    assert_ne!(noopener.isolate, cross_site.isolate);
    for popup in [&same_origin, &same_site, &cross_site, &second] {
        assert_eq!(popup.opener, Some(opener.id), "{}", popup.url);
        assert_eq!(
            popup.browsing_context_group, opener.browsing_context_group,
            "{}",
            popup.url
        );
    }
    assert_eq!(noopener.opener, None);
    assert_ne!(
        noopener.browsing_context_group,
        opener.browsing_context_group
    );
    let heard = page.console_of("http://a.test/contexts/popup-placement.html");
    assert!(
        heard.contains(&"heard: same-origin popup read: an object of the opener".to_string()),
        "{heard:#?}"
    );
    assert!(
        heard.contains(&"heard: same-site popup: opener.document threw SecurityError".to_string()),
        "{heard:#?}"
    );
    assert!(
        heard.contains(&"heard: cross-site popup: opener.document threw SecurityError".to_string()),
        "{heard:#?}"
    );
    // Three isolates: a.test's (opener, two popups), b.test's, noopener's.
    assert_eq!(page.host.isolates().len(), 3);
}

#[test]
fn the_access_matrix_reaches_a_same_origin_popup_directly_and_others_by_members() {
    let page = open("http://a.test/contexts/popup-placement.html");
    let access = page.host.access_report();
    let opener = page.frame("http://a.test/contexts/popup-placement.html").id;
    let entry = |url: &str| {
        let to = page.frame(url).id;
        access
            .iter()
            .find(|e| e.from == opener && e.to == to)
            .cloned()
            .unwrap_or_else(|| panic!("an entry from {opener} to {url}"))
    };
    let same_origin = entry("http://a.test/contexts/popup-same-origin.html");
    assert!(same_origin.same_isolate && same_origin.dom_access && same_origin.global_access);
    assert_eq!(same_origin.via, "window.open()");
    let same_site = entry("http://www.a.test/contexts/popup.html");
    assert!(same_site.same_isolate && !same_site.dom_access);
    assert_eq!(same_site.cross_origin_members.len(), 13);
    let cross_site = entry("http://b.test/contexts/popup.html");
    assert!(!cross_site.same_isolate && !cross_site.dom_access);
    assert_eq!(cross_site.via, "window.open()");
    let back = access
        .iter()
        .find(|e| {
            e.from
                == page
                    .frame("http://a.test/contexts/popup-same-origin.html")
                    .id
                && e.to == opener
        })
        .expect("popup to opener");
    assert!(back.dom_access, "both ways");
    assert_eq!(back.via, "opener");
}

#[test]
fn the_access_matrix_follows_document_domain() {
    let page = open("http://a.x.test/contexts/domain-pair.html");
    let access = page.host.access_report();
    let top = page.frame("http://a.x.test/contexts/domain-pair.html").id;
    let set = page.frame("http://b.x.test/contexts/domain-set.html").id;
    let unset = page.frame("http://b.x.test/contexts/domain-unset.html").id;
    let reach = |from, to| {
        access
            .iter()
            .find(|e| e.from == from && e.to == to)
            .map(|e| e.dom_access)
            .expect("an entry")
    };
    assert!(reach(top, set) && reach(set, top), "both set x.test");
    assert!(!reach(top, unset) && !reach(unset, top), "one did not");
    assert!(
        !reach(set, unset),
        "same origin, but not same origin-domain"
    );
    assert_eq!(page.eval_main("document.domain"), Value::from("x.test"));
}

#[test]
fn closing_a_same_isolate_popup_leaves_its_opener_running() {
    let page = open("http://a.test/contexts/popup-placement.html");
    let opener = page.frame("http://a.test/contexts/popup-placement.html");
    page.eval_main("sameOrigin.close(); sameSite.close(); 1");
    assert!(page.host.wait_idle(Some(Duration::from_secs(30))));
    assert!(
        !page
            .frames()
            .iter()
            .any(|f| f.url == "http://a.test/contexts/popup-same-origin.html"),
        "the popup is gone"
    );
    assert_eq!(
        page.host
            .evaluate(opener.id, "sameOrigin.closed")
            .expect("runs"),
        Value::from(true)
    );
    assert_eq!(
        page.host
            .evaluate(opener.id, "document.title")
            .expect("the opener still runs"),
        Value::from("a.test opens four popups: same origin, same site, another site, noopener")
    );
}

#[test]
fn links_open_their_targets_as_the_rel_and_target_attributes_say() {
    let host = host_with(|o| o.fault_injection = true);
    let tab = host
        .open("http://a.test/contexts/links.html")
        .expect("opens");
    assert!(host.wait_idle(Some(Duration::from_secs(30))));
    let mut lines = common::console_lines(&host, tab.main_frame);
    lines.sort();
    assert_eq!(
        lines,
        [
            "broadcast: blank-opener: opener set, name \"\", parent is self",
            "broadcast: blank: opener null, name \"\", parent is self",
            "broadcast: framed: opener null, name \"inner\", parent is another window",
            "broadcast: named: opener set, name \"linked\", parent is self",
        ]
    );
    // _blank implies noopener: a new browsing context group and isolate.
    let frames = host.frames();
    let blank = frames
        .iter()
        .find(|f| f.url == "http://a.test/contexts/link-target.html?blank")
        .expect("the _blank popup");
    assert_ne!(blank.isolate, tab.isolate);
    let opened = frames
        .iter()
        .find(|f| f.url == "http://a.test/contexts/link-target.html?blank-opener")
        .expect("the rel=opener popup");
    assert_eq!(opened.isolate, tab.isolate, "same site, with an opener");
}

#[test]
fn inspect_shows_browsing_context_groups_agent_clusters_and_why() {
    let (code, out, err) = isohost(&[
        "inspect",
        "http://a.test/contexts/popup-placement.html",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let groups = v["browsing_context_groups"].as_array().expect("groups");
    assert_eq!(
        groups.len(),
        2,
        "the tab's, and the noopener popup's: {groups:#?}"
    );
    let clusters: Vec<&str> = groups[0]["agent_clusters"]
        .as_array()
        .expect("clusters")
        .iter()
        .map(|c| c["key"].as_str().expect("key"))
        .collect();
    assert_eq!(clusters, ["site http://a.test", "site http://b.test"]);
    let placements = v["placements"].as_array().expect("placements");
    let reason = |url: &str| {
        let frame = v["frames"]
            .as_array()
            .expect("frames")
            .iter()
            .find(|f| f["url"] == url)
            .unwrap_or_else(|| panic!("a frame at {url}: {v:#}"))["id"]
            .clone();
        placements
            .iter()
            .find(|p| p["frame"] == frame)
            .expect("its placement")["reason"]
            .as_str()
            .expect("a reason")
            .to_string()
    };
    assert!(
        reason("http://a.test/contexts/popup-placement.html").starts_with("opened by the user"),
        "{placements:#?}"
    );
    assert!(
        reason("http://a.test/contexts/popup-same-origin.html").contains("in its opener's isolate"),
        "{placements:#?}"
    );
    assert!(
        reason("http://b.test/contexts/popup.html").contains("an isolate of its own"),
        "{placements:#?}"
    );
    assert!(
        reason("http://a.test/contexts/noopener-popup.html").contains("noopener"),
        "{placements:#?}"
    );

    let (code, text, err) = isohost(&["inspect", "http://a.test/contexts/popup-placement.html"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains("browsing context group 1: agent cluster site http://a.test in isolate"),
        "{text}"
    );
    assert!(text.contains("in its opener's isolate"), "{text}");
}
