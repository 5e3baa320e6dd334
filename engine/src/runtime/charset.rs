//! Resources become text where they are consumed, by the character
//! encoding the specs give them (encodings from `encoding_rs`, the
//! Encoding Standard's):
//!
//! - an HTML document: HTML's encoding sniffing algorithm ([`sniff_html`]):
//!   a BOM, the `Content-Type` charset, a `<meta charset>` found by the
//!   prescan of its first 1024 bytes, a same-origin parent's encoding,
//!   else windows-1252, the default for the (English) locale the host
//!   stands in;
//! - a classic script of a document ([`decode_classic_script`]): a BOM, the
//!   `Content-Type` charset, else the document's encoding;
//! - a worker's script, an imported script, a module script: UTF-8
//!   ([`utf8_decode`]).
//!
//! A `<meta charset>` the prescan did not see (past the first 1024 bytes)
//! "changes the encoding" ([`change_the_encoding`]): the document is
//! decoded again with the declared encoding, confidence certain, before
//! its parse begins (`web/loading.rs` finds the declaration with a parse
//! that runs no script). The spec restarts the parse, or navigates again
//! with replacement once scripts have run; here scripts before the
//! declaration run once, with the final encoding, not a first time with
//! the tentative one (only their side effects could tell), and a
//! declaration `document.write` adds is not seen.
//!
//! Not modelled: encoding autodetection (an optional step Chromium takes
//! for some pages without any declaration).

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED};

/// How sure the choice of an HTML document's encoding is
/// (<https://html.spec.whatwg.org/multipage/parsing.html#concept-encoding-confidence>).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    Tentative,
    Certain,
}

/// The encoding an HTML document is decoded with, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SniffedEncoding {
    pub encoding: &'static Encoding,
    pub confidence: Confidence,
}

/// <https://html.spec.whatwg.org/multipage/parsing.html#encoding-sniffing-algorithm> ("encoding sniffing algorithm"):
/// `content_type` is the response's `Content-Type` (if any); `parent` the
/// encoding of a parent document that is same origin with this one.
pub fn sniff_html(
    bytes: &[u8],
    content_type: Option<&str>,
    parent: Option<&'static Encoding>,
) -> SniffedEncoding {
    let certain = |encoding| SniffedEncoding {
        encoding,
        confidence: Confidence::Certain,
    };
    let tentative = |encoding| SniffedEncoding {
        encoding,
        confidence: Confidence::Tentative,
    };
    // 1. BOM sniffing.
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return certain(encoding);
    }
    // 3. The transport layer's charset.
    if let Some(encoding) = content_type.and_then(charset_of_content_type) {
        return certain(encoding);
    }
    // 4. The prescan of the first 1024 bytes.
    if let Some(encoding) = prescan(&bytes[..bytes.len().min(1024)]) {
        return tentative(encoding);
    }
    // 5. A same-origin parent's encoding (not UTF-16).
    if let Some(encoding) = parent.filter(|e| *e != UTF_16BE && *e != UTF_16LE) {
        return tentative(encoding);
    }
    // 9. The locale's default.
    tentative(WINDOWS_1252)
}

/// Whether `bytes`, whose encoding is `sniffed`, may declare an encoding
/// the prescan did not see: the confidence is tentative and "charset"
/// appears (ASCII case-insensitively) from a little before byte 1024 on,
/// where a declaration the prescan cut off or never reached would be.
pub fn may_declare_late(bytes: &[u8], sniffed: SniffedEncoding) -> bool {
    if sniffed.confidence == Confidence::Certain || bytes.len() <= 1024 {
        return false;
    }
    bytes[1024 - 256..]
        .windows(b"charset".len())
        .any(|w| w.eq_ignore_ascii_case(b"charset"))
}

/// <https://html.spec.whatwg.org/multipage/parsing.html#changing-the-encoding-while-parsing> ("change the encoding"),
/// for the parser's first encoding declaration, labelled `label`: the
/// encoding to decode the document with again (confidence certain), or
/// `None` when the current one stays (confidence certain too).
pub fn change_the_encoding(current: SniffedEncoding, label: &str) -> Option<&'static Encoding> {
    // A declaration that names no encoding changes nothing (the tree
    // builder's "get an encoding" failed).
    let new = encoding_for_label(label)?;
    // 1. UTF-16 stays.
    if current.confidence == Confidence::Certain
        || current.encoding == UTF_16BE
        || current.encoding == UTF_16LE
    {
        return None;
    }
    // 2-3. UTF-16 declared means UTF-8; x-user-defined, windows-1252.
    let new = if new == UTF_16BE || new == UTF_16LE {
        UTF_8
    } else if new == X_USER_DEFINED {
        WINDOWS_1252
    } else {
        new
    };
    // 4. The same encoding: nothing to do. 6. Otherwise, again with the
    // new one (step 5, changing the converter on the fly, is optional).
    (new != current.encoding).then_some(new)
}

