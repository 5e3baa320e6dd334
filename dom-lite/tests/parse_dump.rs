//! Whole-document parsing, checked against the html5lib tree-construction format.

use dom_lite::{Dom, NodeData, QuirksMode};

fn parse_and_dump(html: &str) -> String {
    let mut dom = Dom::new();
    let doc = dom.parse_document(html);
    dom.dump(doc)
}

#[test]
fn misnested_formatting_tags_are_reconstructed_like_html5lib() {
    let expected = "\
| <!DOCTYPE html>
| <html>
|   <head>
|   <body>
|     <p>
|       \"One\"
|       <b>
|         \"two\"
|         <i>
|           \"three\"
|     <b>
|       <i>
|         \"four\"
";
    assert_eq!(
        parse_and_dump("<!DOCTYPE html><p>One<b>two<i>three</p>four</i></b>"),
        expected
    );
}

#[test]
fn adoption_agency_moves_the_formatting_element_around_a_block() {
    let expected = "\
| <html>
|   <head>
|   <body>
|     <a>
|       \"1\"
|     <div>
|       <a>
|         \"2\"
|       \"3\"
";
    assert_eq!(parse_and_dump("<a>1<div>2</a>3</div>"), expected);
}

#[test]
fn text_in_a_table_is_foster_parented_before_it() {
    let expected = "\
| <html>
|   <head>
|   <body>
|     \"oops\"
|     <table>
|       <tbody>
|         <tr>
|           <td>
|             \"x\"
|         <tr>
|           <td>
|             \"y\"
";
    assert_eq!(
        parse_and_dump("<table><tr><td>x</td></tr>oops<tr><td>y</table>"),
        expected
    );
}

#[test]
fn template_contents_dump_under_content_and_foreign_elements_keep_their_namespace() {
    let expected = "\
| <html>
|   <head>
|     <template>
|       content
|         <div>
|           id=\"a\"
|           \"t\"
|   <body>
|     <svg svg>
|       viewBox=\"0 0 1 1\"
|       <svg foreignObject>
|         <p>
|           \"hi\"
|     <math math>
|       <math mi>
|         xlink href=\"x\"
";
    assert_eq!(
        parse_and_dump(
            "<template><div id=a>t</div></template><svg viewBox='0 0 1 1'><foreignObject><p>hi</p></foreignObject></svg><math><mi xlink:href=x></mi></math>"
        ),
        expected
    );
}

#[test]
fn comments_doctype_and_sorted_attributes_appear_in_the_dump() {
    let expected = "\
| <!-- before -->
| <!DOCTYPE html>
| <html>
|   <head>
|   <body>
|     <p>
|       class=\"c\"
|       id=\"z\"
|       <!-- inside -->
|   <!-- after -->
";
    assert_eq!(
        parse_and_dump(
            "<!--before--><!DOCTYPE html><p id=z class=c><!--inside--></p></body><!--after-->"
        ),
        expected
    );
}

#[test]
fn missing_doctype_means_quirks_mode_and_html5_doctype_means_no_quirks() {
    let mut dom = Dom::new();
    let quirky = dom.parse_document("<p>x");
    let standard = dom.parse_document("<!DOCTYPE html><p>x");
    let limited = dom.parse_document(
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\"><p>x",
    );
    assert_eq!(dom.quirks_mode(quirky), QuirksMode::Quirks);
    assert_eq!(dom.quirks_mode(standard), QuirksMode::NoQuirks);
    assert_eq!(dom.quirks_mode(limited), QuirksMode::LimitedQuirks);
}

#[test]
fn doctype_with_public_and_system_ids_dumps_both() {
    assert_eq!(
        parse_and_dump(
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"http://www.w3.org/TR/html4/strict.dtd\">"
        ),
        "| <!DOCTYPE html \"-//W3C//DTD HTML 4.01//EN\" \"http://www.w3.org/TR/html4/strict.dtd\">\n| <html>\n|   <head>\n|   <body>\n"
    );
}

#[test]
fn adjacent_character_tokens_merge_into_one_text_node() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<p>one&amp;two\0 three</p>");
    let p = dom.get_elements_by_tag_name(doc, "p")[0];
    let children: Vec<_> = dom.children(p).collect();
    assert_eq!(children.len(), 1);
    assert!(matches!(dom.data(children[0]), NodeData::Text(t) if t == "one&two three"));
}

