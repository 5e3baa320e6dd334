// Answers with what it got (a FileList, structured-cloned here) and what
// it sees of FileList in a worker.
onmessage = (e) => {
  const list = e.data.list;
  postMessage({
    list,
    kind: Object.prototype.toString.call(list),
    isFileList: list instanceof FileList,
    length: list.length,
    exposed: typeof FileList,
  });
};