/// Decodes `bytes` with `encoding` as the fallback: a BOM wins
/// (<https://encoding.spec.whatwg.org/#decode>, "decode"); malformed input
/// becomes U+FFFD.
pub fn decode(bytes: &[u8], encoding: &'static Encoding) -> String {
    encoding.decode(bytes).0.into_owned()
}

/// <https://encoding.spec.whatwg.org/#utf-8-decode> ("UTF-8 decode"): a
/// UTF-8 BOM dropped, malformed input replaced. Worker scripts, imported
/// scripts and module scripts are decoded so.
pub fn utf8_decode(bytes: &[u8]) -> String {
    UTF_8.decode_with_bom_removal(bytes).0.into_owned()
}

/// <https://html.spec.whatwg.org/multipage/webappapis.html#fetch-a-classic-script> ("fetch a classic script"),
/// its decoding: the `Content-Type` charset ("legacy extract an encoding")
/// over `fallback` (the document's encoding, or the script element's
/// charset), and a BOM over both.
pub fn decode_classic_script(
    bytes: &[u8],
    content_type: Option<&str>,
    fallback: &'static Encoding,
) -> String {
    let encoding = content_type
        .and_then(charset_of_content_type)
        .unwrap_or(fallback);
    decode(bytes, encoding)
}

/// <https://encoding.spec.whatwg.org/#concept-encoding-get> ("get an
/// encoding") for `label`.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.as_bytes())
}

/// <https://fetch.spec.whatwg.org/#legacy-extract-an-encoding> ("legacy
/// extract an encoding"): the encoding the `charset` parameter of a
/// `Content-Type` value names, if any.
pub fn charset_of_content_type(value: &str) -> Option<&'static Encoding> {
    mime_parameter(value, "charset").and_then(|label| encoding_for_label(&label))
}

/// The value of parameter `name` of a MIME type
/// (<https://mimesniff.spec.whatwg.org/#parse-a-mime-type>, "parse a MIME
/// type", its parameters: names ASCII case-insensitive, the first one
/// wins, values maybe quoted strings with backslash escapes).
pub fn mime_parameter(value: &str, name: &str) -> Option<String> {
    let http_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    let (_, mut rest) = value.split_once(';')?;
    loop {
        rest = rest.trim_start_matches(http_space);
        let end = rest.find([';', '=']).unwrap_or(rest.len());
        let param = rest[..end].to_ascii_lowercase();
        rest = &rest[end..];
        let Some(after) = rest.strip_prefix('=') else {
            rest = rest.strip_prefix(';')?;
            continue;
        };
        rest = after;
        let param_value = if let Some(quoted) = rest.strip_prefix('"') {
            // https://fetch.spec.whatwg.org/#collect-an-http-quoted-string
            let mut out = String::new();
            let mut chars = quoted.char_indices();
            let mut consumed = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some((_, escaped)) => out.push(escaped),
                        None => out.push('\\'),
                    },
                    '"' => {
                        consumed = i + 1;
                        break;
                    }
                    _ => out.push(c),
                }
            }
            rest = &quoted[consumed..];
            rest = rest.find(';').map_or("", |i| &rest[i..]);
            out
        } else {
            let end = rest.find(';').unwrap_or(rest.len());
            let v = rest[..end].trim_end_matches(http_space).to_string();
            rest = &rest[end..];
            v
        };
        if param == name && !param_value.is_empty() {
            return Some(param_value);
        }
        rest = rest.strip_prefix(';')?;
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, 0x09 | 0x0A | 0x0C | 0x0D | 0x20)
}

