//! What `window.open(url, target, features)` asked of the window it opened:
//! whether it is a popup, and its size and position. The opener's realm
//! records them, by the new tab's main frame, as soon as the tab is
//! reserved (in virtual time the new tab cannot run before the opener's
//! task ends, so it always finds them); the new tab's realm reads them
//! (`menubar.visible`, `innerWidth`, `screenX`...).
//!
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#concept-window-open-features-tokenize> ("tokenize the features")
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#popup-window-is-requested> ("popup window is requested")
//! <https://drafts.csswg.org/cssom-view/#the-features-argument-to-the-open()-method> ("The features argument to the open() method")

use std::collections::HashMap;
use std::sync::Mutex;

use super::host::lock;
use super::report::FrameId;

/// A window's features, from its opener's `window.open` call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WindowFeatures {
    /// The top-level browsing context's "is popup".
    pub popup: bool,
    /// The viewport's width and height (innerWidth, innerHeight), if given.
    pub width: Option<i32>,
    pub height: Option<i32>,
    /// The window's position on the screen (screenX, screenY), if given.
    pub left: Option<i32>,
    pub top: Option<i32>,
}

impl WindowFeatures {
    /// The features a `window.open` features string asks for.
    pub fn parse(features: &str) -> WindowFeatures {
        let mut tokenized = tokenize(features);
        // The window open steps take noopener and noreferrer out first.
        tokenized.retain(|(n, _)| n != "noopener" && n != "noreferrer");
        let get = |name: &str| {
            tokenized
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let number = |name: &str| get(name).and_then(parse_integer);
        WindowFeatures {
            popup: popup_requested(&tokenized),
            width: number("width"),
            height: number("height"),
            left: number("left"),
            top: number("top"),
        }
    }

    /// The window open steps' "noopener" (true for noopener or
    /// noreferrer, each a boolean feature).
    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#window-open-steps> ("window open steps")
    pub fn noopener(features: &str) -> bool {
        tokenize(features)
            .iter()
            .any(|(n, v)| (n == "noopener" || n == "noreferrer") && parse_boolean(v))
    }
}

fn is_separator(c: char) -> bool {
    c.is_ascii_whitespace() || c == '=' || c == ','
}

/// HTML "tokenize the features": (name, value) pairs, lowercased, with
/// screenx/screeny/innerwidth/innerheight normalized to left/top/width/height;
/// a later pair of the same name wins.
fn tokenize(features: &str) -> Vec<(String, String)> {
    let chars: Vec<char> = features.chars().collect();
    let mut out: Vec<(String, String)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        // Step 3.2: skip separators.
        while i < chars.len() && is_separator(chars[i]) {
            i += 1;
        }
        // Steps 3.3-3.5: the name.
        let start = i;
        while i < chars.len() && !is_separator(chars[i]) {
            i += 1;
        }
        let name: String = chars[start..i]
            .iter()
            .collect::<String>()
            .to_ascii_lowercase();
        let name = match name.as_str() {
            "screenx" => "left".to_owned(),
            "screeny" => "top".to_owned(),
            "innerwidth" => "width".to_owned(),
            "innerheight" => "height".to_owned(),
            _ => name,
        };
        // Step 3.6: whitespace up to an `=`.
        while i < chars.len() && chars[i] != '=' {
            if chars[i] == ',' || !chars[i].is_ascii_whitespace() {
                break;
            }
            i += 1;
        }
        // Step 3.7: the value.
        let mut value = String::new();
        if i < chars.len() && chars[i] == '=' {
            while i < chars.len() && is_separator(chars[i]) && chars[i] != ',' {
                i += 1;
            }
            let start = i;
            while i < chars.len() && !is_separator(chars[i]) {
                i += 1;
            }
            value = chars[start..i]
                .iter()
                .collect::<String>()
                .to_ascii_lowercase();
        }
        // Step 3.8.
        if !name.is_empty() {
            out.retain(|(n, _)| *n != name);
            out.push((name, value));
        }
    }
    out
}

/// HTML "rules for parsing integers", the leading integer of `value`.
fn parse_integer(value: &str) -> Option<i32> {
    let s = value.trim_start_matches(|c: char| c.is_ascii_whitespace());
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    if end == 0 {
        return None;
    }
    let magnitude: i64 = digits[..end].parse().unwrap_or(i64::from(i32::MAX));
    let n = if negative { -magnitude } else { magnitude };
    Some(n.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32)
}

