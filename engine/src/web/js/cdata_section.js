// CDATASection (DOM): a CDATA section of an XML document.
// https://dom.spec.whatwg.org/#interface-cdatasection ("Interface CDATASection")

// Uses exposeInterface, illegalConstructor, INTERNAL (webidl.js); Text (text.js).

class CDATASection extends Text {
  constructor(key) {
    if (key !== INTERNAL) throw illegalConstructor();
    super(INTERNAL);
  }
}
exposeInterface('CDATASection', CDATASection);

return [CDATASection];
