// A module worker: report() posts to the owner.
globalThis.report = (text) => postMessage(text);
