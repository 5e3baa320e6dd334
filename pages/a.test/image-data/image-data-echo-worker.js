// Describes each ImageData it gets, sends it back, and sends one made here.
onmessage = (e) => {
  const d = e.data;
  postMessage({
    kind: String(d),
    seen: [d.width, d.height, d.colorSpace, d.data.length, d.data[4], d.data[5], d.data[6], d.data[7]],
    back: d,
    made: new ImageData(new Uint8ClampedArray([9, 8, 7, 6]), 1, 1, { colorSpace: 'display-p3' }),
  });
};