#[test]
fn title_strips_and_collapses_ascii_whitespace() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<title>\n  Hello \t  world  </title><body><title>second</title>");
    assert_eq!(dom.title(doc), "Hello world");
}

#[test]
fn head_body_and_document_element_are_found() {
    let mut dom = Dom::new();
    let doc = dom.parse_document("<!DOCTYPE html><title>t</title><p>x");
    let html = dom.document_element(doc).expect("html");
    assert_eq!(dom.node_name(html), "HTML");
    assert_eq!(
        dom.head(doc).map(|h| dom.node_name(h)),
        Some("HEAD".to_owned())
    );
    assert_eq!(
        dom.body(doc).map(|b| dom.node_name(b)),
        Some("BODY".to_owned())
    );
    assert_eq!(dom.parent(html), Some(doc));
    assert_eq!(dom.owner_document(html), doc);
    assert_eq!(dom.owner_document(doc), doc);
}

#[test]
fn every_parsed_node_is_owned_by_its_document() {
    let mut dom = Dom::new();
    let first = dom.parse_document("<p>a<template><b>c</b></template>");
    let second = dom.parse_document("<p>b");
    for doc in [first, second] {
        for node in dom.descendants(doc) {
            assert_eq!(dom.owner_document(node), doc);
        }
    }
    let template = dom.get_elements_by_tag_name(first, "template")[0];
    let contents = dom.template_contents(template).expect("contents");
    assert_eq!(dom.owner_document(contents), first);
    assert!(!dom.is_connected(contents));
}

/// The tokenizer reads runs of tag names, attribute names and comment text
/// in one go (vendor/html5ever's `push_plain_run`) and ASCII one byte at a
/// time (`get_ascii_char`): what ends a run (upper case, NUL, CR, non-ASCII,
/// a chunk boundary) goes the general way, with the same result.
#[test]
fn names_comments_and_lines_read_in_runs_parse_as_character_by_character() {
    let html = "<!DOCTYPE html>\r\n<DIV Class=\"a\" data-X\r\nY=1 \u{e9}-attr=2 q<\"=3>\
                <sp\0an>x</sp\0an><!-- a-b <!-- c -- d -\u{e9}- -->\
                <x-\u{c9}t\r\nid=\"x\"></x-\u{c9}t></div>\n<p id=p \
                title='&amp;&lt\r'>y</P>";
    let mut dom = Dom::new();
    let doc = dom.parse_document(html);
    let dump = dom.dump(doc);
    let line = |id| {
        dom.get_element_by_id(doc, id)
            .and_then(|e| dom.source_line(e))
    };
    let expected = "\
| <!DOCTYPE html>
| <html>
|   <head>
|   <body>
|     <div>
|       class=\"a\"
|       data-x=\"\"
|       q<\"=\"3\"
|       y=\"1\"
|       \u{e9}-attr=\"2\"
|       <sp\u{fffd}an>
|         \"x\"
|       <!--  a-b <!-- c -- d -\u{e9}-  -->
|       <x-\u{c9}t>
|         id=\"x\"
|     \"
\"
|     <p>
|       id=\"p\"
|       title=\"&<
\"
|       \"y\"
";
    assert_eq!(dump, expected);
    // The lines of the `>`s, with CR LF, lone CR and LF each counted once.
    assert_eq!((line("x"), line("p")), (Some(4), Some(6)));
}

/// Named character references written in full are looked up at once
/// (vendor/html5ever's `named_with_semicolon`); the rest (no semicolon,
/// unknown names, prefixes of longer names, attribute values' historical
/// rule) go the general way, with the same result.
#[test]
fn character_references_read_at_once_parse_as_character_by_character() {
    let html = "<p title='&amp;&amp=&ampx &notit; &lt;x'>&amp;&amp &notin;&notit; &notin \
                &CounterClockwiseContourIntegral;&nosuch; &AMP;&Amp;&lt;&#60;&fjlig;&NotEqualTilde;&amp;";
    let mut dom = Dom::new();
    let doc = dom.parse_document(html);
    let expected = "\
| <html>
|   <head>
|   <body>
|     <p>
|       title=\"&&amp=&ampx &notit; <x\"
|       \"&& \u{2209}\u{ac}it; \u{ac}in \u{2233}&nosuch; &&Amp;<<fj\u{2242}\u{338}&\"
";
    assert_eq!(dom.dump(doc), expected);
}

