try {
  importScripts('does-not-exist.js');
  postMessage('no error');
} catch (e) {
  postMessage(e.name);
}
