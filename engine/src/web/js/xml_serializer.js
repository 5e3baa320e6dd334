// XMLSerializer (DOM Parsing): a node and its subtree as XML.
// https://w3c.github.io/DOM-Parsing/#the-xmlserializer-interface ("The XMLSerializer interface")
//
// Not modelled: the "require well-formed" flag (the serialization never
// throws for names or data that could not be parsed back).

// Uses lazyInterface, requiredArguments (webidl.js); domOps, nodeArg (node.js).

lazyInterface('XMLSerializer', () => {
  class XMLSerializer {
    // https://w3c.github.io/DOM-Parsing/#dom-xmlserializer-serializetostring ("serializeToString(root)")
    serializeToString(root) {
      requiredArguments(arguments.length, 1, 'serializeToString', 'XMLSerializer');
      return domOps.xmlSerializerSerializeToString(nodeArg(root, 'serializeToString', 'XMLSerializer'));
    }
  }
  return XMLSerializer;
});
