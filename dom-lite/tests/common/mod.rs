//! Helpers shared by the parser tests.

use std::cell::RefCell;
use std::rc::Rc;

use dom_lite::{DocumentParser, Dom, NodeId, ParseStep};

/// A fresh DOM, its document, and a step-by-step parser over `html`.
pub fn start(html: &str) -> (Rc<RefCell<Dom>>, NodeId, DocumentParser) {
    let dom = Rc::new(RefCell::new(Dom::new()));
    let doc = dom.borrow_mut().create_document();
    let parser = DocumentParser::new(dom.clone(), doc, html);
    (dom, doc, parser)
}

/// The script a parser step stopped at; panics if the parser finished.
pub fn expect_script(step: ParseStep) -> NodeId {
    match step {
        ParseStep::Script(script) => script,
        ParseStep::Done => panic!("expected a script, the parser finished"),
        ParseStep::Waiting => panic!("expected a script, the parser waits for input"),
    }
}
