// HTMLFormElement and HTMLButtonElement (HTML): form owners, submission
// (the submit event, the entry list, the navigation) and reset, and the
// button's activation behaviour.
// https://html.spec.whatwg.org/multipage/forms.html#the-form-element ("The form element")
// https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#form-submission-2 ("Form submission")
//
// Not modelled: constraint validation (every form is valid), the formdata
// event, file inputs, encodings other than UTF-8, POST bodies (a POST form
// navigates to its action URL as a GET would, without the entries) and
// method=dialog.

// Uses define, keepFast, materialize, toDOMString (webidl.js); DOMException (dom_exception.js); Event,
//   trustedEvent (event.js); dispatch, IN_SCRIPT (event_target.js); domOps, idOf, wrap, nodeIds
//   (node.js); parsedURL (url.js); formAssociated (event_handler_content_attributes.js); reflect,
//   isDisabledFormControl, defineActivationBehavior (html_element.js); defineElementMembers,
//   controlStates (element_interfaces.js); navigateFromDocument (links.js); formDataHooks (form_data.js).

const HTML_NS = 'http://www.w3.org/1999/xhtml';
function isHTML(id, localName) {
  return domOps.nodeType(id) === 1 && domOps.elementNamespaceURI(id) === HTML_NS && domOps.nodeKind(id)[1] === localName;
}

// https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#form-owner ("form owner"):
// the form its form attribute names (when connected), else the nearest
// form ancestor; -1 for none.
function formOwnerId(id) {
  if (domOps.nodeType(id) !== 1 || !formAssociated(domOps.nodeKind(id)[1])) return -1;
  const formId = domOps.elementGetAttribute(id, 'form');
  if (formId !== null) {
    if (!domOps.nodeIsConnected(id)) return -1;
    const form = domOps.documentGetElementById(domOps.nodeOwnerDocument(id), formId);
    return form >= 0 && isHTML(form, 'form') ? form : -1;
  }
  for (let p = domOps.nodeParentNode(id); p >= 0; p = domOps.nodeParentNode(p)) {
    if (isHTML(p, 'form')) return p;
  }
  return -1;
}

// What inputs and buttons of a form submit (html_input_element.js fills in
// an input's type, value and checkedness, and a select's selected values).
const formControlHooks = keepFast({ inputType: null, inputValue: null, checkedness: null, resetControl: null });

