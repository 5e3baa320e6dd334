// The Body mixin (Fetch): the body of a Request or Response, what a body
// can be made of, and reading it whole.
// https://fetch.spec.whatwg.org/#body-mixin ("Body mixin")
// https://fetch.spec.whatwg.org/#bodyinit-unions ("BodyInit unions")
//
// A body made of bytes (a string, a buffer, FormData, URLSearchParams, a
// fetched response) keeps them, and makes its ReadableStream only when
// `body` is read: consuming such a body whole takes the bytes without a
// stream, as reading the stream would, and marks it used. A Blob body is a
// copy of the Blob's bytes (a Blob never changes, so reading them at once
// is what reading its stream would give).

// Uses define, failedTo, isArrayBuffer (webidl.js); markHandled, newCap, promiseCall, promiseRejectedWith,
//   rejectCap, resolveCap, slotsIfKind, streams, uponPromise, viewBuffer, viewByteLength, viewByteOffset
//   (streams.js); urlSearchParamsLib (url_search_params.js); formDataLib
//   (form_data.js, after this file); headersLib (headers.js); isBlob,
//   blobLib, blobState (blob.js); materialize, platformObject
//   (webidl.js).

function encodeUtf8(s) {
  return new Uint8ArrayCtor(ops.bodyEncodeUtf8(s));
}

function decodeUtf8(bytes) {
  return ops.bodyDecodeUtf8(bytes);
}

function copyBytes(view) {
  const out = new Uint8ArrayCtor(viewByteLength(view));
  TypedArrayPrototypeSet(out, new Uint8ArrayCtor(viewBuffer(view), viewByteOffset(view), viewByteLength(view)));
  return out;
}

// The rest is made on first use (bodyLib()): most realms never need it.
let made;
function bodyLib() {
  if (made === undefined) made = makeBodyLib();
  return made;
}

