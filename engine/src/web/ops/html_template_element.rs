//! Ops of HTMLTemplateElement (HTML): its template contents.
//!
//! <https://html.spec.whatwg.org/multipage/scripting.html#the-template-element> ("The template element")

use super::{OpCx, OpResult};

node_op!(content, template_contents);

op_list! {
    "htmlTemplateElementContent" => content,
}