// Submission and reset, made on first use (most realms submit no form):
// what form owners, buttons, inputs and FormData call through formsLib().
let formsMade;
function formsLib() {
  if (formsMade === undefined) formsMade = makeFormsLib();
  return formsMade;
}
function makeFormsLib() {
  // A <select>'s selected options' values: those with a selected attribute,
  // else (a single-choice select) its first enabled option's.
  function selectValues(id) {
    const options = domOps.parentNodeQuerySelectorAll(id, 'option');
    const values = [];
    let first = -1;
    for (let i = 0; i < options.length; i++) {
      if (domOps.elementHasAttribute(options[i], 'disabled')) continue;
      if (first < 0) first = options[i];
      if (domOps.elementHasAttribute(options[i], 'selected')) ArrayAppend(values, optionValue(options[i]));
    }
    if (values.length === 0 && first >= 0 && !domOps.elementHasAttribute(id, 'multiple')) ArrayAppend(values, optionValue(first));
    return values;
  }
  // https://html.spec.whatwg.org/multipage/form-elements.html#concept-option-value ("value" of an option)
  function optionValue(id) {
    const v = domOps.elementGetAttribute(id, 'value');
    if (v !== null) return v;
    let text = '';
    let space = false;
    const raw = domOps.nodeTextContent(id) || '';
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r') { space = text.length > 0; continue; }
      if (space) { text += ' '; space = false; }
      text += c;
    }
    return text;
  }

  // A button's type: submit (the default), reset or button.
  function buttonType(id) {
    const t = StringPrototypeToLowerCase(domOps.elementGetAttribute(id, 'type') || '');
    return t === 'reset' || t === 'button' ? t : 'submit';
  }
  // https://html.spec.whatwg.org/multipage/forms.html#concept-submit-button ("submit button")
  function isSubmitButton(id) {
    if (isHTML(id, 'button')) return buttonType(id) === 'submit';
    if (!isHTML(id, 'input')) return false;
    const t = formControlHooks.inputType(id);
    return t === 'submit' || t === 'image';
  }

  // https://html.spec.whatwg.org/multipage/form-elements.html#concept-textarea-api-value ("API value"):
  // its raw value (what script set, else its default value, the child text
  // content) with CR LF and lone CR made LF.
  function textareaAPIValue(id) {
    const s = WeakMapPrototypeGet(controlStates, wrap(id));
    const raw = s !== undefined && 'value' in s ? s.value : domOps.nodeTextContent(id);
    if (StringPrototypeIndexOf(raw, '\r') < 0) return raw;
    let out = '';
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] !== '\r') out += raw[i];
      else {
        out += '\n';
        if (raw[i + 1] === '\n') i++;
      }
    }
    return out;
  }

  // https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#constructing-the-form-data-set ("constructing the entry list"):
  // [name, value] pairs of the form's enabled, named controls in tree
  // order, only the submitter among buttons.
  function entryList(formId, submitterId) {
    const entries = [];
    const docId = domOps.nodeOwnerDocument(formId);
    const root = domOps.nodeIsConnected(formId) ? docId : domOps.nodeGetRootNode(formId);
    const candidates = domOps.parentNodeQuerySelectorAll(root, 'button, input, select, textarea');
    for (let i = 0; i < candidates.length; i++) {
      const id = candidates[i];
      if (formOwnerId(id) !== formId || isDisabledFormControl(id)) continue;
      const local = domOps.nodeKind(id)[1];
      const type = local === 'input' ? formControlHooks.inputType(id) : local === 'button' ? buttonType(id) : local;
      if ((local === 'button' || type === 'submit' || type === 'image' || type === 'reset' || type === 'button') && id !== submitterId) continue;
      if (type === 'button' || type === 'reset') continue;
      const name = domOps.elementGetAttribute(id, 'name');
      if (type === 'image') {
        const prefix = name === null || name === '' ? '' : `${name}.`;
        ArrayAppend(entries, [`${prefix}x`, '0']);
        ArrayAppend(entries, [`${prefix}y`, '0']);
        continue;
      }
      if (name === null || name === '') continue;
      if ((type === 'checkbox' || type === 'radio') && !formControlHooks.checkedness(id)) continue;
      if (type === 'file') continue;
      if (local === 'select') {
        const values = selectValues(id);
        for (let j = 0; j < values.length; j++) ArrayAppend(entries, [name, values[j]]);
        continue;
      }
      let value;
      if (local === 'textarea') value = textareaAPIValue(id);
      else if (local === 'button') value = domOps.elementGetAttribute(id, 'value') || '';
      else if (type === 'checkbox' || type === 'radio') value = domOps.elementGetAttribute(id, 'value') ?? 'on';
      else value = formControlHooks.inputValue(id);
      ArrayAppend(entries, [name, value]);
    }
    return entries;
  }

  // https://url.spec.whatwg.org/#urlencoded-serializing ("application/x-www-form-urlencoded serializer")
  const URLENCODED_SAFE = /[A-Za-z0-9*\-._]/;
  function urlencode(s) {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === ' ') out += '+';
      else if (RegExpPrototypeExec(URLENCODED_SAFE, c) !== null) out += c;
      else {
        const code = StringPrototypeCharCodeAt(s, i);
        // A surrogate pair encodes as one code point.
        if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length) {
          try { out += EncodeURIComponent(c + s[i + 1]); } catch (e) { out += '%EF%BF%BD'; }
          i++;
        } else {
          try { out += EncodeURIComponent(c); } catch (e) { out += '%EF%BF%BD'; }
          if (c === '!' || c === "'" || c === '(' || c === ')' || c === '~') out = StringPrototypeSlice(out, 0, out.length - 1) + `%${StringPrototypeToUpperCase(NumberPrototypeToString(code, 16))}`;
        }
      }
    }
    return out;
  }
  // https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#converting-an-entry-list-to-a-list-of-name-value-pairs:
  // a lone CR or LF in a name or value becomes CR LF.
  function crlf(s) {
    if (StringPrototypeIndexOf(s, '\r') < 0 && StringPrototypeIndexOf(s, '\n') < 0) return s;
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c !== '\r' && c !== '\n') out += c;
      else {
        out += '\r\n';
        if (c === '\r' && s[i + 1] === '\n') i++;
      }
    }
    return out;
  }
  function serializeEntries(entries) {
    let out = '';
    for (let i = 0; i < entries.length; i++) {
      if (i > 0) out += '&';
      out += `${urlencode(crlf(entries[i][0]))}=${urlencode(crlf(entries[i][1]))}`;
    }
    return out;
  }

  // The form's "firing submission events" flag.
  const firingSubmission = new WeakMapCtor();
  // https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#concept-form-submit ("submit")
  // The submitter's attribute `name` (formaction...), else the form's `formName`.
  function submitterAttribute(formId, submitterId, name, formName) {
    const own = submitterId !== formId ? domOps.elementGetAttribute(submitterId, name) : null;
    return own !== null ? own : domOps.elementGetAttribute(formId, formName);
  }
  // "submit" steps 11-14, the action URL: the submitter's formaction, else
  // the form's action, else the document's URL (null if it does not parse).
  function actionURL(form, submitter, docId) {
    const action = submitterAttribute(idOf(form), idOf(submitter), 'formaction', 'action');
    return parsedURL(action === null || action === '' ? domOps.documentURL(docId) : action, domOps.documentBaseURL(docId));
  }

  function submitForm(form, submitter, fromSubmitMethod) {
    const formId = idOf(form);
    // 1. If form cannot navigate, then return.
    if (!domOps.nodeIsConnected(formId)) return;
    // 3-4. A document sandboxed without allow-forms submits nothing.
    const formDocument = domOps.nodeOwnerDocument(formId);
    const proposed = actionURL(form, submitter, formDocument);
    if (!ops.htmlFormElementSubmissionAllowed(formDocument, proposed === null ? '' : proposed.href)) return;
    // 6. Unless submitted from submit(), fire submit (SubmitEvent,
    //    cancelable), once at a time.
    if (!fromSubmitMethod) {
      if (WeakMapPrototypeHas(firingSubmission, form)) return;
      WeakMapPrototypeSet(firingSubmission, form, true);
      let shouldContinue;
      try {
        const SubmitEvent = materialize('SubmitEvent');
        shouldContinue = dispatch(form, trustedEvent(SubmitEvent, 'submit', { __proto__: null, bubbles: true, cancelable: true, submitter: submitter === form ? null : submitter }), IN_SCRIPT);
      } finally {
        WeakMapPrototypeDelete(firingSubmission, form);
      }
      if (!shouldContinue || !domOps.nodeIsConnected(formId)) return;
    }
    const submitterId = idOf(submitter);
    const docId = domOps.nodeOwnerDocument(formId);
    const attr = (name, formName) => submitterAttribute(formId, submitterId, name, formName);
    const u = actionURL(form, submitter, docId);
    if (u === null) return;
    const method = StringPrototypeToLowerCase(attr('formmethod', 'method') || 'get');
    if (method === 'dialog') return;
    const target = attr('formtarget', 'target');
    let url = u.href;
    // "Mutate action URL" for GET on http(s): the entries are the query.
    if (method !== 'post' && (u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'file:')) {
      const hash = u.hash;
      url = `${StringPrototypeSlice(u.href, 0, u.href.length - hash.length - u.search.length)}?${serializeEntries(entryList(formId, submitterId))}${hash}`;
    }
    navigateFromDocument(docId, url, domOps.documentElementTarget(docId, target));
  }

  // https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#concept-form-reset ("reset")
  function resetForm(form) {
    const formId = idOf(form);
    if (!dispatch(form, trustedEvent(Event, 'reset', { __proto__: null, bubbles: true, cancelable: true }), IN_SCRIPT)) return;
    const root = domOps.nodeIsConnected(formId) ? domOps.nodeOwnerDocument(formId) : domOps.nodeGetRootNode(formId);
    const controls = domOps.parentNodeQuerySelectorAll(root, 'input, select, textarea');
    for (let i = 0; i < controls.length; i++) {
      if (formOwnerId(controls[i]) === formId) formControlHooks.resetControl(wrap(controls[i]));
    }
  }

  // https://xhr.spec.whatwg.org/#dom-formdata ("new FormData(form, submitter)"),
  // step 1, for form_data.js: `form` an HTMLFormElement, `submitter` an
  // HTMLElement or null (WebIDL), a submit button of `form`; the entry list
  // form submission makes (never null: the formdata event is not modelled).
  function formDataEntryList(form, submitter) {
    const formId = WeakMapPrototypeGet(nodeIds, form);
    if (formId === undefined || !isHTML(formId, 'form')) {
      throw new TypeErrorCtor("Failed to construct 'FormData': parameter 1 is not of type 'HTMLFormElement'.");
    }
    if (submitter === undefined || submitter === null) return entryList(formId, -1);
    const submitterId = WeakMapPrototypeGet(nodeIds, submitter);
    if (submitterId === undefined || domOps.nodeType(submitterId) !== 1 || domOps.elementNamespaceURI(submitterId) !== HTML_NS) {
      throw new TypeErrorCtor("Failed to construct 'FormData': parameter 2 is not of type 'HTMLElement'.");
    }
    // 1.1. A submit button, 1.2. of this form.
    if (!isSubmitButton(submitterId)) {
      throw new TypeErrorCtor("Failed to construct 'FormData': The specified element is not a submit button.");
    }
    if (formOwnerId(submitterId) !== formId) {
      throw new DOMException("Failed to construct 'FormData': The specified element is not owned by this form element.", 'NotFoundError');
    }
    return entryList(formId, submitterId);
  }

  return { __proto__: null, buttonType, isSubmitButton, submitForm, resetForm, formDataEntryList };
}

