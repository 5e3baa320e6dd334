// A module worker that import()s each failing module and posts the
// constructor name each rejection carries.
const names = ['syntax-error.js', 'imports-syntax-error.js', 'imports-missing.js',
  'imports-refused.js', 'imports-file-url.js', 'imports-bare.js', 'missing-export.js',
  'cycle-tdz-a.js', 'tla-rejects.js', 'does-not-exist.js'];
const results = {};
for (const name of names) {
  try {
    await import('./' + name);
    results[name] = 'resolved';
  } catch (e) {
    results[name] = e.constructor.name;
  }
}
postMessage(results);
