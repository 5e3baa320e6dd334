// structuredClone() (HTML): a copy of a value through the host's
// serializer, with a transfer list.
// https://html.spec.whatwg.org/multipage/structured-data.html#dom-structuredclone ("structuredClone(value, options)")

// Uses globalInterfaceName, requiredArguments (webidl.js); serializeOptions, splitTransfer,
//   detachPorts (message_port.js).

ObjectDefineProperty(global, 'structuredClone', { __proto__: null,
  value: function structuredClone(value, options = undefined) {
    requiredArguments(arguments.length, 1, 'structuredClone', globalInterfaceName);
    const t = splitTransfer(serializeOptions(options, 'structuredClone', globalInterfaceName));
    const out = ops.structuredCloneRoundTrip(value, t.buffers, t.ports, t.portObjects);
    detachPorts(t.portObjects);
    return out;
  },
  writable: true, configurable: true, enumerable: true,
});
