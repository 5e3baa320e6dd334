// SVGElement (SVG 2): elements in the SVG namespace, with nothing of
// their own here.
// https://svgwg.org/svg2-draft/types.html#InterfaceSVGElement ("Interface SVGElement")
//
// Not modelled: every SVG member.

// Uses lazyInterface (webidl.js); Element (element.js).

lazyInterface('SVGElement', () => {
  class SVGElement extends Element {
    constructor(key) { super(key); }
  }
  return SVGElement;
});
