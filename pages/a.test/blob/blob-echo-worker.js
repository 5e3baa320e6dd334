// Reads each Blob it gets and answers with its text, the Blob itself, and
// a Blob and a File made here.
onmessage = async (e) => {
  const blob = e.data.blob;
  const text = await blob.text();
  const reader = typeof FileReaderSync === "function" ? new FileReaderSync() : { readAsText: () => text };
  postMessage({
    text,
    kind: String(blob),
    type: blob.type,
    name: blob.name,
    same: blob,
    made: new Blob(['from the worker'], { type: 'text/x-worker' }),
    file: new File(['f'], 'worker.txt', { lastModified: 3 }),
    sync: reader.readAsText(blob),
  });
};
