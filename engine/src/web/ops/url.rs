//! Ops of URL (URL Standard), parsed by the `url` crate.
//!
//! <https://url.spec.whatwg.org/#api> ("API")

use super::{OpCx, OpResult};

fn url_parts<'s>(cx: &OpCx<'s>, url: &url::Url) -> OpResult<'s> {
    use url::quirks;
    let parts = [
        quirks::href(url).to_string(),
        quirks::origin(url),
        quirks::protocol(url).to_string(),
        quirks::username(url).to_string(),
        quirks::password(url).to_string(),
        quirks::host(url).to_string(),
        quirks::hostname(url).to_string(),
        quirks::port(url).to_string(),
        quirks::pathname(url).to_string(),
        quirks::search(url).to_string(),
        quirks::hash(url).to_string(),
    ];
    cx.strings(&parts)
}

/// WHATWG URL parsing: the URL's parts, or null if it does not parse.
fn parse<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let input = cx.str(0)?;
    let base = cx.opt_str(1)?;
    let parsed = match base {
        Some(b) => url::Url::parse(&b).ok().and_then(|b| b.join(&input).ok()),
        None => url::Url::parse(&input).ok(),
    };
    match parsed {
        Some(u) => url_parts(cx, &u),
        None => cx.null(),
    }
}

/// A URL setter (href, protocol, host…): the new parts, or null if refused.
fn set_part<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    use url::quirks;
    let href = cx.str(0)?;
    let part = cx.str(1)?;
    let value = cx.str(2)?;
    let Ok(mut u) = url::Url::parse(&href) else {
        return cx.null();
    };
    let ok = match part.as_str() {
        "href" => quirks::set_href(&mut u, &value).is_ok(),
        "protocol" => quirks::set_protocol(&mut u, &value).is_ok(),
        "username" => quirks::set_username(&mut u, &value).is_ok(),
        "password" => quirks::set_password(&mut u, &value).is_ok(),
        "host" => quirks::set_host(&mut u, &value).is_ok(),
        "hostname" => quirks::set_hostname(&mut u, &value).is_ok(),
        "port" => quirks::set_port(&mut u, &value).is_ok(),
        "pathname" => {
            quirks::set_pathname(&mut u, &value);
            true
        }
        "search" => {
            quirks::set_search(&mut u, &value);
            true
        }
        "hash" => {
            quirks::set_hash(&mut u, &value);
            true
        }
        _ => false,
    };
    // A refused href is an error (TypeError in the bindings); other
    // setters that refuse leave the URL as it was.
    if !ok && part == "href" {
        cx.null()
    } else {
        url_parts(cx, &u)
    }
}

op_list! {
    "urlParse" => parse,
    "urlSetPart" => set_part,
}
