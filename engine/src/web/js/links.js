// Links (HTML): following hyperlinks (<a href>, <area href>), their
// activation behaviour, and where a navigation from a document goes
// (its target name), which form submission shares.
// https://html.spec.whatwg.org/multipage/links.html#following-hyperlinks-2 ("Following hyperlinks")
//
// Every navigation ends in the host's one entry point (ops.locationNavigate,
// as location.href does, or following_hyperlinks.js's op) or window.open,
// which finds a navigable by name or opens one. Not modelled: downloads,
// ping, hyperlink auditing.

// Uses toDOMString (webidl.js); ev (event.js); domHooks (event_target.js); domOps, realms,
//   thisRealm (node.js); defineActivationBehavior (html_element.js).

// Navigates from the document `docId` to `url` in the navigable `target`
// names (HTML "the rules for choosing a navigable"), in the realm of that
// document; nothing if it has no browsing context.
function navigateFromDocument(docId, url, target) {
  const realm = MapPrototypeGet(realms, docId);
  if (realm === undefined || realm.navigate === undefined || !domOps.documentDefaultView(docId)) return;
  realm.navigate(url, target);
}

// This realm's navigations: `url` (absolute) in the navigable `target`
// names, seen from this window.
thisRealm.navigate = (url, target) => {
  const name = StringPrototypeToLowerCase(toDOMString(target));
  if (name === '' || name === '_self') {
    ops.locationNavigate(info.frameId, url);
  } else if (name === '_parent' || name === '_top') {
    const w = name === '_parent' ? ops.windowParent() : ops.windowTop();
    if (w === global) ops.locationNavigate(info.frameId, url);
    else if (w !== null) w.location.href = url;
  } else {
    ops.windowOpen(url, target, '');
  }
};

// https://html.spec.whatwg.org/multipage/links.html#links-created-by-a-and-area-elements ("Links created by a and area elements"):
// an <a> or <area> with an href has activation behaviour: following it
// (HTML "follow the hyperlink"), which the host does (following_hyperlinks.js:
// the target, rel, the sandbox: domHooks.followHyperlink); a trusted click
// is a user activation.
function hyperlinkActivation(element, id) {
  if (!domOps.elementHasAttribute(id, 'href')) return null;
  return {
    preActivation: null, canceledActivation: null,
    run: (event) => domHooks.followHyperlink(element, event !== undefined && ev(event).isTrusted),
  };
}
defineActivationBehavior('a', hyperlinkActivation);
defineActivationBehavior('area', hyperlinkActivation);

return [navigateFromDocument];
