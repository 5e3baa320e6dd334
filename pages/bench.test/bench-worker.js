postMessage('ready');
onmessage = (e) => {
  if (e.data instanceof ArrayBuffer) postMessage(e.data, [e.data]);
  else postMessage(e.data);
};
