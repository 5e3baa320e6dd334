// The event handler lists of HTML's mixins: GlobalEventHandlers (with
// DocumentAndElementEventHandlers), WindowEventHandlers, and those <body>
// and <frameset> reflect from their window.
// https://html.spec.whatwg.org/multipage/webappapis.html#globaleventhandlers ("GlobalEventHandlers")

// Uses makeEventHandlers (event_handlers.js).

// The GlobalEventHandlers members first defined here.
const GLOBAL_EVENT_HANDLERS = ['onabort', 'onblur', 'oncancel', 'onchange', 'onclick', 'onclose', 'oncontextmenu', 'ondblclick', 'onerror', 'onfocus', 'oninput', 'oninvalid', 'onkeydown', 'onkeypress', 'onkeyup', 'onload', 'onmousedown', 'onmouseenter', 'onmouseleave', 'onmousemove', 'onmouseout', 'onmouseover', 'onmouseup', 'onreset', 'onresize', 'onscroll', 'onselect', 'onsubmit', 'ontoggle', 'onwheel'];
// More GlobalEventHandlers and DocumentAndElementEventHandlers members.
const MORE_EVENT_HANDLERS = ['onauxclick', 'onbeforeinput', 'onbeforetoggle', 'oncanplay', 'oncanplaythrough',
  'oncontextlost', 'oncontextrestored', 'oncopy', 'oncuechange', 'oncut', 'ondrag', 'ondragend', 'ondragenter',
  'ondragleave', 'ondragover', 'ondragstart', 'ondrop', 'ondurationchange', 'onemptied', 'onended', 'onformdata',
  'onloadeddata', 'onloadedmetadata', 'onloadstart', 'onpaste', 'onpause', 'onplay', 'onplaying', 'onprogress',
  'onratechange', 'onsecuritypolicyviolation', 'onseeked', 'onseeking', 'onslotchange', 'onstalled', 'onsuspend',
  'ontimeupdate', 'onvolumechange', 'onwaiting', 'onpointerdown', 'onpointerup', 'onpointermove', 'onpointerover',
  'onpointerout', 'onpointerenter', 'onpointerleave', 'onpointercancel', 'ongotpointercapture',
  'onlostpointercapture', 'ontransitionstart', 'ontransitionrun', 'ontransitionend', 'ontransitioncancel',
  'onanimationstart', 'onanimationiteration', 'onanimationend', 'onanimationcancel', 'onselectstart',
  'onselectionchange', 'onscrollend'];
// Both lists: what an HTML element, a document and a window have.
const ELEMENT_EVENT_HANDLERS = ArrayPrototypeConcat(GLOBAL_EVENT_HANDLERS, MORE_EVENT_HANDLERS);
// https://html.spec.whatwg.org/multipage/webappapis.html#windoweventhandlers ("WindowEventHandlers")
const WINDOW_EVENT_HANDLERS = ['onafterprint', 'onbeforeprint', 'onbeforeunload', 'onhashchange', 'onlanguagechange', 'onmessage', 'onmessageerror', 'onoffline', 'ononline', 'onpagehide', 'onpageshow', 'onpopstate', 'onrejectionhandled', 'onstorage', 'onunhandledrejection', 'onunload'];
// <body>/<frameset>: the window's event handlers are reflected on them
// (https://html.spec.whatwg.org/multipage/sections.html#the-body-element).
const WINDOW_REFLECTING = ArrayPrototypeConcat(['onblur', 'onerror', 'onfocus', 'onload', 'onresize', 'onscroll'], WINDOW_EVENT_HANDLERS);

// The accessors of ELEMENT_EVENT_HANDLERS for HTMLElement, Document and
// Window (0, 1, 2), made together; each file takes its own
// (takeEventHandlers) when it defines them.
const ELEMENT_HANDLER_ACCESSORS = makeEventHandlers(ELEMENT_EVENT_HANDLERS, 3, 2);

return [GLOBAL_EVENT_HANDLERS, ELEMENT_EVENT_HANDLERS, WINDOW_EVENT_HANDLERS, WINDOW_REFLECTING, ELEMENT_HANDLER_ACCESSORS];