/// <https://html.spec.whatwg.org/multipage/parsing.html#prescan-a-byte-stream-to-determine-its-encoding> ("prescan a byte stream to determine its encoding").
pub fn prescan(input: &[u8]) -> Option<&'static Encoding> {
    let at = |pos: usize, s: &[u8]| {
        input.len() >= pos + s.len() && input[pos..pos + s.len()].eq_ignore_ascii_case(s)
    };
    let mut pos = 0;
    while pos < input.len() {
        if at(pos, b"<!--") {
            // To the '>' of the first "-->" after the "<!".
            let mut end = pos + 4;
            let mut found = false;
            while end < input.len() {
                if input[end] == b'>'
                    && end >= pos + 4
                    && input[end - 1] == b'-'
                    && input[end - 2] == b'-'
                {
                    found = true;
                    break;
                }
                end += 1;
            }
            if !found {
                return None;
            }
            // "<!-->" ends at once: its '>' follows two dashes.
            pos = end;
        } else if at(pos, b"<meta")
            && input
                .get(pos + 5)
                .is_some_and(|b| is_space(*b) || *b == b'/')
        {
            pos += 6;
            if let Some(encoding) = meta(input, &mut pos) {
                return Some(encoding);
            }
            continue;
        } else if input[pos] == b'<'
            && (input.get(pos + 1).is_some_and(u8::is_ascii_alphabetic)
                || (input.get(pos + 1) == Some(&b'/')
                    && input.get(pos + 2).is_some_and(u8::is_ascii_alphabetic)))
        {
            while pos < input.len() && !is_space(input[pos]) && input[pos] != b'>' {
                pos += 1;
            }
            while get_attribute(input, &mut pos).is_some() {}
        } else if at(pos, b"<!") || at(pos, b"</") || at(pos, b"<?") {
            while pos < input.len() && input[pos] != b'>' {
                pos += 1;
            }
        }
        // Next byte.
        pos += 1;
    }
    None
}

/// The attributes of a `<meta` (after its name), as the prescan reads them:
/// an encoding if they declare one.
fn meta(input: &[u8], pos: &mut usize) -> Option<&'static Encoding> {
    let mut seen: Vec<String> = Vec::new();
    let mut got_pragma = false;
    let mut need_pragma: Option<bool> = None;
    let mut charset: Option<Option<&'static Encoding>> = None;
    while let Some((name, value)) = get_attribute(input, pos) {
        if seen.contains(&name) {
            continue;
        }
        match name.as_str() {
            "http-equiv" if value == "content-type" => got_pragma = true,
            "content" if charset.is_none() => {
                if let Some(encoding) = charset_from_meta_content(&value) {
                    charset = Some(encoding);
                    need_pragma = Some(true);
                }
            }
            "charset" => {
                charset = Some(encoding_for_label(&value));
                need_pragma = Some(false);
            }
            _ => {}
        }
        seen.push(name);
    }
    match need_pragma {
        None => return None,
        Some(true) if !got_pragma => return None,
        _ => {}
    }
    let encoding = charset??;
    Some(if encoding == UTF_16BE || encoding == UTF_16LE {
        UTF_8
    } else if encoding == X_USER_DEFINED {
        WINDOWS_1252
    } else {
        encoding
    })
}

/// <https://html.spec.whatwg.org/multipage/urls-and-fetching.html#algorithm-for-extracting-a-character-encoding-from-a-meta-element> ("extracting a character encoding from a meta element"):
/// `Some(None)` for a charset that names no encoding, `None` for none.
fn charset_from_meta_content(s: &str) -> Option<Option<&'static Encoding>> {
    let bytes = s.as_bytes();
    let mut pos = 0;
    loop {
        let found = (pos..bytes.len().saturating_sub(6))
            .find(|&i| bytes[i..i + 7].eq_ignore_ascii_case(b"charset"))?;
        pos = found + 7;
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if bytes.get(pos) != Some(&b'=') {
            continue;
        }
        pos += 1;
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let rest = &s[pos..];
        return match rest.as_bytes().first() {
            Some(q @ (b'"' | b'\'')) => {
                let q = *q as char;
                rest[1..]
                    .find(q)
                    .map(|end| encoding_for_label(&rest[1..1 + end]))
            }
            Some(_) => {
                let end = rest
                    .find(|c: char| c.is_ascii_whitespace() || c == ';')
                    .unwrap_or(rest.len());
                Some(encoding_for_label(&rest[..end]))
            }
            None => None,
        };
    }
}

