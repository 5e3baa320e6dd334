(async () => {
  const rs = ReadableStream.from(['a', 'b']).pipeThrough(new TransformStream({
    transform(chunk, c) { c.enqueue(chunk.toUpperCase()); },
    flush(c) { c.enqueue('!'); },
  }));
  const out = [];
  for await (const x of rs) out.push(x);
  const bytes = new ReadableStream({ type: 'bytes', start(c) { c.enqueue(new Uint8Array([1, 2, 3])); c.close(); } });
  const { value } = await bytes.getReader({ mode: 'byob' }).read(new Uint8Array(8));
  postMessage(`${out.join(',')}|${value.byteLength}|${new TextEncoderStream().encoding}`);
})().catch((e) => postMessage(String(e)));
