// A dedicated worker that starts a nested dedicated worker and relays.
const child = new Worker('nested-child.js');
child.onmessage = (e) => postMessage({ from: 'child', data: e.data });
child.onerror = (e) => { postMessage({ from: 'child-error', message: e.message, filename: e.filename, lineno: e.lineno }); if (self.cancelChildErrors) e.preventDefault(); };
onmessage = (e) => {
  if (e.data === 'cancel') { self.cancelChildErrors = true; postMessage('ok'); return; }
  child.postMessage(e.data);
};