function makeBodyLib() {
  const { mimeEssence } = headersLib();
  const { isFormData, makeFormData, serializeMultipart } = formDataLib();
  const { isURLSearchParams, urlSearchParamsString, parseQuery } = urlSearchParamsLib();

  // A body: its bytes (a Uint8Array no one else writes to) or its stream
  // (stream slots), made on first use.
  function bodyOfBytes(bytes) {
    return { __proto__: null, bytes, stream: undefined, used: false };
  }
  function bodyOfStream(stream) {
    return { __proto__: null, bytes: null, stream, used: false };
  }

  // https://fetch.spec.whatwg.org/#concept-bodyinit-extract ("extract a body"):
  // { body, type } (type null if none).
  function extractBody(object, keepalive, operation, iface) {
    let type = null;
    let bytes;
    const stream = slotsIfKind(object, 'ReadableStream');
    if (stream !== undefined) {
      if (keepalive) throw new TypeErrorCtor(`${failedTo(operation, iface)}: keepalive cannot be used with a ReadableStream body`);
      if (streams().readableStreamIsDisturbed(stream) || streams().isReadableStreamLocked(stream)) {
        throw new TypeErrorCtor(`${failedTo(operation, iface)}: Response body object should not be disturbed or locked`);
      }
      return { __proto__: null, body: bodyOfStream(stream), type: null };
    }
    if (isArrayBuffer(object)) {
      bytes = copyBytes(new Uint8ArrayCtor(object));
    } else if (ArrayBufferIsView(object)) {
      bytes = copyBytes(object);
    } else if (isBlob(object)) {
      // "Blob": its bytes; its type, if not empty.
      bytes = blobLib().blobBytes(object);
      if (blobState(object).type !== '') type = blobState(object).type;
    } else if (isURLSearchParams(object)) {
      bytes = encodeUtf8(urlSearchParamsString(object));
      type = 'application/x-www-form-urlencoded;charset=UTF-8';
    } else if (isFormData(object)) {
      const multipart = serializeMultipart(object);
      bytes = multipart.bytes;
      type = `multipart/form-data; boundary=${multipart.boundary}`;
    } else {
      bytes = encodeUtf8(`${object}`);
      type = 'text/plain;charset=UTF-8';
    }
    return { __proto__: null, body: bodyOfBytes(bytes), type };
  }

  // https://fetch.spec.whatwg.org/#dom-body-body ("body"): the stream, made
  // now if need be (a used body's stream is closed, disturbed and locked).
  function bodyStream(body) {
    if (body.stream === undefined) {
      let bytes = body.bytes;
      const stream = streams().setUpByteStream(() => {
        if (bytes !== null && TypedArrayPrototypeGetByteLength(bytes) > 0) streams().readableStreamEnqueueBytes(stream, copyBytes(bytes));
        bytes = null;
        streams().readableStreamCloseFromSpec(stream);
      });
      body.stream = stream;
      if (body.used) {
        stream.disturbed = true;
        streams().acquireReadableStreamDefaultReader(stream);
        streams().readableStreamCloseFromSpec(stream);
      }
    }
    return body.stream;
  }
  // https://fetch.spec.whatwg.org/#body-unusable ("unusable")
  function bodyUnusable(body) {
    if (body === null) return false;
    if (body.stream === undefined) return body.used;
    return streams().readableStreamIsDisturbed(body.stream) || streams().isReadableStreamLocked(body.stream);
  }
  function bodyUsed(body) {
    if (body === null) return false;
    return body.stream === undefined ? body.used : streams().readableStreamIsDisturbed(body.stream);
  }
  // https://fetch.spec.whatwg.org/#concept-body-fully-read ("fully read"): a
  // promise of its bytes.
  function bodyBytes(body) {
    if (body === null) return PromiseResolve(new Uint8ArrayCtor(0));
    if (body.stream === undefined) {
      body.used = true;
      return PromiseResolve(body.bytes);
    }
    return streams().readAllBytes(body.stream);
  }
  // https://fetch.spec.whatwg.org/#concept-body-clone ("clone a body")
  function cloneBody(body) {
    if (body.stream === undefined) return bodyOfBytes(body.bytes);
    const branches = streams().readableStreamTee(body.stream, true);
    body.stream = branches[0];
    return bodyOfStream(branches[1]);
  }
  // A body moved to a new Request (its input's body becomes used): a proxy
  // of its stream, piped through an identity transform, or its bytes.
  function takeBody(body) {
    if (body.stream === undefined) {
      body.used = true;
      return bodyOfBytes(body.bytes);
    }
    const identity = streams().setUpTransformStream((chunk, c) => streams().transformStreamDefaultControllerEnqueue(c, chunk));
    markHandled(streams().readableStreamPipeTo(body.stream, identity.writable, false, false, false));
    return bodyOfStream(identity.readable);
  }

  // https://fetch.spec.whatwg.org/#concept-body-consume-body ("consume body"):
  // `convert(bytes)` of the whole body, after checking it can be read.
  function consumeBody(holder, convert, operation, iface) {
    return promiseCall(() => {
      const body = holder.body;
      if (bodyUnusable(body)) {
        return promiseRejectedWith(new TypeErrorCtor(`${failedTo(operation, iface)}: body stream already read`));
      }
      const cap = newCap();
      uponPromise(bodyBytes(body), (bytes) => {
        try {
          resolveCap(cap, convert(bytes));
        } catch (e) {
          rejectCap(cap, e);
        }
      }, (e) => rejectCap(cap, e));
      return cap.promise;
    });
  }

  // https://fetch.spec.whatwg.org/#body-mixin: the mixin's members on
  // `proto`; `holderOf(this)` gives { body, headers' list } or throws.
  function mixinBody(proto, iface, holderOf) {
    define(proto, {
      get body() {
        const holder = holderOf(this);
        return holder.body === null ? null : bodyStream(holder.body).obj;
      },
      get bodyUsed() { return bodyUsed(holderOf(this).body); },
      arrayBuffer() {
        return promiseCall(() => consumeBody(holderOf(this), (bytes) => TypedArrayPrototypeGetBuffer(copyBytes(bytes)), 'arrayBuffer', iface));
      },
      blob() {
        return promiseCall(() => {
          const holder = holderOf(this);
          return consumeBody(holder, (bytes) => bodyBlob(bytes, holderMimeType(holder)), 'blob', iface);
        });
      },
      bytes() {
        return promiseCall(() => consumeBody(holderOf(this), copyBytes, 'bytes', iface));
      },
      formData() {
        return promiseCall(() => {
          const holder = holderOf(this);
          return consumeBody(holder, (bytes) => parseFormData(bytes, holderMimeType(holder), iface), 'formData', iface);
        });
      },
      json() {
        return promiseCall(() => consumeBody(holderOf(this), (bytes) => JSONParse(decodeUtf8(bytes)), 'json', iface));
      },
      text() {
        return promiseCall(() => consumeBody(holderOf(this), decodeUtf8, 'text', iface));
      },
    });
  }
  // https://fetch.spec.whatwg.org/#concept-body-mime-type: the Content-Type.
  function holderMimeType(holder) {
    for (let i = holder.headers.length - 1; i >= 0; i--) {
      if (holder.headers[i][0] === 'content-type') return holder.headers[i][1];
    }
    return '';
  }
  // https://fetch.spec.whatwg.org/#dom-body-blob: a Blob of the bytes, typed
  // by the body's MIME type ("" when there is none).
  function bodyBlob(bytes, type) {
    return blobLib().blobFromBytes(bytes, mimeEssence(type) === '' ? '' : type);
  }
  // https://fetch.spec.whatwg.org/#dom-body-formdata ("formData()"): a
  // multipart/form-data or application/x-www-form-urlencoded body's entries.
  function parseFormData(bytes, type, iface) {
    const essence = mimeEssence(type);
    if (essence === 'multipart/form-data') {
      const m = RegExpPrototypeExec(BOUNDARY, type);
      if (m === null) throw new TypeErrorCtor(`${failedTo('formData', iface)}: Failed to parse body as FormData.`);
      const boundary = m[1] !== undefined ? m[1] : m[2];
      return makeFormData(parseMultipart(bytes, boundary, iface));
    }
    if (essence === 'application/x-www-form-urlencoded') {
      const list = [];
      parseQuery(decodeUtf8(bytes), list);
      return makeFormData(list);
    }
    throw new TypeErrorCtor(`${failedTo('formData', iface)}: Failed to parse body as FormData.`);
  }
  const BOUNDARY = /;\s*boundary=(?:"([^"]*)"|([^;\s]+))/i;
  // The bytes as a string of the same length, a byte per code unit
  // (https://infra.spec.whatwg.org/#isomorphic-decode, "isomorphic decode"):
  // the parser finds delimiters in it, at the bytes' offsets.
  function isomorphicDecode(bytes) {
    let out = '';
    const length = TypedArrayPrototypeGetByteLength(bytes);
    for (let i = 0; i < length; i += 8192) {
      out += ReflectApply(StringFromCharCode, undefined, Uint8ArrayView(bytes, i, MathMin(i + 8192, length)));
    }
    return out;
  }
  // https://andreubotella.github.io/multipart-form-data/#multipart-form-data-parser
  // ("multipart/form-data parser"): text entries (UTF-8), and File entries
  // for parts with a filename (their bytes as they are, their Content-Type
  // or text/plain).
  function parseMultipart(bytes, boundary, iface) {
    const fail = () => new TypeErrorCtor(`${failedTo('formData', iface)}: Failed to parse body as FormData.`);
    const text = isomorphicDecode(bytes);
    const utf8 = (from, to) => decodeUtf8(Uint8ArrayView(bytes, from, to));
    const delimiter = `--${boundary}`;
    const entries = [];
    let at = StringPrototypeIndexOf(text, delimiter);
    if (at < 0) throw fail();
    for (;;) {
      at += delimiter.length;
      if (StringPrototypeStartsWith(StringPrototypeSlice(text, at), '--')) return entries;
      if (!StringPrototypeStartsWith(StringPrototypeSlice(text, at), '\r\n')) throw fail();
      at += 2;
      const headerEnd = StringPrototypeIndexOf(text, '\r\n\r\n', at);
      if (headerEnd < 0) throw fail();
      const head = utf8(at, headerEnd);
      const next = StringPrototypeIndexOf(text, `\r\n${delimiter}`, headerEnd + 4);
      if (next < 0) throw fail();
      const m = RegExpPrototypeExec(DISPOSITION_NAME, head);
      if (m === null) throw fail();
      const file = RegExpPrototypeExec(DISPOSITION_FILENAME, head);
      if (file === null) {
        ArrayAppend(entries, [unescapeName(m[1]), utf8(headerEnd + 4, next)]);
      } else {
        const typeMatch = RegExpPrototypeExec(CONTENT_TYPE, head);
        const type = blobLib().normalizeType(typeMatch === null ? 'text/plain' : StringPrototypeTrim(typeMatch[1]));
        const made = ops.blobCreate([Uint8ArrayView(bytes, headerEnd + 4, next)], type, false);
        const value = blobLib().initBlob(platformObject(materialize('File')), made[0], made[1], type, unescapeName(file[1]), MathTrunc(DateNow()), true);
        ArrayAppend(entries, [unescapeName(m[1]), value]);
      }
      at = next + 2;
    }
  }
  // A name as multipart/form-data escapes it (%0A, %0D, %22), unescaped.
  function unescapeName(name) {
    let out = '';
    for (let i = 0; i < name.length; i++) {
      const three = StringPrototypeSlice(name, i, i + 3);
      if (three === '%0A') { out += '\n'; i += 2; } else if (three === '%0D') { out += '\r'; i += 2; } else if (three === '%22') { out += '"'; i += 2; } else out += name[i];
    }
    return out;
  }
  const DISPOSITION_NAME = /content-disposition:\s*form-data;\s*name="([^"]*)"/i;
  const DISPOSITION_FILENAME = /content-disposition:[^\r\n]*;\s*filename="([^"]*)"/i;
  const CONTENT_TYPE = /(?:^|\r\n)content-type:([^\r\n]*)/i;

  return { __proto__: null, bodyOfBytes, extractBody, bodyStream, bodyUnusable, bodyUsed, bodyBytes,
    cloneBody, takeBody, mixinBody, holderMimeType };
}

return [encodeUtf8, decodeUtf8, copyBytes, bodyLib];
