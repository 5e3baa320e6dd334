// HTMLInputElement (HTML): its type, value, checkedness (radio button
// groups included) and indeterminate state, and its activation behaviour
// (checkboxes and radio buttons toggle before the click's listeners run
// and are put back if it is canceled; submit and reset buttons act on
// their form).
// https://html.spec.whatwg.org/multipage/input.html#the-input-element ("The input element")
//
// Not modelled: value sanitization, constraint validation, choosing files
// (an input's FileList is empty until script sets another), the
// selection APIs.

// Uses define, toDOMString (webidl.js); Event, trustedEvent (event.js); dispatch, IN_SCRIPT
//   (event_target.js); domOps, idOf, wrap (node.js); reflect, isDisabledFormControl,
//   defineActivationBehavior (html_element.js); controlState, controlStates, defineElementMembers
//   (element_interfaces.js); formOwnerId, formControlHooks, formsLib (html_form_element.js);
//   fileListLib (file_list.js).

// https://html.spec.whatwg.org/multipage/input.html#attr-input-type ("type"): the keywords;
// anything else is the Text state.
function inputType(id) {
  const t = StringPrototypeToLowerCase(domOps.elementGetAttribute(id, 'type') || '');
  switch (t) {
    case 'hidden': case 'text': case 'search': case 'tel': case 'url': case 'email': case 'password': case 'date':
    case 'month': case 'week': case 'time': case 'datetime-local': case 'number': case 'range': case 'color':
    case 'checkbox': case 'radio': case 'file': case 'submit': case 'image': case 'reset': case 'button':
      return t;
    default: return 'text';
  }
}

// https://html.spec.whatwg.org/multipage/input.html#concept-input-value-dirty-flag ("dirty value flag")
// and https://html.spec.whatwg.org/multipage/input.html#concept-input-checked-dirty-flag ("dirty checkedness flag"):
// until set by script or the user, value and checkedness follow the
// content attributes.
function inputValue(input) {
  const s = WeakMapPrototypeGet(controlStates, input);
  if (s !== undefined && 'value' in s) return s.value;
  const v = domOps.elementGetAttribute(idOf(input), 'value');
  return v === null ? '' : v;
}
function checkedness(input) {
  const s = WeakMapPrototypeGet(controlStates, input);
  return s !== undefined && 'checked' in s ? s.checked : domOps.elementHasAttribute(idOf(input), 'checked');
}

// https://html.spec.whatwg.org/multipage/input.html#radio-button-group ("radio button group"):
// the radio buttons of the same tree, form owner and (non-empty) name.
function radioGroup(id) {
  const name = domOps.elementGetAttribute(id, 'name');
  if (name === null || name === '') return [];
  const owner = formOwnerId(id);
  const all = domOps.elementGetElementsByTagName(domOps.nodeGetRootNode(id), 'input');
  const group = [];
  for (let i = 0; i < all.length; i++) {
    const other = all[i];
    if (other === id || domOps.elementNamespaceURI(other) !== 'http://www.w3.org/1999/xhtml') continue;
    if (inputType(other) === 'radio' && domOps.elementGetAttribute(other, 'name') === name && formOwnerId(other) === owner) ArrayAppend(group, other);
  }
  return group;
}
// Sets an input's checkedness (its dirty flag too); checking a radio
// button unchecks the rest of its group.
function setCheckedness(input, value) {
  controlState(input).checked = value;
  const id = idOf(input);
  if (value && inputType(id) === 'radio') {
    const group = radioGroup(id);
    for (let i = 0; i < group.length; i++) controlState(wrap(group[i])).checked = false;
  }
}
function checkedInGroup(id) {
  const group = radioGroup(id);
  for (let i = 0; i < group.length; i++) {
    const w = wrap(group[i]);
    if (checkedness(w)) return w;
  }
  return null;
}

formControlHooks.inputType = inputType;
formControlHooks.inputValue = (id) => inputValue(wrap(id));
formControlHooks.checkedness = (id) => checkedness(wrap(id));
// https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#concept-form-reset-control ("reset algorithm"):
// the dirty flags go; value and checkedness follow the attributes again.
formControlHooks.resetControl = (control) => {
  const s = WeakMapPrototypeGet(controlStates, control);
  if (s === undefined) return;
  delete s.value;
  delete s.checked;
  delete s.indeterminate;
};

