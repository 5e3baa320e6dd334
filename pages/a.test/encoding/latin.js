window.scriptText = "café €";
