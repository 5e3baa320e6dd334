//! Ops of Following hyperlinks (HTML): the entry point an `<a>`'s or
//! `<area>`'s activation behaviour calls.
//!
//! <https://html.spec.whatwg.org/multipage/links.html#following-hyperlinks-2> ("Following hyperlinks")

use super::{OpCx, OpResult};

/// Follows the hyperlink of element `arg0` (`arg1`: with user activation).
fn follow<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let element = cx.node(0)?;
    let user_activation = cx.arg(1).boolean_value(cx.scope);
    crate::web::navigation::follow_hyperlink(cx.scope, &cx.state, element, user_activation);
    cx.undefined()
}

op_list! {
    "followingHyperlinksFollow" => follow,
}
