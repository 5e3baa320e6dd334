// Runtime script errors (HTML): the ErrorEvent interface, "report an
// exception", and reportError().
// https://html.spec.whatwg.org/multipage/webappapis.html#runtime-script-errors ("Runtime script errors")

// Uses exposeInterface, globalInterfaceName, keepFast, requiredArguments (webidl.js); domExceptionFields
//   (dom_exception.js); Event, eventClass, trustedEvent (event.js); dispatch, IN_SCRIPT
//   (event_target.js).

// https://html.spec.whatwg.org/multipage/webappapis.html#the-errorevent-interface ("The ErrorEvent interface")
const ErrorEvent = eventClass('ErrorEvent', Event, keepFast({ message: '', filename: '', lineno: 0, colno: 0, error: undefined }));
exposeInterface('ErrorEvent', ErrorEvent);

// https://html.spec.whatwg.org/multipage/webappapis.html#report-an-exception ("report an exception"):
// an ErrorEvent at the global; if nobody cancels it, the host records it
// (errors[] and the console). While one is being reported (the global is
// "in error reporting mode"), a nested one is only recorded: an error
// listener that throws does not recurse. A muted error (thrown by a
// worker's script of another origin) is "Script error." with no place and
// a null error. Not modelled: muted errors of windows' scripts.
let inErrorReportingMode = false;
function reportException(error, place = undefined) {
  const raw = place === undefined ? ops.runtimeScriptErrorsPlace(error) : place;
  if (raw[4] === true) error = null;
  const where = browserPlace(error, raw);
  const message = where[0], url = where[1], line = where[2], column = where[3];
  if (inErrorReportingMode) {
    ops.runtimeScriptErrorsRecord(message, url, line, column);
    return;
  }
  inErrorReportingMode = true;
  let notCanceled = true;
  try {
    const e = trustedEvent(ErrorEvent, 'error', { __proto__: null, message, filename: url, lineno: line, colno: column, error, cancelable: true });
    notCanceled = dispatch(global, e, IN_SCRIPT);
  } finally {
    inErrorReportingMode = false;
  }
  if (notCanceled) ops.runtimeScriptErrorsRecord(message, url, line, column);
}
hooks.reportException = (error, message, url, line, column) => reportException(error, [message, url, line, column]);

// V8 words and places an exception as it saw it, unlike a browser in two
// ways: one thrown by the bindings is placed inside them (isohost:...), where
// a browser names the author's line that called the API (native code has no
// frames); and an uncaught DOMException has no text (its name and message
// are accessors, which V8's side-effect-free formatting does not call). Both
// are mended here, from the exception itself.
const BINDINGS_URL = /^isohost:/;
const STACK_FRAME = /^\s+at .*?\(?([a-z][\w+.-]*:[^\s()]*?):(\d+):(\d+)\)?$/i;
function browserPlace(error, place) {
  let message = place[0], url = place[1], line = place[2], column = place[3];
  const d = domExceptionFields(error);
  if (d !== undefined) message = `Uncaught ${d.name}: ${d.message}`;
  if (RegExpPrototypeExec(BINDINGS_URL, url) !== null) {
    const author = authorFrame(error);
    if (author !== null) {
      url = author[0]; line = author[1]; column = author[2];
    }
  }
  return [message, url, line, column];
}
// The first frame of an exception's stack outside the bindings.
function authorFrame(error) {
  let stack;
  try {
    stack = error !== null && typeof error === 'object' ? error.stack : undefined;
  } catch (e) {
    return null;
  }
  if (typeof stack !== 'string') return null;
  for (let start = 0; start < stack.length;) {
    let end = StringPrototypeIndexOf(stack, '\n', start);
    if (end < 0) end = stack.length;
    const m = RegExpPrototypeExec(STACK_FRAME, StringPrototypeSlice(stack, start, end));
    if (m !== null && RegExpPrototypeExec(BINDINGS_URL, m[1]) === null) return [m[1], NumberCtor(m[2]), NumberCtor(m[3])];
    start = end + 1;
  }
  return null;
}

// https://html.spec.whatwg.org/multipage/webappapis.html#dom-reporterror ("reportError(e)")
ObjectDefineProperty(global, 'reportError', { __proto__: null,
  value: function reportError(e) {
    requiredArguments(arguments.length, 1, 'reportError', globalInterfaceName);
    reportException(e);
  },
  writable: true, configurable: true, enumerable: true,
});

return [ErrorEvent, reportException, browserPlace];
