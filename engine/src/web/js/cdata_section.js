// CDATASection (DOM): a CDATA section of an XML document.
// https://dom.spec.whatwg.org/#interface-cdatasection ("Interface CDATASection")

// Uses lazyInterface, illegalConstructor, INTERNAL (webidl.js); Text (text.js).

lazyInterface('CDATASection', () => {
  class CDATASection extends Text {
    constructor(key) {
      if (key !== INTERNAL) throw illegalConstructor();
      super(INTERNAL);
    }
  }
  return CDATASection;
});

