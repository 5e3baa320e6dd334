// A script of b.test imported into an a.test worker.
function throwLater() { throw new Error('secret detail of b.test'); }