/// Tags and comments in their plainest form are read whole, character
/// runs of one line reach the tree builder as one token
/// (vendor/html5ever's `plain_tag`, `plain_comment`, `queue_chars`); the
/// rest (upper case, other quotes, unquoted or `&` values, NUL, CR/LF,
/// more than eight attributes, odd spacing, `<!-->`...) goes the general
/// way, with the same tree as before those patches.
#[test]
fn plain_tags_comments_and_text_runs_parse_as_character_by_character() {
    let html = "<!DOCTYPE html><div class=\"row r1\" id=\"d1\" hidden>\
                <DIV ID=\"u\" Class='q'></DIV>\
                <p e=\"1\" e=\"2\" f=\"\">a\0b\r\nc\rd item 1 &amp; more&notin;</p>\
                <p a=\"1\" a=\"2\" b=x c='y' d=\"&amp;\" g=\"\0\">\
                <span title=\"t\"\nid=\"nl\">s</span >\
                <i a=\"1\" b=\"2\" c=\"3\" d=\"4\" e=\"5\" f=\"6\" g=\"7\" h=\"8\" j=\"9\">\
                </i><b x=\"1\"y=\"2\">z</b><h1 data-x.y_z:w=\"v\" >h</h1></br><a/b>\
                <!-- c1 --><!----><!--><!---><!-- a-b --><!--x\r\ny--><!--a<b-->\
                <!--a>b--><!--\0--><pre>\n\nline</pre><textarea>\nt</textarea>\
                </div>\n<table><tr><td>x</td></tr>oops<!-- t --></table>";
    let expected = "\
| <!DOCTYPE html>
| <html>
|   <head>
|   <body>
|     <div>
|       class=\"row r1\"
|       hidden=\"\"
|       id=\"d1\"
|       <div>
|         class=\"q\"
|         id=\"u\"
|       <p>
|         e=\"1\"
|         f=\"\"
|         \"ab
c
d item 1 & more\u{2209}\"
|       <p>
|         a=\"1\"
|         b=\"x\"
|         c=\"y\"
|         d=\"&\"
|         g=\"\u{fffd}\"
|         <span>
|           id=\"nl\"
|           title=\"t\"
|           \"s\"
|         <i>
|           a=\"1\"
|           b=\"2\"
|           c=\"3\"
|           d=\"4\"
|           e=\"5\"
|           f=\"6\"
|           g=\"7\"
|           h=\"8\"
|           j=\"9\"
|         <b>
|           x=\"1\"
|           y=\"2\"
|           \"z\"
|       <h1>
|         data-x.y_z:w=\"v\"
|         \"h\"
|       <br>
|       <a>
|         b=\"\"
|         <!--  c1  -->
|         <!--  -->
|         <!--  -->
|         <!--  -->
|         <!--  a-b  -->
|         <!-- x
y -->
|         <!-- a<b -->
|         <!-- a>b -->
|         <!-- \u{fffd} -->
|         <pre>
|           \"
line\"
|         <textarea>
|           \"t\"
|     <a>
|       b=\"\"
|       \"
oops\"
|       <table>
|         <tbody>
|           <tr>
|             <td>
|               \"x\"
|           <!--  t  -->
";
    assert_eq!(parse_and_dump(html), expected);
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&nbsp;` in text are read at once
/// (vendor/html5ever's `plain_char_ref`); without their `;`, or as the
/// start of another name, they go the general way.
#[test]
fn common_character_references_in_text_read_at_once() {
    let html = "<p>&lt;&gt;&quot;&nbsp;&amp&ltx;&quot &gtx&nbsp&amp;amp;&#38;</p>";
    let expected = "\
| <html>
|   <head>
|   <body>
|     <p>
|       \"<>\"\u{a0}&<x;\" >x\u{a0}&amp;&\"
";
    assert_eq!(parse_and_dump(html), expected);
}
