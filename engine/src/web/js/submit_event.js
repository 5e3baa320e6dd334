// SubmitEvent (HTML): the event of a form's submission, with its submitter;
// made on first use.
// https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#the-submitevent-interface ("The SubmitEvent interface")

// Uses lazyInterface, failedTo, CONSTRUCT (webidl.js); Event, eventClass (event.js); domHooks
//   (event_target.js).

lazyInterface('SubmitEvent', () => eventClass('SubmitEvent', Event, { submitter: null }, null, {
  __proto__: null,
  submitter(value, iface) {
    if (value === null || (domHooks.isHTMLElement !== null && domHooks.isHTMLElement(value))) return value;
    throw new TypeErrorCtor(`${failedTo(CONSTRUCT, iface)}: Failed to read the 'submitter' property from 'SubmitEventInit': The provided value is not of type 'HTMLElement'.`);
  },
}));
