//! Ops of Element (DOM, and HTML's DOM parsing members): attributes,
//! markup in and out, selectors, and the elements-by lists (Document's too).
//!
//! <https://dom.spec.whatwg.org/#interface-element> ("Interface Element")

use super::{OpCx, OpResult};

fn namespace_uri<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let ns = cx.state.dom.borrow().namespace(id).map(str::to_string);
    cx.opt_string(ns.as_deref().filter(|n| !n.is_empty()))
}

/// <https://dom.spec.whatwg.org/#dom-element-prefix> ("prefix")
fn prefix<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let prefix = cx
        .state
        .dom
        .borrow()
        .element(id)
        .and_then(|e| e.name.prefix.as_ref().map(|p| p.to_string()));
    cx.opt_string(prefix.as_deref())
}

fn get_attribute<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let name = cx.str(1)?;
    let v = cx
        .state
        .dom
        .borrow()
        .get_attribute(id, &name)
        .map(str::to_string);
    cx.opt_string(v.as_deref())
}

fn set_attribute<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let (name, value) = (cx.str(1)?, cx.str(2)?);
    cx.state.dom.borrow_mut().set_attribute(id, &name, &value)?;
    cx.undefined()
}

fn remove_attribute<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let name = cx.str(1)?;
    cx.state.dom.borrow_mut().remove_attribute(id, &name);
    cx.undefined()
}

fn has_attribute<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let name = cx.str(1)?;
    let has = cx.state.dom.borrow().has_attribute(id, &name);
    cx.boolean(has)
}

fn get_attribute_names<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let names = cx.state.dom.borrow().attribute_names(id);
    cx.strings(&names)
}

/// Names and values in one crossing, flat (`[name0, value0, name1, …]`):
/// `attributes` asked for each value by name, a linear search each, so an
/// element with 200,000 attributes took minutes (issue 14).
fn get_attribute_list<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let flat: Vec<String> = cx
        .state
        .dom
        .borrow()
        .attributes(id)
        .iter()
        .flat_map(|a| [a.qualified_name(), a.value.to_string()])
        .collect();
    cx.strings(&flat)
}

fn inner_html<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let html = cx.state.dom.borrow().inner_html(id);
    cx.string(&html)
}

fn set_inner_html<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let html = cx.tendril(1)?;
    cx.state.dom.borrow_mut().set_inner_html_input(id, html)?;
    cx.undefined()
}

fn outer_html<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let html = cx.state.dom.borrow().outer_html(id);
    cx.string(&html)
}

fn set_outer_html<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let html = cx.str(1)?;
    cx.state.dom.borrow_mut().set_outer_html(id, &html)?;
    cx.undefined()
}

fn insert_adjacent_html<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let (position, html) = (cx.str(1)?, cx.tendril(2)?);
    cx.state
        .dom
        .borrow_mut()
        .insert_adjacent_html_input(id, &position, html)?;
    cx.undefined()
}

fn matches<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let sel = cx.str(1)?;
    let m = cx.state.dom.borrow().matches(id, &sel)?;
    cx.boolean(m)
}

fn closest<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let id = cx.node(0)?;
    let sel = cx.str(1)?;
    let n = cx.state.dom.borrow().closest(id, &sel)?;
    cx.node_id(n)
}

fn get_elements_by_tag_name<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let root = cx.node(0)?;
    let name = cx.str(1)?;
    let ids = cx.state.dom.borrow().get_elements_by_tag_name(root, &name);
    cx.node_ids(&ids)
}

fn get_elements_by_class_name<'s>(cx: &mut OpCx<'s>) -> OpResult<'s> {
    let root = cx.node(0)?;
    let names = cx.str(1)?;
    let ids = cx
        .state
        .dom
        .borrow()
        .get_elements_by_class_name(root, &names);
    cx.node_ids(&ids)
}

op_list! {
    "elementNamespaceURI" => namespace_uri,
    "elementPrefix" => prefix,
    "elementGetAttribute" => get_attribute,
    "elementSetAttribute" => set_attribute,
    "elementRemoveAttribute" => remove_attribute,
    "elementHasAttribute" => has_attribute,
    "elementGetAttributeNames" => get_attribute_names,
    "elementGetAttributeList" => get_attribute_list,
    "elementInnerHTML" => inner_html,
    "elementSetInnerHTML" => set_inner_html,
    "elementOuterHTML" => outer_html,
    "elementSetOuterHTML" => set_outer_html,
    "elementInsertAdjacentHTML" => insert_adjacent_html,
    "elementMatches" => matches,
    "elementClosest" => closest,
    "elementGetElementsByTagName" => get_elements_by_tag_name,
    "elementGetElementsByClassName" => get_elements_by_class_name,
}