/// <https://html.spec.whatwg.org/multipage/parsing.html#concept-get-attributes-when-sniffing> ("get an attribute"):
/// (name, value), lowercased, bytes as code points; `None` at the end of
/// the tag or of the input.
fn get_attribute(input: &[u8], pos: &mut usize) -> Option<(String, String)> {
    let byte = |p: usize| input.get(p).copied();
    let lower = |b: u8| char::from(b.to_ascii_lowercase());
    // 1-2.
    while byte(*pos).is_some_and(|b| is_space(b) || b == b'/') {
        *pos += 1;
    }
    if byte(*pos)? == b'>' {
        return None;
    }
    // 3-5: the name.
    let mut name = String::new();
    let mut value = String::new();
    loop {
        let b = byte(*pos)?;
        match b {
            b'=' if !name.is_empty() => {
                *pos += 1;
                break;
            }
            _ if is_space(b) => {
                // 6-8: spaces, then maybe '='.
                while byte(*pos).is_some_and(is_space) {
                    *pos += 1;
                }
                if byte(*pos)? != b'=' {
                    return Some((name, value));
                }
                *pos += 1;
                break;
            }
            b'/' | b'>' => return Some((name, value)),
            _ => name.push(lower(b)),
        }
        *pos += 1;
    }
    // 9: the value.
    while byte(*pos).is_some_and(is_space) {
        *pos += 1;
    }
    let b = byte(*pos)?;
    match b {
        b'"' | b'\'' => loop {
            *pos += 1;
            let c = byte(*pos)?;
            if c == b {
                *pos += 1;
                return Some((name, value));
            }
            value.push(lower(c));
        },
        b'>' => return Some((name, value)),
        _ => {
            value.push(lower(b));
            *pos += 1;
        }
    }
    // 11-12.
    loop {
        let b = byte(*pos)?;
        if is_space(b) || b == b'>' {
            return Some((name, value));
        }
        value.push(lower(b));
        *pos += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_the_encoding_follows_its_steps() {
        let tentative = |encoding| SniffedEncoding {
            encoding,
            confidence: Confidence::Tentative,
        };
        let change = |current, label| change_the_encoding(current, label).map(Encoding::name);
        assert_eq!(change(tentative(WINDOWS_1252), "utf-8"), Some("UTF-8"));
        assert_eq!(change(tentative(UTF_8), "latin1"), Some("windows-1252"));
        // Same encoding (by another label), UTF-16 declared, no encoding.
        assert_eq!(change(tentative(WINDOWS_1252), "ascii"), None);
        assert_eq!(change(tentative(WINDOWS_1252), "utf-16le"), Some("UTF-8"));
        assert_eq!(
            change(tentative(UTF_8), "x-user-defined"),
            Some("windows-1252")
        );
        assert_eq!(change(tentative(WINDOWS_1252), "no-such-label"), None);
        // Certain confidence, or UTF-16 in use: no change.
        let certain = SniffedEncoding {
            encoding: WINDOWS_1252,
            confidence: Confidence::Certain,
        };
        assert_eq!(change(certain, "utf-8"), None);
        assert_eq!(change(tentative(UTF_16LE), "utf-8"), None);
    }

    #[test]
    fn late_declarations_are_looked_for_past_the_prescan() {
        let tentative = SniffedEncoding {
            encoding: WINDOWS_1252,
            confidence: Confidence::Tentative,
        };
        let mut page = vec![b' '; 2000];
        assert!(!may_declare_late(&page, tentative));
        page[1500..1507].copy_from_slice(b"CharSet");
        assert!(may_declare_late(&page, tentative));
        assert!(!may_declare_late(&page[..1000], tentative));
        let certain = SniffedEncoding {
            confidence: Confidence::Certain,
            ..tentative
        };
        assert!(!may_declare_late(&page, certain));
    }

    fn name(bytes: &[u8]) -> Option<&'static str> {
        prescan(bytes).map(Encoding::name)
    }

    #[test]
    fn the_prescan_finds_meta_charset_and_pragmas_as_html_says() {
        assert_eq!(name(b"<meta charset=utf-8>"), Some("UTF-8"));
        assert_eq!(
            name(b"<!doctype html><META CHARSET='Windows-1251'>"),
            Some("windows-1251")
        );
        assert_eq!(
            name(b"<meta http-equiv=Content-Type content='text/html; charset=koi8-r'>"),
            Some("KOI8-R")
        );
        assert_eq!(
            name(b"<meta content='text/html; charset=koi8-r'>"),
            None,
            "no pragma"
        );
        assert_eq!(
            name(b"<meta charset=utf-16le>"),
            Some("UTF-8"),
            "UTF-16 is UTF-8"
        );
        assert_eq!(name(b"<meta charset=x-user-defined>"), Some("windows-1252"));
        assert_eq!(
            name(b"<meta charset=bogus><meta charset=iso-8859-2>"),
            Some("ISO-8859-2")
        );
        assert_eq!(
            name(b"<!-- <meta charset=big5> --><meta charset=gbk>"),
            Some("GBK")
        );
        assert_eq!(
            name(b"<!--><meta charset=gbk>"),
            Some("GBK"),
            "<!--> is a whole comment"
        );
        assert_eq!(
            name(b"<title a='<meta charset=big5>'></title>"),
            None,
            "inside an attribute"
        );
        assert_eq!(name(b"<metacharset=big5>"), None);
        assert_eq!(name(b"<meta/charset=\"shift_jis\">"), Some("Shift_JIS"));
        assert_eq!(name(b"<meta charset = euc-kr >"), Some("EUC-KR"));
    }

    #[test]
    fn the_sniffing_algorithm_takes_bom_then_transport_then_prescan_then_parent_then_1252() {
        let bom16 = b"\xFF\xFEa\x00";
        assert_eq!(
            sniff_html(bom16, Some("text/html; charset=utf-8"), None).encoding,
            UTF_16LE
        );
        let meta = b"<meta charset=iso-8859-2>";
        let transport = sniff_html(meta, Some("text/html;charset=\"KOI8-R\""), None);
        assert_eq!(
            (transport.encoding.name(), transport.confidence),
            ("KOI8-R", Confidence::Certain)
        );
        assert_eq!(
            sniff_html(meta, Some("text/html"), None).encoding.name(),
            "ISO-8859-2"
        );
        assert_eq!(sniff_html(b"<p>", None, Some(UTF_8)).encoding, UTF_8);
        assert_eq!(
            sniff_html(b"<p>", None, Some(UTF_16BE)).encoding,
            WINDOWS_1252
        );
        assert_eq!(sniff_html(b"<p>", None, None).encoding, WINDOWS_1252);
        let late = [b"<p>".repeat(400).as_slice(), b"<meta charset=utf-8>"].concat();
        assert_eq!(
            sniff_html(&late, None, None).encoding,
            WINDOWS_1252,
            "past 1024 bytes"
        );
    }

    #[test]
    fn content_type_parameters_are_parsed_as_mime_sniffing_says() {
        assert_eq!(
            mime_parameter("text/html; charset=UTF-8", "charset").as_deref(),
            Some("UTF-8")
        );
        assert_eq!(
            mime_parameter("text/html;CHARSET=\"a\\\"b\";x=y", "charset").as_deref(),
            Some("a\"b")
        );
        assert_eq!(
            mime_parameter("text/html;x;charset=gbk", "charset").as_deref(),
            Some("gbk")
        );
        assert_eq!(
            mime_parameter("text/html;charset=gbk;charset=big5", "charset").as_deref(),
            Some("gbk")
        );
        assert_eq!(mime_parameter("text/html", "charset"), None);
        assert_eq!(
            charset_of_content_type("text/plain;charset=latin1").map(Encoding::name),
            Some("windows-1252")
        );
    }

    #[test]
    fn scripts_decode_by_bom_then_charset_then_fallback() {
        assert_eq!(decode_classic_script(b"\xE9", None, WINDOWS_1252), "\u{e9}");
        assert_eq!(
            decode_classic_script(
                b"\xE9",
                Some("text/javascript; charset=utf-8"),
                WINDOWS_1252
            ),
            "\u{fffd}"
        );
        assert_eq!(
            decode_classic_script(
                b"\xEF\xBB\xBF\xC3\xA9",
                Some("text/javascript;charset=latin1"),
                WINDOWS_1252
            ),
            "\u{e9}"
        );
        assert_eq!(utf8_decode(b"\xEF\xBB\xBFok\xFF"), "ok\u{fffd}");
    }

    #[test]
    fn a_byte_order_mark_decides_the_encoding_and_is_dropped() {
        // (The cases of the BOM decoding hostile2 had in serve/response.rs.)
        assert_eq!(
            decode(b"\xFF\xFEh\x00\xE9\x00=\xD8\x00\xDE", UTF_8),
            "h\u{e9}\u{1f600}"
        );
        assert_eq!(decode(b"\xFE\xFF\x00h\xD8\x00", UTF_8), "h\u{FFFD}");
        assert_eq!(
            decode(b"\xFF\xFEh\x00!", UTF_8),
            "h\u{FFFD}",
            "a lone last byte"
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBF\xEF\xBB\xBFx", WINDOWS_1252),
            "\u{FEFF}x",
            "one BOM dropped"
        );
        assert_eq!(decode(b"plain \xC3\xA9", UTF_8), "plain \u{e9}");
    }
}
