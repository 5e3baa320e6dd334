//! The source lines the document parser records for the elements it makes.

mod common;

use common::{expect_script, start};
use dom_lite::{Dom, NodeId, ParseStep};

fn lines_of(dom: &Dom, doc: NodeId, tag: &str) -> Vec<Option<u32>> {
    dom.get_elements_by_tag_name(doc, tag)
        .into_iter()
        .map(|e| dom.source_line(e))
        .collect()
}

fn by_id(dom: &Dom, doc: NodeId, id: &str) -> NodeId {
    dom.get_element_by_id(doc, id)
        .unwrap_or_else(|| panic!("no element #{id}"))
}

#[test]
fn parser_records_the_line_of_each_script_start_tag() {
    let html = [
        "<!DOCTYPE html>",                          // 1
        "<html>",                                   // 2
        "<head>",                                   // 3
        "<script>var a = 1;</script>",              // 4
        "<!-- a long",                              // 5
        "     multi-line comment",                  // 6
        "     <script>not a script</script>",       // 7
        "-->",                                      // 8
        "<script>",                                 // 9
        "  var b = 2;",                             // 10
        "</script>",                                // 11
        "</head>",                                  // 12
        "<body>",                                   // 13
        "<p id=p>some text",                        // 14
        "over lines</p><script>c()</script>",       // 15
        "<textarea>",                               // 16
        "a",                                        // 17
        "</textarea>   <script>d()</script>",       // 18
        "",                                         // 19
        "<script>e()</script><script>f()</script>", // 20
        "</body>",                                  // 21
    ]
    .join("\n");
    let mut dom = Dom::new();
    let doc = dom.parse_document(&html);

    assert_eq!(
        lines_of(&dom, doc, "script"),
        [Some(4), Some(9), Some(15), Some(18), Some(20), Some(20)]
    );
    for script in dom.get_elements_by_tag_name(doc, "script") {
        assert_eq!(dom.script_text_start_line(script), dom.source_line(script));
    }
    assert_eq!(lines_of(&dom, doc, "html"), [Some(2)]);
    assert_eq!(lines_of(&dom, doc, "head"), [Some(3)]);
    assert_eq!(lines_of(&dom, doc, "body"), [Some(13)]);
    assert_eq!(lines_of(&dom, doc, "p"), [Some(14)]);
    assert_eq!(lines_of(&dom, doc, "textarea"), [Some(16)]);
}

#[test]
fn the_step_by_step_parser_reports_scripts_with_their_lines() {
    let (dom, _doc, mut parser) =
        start("<script>one</script>\n\n<script>\ntwo\n</script>\n<script>three</script>");
    let mut lines = Vec::new();
    while let ParseStep::Script(script) = parser.step() {
        let dom = dom.borrow();
        lines.push((dom.source_line(script), dom.script_text_start_line(script)));
        drop(dom);
        parser.dom().borrow_mut().set_script_already_started(script);
    }
    assert_eq!(
        lines,
        [(Some(1), Some(1)), (Some(3), Some(3)), (Some(6), Some(6))]
    );
}

#[test]
fn a_multi_line_start_tag_is_recorded_on_the_line_where_it_ends_which_is_where_script_text_begins()
{
    let html = [
        "<body>",                     // 1
        "<script",                    // 2
        "  type=\"text/javascript\"", // 3
        "  data-x='a",                // 4
        "b'>first()",                 // 5
        "second()</script>",          // 6
        "<div",                       // 7
        ">text</div>",                // 8
    ]
    .join("\n");
    let mut dom = Dom::new();
    let doc = dom.parse_document(&html);
    let script = dom.get_elements_by_tag_name(doc, "script")[0];
    assert_eq!(dom.source_line(script), Some(5));
    assert_eq!(dom.script_text_start_line(script), Some(5));
    let div = dom.get_elements_by_tag_name(doc, "div")[0];
    assert_eq!(dom.source_line(div), Some(8));
    assert_eq!(dom.script_text_start_line(div), None);
}

#[test]
fn crlf_and_lone_cr_each_end_one_line() {
    let mut dom = Dom::new();
    let doc = dom
        .parse_document("<body>\r\n<p id=a></p>\r<p id=b></p>\r\n\r\n<p id=c></p>\n\r<p id=d></p>");
    let lines: Vec<_> = ["a", "b", "c", "d"]
        .iter()
        .map(|id| dom.source_line(by_id(&dom, doc, id)))
        .collect();
    assert_eq!(lines, [Some(2), Some(3), Some(5), Some(7)]);
}

