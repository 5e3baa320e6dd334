// Unhandled promise rejections (HTML): the PromiseRejectionEvent interface
// and "notify about rejected promises", for the rejections the host saw
// (agent.rs) at the end of a task.
// https://html.spec.whatwg.org/multipage/webappapis.html#unhandled-promise-rejections ("Unhandled promise rejections")
//
// Not modelled: the rejectionhandled event.

// Uses lazyInterface, materialize (webidl.js); Event, eventClass, trustedEvent (event.js); dispatch, FROM_TASK
//   (event_target.js); browserPlace (runtime_script_errors.js).

// https://html.spec.whatwg.org/multipage/webappapis.html#the-promiserejectionevent-interface ("The PromiseRejectionEvent interface")
lazyInterface('PromiseRejectionEvent', () => eventClass('PromiseRejectionEvent', Event, { promise: undefined, reason: undefined }));

// https://html.spec.whatwg.org/multipage/webappapis.html#notify-about-rejected-promises ("notify about rejected promises"):
// an unhandledrejection event; if nobody cancels it, what the host records
// (in a worker too, where it is not an error event at the Worker object):
// the browser's wording and the author's place. Canceled: null.
hooks.unhandledRejection = (promise, reason) => {
  const e = trustedEvent(materialize('PromiseRejectionEvent'), 'unhandledrejection', { promise, reason, cancelable: true });
  const notCanceled = dispatch(global, e, FROM_TASK);
  if (!notCanceled) return null;
  const where = browserPlace(reason, ops.runtimeScriptErrorsPlace(reason));
  const message = where[0];
  const text = StringPrototypeStartsWith(message, 'Uncaught ') ? StringPrototypeSlice(message, 9) : message;
  return [`Uncaught (in promise) ${text}`, where[1], where[2], where[3]];
};