defineElementMembers('HTMLInputElement', (p) => {
  reflect(p, {
    name: ['name'], defaultValue: ['value'], disabled: ['disabled', 'bool'], defaultChecked: ['checked', 'bool'],
    placeholder: ['placeholder'], readOnly: ['readonly', 'bool'], required: ['required', 'bool'], multiple: ['multiple', 'bool'],
    min: ['min'], max: ['max'], step: ['step'], pattern: ['pattern'], accept: ['accept'], alt: ['alt'], src: ['src', 'url'],
    autocomplete: ['autocomplete'], formAction: ['formaction', 'url'], formMethod: ['formmethod'], formTarget: ['formtarget'],
  });
  define(p, {
    get type() { return inputType(idOf(this)); },
    set type(v) { domOps.elementSetAttribute(idOf(this), 'type', toDOMString(v)); },
    get value() { idOf(this); return inputValue(this); },
    set value(v) { idOf(this); controlState(this).value = v === null ? '' : toDOMString(v); },
    get checked() { idOf(this); return checkedness(this); },
    set checked(v) { idOf(this); setCheckedness(this, !!v); },
    // https://html.spec.whatwg.org/multipage/input.html#dom-input-indeterminate ("indeterminate")
    get indeterminate() { idOf(this); const s = WeakMapPrototypeGet(controlStates, this); return s !== undefined && s.indeterminate === true; },
    set indeterminate(v) { idOf(this); controlState(this).indeterminate = !!v; },
    get form() { return wrap(formOwnerId(idOf(this))); },
    // https://html.spec.whatwg.org/multipage/input.html#dom-input-files ("files"):
    // a file upload control's selected files, the same FileList until
    // they change; null for any other type.
    get files() {
      if (inputType(idOf(this)) !== 'file') return null;
      const s = controlState(this);
      if (s.files === undefined) s.files = fileListLib().makeFileList([]);
      return s.files;
    },
    set files(v) {
      idOf(this);
      if (v === undefined) v = null;
      if (v !== null && !fileListLib().isFileList(v)) {
        throw new TypeErrorCtor("Failed to set the 'files' property on 'HTMLInputElement': The provided value is not of type 'FileList'.");
      }
      if (v !== null && inputType(idOf(this)) === 'file') controlState(this).files = v;
    },
  });
});

// https://html.spec.whatwg.org/multipage/input.html#the-input-element:activation-behaviour ("activation behavior"),
// with the checkbox's and radio button's legacy-pre-activation and
// legacy-canceled-activation behaviours (the type when the click began
// decides those; the type at its end, what the activation does).
defineActivationBehavior('input', (input, id) => {
  const record = { preActivation: null, canceledActivation: null, run: () => inputActivation(input, id) };
  const type = inputType(id);
  if (type === 'checkbox') {
    let oldChecked = false;
    let oldIndeterminate = false;
    record.preActivation = () => {
      oldChecked = checkedness(input);
      const state = WeakMapPrototypeGet(controlStates, input);
      oldIndeterminate = state !== undefined && state.indeterminate === true;
      setCheckedness(input, !oldChecked);
      controlState(input).indeterminate = false;
    };
    record.canceledActivation = () => {
      setCheckedness(input, oldChecked);
      controlState(input).indeterminate = oldIndeterminate;
    };
  } else if (type === 'radio') {
    let oldChecked = false;
    let previous = null;
    record.preActivation = () => {
      oldChecked = checkedness(input);
      previous = checkedInGroup(id);
      setCheckedness(input, true);
    };
    record.canceledActivation = () => {
      if (oldChecked) return;
      // The element is unchecked again even if it left the group while
      // the click was dispatched (its type changed): it never steals the
      // group's checked state.
      if (previous !== null && ArrayPrototypeIncludes(radioGroup(id), idOf(previous))) setCheckedness(previous, true);
      setCheckedness(input, false);
    };
  }
  return record;
});
function inputActivation(input, id) {
  const type = inputType(id);
  // 1. If element is not mutable and is not in the Checkbox state and is
  //    not in the Radio state, then return.
  if (isDisabledFormControl(id) && type !== 'checkbox' && type !== 'radio') return;
  // 2. The input activation behavior of its type.
  switch (type) {
    case 'checkbox':
    case 'radio':
      if (!domOps.nodeIsConnected(id)) return;
      dispatch(input, trustedEvent(Event, 'input', { __proto__: null, bubbles: true, composed: true }), IN_SCRIPT);
      dispatch(input, trustedEvent(Event, 'change', { __proto__: null, bubbles: true }), IN_SCRIPT);
      return;
    case 'submit':
    case 'image': {
      const form = formOwnerId(id);
      if (form >= 0) formsLib().submitForm(wrap(form), input, false);
      return;
    }
    case 'reset': {
      const form = formOwnerId(id);
      if (form >= 0) formsLib().resetForm(wrap(form));
      return;
    }
    default:
  }
}
