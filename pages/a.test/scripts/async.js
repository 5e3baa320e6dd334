window.asyncRan = true;
