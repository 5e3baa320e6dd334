// Echoes every message back, counting them; 'count' asks for the count.
let count = 0;
onmessage = (e) => {
  if (e.data === 'count') {
    postMessage({ count });
  } else {
    count++;
    postMessage(e.data);
  }
};
postMessage('ready');
