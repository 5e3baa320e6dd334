window.insertedRan = true;
