// DragEvent (HTML drag and drop): a MouseEvent with a DataTransfer; made
// on first use.
// https://html.spec.whatwg.org/multipage/dnd.html#the-dragevent-interface ("The DragEvent interface")
//
// Not modelled: DataTransfer (dataTransfer is always null; a non-null one
// is refused), and dragging itself (there is no user).

// Uses lazyInterface, materialize, failedTo, CONSTRUCT (webidl.js); eventClass (event.js).

lazyInterface('DragEvent', () => eventClass('DragEvent', materialize('MouseEvent'), { dataTransfer: null }, null, {
  __proto__: null,
  dataTransfer(value, iface) {
    if (value === null) return null;
    throw new TypeErrorCtor(`${failedTo(CONSTRUCT, iface)}: Failed to read the 'dataTransfer' property from 'DragEventInit': The provided value is not of type 'DataTransfer'.`);
  },
}));
