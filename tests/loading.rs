//! Loading a document as its scripts see it: what the parser did between
//! them.

mod common;

use common::{console_lines, open};

/// The parser adds elements between two scripts without the bindings: a
/// live collection the first script read sees them in the next one (the
/// host moves the DOM version on before each script, once a collection has
/// read it).
#[test]
fn a_live_collection_sees_what_the_parser_added_before_the_next_script() {
    let page = open("http://a.test/scripts/live-collections.html");
    assert_eq!(
        console_lines(&page.host, page.tab.main_frame),
        [
            "first script: 1 1 2 4",
            "second script: 3 3 6 11 1",
            "third script: 3 2 3",
        ]
    );
    assert!(page.errors().is_empty(), "{:#?}", page.errors());
}

/// The load sequence's events at the document reach listeners on its
/// window too, and an event handler: each is fired when anything on its
/// path listens (and made only then).
#[test]
fn load_events_reach_listeners_on_the_window_and_handlers() {
    let page = open("http://a.test/scripts/load-events-at-the-window.html");
    assert_eq!(
        console_lines(&page.host, page.tab.main_frame),
        [
            "window, capturing: readystatechange interactive",
            "document handler: interactive",
            "window: DOMContentLoaded at the document true",
            "window, capturing: readystatechange complete",
            "document handler: complete",
        ]
    );
    assert!(page.errors().is_empty(), "{:#?}", page.errors());
}

/// A `<body onload>` content attribute is compiled and run at the window's
/// load event although nothing else listens for it.
#[test]
fn a_body_onload_attribute_alone_hears_the_load_event() {
    let page = open("http://a.test/scripts/body-onload-alone.html");
    assert_eq!(
        console_lines(&page.host, page.tab.main_frame),
        ["body onload: complete, true"]
    );
    assert!(page.errors().is_empty(), "{:#?}", page.errors());
}