defineElementMembers('HTMLFormElement', (p) => {
  reflect(p, { action: ['action', 'url'], method: ['method'], name: ['name'], target: ['target'], enctype: ['enctype'], noValidate: ['novalidate', 'bool'], acceptCharset: ['accept-charset'], autocomplete: ['autocomplete'] });
  define(p, {
    // https://html.spec.whatwg.org/multipage/forms.html#dom-form-submit ("submit()")
    submit() { formsLib().submitForm(this, this, true); },
    // https://html.spec.whatwg.org/multipage/forms.html#dom-form-requestsubmit ("requestSubmit(submitter)")
    requestSubmit(submitter = null) {
      const formId = idOf(this);
      if (submitter !== null) {
        const id = WeakMapPrototypeGet(nodeIds, submitter);
        if (id === undefined || !formsLib().isSubmitButton(id)) throw new TypeErrorCtor("Failed to execute 'requestSubmit' on 'HTMLFormElement': The specified element is not a submit button.");
        if (formOwnerId(id) !== formId) throw new DOMException("Failed to execute 'requestSubmit' on 'HTMLFormElement': The specified element is not owned by this form element.", 'NotFoundError');
      }
      formsLib().submitForm(this, submitter === null ? this : submitter, false);
    },
    // https://html.spec.whatwg.org/multipage/forms.html#dom-form-reset ("reset()")
    reset() { formsLib().resetForm(this); },
    checkValidity() { idOf(this); return true; },
    reportValidity() { idOf(this); return true; },
  }, false);
});

defineElementMembers('HTMLButtonElement', (p) => {
  reflect(p, { name: ['name'], value: ['value'], disabled: ['disabled', 'bool'], formAction: ['formaction', 'url'], formMethod: ['formmethod'], formTarget: ['formtarget'] });
  define(p, {
    get type() { return formsLib().buttonType(idOf(this)); },
    set type(v) { domOps.elementSetAttribute(idOf(this), 'type', toDOMString(v)); },
    get form() { return wrap(formOwnerId(idOf(this))); },
  });
});

// https://html.spec.whatwg.org/multipage/form-elements.html#the-button-element ("The button element"):
// its activation behaviour submits or resets its form owner.
defineActivationBehavior('button', (button, id) => ({
  preActivation: null,
  canceledActivation: null,
  run() {
    if (isDisabledFormControl(id)) return;
    const form = formOwnerId(id);
    if (form < 0) return;
    const type = formsLib().buttonType(id);
    if (type === 'submit') formsLib().submitForm(wrap(form), button, false);
    else if (type === 'reset') formsLib().resetForm(wrap(form));
  },
}));

formDataHooks.entryListFor = (form, submitter) => formsLib().formDataEntryList(form, submitter);

return [formOwnerId, formControlHooks, formsLib];
