// ProcessingInstruction (DOM): `<?target data?>`.
// https://dom.spec.whatwg.org/#interface-processinginstruction ("Interface ProcessingInstruction")

// Uses lazyInterface, materialize, illegalConstructor, INTERNAL (webidl.js); domOps, idOf
//   (node.js).

lazyInterface('ProcessingInstruction', () => {
  class ProcessingInstruction extends materialize('CharacterData') {
    constructor(key) {
      if (key !== INTERNAL) throw illegalConstructor();
      super(INTERNAL);
    }
    // https://dom.spec.whatwg.org/#dom-processinginstruction-target ("target")
    get target() { return domOps.nodeName(idOf(this)); }
  }
  return ProcessingInstruction;
});

