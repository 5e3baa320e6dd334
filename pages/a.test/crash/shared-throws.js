// An uncaught error in a shared worker is reported with its place.
throw new Error('thrown by a shared worker');