/// HTML "parse a boolean feature".
fn parse_boolean(value: &str) -> bool {
    if value.is_empty() || value == "yes" || value == "true" {
        return true;
    }
    parse_integer(value).unwrap_or(0) != 0
}

/// HTML "popup window is requested".
fn popup_requested(tokenized: &[(String, String)]) -> bool {
    // 1. If tokenizedFeatures is empty, then return false.
    if tokenized.is_empty() {
        return false;
    }
    let set = |name: &str, default: bool| {
        tokenized
            .iter()
            .find(|(n, _)| n == name)
            .map_or(default, |(_, v)| parse_boolean(v))
    };
    // 2. An explicit popup feature decides.
    if let Some((_, v)) = tokenized.iter().find(|(n, _)| n == "popup") {
        return parse_boolean(v);
    }
    // 3-5. Neither location nor toolbar.
    if !set("location", false) && !set("toolbar", false) {
        return true;
    }
    // 6-9. No menubar, not resizable, no scrollbars, or no status bar.
    !set("menubar", false)
        || !set("resizable", true)
        || !set("scrollbars", false)
        || !set("status", false)
}

/// The features of the windows `window.open` made, by their main frame.
#[derive(Default)]
pub struct WindowFeaturesRegistry {
    by_frame: Mutex<HashMap<FrameId, WindowFeatures>>,
}

impl WindowFeaturesRegistry {
    /// Records what the opener asked of `frame`, the main frame of a new tab.
    pub fn record(&self, frame: FrameId, features: WindowFeatures) {
        lock(&self.by_frame).insert(frame, features);
    }

    /// What was asked of `frame`: the defaults for a window nobody opened
    /// with features.
    pub fn of(&self, frame: FrameId) -> WindowFeatures {
        lock(&self.by_frame)
            .get(&frame)
            .copied()
            .unwrap_or_default()
    }

    /// Forgets a closed window's features.
    pub fn forget(&self, frame: FrameId) {
        lock(&self.by_frame).remove(&frame);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noopener_and_noreferrer_are_boolean_features() {
        assert!(WindowFeatures::noopener("noopener"));
        assert!(WindowFeatures::noopener(" NoOpener = yes , width=100"));
        assert!(WindowFeatures::noopener("noreferrer=1"));
        assert!(WindowFeatures::noopener("noopener=-1"));
        assert!(!WindowFeatures::noopener("noopener=0"));
        assert!(!WindowFeatures::noopener("noopener=no"));
        assert!(!WindowFeatures::noopener("a,b"));
    }

    #[test]
    fn no_features_is_no_popup() {
        assert_eq!(WindowFeatures::parse(""), WindowFeatures::default());
        assert_eq!(WindowFeatures::parse(" , ,"), WindowFeatures::default());
        assert!(!WindowFeatures::parse("noopener,noreferrer").popup);
    }

    #[test]
    fn a_size_alone_requests_a_popup_and_is_kept() {
        let f = WindowFeatures::parse("width=300, height = 200,left=10,top=20");
        assert!(f.popup);
        assert_eq!(
            (f.width, f.height, f.left, f.top),
            (Some(300), Some(200), Some(10), Some(20))
        );
    }

    #[test]
    fn the_popup_feature_and_the_bars_follow_html() {
        assert!(WindowFeatures::parse("popup").popup);
        assert!(WindowFeatures::parse("popup=1").popup);
        assert!(!WindowFeatures::parse("popup=0").popup);
        assert!(!WindowFeatures::parse("popup=no,width=100").popup);
        assert!(!WindowFeatures::parse("location,toolbar,menubar,scrollbars,status").popup);
        assert!(
            WindowFeatures::parse("location,toolbar,menubar,scrollbars,status,resizable=no").popup
        );
        assert!(WindowFeatures::parse("toolbar=yes,menubar=0").popup);
    }

    #[test]
    fn aliases_and_case_normalize() {
        let f = WindowFeatures::parse("ScreenX=5,SCREENY=6,innerWidth=7,innerheight=8.5");
        assert_eq!(
            (f.left, f.top, f.width, f.height),
            (Some(5), Some(6), Some(7), Some(8))
        );
        assert_eq!(WindowFeatures::parse("width=abc").width, None);
        assert_eq!(WindowFeatures::parse("width=-4").width, Some(-4));
    }
}
