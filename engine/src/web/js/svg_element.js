// SVGElement (SVG 2): elements in the SVG namespace, with nothing of
// their own here.
// https://svgwg.org/svg2-draft/types.html#InterfaceSVGElement ("Interface SVGElement")
//
// Not modelled: every SVG member.

// Uses exposeInterface (webidl.js); Element (element.js).

class SVGElement extends Element {
  constructor(key) { super(key); }
}
exposeInterface('SVGElement', SVGElement);

return [SVGElement];