#[test]
fn elements_the_tree_builder_implies_take_the_line_of_the_token_that_made_them() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("\n\n<table>\n<tr><td>x</td></tr></table>\n<p>y");
    assert_eq!(lines_of(&dom, doc, "html"), [Some(3)]);
    assert_eq!(lines_of(&dom, doc, "head"), [Some(3)]);
    assert_eq!(lines_of(&dom, doc, "body"), [Some(3)]);
    assert_eq!(lines_of(&dom, doc, "table"), [Some(3)]);
    assert_eq!(lines_of(&dom, doc, "tbody"), [Some(4)]);
    assert_eq!(lines_of(&dom, doc, "tr"), [Some(4)]);
    assert_eq!(lines_of(&dom, doc, "p"), [Some(5)]);
}

#[test]
fn a_document_on_one_line_puts_everything_on_line_one() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<script>x</script><p>y</p>");
    for tag in ["html", "head", "script", "body", "p"] {
        assert_eq!(lines_of(&dom, doc, tag), [Some(1)], "{tag}");
    }
}

#[test]
fn document_write_text_does_not_shift_the_lines_of_the_rest_of_the_document() {
    let html = [
        "<body>",                          // 1
        "<script>",                        // 2
        "document.write('...');",          // 3
        "</script><p id=after-write></p>", // 4
        "<script>last()</script>",         // 5
    ]
    .join("\n");
    let (dom, doc, mut parser) = start(&html);
    let writer = expect_script(parser.step());
    assert_eq!(dom.borrow().source_line(writer), Some(2));

    // Written elements all get the line of the insertion point: where the
    // writing script's `</script>` ends.
    parser.insert_at_cursor("<div id=w1>\n\n</div>\n<script>\ninner()\n</script>\n<p id=w2></p>");
    let inner = expect_script(parser.step());
    assert_eq!(dom.borrow().source_line(inner), Some(4));
    assert_eq!(dom.borrow().script_text_start_line(inner), Some(4));

    // A write from a written script goes before the rest of the written text.
    parser.insert_at_cursor("\r\n\n<p id=w3></p>\n");
    let last = expect_script(parser.step());
    assert_eq!(dom.borrow().source_line(last), Some(5));
    assert_eq!(parser.step(), ParseStep::Done);

    let dom = dom.borrow();
    for (id, line) in [("w1", 4), ("w2", 4), ("w3", 4), ("after-write", 4)] {
        assert_eq!(dom.source_line(by_id(&dom, doc, id)), Some(line), "#{id}");
    }
}

#[test]
fn a_write_that_ends_inside_a_tag_leaves_the_lines_after_it_right() {
    let (dom, doc, mut parser) = start("<script>w()</script>\n<p id=rest></p>\n<p id=last></p>");
    expect_script(parser.step());
    // The written text stops inside a start tag that the document's own text
    // finishes; the tag ends on line 2 of the file.
    parser.insert_at_cursor("\n\n<b\n\ntitle=x ");
    assert_eq!(parser.step(), ParseStep::Done);
    let dom = dom.borrow();
    let b = dom.get_elements_by_tag_name(doc, "b")[0];
    assert_eq!(dom.source_line(b), Some(2));
    assert_eq!(dom.source_line(by_id(&dom, doc, "last")), Some(3));
}

#[test]
fn elements_made_by_scripts_clones_and_fragment_parsing_have_no_source_line() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<body>\n<div id=parsed><script>x</script></div>");
    let parsed = by_id(&dom, doc, "parsed");
    assert_eq!(dom.source_line(parsed), Some(2));

    let created = dom.create_element(doc, "script").unwrap();
    assert_eq!(dom.source_line(created), None);
    assert_eq!(dom.script_text_start_line(created), None);

    let clone = dom.clone_node(parsed, true);
    assert_eq!(dom.source_line(clone), None);
    assert!(dom.descendants(clone).all(|n| dom.source_line(n).is_none()));

    dom.set_inner_html(parsed, "\n\n<span>a</span>\n<script>y</script>")
        .unwrap();
    assert!(
        dom.descendants(parsed)
            .all(|n| dom.source_line(n).is_none())
    );

    // Nodes other than elements never have one.
    assert_eq!(dom.source_line(doc), None);
    let text = dom.create_text(doc, "t");
    assert_eq!(dom.source_line(text), None);
}
