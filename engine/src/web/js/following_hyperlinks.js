// Following hyperlinks (HTML): what activating an `<a href>` or `<area
// href>` does. The element's activation behaviour (its click(), in the
// element files) calls followHyperlink(element, userActivation).
// https://html.spec.whatwg.org/multipage/links.html#following-hyperlinks-2 ("Following hyperlinks")
//
// The host chooses the target (`target`, or `<base target>`: `_self`,
// `_parent`, `_top`, `_blank`, a name), honours `rel` (`noopener`,
// `noreferrer`, `opener`) and the sandbox, and navigates
// (web/navigation.rs). Not modelled: `download`, `ping`, image maps'
// coordinates.

// Uses domHooks (event_target.js); idOf (node.js).

// https://html.spec.whatwg.org/multipage/links.html#following-hyperlinks-2 ("follow the hyperlink"):
// `userActivation` is true for a click a user made (a trusted event), which
// allow-top-navigation-by-user-activation lets navigate the top.
function followHyperlink(element, userActivation = false) {
  ops.followingHyperlinksFollow(idOf(element), !!userActivation);
}
domHooks.followHyperlink = followHyperlink;
