// CDATASection (DOM): a CDATA section of an XML document.
// https://dom.spec.whatwg.org/#interface-cdatasection ("Interface CDATASection")

// Uses lazyInterface, materialize, illegalConstructor, INTERNAL (webidl.js).

lazyInterface('CDATASection', () => {
  class CDATASection extends materialize('Text') {
    constructor(key) {
      if (key !== INTERNAL) throw illegalConstructor();
      super(INTERNAL);
    }
  }
  return CDATASection;
});

