// ImageData (HTML, canvas section): a rectangle of RGBA pixels in a
// Uint8ClampedArray, [Serializable], so that it can be posted and cloned
// without a canvas.
// https://html.spec.whatwg.org/multipage/canvas.html#imagedata ("ImageData")
//
// Serialization: the constructor marks the object (ops.imageDataMark) with
// its data array, width, height and colour space; web/clone.rs copies the
// pixels as they are when the message is sent and hands the receiving realm
// a new object through hooks.adoptImageData.
//
// Not modelled: canvas (nothing makes an ImageData but its constructor and
// structured clone), `pixelFormat` and the "rgba-float16" format (V8 10.2
// has no Float16Array). An ImageData larger than 512 MiB (the Blob cap) is
// a RangeError, as an allocation failure is.

// Uses CONSTRUCT, lazyGlobal, isArrayBuffer, platformObject, requiredArguments, stateAccessor,
//   toDictionary, toEnum, toUnsignedLong (webidl.js); DOMException (dom_exception.js).

const imageDataStates = new WeakMapCtor();
const imageDataState = stateAccessor(imageDataStates);
const COLOR_SPACES = ['srgb', 'display-p3'];
const MAX_IMAGE_DATA_BYTES = 512 * 1024 * 1024;

// https://html.spec.whatwg.org/multipage/canvas.html#initialize-an-imagedata-object
// ("initialize an ImageData object"), with its data array made already.
function initImageData(self, data, width, height, colorSpace) {
  WeakMapPrototypeSet(imageDataStates, self, { __proto__: null, data, width, height, colorSpace });
  ops.imageDataMark(self, data, width, height, colorSpace === 'display-p3' ? 1 : 0);
  return self;
}

// Made on first use (lazyGlobal), at its place among the globals. V8's
// deserializer reads hooks.ImageData while no script may run: web/clone.rs makes
// it before it reads a message that holds one.
lazyGlobal('ImageData', () => {
  function imageDataError(message, name) {
    return new DOMException(`Failed to construct 'ImageData': ${message}`, name);
  }
  // https://html.spec.whatwg.org/multipage/canvas.html#imagedatasettings
  // ("ImageDataSettings"): its colorSpace, or undefined when absent.
  function imageDataSettings(settings) {
    const dict = toDictionary(settings, 'ImageDataSettings', CONSTRUCT, 'ImageData');
    const colorSpace = dict.colorSpace;
    return colorSpace === undefined ? undefined : toEnum(colorSpace, COLOR_SPACES, 'PredefinedColorSpace', CONSTRUCT, 'ImageData');
  }
  class ImageData {
    // https://html.spec.whatwg.org/multipage/canvas.html#dom-imagedata ("new ImageData(sw, sh, settings)")
    // https://html.spec.whatwg.org/multipage/canvas.html#dom-imagedata-with-data ("new ImageData(data, sw, sh, settings)")
    // WebIDL overload resolution on argument 1: a Uint8ClampedArray takes
    // the second constructor, anything else the first (unsigned long).
    constructor(a = undefined, b = undefined, c = undefined, d = undefined) {
      requiredArguments(arguments.length, 2, CONSTRUCT, 'ImageData');
      if (ArrayBufferIsView(a) && TypedArrayPrototypeGetSymbolToStringTag(a) === 'Uint8ClampedArray') {
        if (!isArrayBuffer(TypedArrayPrototypeGetBuffer(a))) {
          throw new TypeErrorCtor("Failed to construct 'ImageData': The provided ArrayBufferView value must not be shared.");
        }
        const sw = toUnsignedLong(b);
        const given = arguments.length > 2 && c !== undefined;
        const sh = given ? toUnsignedLong(c) : 0;
        const colorSpace = imageDataSettings(d);
        // 1-4. The length in pixels (4 bytes each), a non-zero whole number.
        const bytes = TypedArrayPrototypeGetByteLength(a);
        if (bytes === 0) throw imageDataError('The input data has zero elements.', 'InvalidStateError');
        if (bytes % 4 !== 0) throw imageDataError('The input data length is not a multiple of 4.', 'InvalidStateError');
        const pixels = bytes / 4;
        // 5. Whole rows of sw pixels (sw = 0 fails here).
        if (sw === 0) throw imageDataError('The source width is zero or not a number.', 'IndexSizeError');
        if (pixels % sw !== 0) throw imageDataError('The input data length is not a multiple of (4 * width).', 'IndexSizeError');
        // 6-7. As many rows as sh, if it was given.
        const height = pixels / sw;
        if (given && sh !== height) throw imageDataError('The input data length is not equal to (4 * width * height).', 'IndexSizeError');
        // 8. The data is the array given, not a copy.
        const self = platformObject(new.target);
        return initImageData(self, a, sw, height, colorSpace === undefined ? 'srgb' : colorSpace);
      }
      const sw = toUnsignedLong(a);
      const sh = toUnsignedLong(b);
      const colorSpace = imageDataSettings(c);
      // 1. Neither side may be zero.
      if (sw === 0) throw imageDataError('The source width is zero or not a number.', 'IndexSizeError');
      if (sh === 0) throw imageDataError('The source height is zero or not a number.', 'IndexSizeError');
      // 2-3. Transparent black (a new array is all zeros); an allocation
      // that fails (here: past the cap) is a RangeError.
      const length = sw * sh * 4;
      if (length > MAX_IMAGE_DATA_BYTES) {
        throw new RangeErrorCtor("Failed to construct 'ImageData': Out of memory at ImageData creation.");
      }
      const self = platformObject(new.target);
      return initImageData(self, new Uint8ClampedArrayCtor(length), sw, sh, colorSpace === undefined ? 'srgb' : colorSpace);
    }
    // https://html.spec.whatwg.org/multipage/canvas.html#dom-imagedata-width
    get width() { return imageDataState(this).width; }
    // https://html.spec.whatwg.org/multipage/canvas.html#dom-imagedata-height
    get height() { return imageDataState(this).height; }
    // https://html.spec.whatwg.org/multipage/canvas.html#dom-imagedata-data
    get data() { return imageDataState(this).data; }
    // https://html.spec.whatwg.org/multipage/canvas.html#dom-imagedata-colorspace
    get colorSpace() { return imageDataState(this).colorSpace; }
  }
  hooks.ImageData = ImageData;
  return ImageData;
}, false);

// https://html.spec.whatwg.org/multipage/canvas.html#imagedata ("deserialization
// steps"): an ImageData arriving by structured clone (web/clone.rs made
// `object` with this realm's prototype); `buffer` holds a copy of the
// pixels.
hooks.adoptImageData = (object, buffer, width, height, colorSpace) => {
  initImageData(object, new Uint8ClampedArrayCtor(buffer), width, height, colorSpace === 1 ? 'display-p3' : 'srgb');
};
