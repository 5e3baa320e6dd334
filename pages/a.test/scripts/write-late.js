// Loaded after its document finished parsing: a script from a file may not
// wipe its document by writing to it (HTML's ignore-destructive-writes counter).
document.write('<p id="written-late">the document was wiped</p>');
window.lateScriptRan = true;
